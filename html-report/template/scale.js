/* The relevance colour scale in the browser, shared by the HTML report (report.js) and the live page of
   lexray serve (live.js): the signed step of a relevance on a scale saturating at max, and the CSS class of a step
   (.p1-.p10, .n1-.n10, .z, whose colours ColorScale writes). Must match ColorScale.level and cssClass in Java. */
var LexrayScale = (function () {
  'use strict';
  var LEVELS = 10;
  function level(r, max, levels) {
    var n = levels || LEVELS;
    if (!(max > 0) || !isFinite(r) || r === 0) { return 0; }
    var l = Math.round(Math.min(1, Math.abs(r) / max) * n);
    return r > 0 ? l : -l;
  }
  function cssClass(l) { return l === 0 ? 'z' : (l > 0 ? 'p' + l : 'n' + (-l)); }
  function maxAbs(a) { var m = 0; for (var i = 0; i < a.length; i++) { m = Math.max(m, Math.abs(a[i])); } return m; }
  return { LEVELS: LEVELS, level: level, cssClass: cssClass, maxAbs: maxAbs };
}());
