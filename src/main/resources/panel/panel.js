// pbxmon live panel: one EventSource on the relative URL "events"; a full state, then JSON merge
// patches (RFC 7386). Reconnects with backoff and resyncs from a full state; no library, no build step.
(function () {
  'use strict';
  var state = null, seq = -1, offset = 0, es = null, backoff = 1000, timer = null, dirty = false;
  var ICON = { online: '\u2714', offline: '\u2716', in_call: '\u260E', ringing: '\u266A', unknown: '?',
               ok: '\u2714', failed: '\u2716' };
  var $ = function (id) { return document.getElementById(id); };
  window.panel = { state: function () { return state; }, seq: function () { return seq; }, changes: 0 };

  function conn(s, text) { var c = $('conn'); c.dataset.state = s; c.textContent = text; }

  function merge(t, p) {
    if (p === null || typeof p !== 'object' || Array.isArray(p)) { return p; }
    if (t === null || typeof t !== 'object' || Array.isArray(t)) { t = {}; }
    Object.keys(p).forEach(function (k) {
      if (p[k] === null) { delete t[k]; } else { t[k] = merge(t[k], p[k]); }
    });
    return t;
  }

  function connect() {
    clearTimeout(timer);
    if (es) { es.close(); }
    conn('connecting', '\u25CC connecting');
    es = new EventSource('events');
    es.addEventListener('full', function (e) {
      var d = JSON.parse(e.data); state = d.state; seq = d.seq; offset = d.now - Date.now();
      backoff = 1000; conn('live', '\u25CF live'); changed();
    });
    es.addEventListener('diff', function (e) {
      var d = JSON.parse(e.data);
      if (state === null || d.seq !== seq + 1) { return resync(); }
      state = merge(state, d.patch); seq = d.seq; offset = d.now - Date.now(); changed();
    });
    es.onerror = function () { resync(); };
  }

  function resync() {
    if (es) { es.close(); es = null; }
    conn('reconnecting', '\u26A0 reconnecting in ' + Math.round(backoff / 1000) + ' s');
    timer = setTimeout(connect, backoff);
    backoff = Math.min(backoff * 2, 15000);
  }

  function changed() { window.panel.changes++; if (!dirty) { dirty = true; requestAnimationFrame(render); } }

  function el(tag, attrs, text) {
    var e = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) { e.setAttribute(k, attrs[k]); });
    if (text !== undefined) { e.textContent = text; }
    return e;
  }
  function match(f, s) { return !f || String(s).toLowerCase().indexOf(f) >= 0; }
  function fill(box, nodes, empty) {
    box.replaceChildren.apply(box, nodes.length ? nodes : [el('div', { 'class': 'empty' }, empty)]);
  }
  function dur(sec) {
    sec = Math.max(0, Math.floor(sec));
    var h = Math.floor(sec / 3600), m = Math.floor(sec / 60) % 60, s = sec % 60;
    return (h ? h + ':' : '') + (m < 10 && h ? '0' : '') + m + ':' + (s < 10 ? '0' : '') + s;
  }

  function render() {
    dirty = false;
    if (!state) { return; }
    var sel = $('pbx'), names = Object.keys(state.pbx).sort();
    var want = sel.value || localStorage.getItem('pbxmon.pbx') || names[0];
    if (sel.options.length !== names.length || names.some(function (n, i) { return sel.options[i].value !== n; })) {
      sel.replaceChildren.apply(sel, names.map(function (n) { return el('option', { value: n }, n); }));
    }
    if (names.indexOf(want) >= 0) { sel.value = want; }
    var p = state.pbx[sel.value] || {}, f = $('filter').value.trim().toLowerCase();
    // the selected PBX's incidents and the agent-wide ones (probes, alerts without a PBX), never another PBX's
    var allInc = Object.keys(state.incidents || {}).map(function (k) { return [k, state.incidents[k]]; });
    var inc = allInc.filter(function (i) { return !i[1].pbx || i[1].pbx === sel.value; });
    var ami = p.ami || {};
    var s = [el('span', { id: 'ami', 'data-state': p.live ? 'live' : ami.connected ? 'syncing' : 'down' },
      'AMI: ' + (p.live ? '\u2714 up' : ami.connected ? '\u25CC syncing' : '\u2716 down' + (ami.error ? ' (' + ami.error + ')' : '')))];
    if (p.summary) {
      s.push(el('span', { id: 'sum-calls' }, 'Calls: ' + p.summary.calls));
      s.push(el('span', { id: 'sum-channels' }, 'Channels: ' + p.summary.channels));
    }
    s.push(el('span', { id: 'sum-incidents' }, 'Open incidents: ' + (state.incidentsEnabled ? inc.length
      + (allInc.length > inc.length ? ' (' + allInc.length + ' on all PBXes)' : '') : 'off')));
    fill($('summary'), s, '');
    var ext = p.extensions || {};
    fill($('extensions'), Object.keys(ext).sort().filter(function (k) { return match(f, k); }).map(function (k) {
      var e = ext[k], b = el('span', { 'class': 'badge s-' + e.status, 'data-ext': k, 'data-status': e.status,
        title: e.status + (e.device ? ' (' + e.device + ')' : '') });
      b.append(el('b', {}, ICON[e.status] || '?'), el('span', {}, e.name), el('small', {}, e.status.replace('_', ' ')));
      if (e.rttMs !== undefined) { b.append(el('small', {}, e.rttMs + ' ms')); }
      return b;
    }), p.live ? 'no extension' : 'unknown while AMI is not live');
    var tr = p.trunks || {};
    fill($('trunks'), Object.keys(tr).sort().filter(function (k) { return match(f, k); }).map(function (k) {
      var t = tr[k], d = el('div', { 'class': 'trunk', 'data-trunk': k, 'data-status': t.status });
      var head = el('span', {}); head.append(el('span', { 'class': 'badge s-' + t.status }, (ICON[t.status] || '?') + ' ' + t.status), ' ' + (t.name || k));
      var info = [];
      if (t.registration) { info.push('reg: ' + t.registration); }
      if (t.rttMs !== undefined) { info.push(t.rttMs + ' ms'); }
      if (t.mes !== undefined) { info.push('MES ' + t.mes + (t.poor ? ' (' + t.poor + ' poor)' : '')); }
      d.append(head, el('small', {}, info.join(' \u00B7 ')));
      var used = t.channels || 0, cap = t.capacity;
      var bar = el('div', { 'class': 'bar', title: used + (cap ? ' / ' + cap : '') + ' channels', 'data-used': used });
      var fillBar = el('i', {}); fillBar.style.width = (cap ? Math.min(100, 100 * used / cap) : (used ? 100 : 0)) + '%';
      bar.append(fillBar); d.append(bar, el('small', {}, used + (cap ? ' / ' + cap : '') + ' channels'));
      return d;
    }), p.live ? 'no trunk' : 'unknown while AMI is not live');
    var calls = p.calls || {};
    fill($('calls'), Object.keys(calls).filter(function (k) {
      var c = calls[k]; return match(f, c.from + ' ' + c.to + ' ' + c.channel + ' ' + (c.peer || ''));
    }).sort(function (a, b) { return calls[a].created - calls[b].created; }).map(function (k) {
      var c = calls[k], r = el('tr', { 'data-call': k, 'data-channel': c.channel });
      r.append(el('td', {}, c.from || c.channel), el('td', {}, c.to), el('td', {}, c.state),
        el('td', { 'class': 'dur', 'data-created': c.created }, ''), el('td', {}, c.peer || ''));
      return r;
    }), 'no active call');
    ticks();
    var q = p.queues || {};
    fill($('queues'), Object.keys(q).sort().filter(function (k) { return match(f, k); }).map(function (k) {
      var r = el('tr', { 'data-queue': k });
      r.append(el('td', {}, k), el('td', {}, q[k].callers), el('td', {}, dur(q[k].longestWait)),
        el('td', {}, q[k].available + ' / ' + q[k].members));
      return r;
    }), 'no queue');
    fill($('incidents'), inc.filter(function (i) { return match(f, i[1].object + ' ' + i[1].summary); }).map(function (i) {
      return el('li', { 'class': 'sev-' + i[1].severity, 'data-incident': i[0], 'data-object': i[1].object },
        i[1].severity + ': ' + i[1].object + ' \u2014 ' + i[1].summary);
    }), state.incidentsEnabled ? 'no open incident' : 'incidents are off');
  }

  function ticks() {
    var now = Date.now() + offset;
    Array.prototype.forEach.call(document.querySelectorAll('td.dur'), function (td) {
      var s = (now - Number(td.dataset.created)) / 1000;
      td.dataset.seconds = Math.floor(s); td.textContent = dur(s);
    });
  }

  $('pbx').addEventListener('change', function () { localStorage.setItem('pbxmon.pbx', $('pbx').value); changed(); });
  $('filter').addEventListener('input', changed);
  setInterval(ticks, 1000);
  connect();
})();
