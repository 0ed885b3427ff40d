/* Lexray HTML report: interactivity only. Every card is already rendered (and coloured) in the page; this script
   paginates, sorts, filters, switches the explained class and the colour scale, and shows exact values on hover.
   It reads the embedded JSON (script#lexray-data) and never turns data into markup: text goes through
   textContent only. Levels come from scale.js, which must match ColorScale.level in Java. */
(function () {
  'use strict';
  var root = document.documentElement;
  var dataEl = document.getElementById('lexray-data');
  var box = document.getElementById('cards');
  if (!dataEl || !box) { return; }
  var D = JSON.parse(dataEl.textContent);
  var T = D.texts, L = D.labels, LEVELS = D.levels || 10, PAGE = D.page_size || 50;
  var cards = new Array(T.length);
  Array.prototype.forEach.call(box.querySelectorAll('article.card'), function (el) {
    cards[+el.getAttribute('data-i')] = el;
  });
  var lower = T.map(function (t) { return t.text.toLowerCase(); });
  var cls = T.map(function (t) { return t.k; });
  var st = { q: '', sort: 'order', fpred: '', ftrue: '', mis: false, norm: 'text', page: 0 };
  var shown = [];
  var $ = function (id) { return document.getElementById(id); };

  root.classList.remove('nojs');
  if (!D.has_labels) {
    Array.prototype.forEach.call(document.querySelectorAll('.needs-labels'), function (el) { el.remove(); });
  }

  // ------------------------------------------------------------------ numbers
  // The scale itself is scale.js's (LexrayScale), shared with the live page of lexray serve.
  function level(r, max) { return LexrayScale.level(r, max, LEVELS); }
  var cssClass = LexrayScale.cssClass, maxAbs = LexrayScale.maxAbs;
  function sumAbs(a) { var s = 0; for (var i = 0; i < a.length; i++) { s += Math.abs(a[i]); } return s; }
  function signed(v) { return (v > 0 ? '+' : '') + String(v); }
  function fixed(v, d) { return v.toFixed(d); }
  function sfixed(v, d) { return (v >= 0 ? '+' : '') + v.toFixed(d); }
  function pct(p) { return (100 * p).toFixed(1) + '%'; }

  // ------------------------------------------------------------------ painting one card
  function paint(i) {
    var el = cards[i], d = T[i], k = cls[i];
    var key = k + '/' + st.norm;
    if (el._key === key) { return; }
    var rel = d.rel[k];
    var max = st.norm === 'report' ? D.scale : maxAbs(rel);
    var spans = el._spans || (el._spans = el.querySelectorAll('.w'));
    for (var j = 0; j < spans.length && j < rel.length; j++) {
      var s = spans[j];
      s.className = 'w ' + cssClass(level(rel[j], max));
      s.setAttribute('data-r', String(rel[j]));
      if (s.hasAttribute('title')) { s.removeAttribute('title'); }
    }
    var c = d.cons[k];
    setText(el, '.cs', fixed(c[2], 3));
    setText(el, '.cr', fixed(c[0], 3));
    setText(el, '.ci', sfixed(c[1], 3));
    setText(el, '.cres', sfixed(c[3], 3));
    var cons = el.querySelector('.cons');
    if (cons) {
      cons.title = 'words ' + c[0] + ' + initial state ' + c[1] + ' + residual ' + c[3] + ' = score ' + c[2]
        + ' of ' + L[k];
    }
    Array.prototype.forEach.call(el.querySelectorAll('.chip'), function (b) {
      var on = +b.getAttribute('data-c') === k;
      b.classList.toggle('on', on);
      b.setAttribute('aria-pressed', on ? 'true' : 'false');
    });
    // Optional layer charts (report --layers): show the explained class's strip and heatmap only.
    Array.prototype.forEach.call(el.querySelectorAll('.flow'), function (f) {
      f.classList.toggle('off', +f.getAttribute('data-c') !== k);
    });
    // Optional data of subword models: special tokens ([CLS], [SEP]) with their relevance, [[text, r], ...]
    // per class, shown under the text since they are not part of it.
    var special = d.special && d.special[k];
    if (special && special.length) {
      var line = el.querySelector('.special');
      if (!line) {
        line = document.createElement('p');
        line.className = 'special';
        el.querySelector('.text').insertAdjacentElement('afterend', line);
      }
      line.textContent = 'special tokens: ' + special.map(function (p) { return p[0] + ' ' + signed(p[1]); })
        .join(' · ');
    }
    el.setAttribute('data-k', String(k));
    el._key = key;
  }
  function setText(el, sel, v) { var n = el.querySelector(sel); if (n) { n.textContent = v; } }

  // ------------------------------------------------------------------ filtering, sorting, pages
  function keyOf(i) {
    var d = T[i];
    switch (st.sort) {
      case 'conf-desc': return -d.prob[d.p];
      case 'conf-asc': return d.prob[d.p];
      case 'mass-desc': return -sumAbs(d.rel[cls[i]]);
      case 'mass-asc': return sumAbs(d.rel[cls[i]]);
      case 'res-desc': return -Math.abs(d.cons[cls[i]][3]);
      default: return i;
    }
  }
  function select() {
    var q = st.q.trim().toLowerCase(), out = [];
    for (var i = 0; i < T.length; i++) {
      var d = T[i];
      if (q && lower[i].indexOf(q) < 0) { continue; }
      if (st.fpred !== '' && d.p !== +st.fpred) { continue; }
      if (st.ftrue !== '' && d.y !== +st.ftrue) { continue; }
      if (st.mis && !(d.y >= 0 && d.y !== d.p)) { continue; }
      out.push(i);
    }
    if (st.sort !== 'order') {
      var keys = {};
      out.forEach(function (i) { keys[i] = keyOf(i); });
      out.sort(function (a, b) { return keys[a] - keys[b] || a - b; });
    }
    return out;
  }
  function render(resetPage) {
    shown = select();
    var pages = Math.max(1, Math.ceil(shown.length / PAGE));
    if (resetPage) { st.page = 0; }
    st.page = Math.min(st.page, pages - 1);
    var from = st.page * PAGE, to = Math.min(shown.length, from + PAGE);
    var frag = document.createDocumentFragment();
    for (var n = from; n < to; n++) {
      paint(shown[n]);
      frag.appendChild(cards[shown[n]]);
    }
    while (box.firstChild) { box.removeChild(box.firstChild); }
    if (shown.length === 0) {
      var empty = document.createElement('p');
      empty.className = 'empty';
      empty.textContent = 'No text matches these filters.';
      frag.appendChild(empty);
    }
    box.appendChild(frag);
    var status = shown.length === 0 ? 'No text of ' + T.length + ' matches.'
      : 'Showing ' + (from + 1) + '–' + to + ' of ' + shown.length
        + (shown.length < T.length ? ' matching texts (of ' + T.length + ')' : ' texts');
    $('status').textContent = status;
    pager(pages);
  }
  function pager(pages) {
    var nav = $('pager');
    while (nav.firstChild) { nav.removeChild(nav.firstChild); }
    if (pages <= 1) { return; }
    function btn(label, page, current, disabled, aria) {
      var b = document.createElement('button');
      b.type = 'button';
      b.textContent = label;
      if (aria) { b.setAttribute('aria-label', aria); }
      if (current) { b.setAttribute('aria-current', 'page'); }
      b.disabled = !!disabled;
      b.addEventListener('click', function () { st.page = page; render(false); $('controls').scrollIntoView({ block: 'start' }); });
      nav.appendChild(b);
    }
    function gap() { var s = document.createElement('span'); s.className = 'gap'; s.textContent = '…'; nav.appendChild(s); }
    btn('‹', st.page - 1, false, st.page === 0, 'previous page');
    var last = -1;
    for (var p = 0; p < pages; p++) {
      if (p === 0 || p === pages - 1 || Math.abs(p - st.page) <= 2) {
        if (last >= 0 && p - last > 1) { gap(); }
        btn(String(p + 1), p, p === st.page, false, 'page ' + (p + 1));
        last = p;
      }
    }
    btn('›', st.page + 1, false, st.page === pages - 1, 'next page');
  }

  // ------------------------------------------------------------------ controls
  var timer = 0;
  $('q').addEventListener('input', function (ev) {
    clearTimeout(timer);
    timer = setTimeout(function () { st.q = ev.target.value; render(true); }, 120);
  });
  $('sort').addEventListener('change', function (ev) { st.sort = ev.target.value; render(true); });
  $('fpred').addEventListener('change', function (ev) { st.fpred = ev.target.value; render(true); });
  if ($('ftrue')) { $('ftrue').addEventListener('change', function (ev) { st.ftrue = ev.target.value; render(true); }); }
  if ($('fmis')) { $('fmis').addEventListener('change', function (ev) { st.mis = ev.target.checked; render(true); }); }
  $('explain').addEventListener('change', function (ev) {
    var v = ev.target.value;
    for (var i = 0; i < T.length; i++) {
      var d = T[i];
      cls[i] = v === 'default' ? d.k : v === 'pred' ? d.p : v === 'true' ? (d.y >= 0 ? d.y : d.p) : +v;
    }
    render(false);
  });
  Array.prototype.forEach.call(document.querySelectorAll('.seg button'), function (b) {
    b.addEventListener('click', function () {
      st.norm = b.getAttribute('data-norm');
      Array.prototype.forEach.call(document.querySelectorAll('.seg button'), function (o) {
        o.setAttribute('aria-pressed', o === b ? 'true' : 'false');
      });
      $('scale-note').textContent = st.norm === 'report'
        ? 'report-wide (|R| ≥ ' + D.scale + ', the 99th percentile over all words and classes, is darkest)'
        : 'per text (the word with the largest |R| in its text is darkest)';
      render(false);
    });
  });
  box.addEventListener('click', function (ev) {
    var chip = ev.target.closest('.chip');
    if (!chip) { return; }
    var card = chip.closest('.card');
    var i = +card.getAttribute('data-i');
    cls[i] = +chip.getAttribute('data-c');
    paint(i);
  });
  Array.prototype.forEach.call(document.querySelectorAll('.cm button'), function (b) {
    b.addEventListener('click', function () {
      st.ftrue = b.getAttribute('data-t');
      st.fpred = b.getAttribute('data-p');
      $('ftrue').value = st.ftrue;
      $('fpred').value = st.fpred;
      st.mis = false;
      if ($('fmis')) { $('fmis').checked = false; }
      render(true);
      $('controls').scrollIntoView({ block: 'start' });
    });
  });

  // ------------------------------------------------------------------ tooltip
  var tip = $('tip');
  function line(cls, text) { var d = document.createElement('div'); d.className = cls; d.textContent = text; return d; }
  function showTip(span) {
    var card = span.closest('.card');
    if (!card) { return; }
    var i = +card.getAttribute('data-i'), d = T[i], k = cls[i];
    var spans = card._spans || (card._spans = card.querySelectorAll('.w'));
    var j = Array.prototype.indexOf.call(spans, span);
    if (j < 0 || j >= d.rel[k].length) { return; }
    var r = d.rel[k][j], total = sumAbs(d.rel[k]);
    var rank = 1;
    for (var n = 0; n < d.rel[k].length; n++) { if (Math.abs(d.rel[k][n]) > Math.abs(r)) { rank++; } }
    while (tip.firstChild) { tip.removeChild(tip.firstChild); }
    tip.appendChild(line('tw', '“' + d.text.substring(d.tok[2 * j], d.tok[2 * j + 1]) + '”'));
    tip.appendChild(line('tr', 'R = ' + signed(r)));
    tip.appendChild(line('ts', (r > 0 ? 'towards ' : r < 0 ? 'against ' : 'neutral for ') + L[k]
      + ' · ' + (total > 0 ? (100 * Math.abs(r) / total).toFixed(1) : '0.0') + '% of Σ|R| · rank ' + rank
      + ' of ' + d.rel[k].length));
    // Optional layer charts (report --layers): show the explained class's strip and heatmap only.
    Array.prototype.forEach.call(el.querySelectorAll('.flow'), function (f) {
      f.classList.toggle('off', +f.getAttribute('data-c') !== k);
    });
    // Optional data of subword models: the pieces of a word, [[text, relevance], ...] per class.
    var pieces = d.pieces && d.pieces[k] && d.pieces[k][j];
    if (pieces && pieces.length > 1) {
      tip.appendChild(line('tp', pieces.map(function (p) { return p[0] + ' ' + signed(p[1]); }).join('  ')));
    }
    tip.hidden = false;
    var b = span.getBoundingClientRect(), w = tip.offsetWidth, h = tip.offsetHeight;
    var x = Math.max(6, Math.min(window.innerWidth - w - 6, b.left + b.width / 2 - w / 2));
    var y = b.top - h - 8 < 6 ? b.bottom + 8 : b.top - h - 8;
    tip.style.left = x + 'px';
    tip.style.top = y + 'px';
  }
  function hideTip() { tip.hidden = true; }
  box.addEventListener('mouseover', function (ev) { var s = ev.target.closest('.w'); if (s) { showTip(s); } });
  box.addEventListener('mouseout', function (ev) { if (ev.target.closest('.w')) { hideTip(); } });
  box.addEventListener('focusin', function (ev) { var s = ev.target.closest('.w'); if (s) { showTip(s); } });
  box.addEventListener('focusout', hideTip);
  document.addEventListener('keydown', function (ev) { if (ev.key === 'Escape') { hideTip(); } });
  window.addEventListener('scroll', hideTip, { passive: true });

  render(true);
  root.setAttribute('data-ready', 'true');
})();
