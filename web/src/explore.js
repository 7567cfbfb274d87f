// The graph explorer: search an entity, draw its neighbourhood with cytoscape.js, click nodes
// to expand them, read properties and provenance in the side panel, or draw the shortest
// paths between two entities. The view lives in the URL hash, so it can be shared:
//   #focus=lynas&depth=1&expanded=a,b&selected=a     a neighbourhood, expanded at a and b
//   #from=lynas&to=msp&hops=4&expanded=…            the shortest paths from lynas to msp
//   …&figures=a&all=b                                a's figures node open, all of b's neighbours drawn
// What is drawn of the fetched neighbourhoods is decided in explore-plan.js.
import cytoscape from 'cytoscape';
import { $, el, gql, setBusy, hashView } from './common.js';
import { plan, groupOf, ownerOfGroup } from './explore-plan.js';
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
  FocusArea: ['#8073ac', 'pentagon'],
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
    // An entity's figures, one node: a dashed label-sized box, solid when open.
    {
      selector: 'node.group',
      style: {
        shape: 'round-rectangle',
        width: (n) => 14 + 6.2 * n.data('label').length,
        height: 22,
        'background-color': '#eaf1fb',
        'border-width': 1.5,
        'border-color': '#5e8fd6',
        'border-style': 'dashed',
        'text-valign': 'center',
        'text-margin-y': 0,
        'text-outline-width': 0,
        color: '#1f3d73',
        'font-size': 11,
        'z-index': 1, // under the entities it may overlap, so that a click reaches them
      },
    },
    { selector: 'node.group.open', style: { 'border-style': 'solid', 'background-color': '#d4e3f7' } },
    { selector: 'edge.group', style: { 'line-style': 'dashed', 'line-color': '#9db7e0', 'target-arrow-shape': 'none', width: 1, label: '' } },
    { selector: 'edge.onpath', style: { width: 3, 'line-color': '#333', 'target-arrow-color': '#333' } },
    { selector: 'edge:selected', style: { 'line-color': '#e6a700', 'target-arrow-color': '#e6a700', width: 3 } },
  ],
});
window.cy = cy; // for the browser tests and the curious

// What has been fetched: the base (a neighbourhood or the paths) and each expansion's
// neighbourhood; what is drawn of it is planned from them and the URL (explore-plan.js).
let fetched = { base: { graphs: [] }, hoods: new Map() };
let planned = plan({ base: fetched.base, hoods: fetched.hoods, expanded: [], open: new Set(), all: new Set(), keep: [] });

// Make the canvas what the plan says: new nodes start next to the node they hang from.
// Returns how many elements were added.
function sync(s) {
  const keep = [s.focus, s.from, s.to, s.selected].filter(Boolean);
  planned = plan({ base: fetched.base, hoods: fetched.hoods, expanded: s.expanded, open: new Set(s.figures), all: new Set(s.all), keep });
  const want = new Set([...planned.drawn.keys(), ...planned.groups.keys(), ...planned.edges.map((e) => e.id)]);
  cy.remove(cy.elements().filter((x) => !want.has(x.id())));
  const added = [];
  const at = new Map();
  const place = (id, near) => {
    if (!cy.$id(id).empty()) return cy.$id(id).position();
    if (at.has(id)) return at.get(id);
    const o = near ? place(near, planned.drawn.get(near) ?? ownerOfGroup(near)) : { x: 0, y: 0 };
    const a = Math.random() * 2 * Math.PI;
    const p = { x: o.x + 60 * Math.cos(a), y: o.y + 60 * Math.sin(a) };
    at.set(id, p);
    return p;
  };
  for (const [id, near] of planned.drawn) {
    if (!cy.$id(id).empty()) continue;
    const n = planned.info.get(id);
    added.push({ group: 'nodes', data: { id, label: n.name, kind: n.__typename }, position: place(id, near) });
  }
  for (const [gid, g] of planned.groups) {
    const label = `${s.figures.includes(g.owner) ? '▾' : '▸'} ${g.figures.length} figure${g.figures.length > 1 ? 's' : ''}`;
    if (cy.$id(gid).empty()) added.push({ group: 'nodes', classes: 'group', data: { id: gid, label, kind: 'Measurement', owner: g.owner }, position: place(gid, g.owner) });
    else cy.$id(gid).data('label', label);
  }
  for (const e of planned.edges) {
    if (cy.$id(e.id).empty()) added.push({ group: 'edges', classes: e.group ? 'group' : '', data: { ...e, source: e.from, target: e.to } });
  }
  cy.add(added);
  cy.nodes('.group').forEach((n) => { n.toggleClass('open', s.figures.includes(n.data('owner'))); });
  cy.nodes().forEach((n) => { n.style('display', hiddenKinds.has(n.data('kind')) ? 'none' : 'element'); });
  return added.length;
}

// Relations drawn without their sources get them once loaded (for the side panel).
function attachProvenance(edges) {
  for (const e of edges) {
    const edge = cy.$id(e.id);
    if (!edge.empty() && e.provenance) edge.data({ provenance: e.provenance, validFrom: e.validFrom, validTo: e.validTo, note: e.note });
  }
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
    figures: list('figures'),
    all: list('all'),
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
  for (const k of ['expanded', 'figures', 'all']) if (s[k]?.length) p.set(k, s[k].join(','));
  if (s.selected) p.set('selected', s.selected);
  writeView('#' + p.toString().replaceAll('%2C', ','));
}

const update = (patch) => writeHash({ ...readHash(), ...patch });

// What the graph currently shows: its base (a neighbourhood or a path).
let shown = '';
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
    if (base !== shown) {
      cy.elements().remove();
      fetched = { base: { graphs: [] }, hoods: new Map() };
      shown = base;
      truncated = false;
      fresh = true;
      if (pathMode && s.from && s.to) {
        const d = await gql(PATHS, { from: s.from, to: s.to, maxHops: s.hops });
        paths = d.paths;
        fetched.base = { graphs: paths, drawAll: true };
        if (!d.paths.length) lastError = `no path of at most ${s.hops} hops`;
      } else if (s.focus) {
        const d = await gqlLimited(NEIGHBORHOOD, { id: s.focus, depth: s.depth, limit: 300 });
        fetched.base = { graphs: [d.neighborhood], centre: s.focus, depth: s.depth };
        truncated ||= d.neighborhood.truncated;
      }
    }
    for (const id of s.expanded) {
      if (fetched.hoods.has(id) || id === s.focus) continue;
      const d = await gqlLimited(NEIGHBORHOOD, { id, depth: 1, limit: 150 });
      fetched.hoods.set(id, d.neighborhood);
      truncated ||= d.neighborhood.truncated;
    }
    const grew = sync(s) > 0;
    cy.nodes().removeClass('focus expanded endpoint');
    cy.$id(s.focus).addClass('focus');
    for (const id of s.expanded) cy.$id(id).addClass('expanded');
    if (paths) {
      cy.nodes().filter((n) => n.id() === s.from || n.id() === s.to).addClass('endpoint');
      cy.edges().addClass('onpath');
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
    shown = ''; // draw it all again next time
  } finally {
    setBusy(-1);
    setStatus();
  }
}

function setStatus() {
  const parts = [];
  if (cy.nodes().length) parts.push(`${cy.nodes(':visible').length} nodes, ${cy.edges(':visible').length} relations`);
  const left = [...planned.notDrawn.values()].reduce((n, xs) => n + xs.length, 0);
  if (left) parts.push(`${left} more not drawn (listed in the panel)`);
  if (truncated) parts.push('some neighbours left out (limit reached)');
  if (lastError) parts.push(lastError);
  $('status').textContent = parts.join(' · ');
  $('status').classList.toggle('error', Boolean(lastError));
}

cy.on('tap', 'node', (e) => {
  const id = e.target.id();
  const s = readHash();
  const owner = ownerOfGroup(id);
  if (owner) { // a figures node opens and closes
    update({ figures: s.figures.includes(owner) ? s.figures.filter((x) => x !== owner) : [...s.figures, owner], selected: id });
    return;
  }
  const expanded = id === s.focus || s.expanded.includes(id) ? s.expanded : [...s.expanded, id];
  update({ expanded, selected: id });
});
cy.on('tap', 'edge', (e) => !e.target.hasClass('group') && showEdge(e.target).catch((err) => { lastError = err.message; setStatus(); }));

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

// The side panel's content; what is not there (null) is left out.
const details = (...children) => $('details').replaceChildren(...children.filter((c) => c != null && c !== false));

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
  const owner = ownerOfGroup(id);
  if (owner) return showFigures(owner);
  const node = cy.$id(id);
  const kind = node.data('kind');
  const fields = await scalarFields(kind);
  if (node.connectedEdges().filter((e) => !e.hasClass('group')).some((e) => !e.data('provenance'))) {
    const r = await gqlLimited(RELATIONS, { id, limit: 100 });
    attachProvenance(r.neighborhood.edges);
  }
  const d = await gql(`query Node($id: ID!) { node(id: $id) { __typename ... on ${kind} { ${fields.join(' ')} } ${PROV} } }`, { id });
  const n = d.node;
  if (!n || readHash().selected !== id) return;
  const props = fields.filter((f) => !['id', 'name', 'description'].includes(f) && n[f] != null && !(Array.isArray(n[f]) && !n[f].some((x) => x !== '')));
  const relations = node.connectedEdges().filter((e) => !e.hasClass('group')).sort((a, b) => a.data('type').localeCompare(b.data('type')));
  details(
    el('h2', {}, swatch(kind), n.name),
    el('p', { class: 'kind' }, `${kind} · `, el('code', {}, n.id)),
    n.description ? el('p', {}, n.description) : null,
    props.length ? el('table', { class: 'props' }, props.map((f) => el('tr', {}, el('th', {}, f), el('td', {}, fmt(n[f]))))) : null,
    el('div', { class: 'actions' },
      el('button', { type: 'button', onclick: () => writeHash({ ...readHash(), focus: id, from: '', to: '', expanded: [], figures: [], all: [], selected: id }) }, 'Centre here'),
      el('button', { type: 'button', onclick: () => { setMode('path'); pick.from = { id, name: n.name }; $('path-from').value = n.name; $('path-to').focus(); } }, 'Path from here')),
    n.provenance?.length ? el('h3', {}, 'Sources') : null,
    quotes(n.provenance),
    await figuresTable(id),
    notDrawnList(id),
    el('h3', {}, `Relations shown (${relations.length})`),
    el('ul', { class: 'relations' }, relations.map((e) => relationItem(e, id))),
  );
}

// A figures node's panel: whose figures they are, and the table.
async function showFigures(owner) {
  const name = cy.$id(owner).data('label') ?? owner;
  const open = readHash().figures.includes(owner);
  const table = await figuresTable(owner);
  if (readHash().selected !== groupOf(owner)) return;
  details(
    el('h2', {}, swatch('Measurement'), `Figures of ${name}`),
    el('p', { class: 'kind' }, open ? 'Drawn around this node; click it to fold them back.' : 'Click the node to draw them around it.'),
    table,
  );
}

// The neighbours of an expanded entity that are not drawn, by kind: a click on one draws it
// (and its own neighbours), the button draws them all.
function notDrawnList(id) {
  const rest = planned.notDrawn.get(id);
  if (!rest?.length) return null;
  const byKind = Map.groupBy(rest, (n) => n.__typename);
  const draw = (other) => (ev) => {
    ev.preventDefault();
    const s = readHash();
    update({ expanded: s.expanded.includes(other) ? s.expanded : [...s.expanded, other], selected: other });
  };
  return el('div', { class: 'not-drawn' },
    el('h3', {}, `Not drawn (${rest.length})`),
    el('p', { class: 'kind' }, 'Connected, but left out to keep the view readable.'),
    el('ul', { class: 'relations' }, [...byKind].map(([kind, ns]) => el('li', {}, swatch(kind), ` ${kind} (${ns.length}): `,
      ns.flatMap((n, i) => [i ? ', ' : '', el('a', { href: '#', 'data-id': n.id, onclick: draw(n.id) }, n.name)])))),
    el('div', { class: 'actions' }, el('button', { type: 'button', class: 'draw-all', onclick: () => update({ all: [...readHash().all, id] }) }, `Draw all ${rest.length}`)));
}

const FIGURES = `query Figures($ids: [ID!]) { measurements(where: { id: { in: $ids } }) {
  id name metric value qualifier unit year edition } }`;

// The entity's figures (the Measurements next to it), as a small table; each opens in the explorer.
async function figuresTable(id) {
  const ids = [...(planned.figuresOf.get(id) ?? [])].sort();
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
    attachProvenance(d.paths.flatMap((p) => p.edges).filter((x) => x.id === e.id()));
  }
  details(
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
  details(
    el('h2', {}, paths.length ? `${paths.length} shortest path${paths.length > 1 ? 's' : ''}, ${paths[0].edges.length} hop${paths[0].edges.length > 1 ? 's' : ''}` : 'No path'),
    el('ol', { class: 'paths' }, paths.map((p) => el('li', {},
      el('ul', { class: 'relations' }, p.edges.map((e) => el('li', {},
        el('div', {}, el('b', {}, name(e.from)), ' ', el('span', { class: 'rel' }, `${e.type} →`), ' ', el('b', {}, name(e.to))),
        quotes(e.provenance))))))),
  );
}

function showHint() {
  details(el('p', { class: 'hint' }, 'Search an entity to draw its neighbourhood. Click a node to expand it and see its properties and the quotes behind its relations; drag to move, scroll to zoom. The address bar keeps the view: share it.'));
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
  pentagon: '<polygon points="8,1 15,6 12,15 4,15 1,6"/>',
};
function swatch(kind) {
  const [color, shape] = kindOf(kind);
  const s = el('span', { class: 'swatch' });
  s.innerHTML = `<svg viewBox="0 0 16 16" width="14" height="14" fill="${color}">${SHAPES[shape]}</svg>`;
  return s;
}
// The legend is a filter: a click hides a kind's nodes (and brings them back).
const hiddenKinds = new Set();
$('legend').append(el('ul', {}, Object.keys(KINDS).map((k) => el('li', {},
  el('button', { type: 'button', class: 'kind-toggle', 'data-kind': k, 'aria-pressed': 'true', title: `Hide or show ${k} nodes`, onclick: (ev) => {
    const shownNow = !hiddenKinds.has(k);
    if (shownNow) hiddenKinds.add(k); else hiddenKinds.delete(k);
    ev.currentTarget.setAttribute('aria-pressed', String(!shownNow));
    cy.nodes().filter((n) => n.data('kind') === k).style('display', shownNow ? 'none' : 'element');
    setStatus();
  } }, swatch(k), k === 'Measurement' ? 'Figures' : k)))));

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
  // A pick ends the search: an answer still on its way must not open the list again over
  // the graph, where it would take the next click meant for a node.
  const choose = (entity) => { clearTimeout(timer); seq++; input.value = entity.name; hide(); onPick(entity); };
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
suggest($('search'), (e) => writeHash({ focus: e.id, depth: Number($('depth').value), from: '', to: '', expanded: [], figures: [], all: [], selected: e.id }));
const pathPicked = () => {
  if (pick.from && pick.to) writeHash({ from: pick.from.id, to: pick.to.id, hops: Number($('max-hops').value), expanded: [], figures: [], all: [], selected: '' });
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

// Draw what the URL says, now and whenever it changes.
const writeView = hashView(render);
