// The Mini App page: reads Telegram's initData (from telegram-web-app.js
// when it has loaded, else from the #tgWebAppData fragment Telegram puts on
// the URL), sends it with every API request, and draws what the server
// allows. Texts come from the server (package msg); nothing here is HTML
// from data except the server-rendered, escaped SVG charts.
(function () {
  'use strict';
  var T = JSON.parse(document.getElementById('texts').textContent);
  var $ = function (id) { return document.getElementById(id); };
  var state = { me: null, ranking: null, sortKey: 'rank', sortDir: 1, unit: null };

  function tmaReady() {
    var tg = window.Telegram && window.Telegram.WebApp;
    if (tg) { tg.ready(); tg.expand(); }
  }
  var tgScript = document.getElementById('tg-script');
  if (tgScript) { tgScript.addEventListener('load', tmaReady); }

  // The fragment as the page was opened (Telegram's script may rewrite it).
  var fromFragment = new URLSearchParams(location.hash.slice(1)).get('tgWebAppData') || '';
  function initData() {
    var tg = window.Telegram && window.Telegram.WebApp;
    if (tg && tg.initData) { return tg.initData; }
    return fromFragment;
  }

  function api(path) {
    return fetch('api/' + path, { headers: { Authorization: 'tma ' + initData() } }).then(function (res) {
      return res.json().catch(function () { return {}; }).then(function (body) {
        if (!res.ok) { throw new Error(body.error || T.error); }
        return body;
      });
    });
  }

  function el(tag, text, cls) {
    var e = document.createElement(tag);
    if (text !== undefined && text !== null) { e.textContent = text; }
    if (cls) { e.className = cls; }
    return e;
  }

  function status(text, isError) {
    var s = $('status');
    s.textContent = text || '';
    s.className = isError ? 'error' : 'muted';
  }

  // --- tabs ---
  var views = [];
  function show(view) {
    ['xephang', 'diem', 'tongquan'].forEach(function (v) { $('view-' + v).hidden = v !== view; });
    Array.prototype.forEach.call($('tabs').children, function (b) {
      b.setAttribute('aria-selected', String(b.dataset.view === view));
    });
    document.body.dataset.view = view;
  }
  function tabs() {
    var nav = $('tabs');
    nav.textContent = '';
    views.forEach(function (v) {
      var b = el('button', T[v.label]);
      b.type = 'button';
      b.dataset.view = v.id;
      b.addEventListener('click', function () { v.open(); });
      nav.appendChild(b);
    });
  }

  // --- ranking ---
  function loadRanking(cluster) {
    status(T.loading);
    return api('ranking' + (cluster ? '?cluster=' + encodeURIComponent(cluster) : '')).then(function (r) {
      state.ranking = r;
      status('');
      drawRanking();
      show('xephang');
    }).catch(function (e) { status(e.message, true); show('xephang'); });
  }

  function drawRanking() {
    var r = state.ranking;
    $('rank-period').textContent = T.period + ' ' + r.period_label;
    $('rank-chart').innerHTML = r.chart_svg;
    var note = $('rank-note');
    note.hidden = !r.own_only;
    if (r.own_only && r.units.length) {
      note.textContent = T.ownOnly + ' ' + (r.units[0].no_data ? T.noData.charAt(0).toUpperCase() + T.noData.slice(1) :
        T.rank + ' ' + r.units[0].rank + ' ' + T.of + ' ' + r.count) + '.';
    }
    var heads = $('rank-table').tHead.rows[0].cells;
    var labels = { rank: T.rank, name: T.unit, total: T.total, movement: T.movement };
    Array.prototype.forEach.call(heads, function (th) {
      th.textContent = labels[th.dataset.key];
      th.setAttribute('aria-sort', th.dataset.key === state.sortKey ? (state.sortDir > 0 ? 'ascending' : 'descending') : 'none');
    });
    var units = r.units.slice();
    var k = state.sortKey, d = state.sortDir;
    units.sort(function (a, b) {
      var x = a[k], y = b[k];
      if (typeof x === 'string') { return d * x.localeCompare(y, 'vi'); }
      return d * (x - y) || a.rank - b.rank;
    });
    var body = $('rank-table').tBodies[0];
    body.textContent = '';
    units.forEach(function (u) {
      var tr = document.createElement('tr');
      tr.dataset.unit = u.id;
      if (state.me.unit && u.id === state.me.unit.id) { tr.className = 'own'; }
      tr.appendChild(el('td', u.no_data ? T.noRank : String(u.rank), 'num'));
      tr.appendChild(el('td', u.no_data ? u.name + ' (' + T.noData + ')' : u.name));
      tr.appendChild(el('td', u.total_text, 'num'));
      tr.appendChild(el('td', u.movement, 'num'));
      if (u.details) {
        tr.className += ' link';
        tr.addEventListener('click', function () { loadUnit(u.id); });
      }
      body.appendChild(tr);
    });
    $('sort-hint').textContent = T.sortHint;
  }

  function sortBy(key) {
    if (state.sortKey === key) { state.sortDir = -state.sortDir; } else {
      state.sortKey = key;
      state.sortDir = key === 'total' ? -1 : 1;
    }
    drawRanking();
  }

  // --- one unit ---
  function loadUnit(id) {
    status(T.loading);
    return api('unit' + (id ? '?unit=' + encodeURIComponent(id) : '')).then(function (u) {
      state.unit = u;
      status('');
      $('unit-name').textContent = u.unit.name;
      $('unit-summary').textContent = T.period + ' ' + u.period_label + ' · ' +
        (u.no_data ? T.noData : T.rank + ' ' + u.rank + ' ' + T.of + ' ' + u.count) + ' · ' + u.total_text + ' ' + T.points + (u.movement ? ' · ' + u.movement : '');
      $('trend-title').textContent = T.trend;
      $('trend-chart').innerHTML = u.trend_svg;
      var groups = $('unit-groups');
      groups.textContent = '';
      u.groups.forEach(function (g) {
        var card = el('div', null, 'card');
        card.appendChild(el('h3', g.id + '. ' + g.name + ': ' + g.points + ' ' + T.points));
        g.criteria.forEach(function (c) {
          var p = el('div', null, 'crit');
          p.appendChild(el('b', c.name + ': ' + c.points));
          p.appendChild(el('span', c.explain, c.missing ? 'flag' : ''));
          card.appendChild(p);
        });
        groups.appendChild(card);
      });
      $('unit-gap').textContent = u.gap || '';
      $('unit-gap').hidden = !u.gap;
      show('diem');
    }).catch(function (e) { status(e.message, true); show('diem'); });
  }

  // --- sector ---
  function loadSector() {
    status(T.loading);
    return api('sector').then(function (o) {
      status('');
      $('sector-period').textContent = T.period + ' ' + o.period_label;
      $('sector-chart').innerHTML = o.chart_svg;
      var list = $('sector-clusters');
      list.textContent = '';
      o.clusters.forEach(function (c) {
        var card = el('div', null, 'card');
        card.dataset.cluster = c.id;
        card.appendChild(el('h3', c.name + ' (' + c.units + ' ' + T.unit.toLowerCase() + ')'));
        var ul = el('ul');
        var rate = c.on_time_rate === null ? T.notDue : (Math.round(c.on_time_rate * 1000) / 10).toString().replace('.', ',') + '%';
        ul.appendChild(el('li', T.onTime + ': ' + rate + ' · ' + T.late + ' ' + c.late + ' · ' + T.missingReports + ' ' + c.missing));
        ul.appendChild(el('li', T.meetings + ': ' + c.meetings_held + '/' + c.meetings_planned));
        ul.appendChild(el('li', T.covenant + ': ' + c.covenant_signed + '/' + c.covenant_units));
        ul.appendChild(el('li', T.dossiers + ': ' + c.dossiers_complete + '/' + c.dossiers_due));
        card.appendChild(ul);
        if (c.flags.length === 0) { card.appendChild(el('p', '✅ ' + T.allGood, 'ok')); }
        c.flags.forEach(function (f) { card.appendChild(el('p', '⚠️ ' + f.reason, 'flag')); });
        list.appendChild(card);
      });
      show('tongquan');
    }).catch(function (e) { status(e.message, true); show('tongquan'); });
  }

  // --- start ---
  function start() {
    tmaReady();
    if (!initData()) { status(T.noInitData, true); return; }
    Array.prototype.forEach.call($('rank-table').tHead.rows[0].cells, function (th) {
      th.addEventListener('click', function () { sortBy(th.dataset.key); });
    });
    $('cluster').addEventListener('change', function (e) { loadRanking(e.target.value); });
    api('me').then(function (me) {
      state.me = me;
      var who = me.name + ' · ' + T.role + ': ' + me.role_name;
      if (me.unit) { who += ' · ' + me.unit.name; } else if (me.cluster) { who += ' · ' + me.cluster.name; }
      $('who').textContent = who;
      var sel = $('cluster');
      sel.textContent = '';
      me.clusters.forEach(function (c) {
        var o = el('option', c.name);
        o.value = c.id;
        if (me.cluster && me.cluster.id === c.id) { o.selected = true; }
        sel.appendChild(o);
      });
      sel.hidden = me.clusters.length < 2;
      if (me.clusters.length) { views.push({ id: 'xephang', label: 'tabRanking', open: function () { loadRanking(sel.value); } }); }
      if (me.unit && me.clusters.length) { views.push({ id: 'diem', label: 'tabUnit', open: function () { loadUnit(state.unit ? state.unit.unit.id : me.unit.id); } }); }
      if (me.sector) { views.push({ id: 'tongquan', label: 'tabSector', open: loadSector }); }
      tabs();
      if (!views.length) { status(T.noViews || '', true); return; }
      var want = new URLSearchParams(location.search).get('view');
      var v = views.filter(function (x) { return x.id === want; })[0] || views[0];
      v.open();
    }).catch(function (e) { status(e.message, true); });
  }
  start();
})();
