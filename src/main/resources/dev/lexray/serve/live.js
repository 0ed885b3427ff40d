/* Lexray live page: explains the text as you type (debounced) through this server's own API and colours each
   word with the report's scale (LexrayScale, scale.js). Every text from the user or the server goes into the page
   through textContent or createTextNode, never as markup. A text may also arrive in the address, #text=...,
   which goes through the same path as typing. */
(function () {
  'use strict';
  var root = document.documentElement;
  var $ = function (id) { return document.getElementById(id); };
  var input = $('input'), modelSel = $('model'), tip = $('tip');
  var st = { models: [], model: null, target: 'predicted', seq: 0, timer: null, ctl: null, last: null };
  root.classList.remove('nojs');

  function status(text, isError) {
    var s = $('status');
    s.textContent = text;
    s.className = 'status' + (isError ? ' err' : '');
  }
  function headers() {
    var h = { 'Content-Type': 'application/json' };
    var t = $('token').value;
    if (t) { h.Authorization = 'Bearer ' + t; }
    return h;
  }
  function errorText(res, body) {
    var e = body && body.error;
    return (e && e.message) ? e.message : ('HTTP ' + res.status);
  }
  function call(method, path, body, signal) {
    return fetch(path, { method: method, headers: headers(), body: body ? JSON.stringify(body) : undefined,
      signal: signal, credentials: 'same-origin', cache: 'no-store' })
      .then(function (res) {
        return res.json().catch(function () { return null; }).then(function (json) {
          if (res.status === 401) { $('token-box').hidden = false; }
          if (!res.ok) { throw new Error(errorText(res, json)); }
          return json;
        });
      });
  }
  function signed(v) { return (v > 0 ? '+' : '') + String(v); }
  function fixed(v) { return (v >= 0 ? '+' : '') + v.toFixed(3); }
  function pct(p) { return (100 * p).toFixed(1) + '%'; }

  // ------------------------------------------------------------------ models
  function loadModels() {
    return call('GET', '/v1/models').then(function (json) {
      st.models = json.models;
      while (modelSel.firstChild) { modelSel.removeChild(modelSel.firstChild); }
      json.models.forEach(function (m) {
        var o = document.createElement('option');
        o.value = m.name;
        o.textContent = m.name + ' (' + m.architecture + ')';
        modelSel.appendChild(o);
      });
      selectModel(json.models.length ? json.models[0].name : null);
    });
  }
  function selectModel(name) {
    st.model = name;
    st.target = 'predicted';
    var m = st.models.filter(function (x) { return x.name === name; })[0];
    $('model-info').textContent = m ? ('labels: ' + m.labels.join(', ') + (m.model_card ? ' · ' + m.model_card : ''))
      : '';
  }

  // ------------------------------------------------------------------ explaining
  function schedule() {
    clearTimeout(st.timer);
    st.timer = setTimeout(explain, 250);
  }
  function explain() {
    var text = input.value;
    if (!st.model) { return; }
    if (!text.trim()) { $('result').hidden = true; status(''); return; }
    if (st.ctl) { st.ctl.abort(); }
    var seq = ++st.seq;
    st.ctl = typeof AbortController === 'function' ? new AbortController() : null;
    root.setAttribute('data-state', 'busy');
    status('explaining…');
    call('POST', '/v1/models/' + encodeURIComponent(st.model) + '/explain', { texts: [text], target: st.target },
      st.ctl ? st.ctl.signal : undefined)
      .then(function (json) {
        if (seq !== st.seq) { return; }
        st.last = json.results[0];
        render(st.last);
        status('');
        root.setAttribute('data-state', 'done');
      })
      .catch(function (err) {
        if (seq !== st.seq || (err && err.name === 'AbortError')) { return; }
        $('result').hidden = true;
        status(String(err && err.message ? err.message : err), true);
        root.setAttribute('data-state', 'error');
      });
  }

  // ------------------------------------------------------------------ rendering (textContent only)
  function render(e) {
    var rel = e.tokens.map(function (t) { return t.relevance; });
    var max = LexrayScale.maxAbs(rel);
    var p = $('text');
    while (p.firstChild) { p.removeChild(p.firstChild); }
    var at = 0;
    e.tokens.forEach(function (t) {
      if (t.start > at) { p.appendChild(document.createTextNode(e.text.substring(at, t.start))); }
      var s = document.createElement('span');
      s.className = 'w ' + LexrayScale.cssClass(LexrayScale.level(t.relevance, max));
      s.tabIndex = 0;
      s.setAttribute('data-r', String(t.relevance));
      s.textContent = e.text.substring(t.start, t.end);
      p.appendChild(s);
      at = Math.max(at, t.end);
    });
    if (at < e.text.length) { p.appendChild(document.createTextNode(e.text.substring(at))); }
    var k = e.predicted.index;
    $('pred').textContent = e.predicted.label;
    $('prob').textContent = pct(e.probabilities[k]);
    $('target').textContent = e.target.label + (e.target.versus ? ' vs ' + e.target.versus.label : '');
    $('score').textContent = fixed(e.conservation.target_score);
    $('sum').textContent = fixed(e.conservation.sum);
    $('residual').textContent = fixed(e.conservation.residual);
    var box = $('classes');
    while (box.firstChild) { box.removeChild(box.firstChild); }
    e.labels.forEach(function (label, i) {
      var b = document.createElement('button');
      b.type = 'button';
      b.className = 'chip' + (i === e.target.index ? ' on' : '') + (i === k ? ' pred' : '');
      b.setAttribute('aria-pressed', String(i === e.target.index));
      b.setAttribute('data-c', String(i));
      var n = document.createElement('span'); n.className = 'cn'; n.textContent = label;
      var c = document.createElement('span'); c.className = 'cp'; c.textContent = pct(e.probabilities[i]);
      b.appendChild(n); b.appendChild(document.createTextNode(' ')); b.appendChild(c);
      box.appendChild(b);
    });
    $('result').hidden = false;
  }

  // ------------------------------------------------------------------ hover: the exact relevance
  function line(cls, text) { var d = document.createElement('div'); d.className = cls; d.textContent = text; return d; }
  function showTip(span) {
    while (tip.firstChild) { tip.removeChild(tip.firstChild); }
    tip.appendChild(line('tw', span.textContent));
    tip.appendChild(line('tr', 'R = ' + signed(+span.getAttribute('data-r'))));
    tip.hidden = false;
    var r = span.getBoundingClientRect();
    tip.style.left = Math.max(4, Math.min(window.innerWidth - tip.offsetWidth - 4, r.left)) + 'px';
    tip.style.top = (r.bottom + 6) + 'px';
  }
  function hideTip() { tip.hidden = true; }

  // ------------------------------------------------------------------ events
  input.addEventListener('input', schedule);
  modelSel.addEventListener('change', function () { selectModel(modelSel.value); schedule(); });
  $('token').addEventListener('change', function () { loadModels().then(schedule, function (err) { status(err.message, true); }); });
  $('classes').addEventListener('click', function (ev) {
    var b = ev.target.closest('.chip');
    if (!b || !st.last) { return; }
    st.target = String(b.getAttribute('data-c'));
    explain();
  });
  $('text').addEventListener('mouseover', function (ev) { var s = ev.target.closest('.w'); if (s) { showTip(s); } });
  $('text').addEventListener('mouseout', function (ev) { if (ev.target.closest('.w')) { hideTip(); } });
  $('text').addEventListener('focusin', function (ev) { var s = ev.target.closest('.w'); if (s) { showTip(s); } });
  $('text').addEventListener('focusout', hideTip);
  document.addEventListener('keydown', function (ev) { if (ev.key === 'Escape') { hideTip(); } });

  root.setAttribute('data-ready', 'true');
  loadModels().then(function () {
    var m = /[#&]text=([^&]*)/.exec(location.hash);
    if (m) {
      input.value = decodeURIComponent(m[1]);
      input.dispatchEvent(new Event('input'));
    }
  }, function (err) { status(err.message, true); });
}());
