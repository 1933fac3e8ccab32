/*
 * Kiln docs: the static site that `kiln docs generate` writes. Opens from file:// with no server:
 * data/graph.js (every node, loaded at once), data/n<K>.js (full pages, loaded when opened) and
 * data/columns.js (column lineage, loaded on the first column click) are plain <script> files.
 * Libraries (lib/): cytoscape (graph drawing), marked (Markdown), DOMPurify (sanitising HTML).
 */
(function () {
  'use strict';

  var G = null;            // the graph: {project, nodes}
  var byId = {};           // unique id -> index
  var children = [];       // index -> child indexes
  var chunks = {};         // chunk number -> {id: page}
  var waiting = {};        // chunk number -> callbacks
  var columnData = null;   // {names, up: Map, down: Map}
  var columnWaiters = null;
  var cy = null;           // the lineage graph's cytoscape instance
  var LIMIT = 2500;        // most nodes drawn at once

  var TYPE_ORDER = ['model', 'seed', 'snapshot', 'source', 'exposure'];
  var TYPE_LABEL = { model: 'Models', seed: 'Seeds', snapshot: 'Snapshots', source: 'Sources', exposure: 'Exposures' };
  var TYPE_COLOR = { model: '#0f766e', seed: '#7c3aed', snapshot: '#a16207', source: '#2563eb', exposure: '#c2410c', relation: '#6b7280' };

  function $(id) { return document.getElementById(id); }
  function esc(s) {
    return String(s == null ? '' : s).replace(/[&<>"']/g, function (c) {
      return { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }[c];
    });
  }
  function md(text) {
    if (!text) return '';
    try { return DOMPurify.sanitize(marked.parse(text)); } catch (e) { return esc(text); }
  }
  function link(i) { return '#!/node/' + encodeURIComponent(G.nodes[i].i); }
  function nodeLink(i) {
    var n = G.nodes[i];
    if (n.t === 'relation') return '<span class="mono">' + esc(n.n) + '</span>';
    return '<a href="' + link(i) + '">' + esc(n.n) + '</a>';
  }
  function status(s) { return s ? '<span class="status ' + esc(String(s).replace(/\s+/g, '-')) + '">' + esc(s) + '</span>' : ''; }

  // ------------------------------------------------------------------ data loading

  function loadScript(src, onError) {
    var s = document.createElement('script');
    s.src = src;
    s.onerror = onError || null;
    document.head.appendChild(s);
  }

  window.kilnChunk = function (k, pages) {
    chunks[k] = pages;
    var w = waiting[k] || [];
    delete waiting[k];
    w.forEach(function (f) { f(pages); });
  };

  /** Calls back with the full page of node i (loads its data file the first time). */
  function page(i, callback) {
    var k = Math.floor(i / G.project.chunk);
    if (chunks[k]) { callback(chunks[k][G.nodes[i].i] || {}); return; }
    var first = !waiting[k];
    (waiting[k] = waiting[k] || []).push(function (pages) { callback(pages[G.nodes[i].i] || {}); });
    if (first) loadScript('data/n' + k + '.js');
  }

  var cytoscapeWaiters = null;

  /** Calls back once cytoscape is loaded: it is read only when a graph is first drawn, so the first page opens sooner. */
  function withCytoscape(callback) {
    if (window.cytoscape) { callback(); return; }
    if (cytoscapeWaiters) { cytoscapeWaiters.push(callback); return; }
    cytoscapeWaiters = [callback];
    var s = document.createElement('script');
    s.src = 'lib/cytoscape.min.js';
    s.onload = function () { var w = cytoscapeWaiters; cytoscapeWaiters = null; w.forEach(function (f) { f(); }); };
    document.head.appendChild(s);
  }

  window.kilnColumns = function (data) {
    var up = new Map(), down = new Map(), e = data.edges;
    for (var j = 0; j < e.length; j += 5) {
      var child = e[j] + '|' + data.names[e[j + 1]], parent = e[j + 2] + '|' + data.names[e[j + 3]];
      var direct = e[j + 4] === 1;
      if (!up.has(child)) up.set(child, []);
      up.get(child).push({ node: e[j + 2], col: data.names[e[j + 3]], direct: direct });
      if (!down.has(parent)) down.set(parent, []);
      down.get(parent).push({ node: e[j], col: data.names[e[j + 1]], direct: direct });
    }
    columnData = { names: data.names, up: up, down: down };
    var w = columnWaiters || [];
    columnWaiters = null;
    w.forEach(function (f) { f(columnData); });
  };

  function columns(callback) {
    if (columnData) { callback(columnData); return; }
    if (columnWaiters) { columnWaiters.push(callback); return; }
    columnWaiters = [callback];
    loadScript('data/columns.js');
  }

  // ------------------------------------------------------------------ start and routing

  function start(graph) {
    G = graph;
    if (!G) { $('main').innerHTML = '<p>data/graph.js is missing: run kiln docs generate again.</p>'; return; }
    for (var i = 0; i < G.nodes.length; i++) { byId[G.nodes[i].i] = i; children.push([]); }
    for (i = 0; i < G.nodes.length; i++) {
      G.nodes[i].u.forEach(function (p) { children[p].push(i); });
    }
    $('project-name').textContent = G.project.name + ' · ' + G.project.target;
    document.title = G.project.name + ' · Kiln docs';
    sidebar();
    search();
    window.addEventListener('hashchange', route);
    route();
    window.kilnReadyAt = performance.now();
    window.kilnReady = true;
  }

  function route() {
    var h = decodeURIComponent(location.hash.replace(/^#!?\/?/, ''));
    var slash = h.indexOf('/');
    var view = slash < 0 ? h : h.substring(0, slash), arg = slash < 0 ? '' : h.substring(slash + 1);
    $('main').className = '';
    if (cy && view !== 'lineage' && view !== 'column') { cy.destroy(); cy = null; }
    if (view === 'node' && byId[arg] !== undefined) nodePage(byId[arg]);
    else if (view === 'lineage') lineagePage(arg);
    else if (view === 'column') columnPage(arg);
    else if (view === 'search') searchPage(arg);
    else overview();
    markCurrent(view === 'node' ? byId[arg] : undefined);
  }

  // ------------------------------------------------------------------ sidebar (folders open on demand)

  function sidebar() {
    var groups = {};
    G.nodes.forEach(function (n, i) {
      if (!TYPE_LABEL[n.t]) return;
      (groups[n.t] = groups[n.t] || []).push(i);
    });
    var html = '';
    TYPE_ORDER.forEach(function (t) {
      if (!groups[t]) return;
      html += '<div class="tree-group" data-type="' + t + '"><div class="tree-label">' + TYPE_LABEL[t]
        + ' <span class="muted">' + groups[t].length + '</span></div><div class="tree-children" hidden></div></div>';
    });
    var side = $('sidebar');
    side.innerHTML = html;
    side.addEventListener('click', function (ev) {
      var label = ev.target.closest('.tree-label');
      if (!label) return;
      var box = label.parentNode, kids = box.querySelector(':scope > .tree-children');
      if (!kids.dataset.filled) { fillFolder(kids, box.dataset.type ? groups[box.dataset.type] : JSON.parse(box.dataset.items), box.dataset.depth ? +box.dataset.depth : 0, box.dataset.type); }
      kids.hidden = !kids.hidden;
      box.classList.toggle('open', !kids.hidden);
    });
  }

  /** Fills a folder: sub-folders by the next path segment, then leaves. */
  function fillFolder(box, items, depth, type) {
    box.dataset.filled = '1';
    var folders = {}, leaves = [];
    items.forEach(function (i) {
      var n = G.nodes[i], parts = (n.p || '').split('/');
      if (type === 'source' && depth === 0) { (folders[n.p] = folders[n.p] || []).push(i); return; }
      if (type !== 'source' && parts.length - 1 > depth) { (folders[parts[depth]] = folders[parts[depth]] || []).push(i); return; }
      leaves.push(i);
    });
    var html = '';
    Object.keys(folders).sort().forEach(function (f) {
      html += '<div class="tree-folder" data-depth="' + (depth + 1) + '" data-items="' + esc(JSON.stringify(folders[f])) + '">'
        + '<div class="tree-label">' + esc(f) + ' <span class="muted">' + folders[f].length + '</span></div><div class="tree-children" hidden></div></div>';
    });
    leaves.sort(function (a, b) { return G.nodes[a].n < G.nodes[b].n ? -1 : 1; });
    leaves.forEach(function (i) {
      html += '<a class="tree-leaf" data-i="' + i + '" href="' + link(i) + '" title="' + esc(G.nodes[i].i) + '">' + esc(G.nodes[i].n) + '</a>';
    });
    box.innerHTML = html;
  }

  function markCurrent(i) {
    var old = document.querySelector('.tree-leaf.current');
    if (old) old.classList.remove('current');
    if (i === undefined) return;
    var leaf = document.querySelector('.tree-leaf[data-i="' + i + '"]');
    if (leaf) leaf.classList.add('current');
  }

  // ------------------------------------------------------------------ search

  var haystacks = null;

  function buildHaystacks() {
    haystacks = G.nodes.map(function (n) {
      return { name: n.n.toLowerCase(), cols: (n.c || []).join(' ').toLowerCase(), desc: (n.d || '').toLowerCase(), tags: (n.g || []).join(' ').toLowerCase() };
    });
  }

  /** Nodes matching every word of q, best first: name, then tags, columns, description. */
  function find(q, max) {
    if (!haystacks) buildHaystacks();
    var words = q.toLowerCase().split(/\s+/).filter(Boolean);
    if (!words.length) return [];
    var out = [];
    for (var i = 0; i < haystacks.length; i++) {
      var h = haystacks[i], score = 0, why = '', ok = true;
      if (G.nodes[i].t === 'relation') continue;
      for (var w = 0; w < words.length && ok; w++) {
        var word = words[w];
        if (h.name === word) score += 100;
        else if (h.name.indexOf(word) === 0) score += 60;
        else if (h.name.indexOf(word) >= 0) score += 40;
        else if (h.tags.indexOf(word) >= 0) { score += 20; why = 'tag'; }
        else if (h.cols.indexOf(word) >= 0) { score += 15; why = 'column ' + columnMatch(i, word); }
        else if (h.desc.indexOf(word) >= 0) { score += 10; why = why || 'description'; }
        else ok = false;
      }
      if (ok) out.push({ i: i, score: score, why: why });
    }
    out.sort(function (a, b) { return b.score - a.score || (G.nodes[a.i].n < G.nodes[b.i].n ? -1 : 1); });
    return max ? out.slice(0, max) : out;
  }

  function columnMatch(i, word) {
    var cols = G.nodes[i].c || [];
    for (var k = 0; k < cols.length; k++) if (cols[k].toLowerCase().indexOf(word) >= 0) return cols[k];
    return '';
  }

  function resultHtml(r) {
    var n = G.nodes[r.i];
    return '<a class="result" href="' + link(r.i) + '"><span class="badge">' + n.t + '</span><b>' + esc(n.n) + '</b> '
      + (r.why ? '<span class="why">' + esc(r.why) + '</span>' : '')
      + (n.d ? '<div class="why">' + esc(n.d.substring(0, 140)) + '</div>' : '') + '</a>';
  }

  function search() {
    var input = $('search'), box = $('search-results'), timer = null;
    function show() {
      var q = input.value.trim();
      if (!q) { box.hidden = true; return; }
      var found = find(q, 0);
      box.innerHTML = found.slice(0, 20).map(resultHtml).join('')
        + (found.length > 20 ? '<a class="result" href="#!/search/' + encodeURIComponent(q) + '">All ' + found.length + ' results…</a>' : '')
        + (found.length === 0 ? '<div class="result muted">Nothing matches “' + esc(q) + '”.</div>' : '');
      box.hidden = false;
    }
    input.addEventListener('input', function () { clearTimeout(timer); timer = setTimeout(show, 60); });
    input.addEventListener('focus', show);
    input.addEventListener('keydown', function (ev) {
      if (ev.key === 'Enter') { var first = box.querySelector('a.result'); if (first) { location.hash = first.getAttribute('href'); box.hidden = true; input.blur(); } }
      if (ev.key === 'Escape') { box.hidden = true; input.blur(); }
    });
    box.addEventListener('click', function () { box.hidden = true; });
    document.addEventListener('click', function (ev) { if (!ev.target.closest('#search-box')) box.hidden = true; });
    document.addEventListener('keydown', function (ev) {
      if (ev.key === '/' && document.activeElement.tagName !== 'INPUT') { ev.preventDefault(); input.focus(); }
    });
  }

  function searchPage(q) {
    var found = find(q, 0);
    $('main').innerHTML = '<h1>Search: ' + esc(q) + '</h1><p class="muted">' + found.length + ' results</p>'
      + found.slice(0, 500).map(resultHtml).join('');
  }

  // ------------------------------------------------------------------ overview

  function overview() {
    var counts = {}, statuses = {};
    G.nodes.forEach(function (n) { counts[n.t] = (counts[n.t] || 0) + 1; if (n.s) statuses[n.s] = (statuses[n.s] || 0) + 1; });
    var p = G.project;
    var html = '<h1>' + esc(p.name) + '</h1><div class="meta">version ' + esc(p.version) + ' · target ' + esc(p.target)
      + ' (' + esc(p.adapter) + ') · generated ' + esc(p.generated_at)
      + (p.ran_at ? ' · last run ' + esc(p.ran_at) : ' · not run yet') + '</div>';
    html += '<div class="cards">' + TYPE_ORDER.filter(function (t) { return counts[t]; }).map(function (t) {
      return '<div class="card"><b>' + counts[t] + '</b>' + TYPE_LABEL[t] + '</div>';
    }).join('') + '</div>';
    if (Object.keys(statuses).length) {
      html += '<p>Last run: ' + Object.keys(statuses).sort().map(function (s) { return status(s) + statuses[s]; }).join(' &nbsp; ') + '</p>';
    }
    if (!p.catalog) html += '<p class="note">No catalog: column types come from YAML only (build the project, then run kiln docs generate).</p>';
    html += '<div class="md">' + (p.overview ? md(p.overview)
      : '<p>Browse the models on the left, search with <b>/</b>, or open the <a href="#!/lineage">lineage graph</a>.</p>') + '</div>';
    $('main').innerHTML = html;
  }

  // ------------------------------------------------------------------ node page

  function nodePage(i) {
    var n = G.nodes[i];
    $('main').innerHTML = '<h1>' + esc(n.n) + '</h1><p class="muted">Loading…</p>';
    page(i, function (pg) {
      if (location.hash.indexOf(encodeURIComponent(n.i)) < 0 && decodeURIComponent(location.hash).indexOf(n.i) < 0) return;
      $('main').innerHTML = nodeHtml(i, n, pg);
      wireNodePage(i, pg);
    });
  }

  function nodeHtml(i, n, pg) {
    var h = '<h1 id="node-title">' + esc(n.n) + '</h1><div class="meta"><span class="badge">' + esc(n.t) + '</span>';
    if (n.m && n.t === 'model') h += '<span class="badge">' + esc(n.m) + '</span>';
    if (n.r) h += '<span class="mono">' + esc(n.r) + '</span> ';
    if (pg.last_run) h += ' ' + status(pg.last_run.status) + '<span class="muted">last run</span>';
    h += ' · <a href="#!/lineage/' + encodeURIComponent(n.i) + '" id="open-lineage">lineage</a></div>';
    (n.g || []).forEach(function (t) { h += '<span class="badge">#' + esc(t) + '</span>'; });
    if (pg.owner) h += '<div class="meta">Owner: ' + esc(typeof pg.owner === 'object' ? (pg.owner.name || '') + ' ' + (pg.owner.email || '') : pg.owner) + '</div>';
    h += '<div class="md" id="description">' + (pg.description ? md(pg.description) : '<p class="muted">No description.</p>') + '</div>';
    if (pg.last_run && pg.last_run.message) h += '<p class="muted">Last run: ' + esc(pg.last_run.message) + '</p>';
    if (n.t === 'source') h += sourceHtml(pg);
    if (n.t === 'exposure') h += exposureHtml(pg);
    if (pg.stats && pg.stats.length) {
      h += '<h2>Warehouse</h2><table>' + (pg.kind ? '<tr><th>kind</th><td>' + esc(pg.kind) + '</td></tr>' : '')
        + pg.stats.map(function (s) { return '<tr><th title="' + esc(s.description) + '">' + esc(s.label) + '</th><td>' + esc(Number(s.value).toLocaleString ? Number(s.value).toLocaleString('en') : s.value) + '</td></tr>'; }).join('') + '</table>';
    }
    var cols = pg.columns || [];
    h += '<h2>Columns <span class="muted">' + cols.length + '</span></h2>';
    if (cols.length) {
      h += '<table id="columns"><tr><th>column</th><th>type</th><th>description</th><th>tests</th><th></th></tr>'
        + cols.map(function (c) {
          return '<tr><td class="mono">' + esc(c.name) + '</td><td class="mono">' + esc(c.type || '') + '</td><td class="md">' + md(c.description)
            + '</td><td>' + c.tests.map(testHtml).join('<br>') + '</td><td><a class="col-lineage" href="#!/column/'
            + encodeURIComponent(n.i) + '/' + encodeURIComponent(c.name) + '">lineage</a></td></tr>';
        }).join('') + '</table>';
    } else h += '<p class="muted">No columns known: document them in YAML or build the model.</p>';
    if (pg.tests && pg.tests.length) h += '<h2>Tests</h2>' + pg.tests.map(testHtml).join('<br>');
    if (pg.unit_tests && pg.unit_tests.length) h += '<h2>Unit tests</h2>' + pg.unit_tests.map(function (u) { return '<span class="badge">' + esc(u) + '</span>'; }).join('');
    if (n.u.length) h += '<h2>Depends on <span class="muted">' + n.u.length + '</span></h2>' + n.u.map(nodeLink).join(', ');
    if (children[i].length) h += '<h2>Referenced by <span class="muted">' + children[i].length + '</span></h2>' + children[i].slice(0, 300).map(nodeLink).join(', ') + (children[i].length > 300 ? ' …' : '');
    if (pg.exposures && pg.exposures.length) h += '<h2>Used by exposures</h2>' + pg.exposures.map(function (id) { return byId[id] !== undefined ? nodeLink(byId[id]) : esc(id); }).join(', ');
    if (pg.raw !== undefined) {
      h += '<h2>Code</h2><div class="tabs"><button data-code="raw" class="on">Source</button> <button data-code="sql">Compiled</button></div><pre id="code"></pre>';
    }
    if (pg.config) h += '<h2>Config</h2><pre>' + esc(JSON.stringify(pg.config, null, 2)) + '</pre>';
    if (pg.analysis && pg.analysis.status !== 'parsed') h += '<p class="note">Column lineage unknown: ' + esc(pg.analysis.problem || pg.analysis.status) + '</p>';
    if (pg.file) h += '<p class="muted">Defined in <span class="mono">' + esc(pg.file) + '</span></p>';
    return h;
  }

  function testHtml(t) {
    return '<span title="' + esc(t.full_name + (t.message ? ': ' + t.message : '')) + '">' + status(t.status || 'not run') + ' ' + esc(t.name)
      + (t.severity === 'warn' ? ' <span class="muted">(warn)</span>' : '') + '</span>';
  }

  function sourceHtml(pg) {
    var h = '<h2>Freshness</h2><table>';
    if (pg.loaded_at_field) h += '<tr><th>loaded_at_field</th><td class="mono">' + esc(pg.loaded_at_field) + '</td></tr>';
    if (pg.freshness) h += '<tr><th>criteria</th><td class="mono">' + esc(JSON.stringify(pg.freshness)) + '</td></tr>';
    if (pg.last_freshness) {
      var f = pg.last_freshness;
      h += '<tr><th>last check</th><td>' + status(f.status) + esc(f.max_loaded_at || '') + (f.age_seconds >= 0 ? ' (' + Math.round(f.age_seconds / 3600) + ' h old)' : '')
        + ' <span class="muted">checked ' + esc(f.checked_at || '') + '</span></td></tr>';
    } else h += '<tr><th>last check</th><td class="muted">never (kiln source freshness)</td></tr>';
    if (pg.external_location) h += '<tr><th>files</th><td class="mono">' + esc(pg.external_location) + '</td></tr>';
    if (pg.loader) h += '<tr><th>loaded by</th><td>kiln load (' + esc(pg.loader) + ')</td></tr>';
    return h + '</table>';
  }

  function exposureHtml(pg) {
    var h = '<h2>Exposure</h2><table><tr><th>type</th><td>' + esc(pg.type) + '</td></tr>';
    if (pg.owner) h += '<tr><th>owner</th><td>' + esc(pg.owner.name) + ' ' + (pg.owner.email ? '&lt;' + esc(pg.owner.email) + '&gt;' : '') + '</td></tr>';
    if (pg.url) h += '<tr><th>url</th><td><a href="' + esc(pg.url) + '">' + esc(pg.url) + '</a></td></tr>';
    if (pg.maturity) h += '<tr><th>maturity</th><td>' + esc(pg.maturity) + '</td></tr>';
    if (pg.runs && pg.runs.length) h += '<tr><th>runs</th><td>' + pg.runs.map(esc).join(', ') + (pg.enabled ? '' : ' <span class="muted">(disabled)</span>') + '</td></tr>';
    return h + '</table>';
  }

  function wireNodePage(i, pg) {
    var code = $('code');
    if (!code) return;
    code.textContent = pg.raw || '(no source: a seed is a CSV file)';
    document.querySelectorAll('.tabs button').forEach(function (b) {
      b.addEventListener('click', function () {
        document.querySelectorAll('.tabs button').forEach(function (o) { o.classList.toggle('on', o === b); });
        code.textContent = (b.dataset.code === 'sql' ? pg.sql : pg.raw) || '';
      });
    });
  }

  // ------------------------------------------------------------------ selection (dbt syntax)

  function ancestors(start, depth) {
    var seen = new Set(), frontier = start.slice(), d = 0;
    while (frontier.length && (depth < 0 || d < depth)) {
      var next = [];
      frontier.forEach(function (i) { G.nodes[i].u.forEach(function (p) { if (!seen.has(p)) { seen.add(p); next.push(p); } }); });
      frontier = next; d++;
    }
    return seen;
  }

  function descendants(start, depth) {
    var seen = new Set(), frontier = start.slice(), d = 0;
    while (frontier.length && (depth < 0 || d < depth)) {
      var next = [];
      frontier.forEach(function (i) { children[i].forEach(function (c) { if (!seen.has(c)) { seen.add(c); next.push(c); } }); });
      frontier = next; d++;
    }
    return seen;
  }

  function glob(pattern) {
    return new RegExp('^' + pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.') + '$', 'i');
  }

  /** The nodes one method matches (before graph operators). */
  function method(atom) {
    var colon = atom.indexOf(':'), m = colon < 0 ? '' : atom.substring(0, colon), v = colon < 0 ? atom : atom.substring(colon + 1);
    var out = [], re = glob(v);
    G.nodes.forEach(function (n, i) {
      var hit;
      switch (m) {
        case 'tag': hit = (n.g || []).some(function (t) { return re.test(t); }); break;
        case 'path': hit = !!n.p && n.t !== 'source' && (n.p === v || n.p.indexOf(v.replace(/\/$/, '') + '/') === 0 || re.test(n.p)); break;
        case 'resource_type': hit = n.t === v; break;
        case 'source': hit = n.t === 'source' && (re.test(n.n) || re.test(n.n.split('.')[0])); break;
        case 'exposure': hit = n.t === 'exposure' && re.test(n.n); break;
        case 'config.materialized': hit = n.m === v; break;
        case 'config.schema': hit = n.sc === v; break;
        case '': hit = n.t !== 'relation' && (re.test(n.n) || re.test(n.i)); break;
        default: throw new Error('Unknown selector method "' + m + '" (tag, path, resource_type, source, exposure, config.materialized, config.schema).');
      }
      if (hit) out.push(i);
    });
    return out;
  }

  /** One atom with its graph operators: @x, +x, 2+x, x+, x+3. */
  function atom(a) {
    var at = false, up = 0, down = 0, mm;
    if (a[0] === '@') { at = true; a = a.substring(1); }
    if ((mm = /^(\d*)\+/.exec(a))) { up = mm[1] ? +mm[1] : -1; a = a.substring(mm[0].length); }
    if ((mm = /\+(\d*)$/.exec(a))) { down = mm[1] ? +mm[1] : -1; a = a.substring(0, a.length - mm[0].length); }
    var base = method(a), out = new Set(base);
    if (up) ancestors(base, up).forEach(function (i) { out.add(i); });
    if (down || at) descendants(base, at ? -1 : down).forEach(function (i) { out.add(i); });
    if (at) ancestors(Array.from(out), -1).forEach(function (i) { out.add(i); });
    return out;
  }

  /** dbt's selection syntax: space = union, comma = intersection. */
  function select(spec) {
    var all = new Set();
    spec.trim().split(/\s+/).filter(Boolean).forEach(function (term) {
      var parts = term.split(','), acc = atom(parts[0]);
      for (var k = 1; k < parts.length; k++) {
        var other = atom(parts[k]);
        acc = new Set(Array.from(acc).filter(function (i) { return other.has(i); }));
      }
      acc.forEach(function (i) { all.add(i); });
    });
    return all;
  }

  // ------------------------------------------------------------------ layered layout

  /**
   * Positions for a DAG: rank = longest path from the drawn roots, then two barycenter sweeps to
   * untangle each rank. Linear in nodes and edges, so a thousand nodes lay out at once.
   */
  function layout(ids, parentsOf) {
    var set = new Map(), n = ids.length;
    ids.forEach(function (id, k) { set.set(id, k); });
    var ups = ids.map(function (id) { return parentsOf(id).filter(function (p) { return set.has(p); }).map(function (p) { return set.get(p); }); });
    var downs = ids.map(function () { return []; });
    ups.forEach(function (ps, k) { ps.forEach(function (p) { downs[p].push(k); }); });
    var indeg = ups.map(function (ps) { return ps.length; }), rank = new Array(n).fill(0), queue = [], order = [];
    for (var k = 0; k < n; k++) if (!indeg[k]) queue.push(k);
    while (queue.length) {
      var v = queue.shift(); order.push(v);
      downs[v].forEach(function (c) { rank[c] = Math.max(rank[c], rank[v] + 1); if (--indeg[c] === 0) queue.push(c); });
    }
    if (order.length < n) { // a cycle (never in a DAG): draw what is left in the first rank
      var placed = new Set(order);
      for (k = 0; k < n; k++) if (!placed.has(k)) order.push(k);
    }
    var ranks = [];
    order.forEach(function (v) { (ranks[rank[v]] = ranks[rank[v]] || []).push(v); });
    var pos = new Array(n).fill(0), bary = new Array(n).fill(0);
    ranks.forEach(function (r) { r.forEach(function (v, j) { pos[v] = j; }); });
    function sweep(list, neighbours) {
      list.forEach(function (r) {
        if (!r) return;
        r.forEach(function (v) {
          var ns = neighbours[v];
          bary[v] = ns.length ? ns.reduce(function (s, x) { return s + pos[x]; }, 0) / ns.length : pos[v];
        });
        r.sort(function (a, b) { return bary[a] - bary[b]; });
        r.forEach(function (v, j) { pos[v] = j; });
      });
    }
    for (var pass = 0; pass < 2; pass++) { sweep(ranks, ups); sweep(ranks.slice().reverse(), downs); }
    var out = {};
    ranks.forEach(function (r, x) {
      if (!r) return;
      r.forEach(function (v, j) { out[ids[v]] = { x: x * 260, y: (j - (r.length - 1) / 2) * 46 }; });
    });
    return out;
  }

  // ------------------------------------------------------------------ model lineage

  var shown = null; // indexes drawn in the model lineage

  function lineagePage(arg) {
    var q = arg.indexOf('?') >= 0 ? arg.substring(arg.indexOf('?') + 1) : '', focusId = arg.replace(/\?.*$/, '');
    var spec = q.indexOf('select=') === 0 ? decodeURIComponent(q.substring(7)) : '';
    var main = $('main');
    main.className = 'full';
    main.innerHTML = '<div class="toolbar"><input id="select" placeholder="--select  e.g. +fct_orders  tag:finance  path:models/staging  @my_model"'
      + ' value="' + esc(spec) + '"><button id="apply">Select</button><button id="up1" title="Show the parents of the selected node">+1 up</button>'
      + '<button id="down1" title="Show the children of the selected node">+1 down</button><button id="allup">All ancestors</button>'
      + '<button id="alldown">All descendants</button><button id="fit">Fit</button><span id="graph-info" class="muted"></span></div>'
      + '<div class="graph-wrap"><div id="graph"></div><div id="panel"><p class="muted">Choose a node (click), or select with dbt\'s syntax above. '
      + 'Double-click a node to expand its neighbours.</p></div></div>';
    var focus = byId[focusId];
    shown = new Set();
    if (spec) {
      try { select(spec).forEach(function (i) { shown.add(i); }); }
      catch (e) { $('panel').innerHTML = '<p class="note">' + esc(e.message) + '</p>'; }
      if (focus !== undefined && !shown.has(focus)) focus = undefined;
    } else {
      if (focus === undefined) focus = defaultFocus();
      if (focus !== undefined) { shown.add(focus); G.nodes[focus].u.forEach(function (p) { shown.add(p); }); children[focus].forEach(function (c) { shown.add(c); }); }
    }
    withCytoscape(function () {
      if (!$('graph')) return;
      draw(focus);
      if (focus !== undefined) showPanel(focus);
    });
    $('apply').onclick = function () {
      var at = selected();
      location.hash = '#!/lineage/' + (at === undefined ? '' : encodeURIComponent(G.nodes[at].i)) + '?select=' + encodeURIComponent($('select').value.trim());
    };
    $('select').addEventListener('keydown', function (ev) { if (ev.key === 'Enter') $('apply').click(); });
    $('up1').onclick = function () { expand(selected(), 1, 0); };
    $('down1').onclick = function () { expand(selected(), 0, 1); };
    $('allup').onclick = function () { expand(selected(), -1, 0); };
    $('alldown').onclick = function () { expand(selected(), 0, -1); };
    $('fit').onclick = function () { if (cy) cy.fit(undefined, 30); };
  }

  function defaultFocus() {
    var best, most = -1;
    G.nodes.forEach(function (n, i) { if (n.t === 'model' && children[i].length > most) { most = children[i].length; best = i; } });
    return best;
  }

  function selected() {
    if (!cy) return undefined;
    var s = cy.$('node:selected');
    return s.length ? +s[0].id() : undefined;
  }

  function expand(i, up, down) {
    if (i === undefined) { $('panel').innerHTML = '<p class="note">Click a node first.</p>'; return; }
    if (up) ancestors([i], up).forEach(function (k) { shown.add(k); });
    if (down) descendants([i], down).forEach(function (k) { shown.add(k); });
    draw(i);
  }

  var NODE_STYLE = [
    { selector: 'node', style: { shape: 'round-rectangle', width: 200, height: 30, 'background-color': '#fff', 'border-width': 2,
      'border-color': '#888', label: 'data(label)', 'font-size': 12, 'text-valign': 'center', 'text-halign': 'center' } },
    { selector: 'node[type = "model"]', style: { 'border-color': TYPE_COLOR.model } },
    { selector: 'node[type = "seed"]', style: { 'border-color': TYPE_COLOR.seed } },
    { selector: 'node[type = "snapshot"]', style: { 'border-color': TYPE_COLOR.snapshot } },
    { selector: 'node[type = "source"]', style: { 'border-color': TYPE_COLOR.source } },
    { selector: 'node[type = "exposure"]', style: { 'border-color': TYPE_COLOR.exposure } },
    { selector: 'node.more', style: { 'border-style': 'dashed' } },
    { selector: 'node.focus', style: { 'background-color': '#fde7dc' } },
    { selector: 'node.failed', style: { 'background-color': '#fee2e2' } },
    { selector: 'node:selected', style: { 'border-width': 4, 'border-color': '#c2410c' } }
  ];

  /**
   * Draws the shown nodes. Big graphs are added to the canvas in slices, one per animation
   * frame, so that the page keeps answering while a thousand nodes appear.
   */
  function draw(focus) {
    var ids = Array.from(shown), capped = false;
    if (ids.length > LIMIT) { ids = ids.slice(0, LIMIT); capped = true; }
    var t0 = performance.now();
    var pos = layout(ids, function (i) { return G.nodes[i].u; });
    var tLayout = performance.now() - t0;
    var inSet = new Set(ids), nodes = [], edges = [];
    ids.forEach(function (i) {
      var n = G.nodes[i];
      var hidden = n.u.some(function (p) { return !inSet.has(p); }) || children[i].some(function (c) { return !inSet.has(c); });
      nodes.push({ group: 'nodes', data: { id: String(i), label: n.n + (hidden ? '  ⋯' : ''), type: n.t },
        position: pos[i], classes: (hidden ? 'more ' : '') + (i === focus ? 'focus ' : '') + (n.s === 'error' || n.s === 'fail' ? 'failed' : '') });
    });
    ids.forEach(function (i) {
      G.nodes[i].u.forEach(function (p) { if (inSet.has(p)) edges.push({ group: 'edges', data: { id: p + '-' + i, source: String(p), target: String(i) } }); });
    });
    var big = ids.length > 400;
    var style = NODE_STYLE.concat([
      { selector: 'node', style: big ? { 'min-zoomed-font-size': 8 } : { 'text-max-width': 190, 'text-wrap': 'ellipsis' } },
      { selector: 'edge', style: { width: 1.2, 'line-color': '#a3a9b6', 'target-arrow-color': '#a3a9b6', 'target-arrow-shape': 'triangle',
        'curve-style': big ? 'straight' : 'bezier', 'arrow-scale': 0.8 } }
    ]);
    if (cy) cy.destroy();
    var token = {};
    drawing = token;
    var slice = big ? 200 : nodes.length + edges.length;
    var all = nodes.concat(edges), at = Math.min(slice, all.length);
    cy = cytoscape({
      container: $('graph'), elements: all.slice(0, at), layout: { name: 'preset' },
      minZoom: 0.05, maxZoom: 3, wheelSensitivity: 0.3, textureOnViewport: big, hideEdgesOnViewport: big, pixelRatio: 1, style: style
    });
    viewAll(pos, ids);
    cy.on('tap', 'node', function (ev) { showPanel(+ev.target.id()); });
    cy.on('dbltap', 'node', function (ev) { var i = +ev.target.id(); G.nodes[i].u.forEach(function (p) { shown.add(p); }); children[i].forEach(function (c) { shown.add(c); }); draw(i); });
    function finish() {
      if (focus !== undefined && cy.getElementById(String(focus)).length) cy.getElementById(String(focus)).select();
      cy.fit(undefined, 30);
      var ms = performance.now() - t0;
      $('graph-info').textContent = ids.length + ' nodes' + (capped ? ' (first ' + LIMIT + ' drawn: narrow the selection)' : '')
        + ' · drawn in ' + Math.round(ms) + ' ms';
      window.kilnLastDraw = { nodes: ids.length, ms: ms, layoutMs: tLayout };
    }
    (function more() {
      if (drawing !== token) return;
      if (at >= all.length) { finish(); return; }
      cy.add(all.slice(at, at + slice));
      at += slice;
      requestAnimationFrame(more);
    })();
  }

  /** Sets the viewport on the whole layout at once, so slices drawn later need no refit. */
  function viewAll(pos, ids) {
    var x0 = Infinity, y0 = Infinity, x1 = -Infinity, y1 = -Infinity;
    ids.forEach(function (i) { var p = pos[i]; x0 = Math.min(x0, p.x - 100); x1 = Math.max(x1, p.x + 100); y0 = Math.min(y0, p.y - 15); y1 = Math.max(y1, p.y + 15); });
    if (!isFinite(x0)) return;
    var w = cy.width(), h = cy.height();
    var z = Math.max(0.05, Math.min(3, Math.min((w - 60) / (x1 - x0), (h - 60) / (y1 - y0))));
    cy.viewport({ zoom: z, pan: { x: w / 2 - z * (x0 + x1) / 2, y: h / 2 - z * (y0 + y1) / 2 } });
  }

  var drawing = null;

  function showPanel(i) {
    var n = G.nodes[i], panel = $('panel');
    panel.innerHTML = '<h3 id="panel-title">' + esc(n.n) + '</h3><div class="meta"><span class="badge">' + esc(n.t) + '</span>' + status(n.s)
      + (n.t !== 'relation' ? ' <a href="' + link(i) + '">open page</a>' : '') + '</div>'
      + (n.d ? '<p>' + esc(n.d) + '</p>' : '') + '<p class="muted">' + n.u.length + ' parents, ' + children[i].length + ' children</p>'
      + '<h4>Columns</h4><div class="cols-list" id="panel-columns">' + (n.c || []).map(function (c) {
        return '<div><span class="col-link" data-col="' + esc(c) + '">' + esc(c) + '</span></div>';
      }).join('') + '</div>';
    panel.querySelectorAll('.col-link').forEach(function (el) {
      el.addEventListener('click', function () { location.hash = '#!/column/' + encodeURIComponent(n.i) + '/' + encodeURIComponent(el.dataset.col); });
    });
  }

  // ------------------------------------------------------------------ column lineage

  function colParents(d, node, col) {
    var direct = d.up.get(node + '|' + col);
    if (direct || col === '*') return direct || [];
    var star = d.up.get(node + '|*') || [];
    return star.map(function (e) { return { node: e.node, col: e.col === '*' ? col : e.col, direct: e.direct }; });
  }

  function colChildren(d, node, col) {
    var out = (d.down.get(node + '|' + col) || []).slice();
    if (col !== '*') {
      (d.down.get(node + '|*') || []).forEach(function (e) { if (e.col === '*') out.push({ node: e.node, col: col, direct: e.direct }); });
    }
    return out;
  }

  /** Breadth-first walk: every column reached, with its depth and its edges. */
  function walk(d, start, next) {
    var seen = new Map(), edges = [], queue = [start];
    seen.set(start.node + '|' + start.col.toLowerCase(), start);
    while (queue.length && seen.size < LIMIT) {
      var at = queue.shift();
      next(d, at.node, at.col).forEach(function (e) {
        var key = e.node + '|' + e.col.toLowerCase();
        edges.push({ from: at, to: e, direct: e.direct, key: key });
        if (!seen.has(key)) { var s = { node: e.node, col: e.col, depth: at.depth + 1, via: at, direct: at.direct && e.direct }; seen.set(key, s); queue.push(s); }
      });
    }
    return { seen: seen, edges: edges };
  }

  function columnPage(arg) {
    var slash = arg.lastIndexOf('/'), id = arg.substring(0, slash), col = arg.substring(slash + 1), i = byId[id];
    var main = $('main');
    if (i === undefined) { main.innerHTML = '<p>No node ' + esc(id) + '.</p>'; return; }
    main.className = 'full';
    main.innerHTML = '<div class="toolbar"><b id="column-title">' + esc(G.nodes[i].n + '.' + col) + '</b><span class="muted">column lineage: upstream (left) and downstream (right)</span>'
      + '<a href="#!/lineage/' + encodeURIComponent(id) + '">back to the model lineage</a><span id="graph-info" class="muted"></span></div>'
      + '<div class="graph-wrap"><div id="graph"></div><div id="panel"><p class="muted">Loading column lineage…</p></div></div>';
    columns(function (d) { withCytoscape(function () {
      if (!$('graph')) return;
      var start = { node: i, col: col, depth: 0, direct: true };
      var up = walk(d, start, colParents), down = walk(d, start, colChildren);
      var key = function (s) { return s.node + '|' + s.col.toLowerCase(); };
      var nodes = new Map(), depth = {}, parentsOf = {};
      nodes.set(key(start), start); depth[key(start)] = 0;
      up.seen.forEach(function (s, k) { nodes.set(k, s); depth[k] = -s.depth; });
      down.seen.forEach(function (s, k) { nodes.set(k, s); depth[k] = s.depth; });
      var edges = [];
      up.edges.forEach(function (e) { edges.push({ from: e.key, to: key(e.from), direct: e.direct }); });
      down.edges.forEach(function (e) { edges.push({ from: key(e.from), to: e.key, direct: e.direct }); });
      edges.forEach(function (e) { (parentsOf[e.to] = parentsOf[e.to] || []).push(e.from); });
      var ids = Array.from(nodes.keys());
      var pos = layout(ids, function (k) { return parentsOf[k] || []; });
      var elements = ids.map(function (k) {
        var s = nodes.get(k);
        return { group: 'nodes', data: { id: k, label: G.nodes[s.node].n + '.' + s.col, type: G.nodes[s.node].t }, position: pos[k], classes: k === key(start) ? 'focus' : '' };
      });
      var seenEdge = new Set();
      edges.forEach(function (e) {
        var eid = e.from + '>' + e.to;
        if (seenEdge.has(eid) || !nodes.has(e.from) || !nodes.has(e.to)) return;
        seenEdge.add(eid);
        elements.push({ group: 'edges', data: { id: eid, source: e.from, target: e.to }, classes: e.direct ? '' : 'transformed' });
      });
      if (cy) cy.destroy();
      cy = cytoscape({
        container: $('graph'), elements: elements, layout: { name: 'preset' }, minZoom: 0.05, maxZoom: 3, wheelSensitivity: 0.3, pixelRatio: 1,
        style: [
          { selector: 'node', style: { shape: 'round-rectangle', width: 220, height: 28, 'background-color': '#fff', 'border-width': 2,
            'border-color': function (e) { return TYPE_COLOR[e.data('type')] || '#888'; }, label: 'data(label)', 'font-size': 11,
            'text-valign': 'center', 'text-halign': 'center', 'text-max-width': 210, 'text-wrap': 'ellipsis' } },
          { selector: 'node.focus', style: { 'background-color': '#fde7dc' } },
          { selector: 'edge', style: { width: 1.4, 'line-color': '#0f766e', 'target-arrow-color': '#0f766e', 'target-arrow-shape': 'triangle', 'curve-style': 'bezier' } },
          { selector: 'edge.transformed', style: { 'line-style': 'dashed', 'line-color': '#c2410c', 'target-arrow-color': '#c2410c' } }
        ]
      });
      cy.fit(undefined, 30);
      cy.on('tap', 'node', function (ev) { var s = nodes.get(ev.target.id()); location.hash = '#!/column/' + encodeURIComponent(G.nodes[s.node].i) + '/' + encodeURIComponent(s.col); });
      function list(walked, title, id) {
        var items = Array.from(walked.seen.values()).filter(function (s) { return s.depth > 0; });
        items.sort(function (a, b) { return a.depth - b.depth; });
        return '<h4>' + title + ' <span class="muted">' + items.length + '</span></h4><ul class="lineage-list" id="' + id + '">' + items.map(function (s) {
          return '<li>' + nodeLink(s.node) + '.<span class="mono">' + esc(s.col) + '</span> <span class="muted">' + (s.direct ? 'direct' : 'transformed') + ', ' + s.depth + ' step' + (s.depth > 1 ? 's' : '') + '</span></li>';
        }).join('') + (items.length ? '' : '<li class="muted">none known</li>') + '</ul>';
      }
      $('panel').innerHTML = '<h3>' + esc(G.nodes[i].n + '.' + col) + '</h3><p class="muted">Solid: copied unchanged. Dashed: computed from it.</p>'
        + list(up, 'Upstream', 'upstream') + list(down, 'Downstream', 'downstream');
      $('graph-info').textContent = ids.length + ' columns';
    }); });
  }

  window.KilnDocs = { start: start, select: select, layout: layout, find: find, graph: function () { return cy; } };
})();
