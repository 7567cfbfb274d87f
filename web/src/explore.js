// The graph explorer: search an entity, draw its neighbourhood with cytoscape.js, click nodes
// to expand them, read properties and provenance in the side panel, or draw the shortest
// paths between two entities. The view lives in the URL hash, so it can be shared:
//   #focus=lynas&depth=1&expanded=a,b&selected=a     a neighbourhood, expanded at a and b
//   #from=lynas&to=msp&hops=4&expanded=…            the shortest paths from lynas to msp
import cytoscape from 'cytoscape';
import { $, el, gql, setBusy } from './common.js';
import './explore.css';

// Colour and shape per kind (the GraphQL __typename).
const KINDS = {
  Country: ['#2b83ba', 'ellipse'],
  Organization: ['#d7191c', 'round-rectangle'],
  Partnership: ['#7b3294', 'hexagon'],
  Agreement: ['#e08214', 'diamond'],
  Policy: ['#8c510a', 'tag'],
  Project: ['#1a9641', 'triangle'],
  Mineral: ['#525252', 'octagon'],
  Technology: ['#01857a', 'barrel'],
  Event: ['#c51b7d', 'star'],
  Measurement: ['#5e8fd6', 'rhomboid'],
};
const kindOf = (k) => KINDS[k] ?? ['#999', 'ellipse'];

// --- GraphQL ----------------------------------------------------------------------------

// The server refuses queries whose estimated cost is over its limit (QUERY_TOO_COMPLEX),
// and it counts a neighbourhood's `limit` as a multiplier: ask for as much as it allows,
// learnt from its answer, and remembered per query.
const allowed = new Map();
async function gqlLimited(query, variables) {
  let limit = Math.min(variables.limit, allowed.get(query) ?? Infinity);
  for (;;) {
    try {
      return await gql(query, { ...variables, limit });
    } catch (err) {
      if (err.code !== 'QUERY_TOO_COMPLEX' || limit <= 1) throw err;
      const m = /cost is (\d+)\D+limit is (\d+)/.exec(err.message);
      limit = Math.max(1, Math.min(limit - 1, m ? Math.floor((limit * m[2]) / m[1]) : Math.floor(limit / 2)));
      allowed.set(query, limit);
    }
  }
}

const PROV = 'provenance { evidence quote note locator source { id title url } }';
const EDGE = `id type from to validFrom validTo note ${PROV}`;
const SEARCH = 'query Search($text: String!) { search(text: $text, first: 8) { entity { id name __typename } } }';
// The drawing needs no provenance; the panel loads it for the selected node's relations.
const NEIGHBORHOOD = `query Neighborhood($id: ID!, $depth: Int, $limit: Int) {
  neighborhood(id: $id, depth: $depth, limit: $limit) { nodes { id name __typename } edges { id type from to } truncated }
}`;
const RELATIONS = `query Relations($id: ID!, $limit: Int) {
  neighborhood(id: $id, depth: 1, limit: $limit) { edges { ${EDGE} } }
}`;
const BETWEEN = `query Between($from: ID!, $to: ID!) { paths(from: $from, to: $to, maxHops: 1, limit: 20) { edges { ${EDGE} } } }`;
const PATHS = `query Paths($from: ID!, $to: ID!, $maxHops: Int) {
  paths(from: $from, to: $to, maxHops: $maxHops, limit: 10) { nodes { id name __typename } edges { ${EDGE} } }
}`;
const TYPE_FIELDS = `query TypeFields($name: String!) { __type(name: $name) { fields {
  name args { type { kind } } type { kind name ofType { kind name ofType { kind name ofType { kind name } } } } } } }`;

// --- the graph --------------------------------------------------------------------------

const cy = cytoscape({
  container: $('cy'),
  wheelSensitivity: 0.3,
  textureOnViewport: true,
  minZoom: 0.05,
  maxZoom: 4,
  style: [
    {
      selector: 'node',
      style: {
        'background-color': (n) => kindOf(n.data('kind'))[0],
        shape: (n) => kindOf(n.data('kind'))[1],
        label: 'data(label)',
        width: 26,
        height: 26,
        'font-size': 11,
        'text-valign': 'bottom',
        'text-margin-y': 3,
        'text-wrap': 'ellipsis',
        'text-max-width': 140,
        'text-outline-color': '#fff',
        'text-outline-width': 2,
        'min-zoomed-font-size': 8, // labels appear as you zoom in
      },
    },
    { selector: 'node.focus', style: { width: 38, height: 38, 'border-width': 4, 'border-color': '#111', 'font-weight': 'bold' } },
    { selector: 'node.expanded', style: { 'border-width': 3, 'border-color': '#555', 'border-style': 'double' } },
    { selector: 'node.endpoint', style: { width: 38, height: 38, 'border-width': 4, 'border-color': '#111', 'font-weight': 'bold' } },
    { selector: 'node:selected', style: { 'overlay-color': '#fc0', 'overlay-opacity': 0.35, 'overlay-padding': 6 } },
    {
      selector: 'edge',
      style: {
        width: 1.5,
        'line-color': '#b5b5b5',
        'target-arrow-color': '#b5b5b5',
        'target-arrow-shape': 'triangle',
        'arrow-scale': 0.8,
        'curve-style': 'bezier',
        label: 'data(type)',
        'font-size': 8,
        color: '#555',
        'text-rotation': 'autorotate',
        'text-background-color': '#fff',
        'text-background-opacity': 0.8,
        'text-background-padding': 1,
        'min-zoomed-font-size': 8,
      },
    },
    { selector: 'edge.onpath', style: { width: 3, 'line-color': '#333', 'target-arrow-color': '#333' } },
    { selector: 'edge:selected', style: { 'line-color': '#e6a700', 'target-arrow-color': '#e6a700', width: 3 } },
  ],
});
window.cy = cy; // for the browser tests and the curious

// Measurements (production figures and the like) are not drawn: they would bury a hub's
// partners and projects. Each entity's figures are listed in the side panel instead; a
// Measurement is drawn only when asked for by id (focus, path end, selection).
const figuresOf = new Map(); // entity id → Set of measurement ids
const drawnAnyway = () => {
  const s = readHash();
  return new Set([s.focus, s.from, s.to, s.selected]);
};

function merge(subgraph, near, keepAll = false) {
  const origin = near && !cy.$id(near).empty() ? cy.$id(near).position() : { x: 0, y: 0 };
  const added = [];
  const keep = drawnAnyway();
  const figures = new Set(subgraph.nodes.filter((n) => !keepAll && n.__typename === 'Measurement' && !keep.has(n.id)).map((n) => n.id));
  for (const e of subgraph.edges) {
    for (const [m, other] of [[e.from, e.to], [e.to, e.from]]) {
      if (!figures.has(m) || figures.has(other)) continue;
      if (!figuresOf.has(other)) figuresOf.set(other, new Set());
      figuresOf.get(other).add(m);
    }
  }
  subgraph = { nodes: subgraph.nodes.filter((n) => !figures.has(n.id)), edges: subgraph.edges.filter((e) => !figures.has(e.from) && !figures.has(e.to)) };
  for (const n of subgraph.nodes) {
    if (!cy.$id(n.id).empty()) continue;
    const a = Math.random() * 2 * Math.PI;
    added.push({ group: 'nodes', data: { id: n.id, label: n.name, kind: n.__typename }, position: { x: origin.x + 60 * Math.cos(a), y: origin.y + 60 * Math.sin(a) } });
  }
  const drawn = (id) => !cy.$id(id).empty() || added.some((a) => a.data.id === id);
  for (const e of subgraph.edges) {
    const edge = cy.$id(e.id);
    if (edge.empty() && !(drawn(e.from) && drawn(e.to))) continue;
    if (edge.empty()) added.push({ group: 'edges', data: { ...e, source: e.from, target: e.to } });
    else if (e.provenance) edge.data({ provenance: e.provenance, validFrom: e.validFrom, validTo: e.validTo, note: e.note });
  }
  cy.add(added).nodes().filter((n) => hiddenKinds.has(n.data('kind'))).style('display', 'none');
  return added.length;
}

function layout(fresh) {
  const big = cy.nodes().length > 150;
  cy.layout({
    name: 'cose',
    animate: false,
    randomize: fresh,
    fit: true,
    padding: 30,
    nodeDimensionsIncludeLabels: !big,
    idealEdgeLength: () => (big ? 70 : 100),
    nodeRepulsion: () => (big ? 12000 : 20000),
    numIter: big ? 500 : 1000,
  }).run();
  // A small graph fitted to the window would be drawn huge.
  if (cy.zoom() > 1.2) {
    cy.zoom(1.2);
    cy.center();
  }
}

// --- state in the URL ---------------------------------------------------------------------

function readHash() {
  const p = new URLSearchParams(location.hash.slice(1));
  const list = (k) => (p.get(k) ?? '').split(',').filter(Boolean);
  const int = (k, d, lo, hi) => Math.min(hi, Math.max(lo, parseInt(p.get(k) ?? '', 10) || d));
  return {
    focus: p.get('focus') ?? '',
    depth: int('depth', 1, 1, 3),
    from: p.get('from') ?? '',
    to: p.get('to') ?? '',
    hops: int('hops', 4, 1, 6),
    expanded: list('expanded'),
    selected: p.get('selected') ?? '',
  };
}

function writeHash(s) {
  const p = new URLSearchParams();
  if (s.from && s.to) {
    p.set('from', s.from);
    p.set('to', s.to);
    p.set('hops', s.hops);
  } else if (s.focus) {
    p.set('focus', s.focus);
    p.set('depth', s.depth);
  }
  if (s.expanded.length) p.set('expanded', s.expanded.join(','));
  if (s.selected) p.set('selected', s.selected);
  const hash = '#' + p.toString().replaceAll('%2C', ',');
  if (hash !== location.hash) location.hash = hash;
}

const update = (patch) => writeHash({ ...readHash(), ...patch });

// What the graph currently shows: its base (a neighbourhood or a path) and the expansions.
let shown = { base: '', expanded: new Set() };
let truncated = false;
let lastError = '';

async function render() {
  const s = readHash();
  const pathMode = Boolean(s.from || s.to);
  setMode(pathMode ? 'path' : 'explore');
  setBusy(+1);
  lastError = '';
  try {
    const base = pathMode ? `path:${s.from}:${s.to}:${s.hops}` : s.focus ? `focus:${s.focus}:${s.depth}` : '';
    let fresh = false;
    let paths = null;
    if (base !== shown.base) {
      cy.elements().remove();
      shown = { base, expanded: new Set() };
      truncated = false;
      fresh = true;
      if (pathMode && s.from && s.to) {
        const d = await gql(PATHS, { from: s.from, to: s.to, maxHops: s.hops });
        paths = d.paths;
        for (const p of paths) merge(p, null, true);
        cy.nodes().filter((n) => n.id() === s.from || n.id() === s.to).addClass('endpoint');
        cy.edges().addClass('onpath');
        if (!d.paths.length) lastError = `no path of at most ${s.hops} hops`;
      } else if (s.focus) {
        const d = await gqlLimited(NEIGHBORHOOD, { id: s.focus, depth: s.depth, limit: 300 });
        merge(d.neighborhood);
        truncated ||= d.neighborhood.truncated;
        cy.$id(s.focus).addClass('focus');
      }
    }
    let grew = false;
    for (const id of s.expanded) {
      if (shown.expanded.has(id)) continue;
      shown.expanded.add(id);
      const d = await gqlLimited(NEIGHBORHOOD, { id, depth: 1, limit: 150 });
      grew = merge(d.neighborhood, id) > 0 || grew;
      truncated ||= d.neighborhood.truncated;
      cy.$id(id).addClass('expanded');
    }
    if (fresh || grew) layout(fresh);
    fillInputs(s);
    cy.elements(':selected').unselect();
    if (s.selected && !cy.$id(s.selected).empty()) {
      cy.$id(s.selected).select();
      await showNode(s.selected);
    } else if (paths) {
      showPaths(paths);
    } else if (fresh || !cy.nodes().length) {
      showHint();
    }
  } catch (err) {
    lastError = err.message;
    shown = { base: '', expanded: new Set() }; // draw it all again next time
  } finally {
    setBusy(-1);
    setStatus();
  }
}

function setStatus() {
  const parts = [];
  if (cy.nodes().length) parts.push(`${cy.nodes(':visible').length} nodes, ${cy.edges(':visible').length} relations`);
  if (truncated) parts.push('some neighbours left out (limit reached)');
  if (lastError) parts.push(lastError);
  $('status').textContent = parts.join(' · ');
  $('status').classList.toggle('error', Boolean(lastError));
}

cy.on('tap', 'node', (e) => {
  const id = e.target.id();
  const s = readHash();
  const expanded = id === s.focus || s.expanded.includes(id) ? s.expanded : [...s.expanded, id];
  update({ expanded, selected: id });
});
cy.on('tap', 'edge', (e) => showEdge(e.target).catch((err) => { lastError = err.message; setStatus(); }));

// --- side panel ---------------------------------------------------------------------------

const typeFields = new Map();

// The scalar and enum fields of a kind, read from the schema (introspection), cached.
async function scalarFields(kind) {
  if (!typeFields.has(kind)) {
    const names = gql(TYPE_FIELDS, { name: kind })
      .then((d) => {
        const leaf = (t) => (t.ofType ? leaf(t.ofType) : t);
        return d.__type.fields
          .filter((f) => !f.args.some((a) => a.type.kind === 'NON_NULL'))
          .filter((f) => ['SCALAR', 'ENUM'].includes(leaf(f.type).kind))
          .map((f) => f.name)
          .filter((n) => !['sources', 'quotes'].includes(n));
      })
      .catch(() => ['id', 'name', 'aliases', 'description']);
    typeFields.set(kind, names);
  }
  return typeFields.get(kind);
}

// A provenance entry's text and source; "in the source" opens the source view, which shows
// a quote in its stored text, a data row in its table, a compiled note as not verbatim.
function sourceHref(p) {
  const q = new URLSearchParams({ source: p.source.id });
  if (p.locator) q.set('locator', p.locator);
  else if (p.quote) q.set('quote', p.quote);
  else if (p.note) q.set('note', p.note);
  return `/source#${q}`;
}

function quotes(provenance) {
  if (!provenance?.length) return null;
  return el('ul', { class: 'quotes' },
    provenance.map((p) => el('li', {},
      el('blockquote', { class: p.evidence === 'COMPILED' ? 'compiled' : null }, p.quote ?? p.note),
      el('cite', {}, p.evidence === 'COMPILED' ? 'compiled, not verbatim: ' : null,
        p.source.url ? el('a', { href: p.source.url, target: '_blank', rel: 'noreferrer noopener' }, p.source.title) : p.source.title,
        ' · ', el('a', { href: sourceHref(p), class: 'in-source' }, 'in the source')))));
}

const fmt = (v) => (Array.isArray(v) ? v.join(', ') : String(v));

async function showNode(id) {
  const node = cy.$id(id);
  const kind = node.data('kind');
  const fields = await scalarFields(kind);
  if (node.connectedEdges().some((e) => !e.data('provenance'))) {
    const r = await gqlLimited(RELATIONS, { id, limit: 100 });
    merge({ nodes: [], edges: r.neighborhood.edges.filter((e) => !cy.$id(e.id).empty()) });
  }
  const d = await gql(`query Node($id: ID!) { node(id: $id) { __typename ... on ${kind} { ${fields.join(' ')} } ${PROV} } }`, { id });
  const n = d.node;
  if (!n || readHash().selected !== id) return;
  const props = fields.filter((f) => !['id', 'name', 'description'].includes(f) && n[f] != null && !(Array.isArray(n[f]) && !n[f].length));
  const relations = node.connectedEdges().sort((a, b) => a.data('type').localeCompare(b.data('type')));
  $('details').replaceChildren(
    el('h2', {}, swatch(kind), n.name),
    el('p', { class: 'kind' }, `${kind} · `, el('code', {}, n.id)),
    n.description ? el('p', {}, n.description) : null,
    props.length ? el('table', { class: 'props' }, props.map((f) => el('tr', {}, el('th', {}, f), el('td', {}, fmt(n[f]))))) : null,
    el('div', { class: 'actions' },
      el('button', { type: 'button', onclick: () => writeHash({ ...readHash(), focus: id, from: '', to: '', expanded: [], selected: id }) }, 'Centre here'),
      el('button', { type: 'button', onclick: () => { setMode('path'); pick.from = { id, name: n.name }; $('path-from').value = n.name; $('path-to').focus(); } }, 'Path from here')),
    n.provenance?.length ? el('h3', {}, 'Sources') : null,
    quotes(n.provenance),
    await figuresTable(id),
    el('h3', {}, `Relations shown (${relations.length})`),
    el('ul', { class: 'relations' }, relations.map((e) => relationItem(e, id))),
  );
}

const FIGURES = `query Figures($ids: [ID!]) { measurements(where: { id: { in: $ids } }) {
  id name metric value qualifier unit year edition } }`;

// The entity's figures (the Measurements not drawn), as a small table; each opens in the explorer.
async function figuresTable(id) {
  const ids = [...(figuresOf.get(id) ?? [])];
  if (!ids.length) return null;
  const rows = (await gql(FIGURES, { ids: ids.slice(0, 100) })).measurements
    .sort((a, b) => (b.year ?? 0) - (a.year ?? 0) || a.name.localeCompare(b.name));
  return el('div', { class: 'figures' },
    el('h3', {}, `Figures (${ids.length})`),
    el('table', { class: 'props figures-table' },
      el('tr', {}, el('th', {}, 'Figure'), el('th', {}, 'Value'), el('th', {}, 'Year')),
      rows.map((m) => el('tr', {},
        el('td', {}, el('a', { href: `#focus=${encodeURIComponent(m.id)}&depth=1&selected=${encodeURIComponent(m.id)}`, 'data-measurement': m.id }, m.name)),
        el('td', {}, m.value == null ? (m.qualifier ?? '–').toLowerCase() : `${m.value.toLocaleString('en-US')} ${m.unit}`),
        el('td', {}, [m.year, m.edition].filter(Boolean).join(' '))))));
}

function relationItem(e, from) {
  const outgoing = e.data('source') === from;
  const other = outgoing ? e.target() : e.source();
  const when = [e.data('validFrom'), e.data('validTo')].some(Boolean) ? ` (${e.data('validFrom') ?? '…'} – ${e.data('validTo') ?? '…'})` : '';
  return el('li', {},
    el('div', {},
      el('span', { class: 'rel' }, outgoing ? `${e.data('type')} →` : `← ${e.data('type')}`), ' ',
      el('a', { href: '#', onclick: (ev) => { ev.preventDefault(); update({ selected: other.id() }); } }, other.data('label')),
      when),
    e.data('note') ? el('p', { class: 'note' }, e.data('note')) : null,
    e.data('provenance') ? quotes(e.data('provenance')) : el('p', { class: 'note' }, 'Click the relation to load its sources.'));
}

async function showEdge(e) {
  if (!e.data('provenance')) {
    const d = await gql(BETWEEN, { from: e.data('source'), to: e.data('target') });
    merge({ nodes: [], edges: d.paths.flatMap((p) => p.edges).filter((x) => x.id === e.id()) });
  }
  $('details').replaceChildren(
    el('h2', {}, e.data('type')),
    el('p', {}, el('b', {}, e.source().data('label')), ' → ', el('b', {}, e.target().data('label'))),
    e.data('validFrom') || e.data('validTo') ? el('p', {}, `valid ${e.data('validFrom') ?? '…'} – ${e.data('validTo') ?? '…'}`) : null,
    e.data('note') ? el('p', { class: 'note' }, e.data('note')) : null,
    el('h3', {}, 'Sources'),
    quotes(e.data('provenance')),
  );
}

function showPaths(paths) {
  const name = (id) => cy.$id(id).data('label') ?? id;
  $('details').replaceChildren(
    el('h2', {}, paths.length ? `${paths.length} shortest path${paths.length > 1 ? 's' : ''}, ${paths[0].edges.length} hop${paths[0].edges.length > 1 ? 's' : ''}` : 'No path'),
    el('ol', { class: 'paths' }, paths.map((p) => el('li', {},
      el('ul', { class: 'relations' }, p.edges.map((e) => el('li', {},
        el('div', {}, el('b', {}, name(e.from)), ' ', el('span', { class: 'rel' }, `${e.type} →`), ' ', el('b', {}, name(e.to))),
        quotes(e.provenance))))))),
  );
}

function showHint() {
  $('details').replaceChildren(el('p', { class: 'hint' }, 'Search an entity to draw its neighbourhood. Click a node to expand it and see its properties and the quotes behind its relations; drag to move, scroll to zoom. The address bar keeps the view: share it.'));
}

// A small drawing of a kind's shape in its colour, for the legend and the panel.
const SHAPES = {
  ellipse: '<circle cx="8" cy="8" r="7"/>',
  'round-rectangle': '<rect x="1" y="2" width="14" height="12" rx="3"/>',
  hexagon: '<polygon points="4,1 12,1 15,8 12,15 4,15 1,8"/>',
  diamond: '<polygon points="8,0 16,8 8,16 0,8"/>',
  tag: '<polygon points="1,2 11,2 15,8 11,14 1,14"/>',
  triangle: '<polygon points="8,1 15,15 1,15"/>',
  octagon: '<polygon points="5,1 11,1 15,5 15,11 11,15 5,15 1,11 1,5"/>',
  barrel: '<rect x="1" y="1" width="14" height="14" rx="5" ry="2"/>',
  star: '<polygon points="8,0 10,6 16,6 11,10 13,16 8,12 3,16 5,10 0,6 6,6"/>',
  rhomboid: '<polygon points="4,2 16,2 12,14 0,14"/>',
};
function swatch(kind) {
  const [color, shape] = kindOf(kind);
  const s = el('span', { class: 'swatch' });
  s.innerHTML = `<svg viewBox="0 0 16 16" width="14" height="14" fill="${color}">${SHAPES[shape]}</svg>`;
  return s;
}
// The legend is a filter: a click hides a kind's nodes (and brings them back).
const hiddenKinds = new Set();
$('legend').append(el('ul', {}, Object.keys(KINDS).filter((k) => k !== 'Measurement').map((k) => el('li', {},
  el('button', { type: 'button', class: 'kind-toggle', 'data-kind': k, 'aria-pressed': 'true', title: `Hide or show ${k} nodes`, onclick: (ev) => {
    const shownNow = !hiddenKinds.has(k);
    if (shownNow) hiddenKinds.add(k); else hiddenKinds.delete(k);
    ev.currentTarget.setAttribute('aria-pressed', String(!shownNow));
    cy.nodes().filter((n) => n.data('kind') === k).style('display', shownNow ? 'none' : 'element');
    setStatus();
  } }, swatch(k), k)))));

// --- search with suggestions ----------------------------------------------------------------

function suggest(input, onPick) {
  const list = el('ul', { class: 'suggestions', role: 'listbox' });
  list.hidden = true;
  input.after(list);
  let items = [];
  let active = -1;
  let seq = 0;
  let timer;
  const hide = () => { list.hidden = true; active = -1; };
  const choose = (entity) => { input.value = entity.name; hide(); onPick(entity); };
  const draw = () => {
    list.replaceChildren(...items.map((e, i) => el('li', {
      role: 'option',
      class: i === active ? 'active' : '',
      'data-id': e.id,
      onmousedown: (ev) => { ev.preventDefault(); choose(e); },
    }, swatch(e.__typename), el('span', {}, e.name), el('small', {}, e.__typename))));
    list.hidden = items.length === 0;
  };
  input.addEventListener('input', () => {
    clearTimeout(timer);
    const text = input.value.trim().slice(0, 200);
    if (!/[\p{L}\p{N}]/u.test(text)) { items = []; hide(); return; }
    timer = setTimeout(async () => {
      const mine = ++seq;
      try {
        const d = await gql(SEARCH, { text });
        if (mine !== seq) return;
        items = d.search.map((r) => r.entity);
        active = items.length ? 0 : -1;
        draw();
      } catch (err) {
        lastError = err.message;
        setStatus();
      }
    }, 120);
  });
  input.addEventListener('keydown', (ev) => {
    if (list.hidden) return;
    if (ev.key === 'ArrowDown' || ev.key === 'ArrowUp') {
      ev.preventDefault();
      active = (active + (ev.key === 'ArrowDown' ? 1 : -1) + items.length) % items.length;
      draw();
    } else if (ev.key === 'Enter' && active >= 0) {
      ev.preventDefault();
      choose(items[active]);
    } else if (ev.key === 'Escape') hide();
  });
  input.addEventListener('blur', () => setTimeout(hide, 100));
}

const pick = { from: null, to: null };
suggest($('search'), (e) => writeHash({ focus: e.id, depth: Number($('depth').value), from: '', to: '', expanded: [], selected: e.id }));
const pathPicked = () => {
  if (pick.from && pick.to) writeHash({ from: pick.from.id, to: pick.to.id, hops: Number($('max-hops').value), expanded: [], selected: '' });
};
suggest($('path-from'), (e) => { pick.from = e; pathPicked(); });
suggest($('path-to'), (e) => { pick.to = e; pathPicked(); });
$('depth').addEventListener('change', () => { if (readHash().focus) update({ depth: Number($('depth').value) }); });
$('max-hops').addEventListener('change', () => { if (readHash().from) update({ hops: Number($('max-hops').value) }); });
for (const f of ['explore-form', 'path-form']) $(f).addEventListener('submit', (ev) => ev.preventDefault());

function setMode(mode) {
  $('explore-form').hidden = mode !== 'explore';
  $('path-form').hidden = mode !== 'path';
  $('mode-explore').setAttribute('aria-selected', mode === 'explore');
  $('mode-path').setAttribute('aria-selected', mode === 'path');
}
$('mode-explore').addEventListener('click', () => setMode('explore'));
$('mode-path').addEventListener('click', () => setMode('path'));

// Put the names of what the URL shows into the inputs.
function fillInputs(s) {
  const name = (id) => cy.$id(id).data('label') ?? id;
  if (s.focus) { $('search').value = name(s.focus); $('depth').value = String(s.depth); }
  if (s.from && s.to) {
    pick.from = { id: s.from, name: name(s.from) };
    pick.to = { id: s.to, name: name(s.to) };
    $('path-from').value = pick.from.name;
    $('path-to').value = pick.to.name;
    $('max-hops').value = String(s.hops);
  }
}

// Render one state at a time, the latest.
let rendering = Promise.resolve();
const rerender = () => { rendering = rendering.then(render); return rendering; };
window.addEventListener('hashchange', rerender);
document.body.dataset.busy = '0';
rerender();
