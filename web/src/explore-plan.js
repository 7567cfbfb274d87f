// What the explorer draws of the neighbourhoods it has fetched, so that a hub stays readable:
// - an entity's figures (Measurements) are one "figures" node, opened and closed by a click;
// - an expanded entity draws at most MAX_NEIGHBOURS of its neighbours, the ones a researcher
//   asks about first (members, then what it supports or finances and who supports or
//   finances it, then what it owns or operates, then the rest by kind); with the entity and
//   its figures node, a view starts under 30 nodes. The others are listed in the side panel,
//   from where one or all of them can be drawn.
// Pure: the same fetched data and URL state give the same drawing, whatever the order of
// the clicks that led there, so that a shared URL draws what its sender saw.

export const MAX_NEIGHBOURS = 27;

// Lower comes first; a relation not named here ranks after them all.
const RELATION_RANK = {
  MEMBER_OF: 0, EMERGING_DE_FACTO_MEMBER_OF: 0,
  SUPPORTS: 1, FINANCES: 1,
  OWNS: 2, OPERATES: 2, PARTY_TO: 2, CARRIES_OUT: 2,
};
const KIND_ORDER = ['Country', 'Organization', 'Project', 'Partnership', 'Agreement', 'Policy', 'Technology', 'Event', 'Mineral', 'FocusArea', 'Measurement'];
const kindRank = (k) => (KIND_ORDER.includes(k) ? KIND_ORDER.indexOf(k) : KIND_ORDER.length);

const GROUP = 'figures:';
export const groupOf = (owner) => GROUP + owner;
export const ownerOfGroup = (id) => (id.startsWith(GROUP) ? id.slice(GROUP.length) : null);

// base: { graphs: [{nodes, edges}], centre, depth, drawAll } (a path draws all its graphs);
// hoods: Map expanded id → its depth-1 neighbourhood; open: owners whose figures node is
// open; all: entities drawn with all their neighbours; keep: ids drawn if known (the focus,
// the selection, the ends of a path).
export function plan({ base, hoods, expanded, open, all, keep }) {
  const info = new Map();
  const edges = new Map();
  const graphs = [...base.graphs, ...expanded.map((id) => hoods.get(id)).filter(Boolean)];
  for (const g of graphs) {
    for (const n of g.nodes) info.set(n.id, n);
    for (const e of g.edges) edges.set(e.id, e);
  }
  const isFigure = (id) => info.get(id)?.__typename === 'Measurement';
  // An entity's figures: the Measurements next to it, in any graph.
  const figuresOf = new Map();
  for (const e of edges.values()) {
    for (const [m, other] of [[e.from, e.to], [e.to, e.from]]) {
      if (!isFigure(m) || isFigure(other)) continue;
      if (!figuresOf.has(other)) figuresOf.set(other, new Set());
      figuresOf.get(other).add(m);
    }
  }

  const drawn = new Map(); // id → the id it is drawn near (its position starts there)
  const draw = (id, near) => { if (info.has(id) && !drawn.has(id)) drawn.set(id, near); };
  const centres = [];

  // The neighbours of each entity in one graph, with the rank of its best relation to them.
  const neighbours = (g) => {
    const out = new Map();
    for (const e of g.edges) {
      for (const [a, b] of [[e.from, e.to], [e.to, e.from]]) {
        if (!out.has(a)) out.set(a, new Map());
        const r = RELATION_RANK[e.type] ?? 3;
        out.get(a).set(b, Math.min(r, out.get(a).get(b) ?? r));
      }
    }
    return out;
  };
  const byRank = (ranks) => (a, b) => ranks.get(a) - ranks.get(b) ||
    kindRank(info.get(a)?.__typename) - kindRank(info.get(b)?.__typename) ||
    (info.get(a)?.name ?? a).localeCompare(info.get(b)?.name ?? b) || a.localeCompare(b);

  // Draw from centre outwards, depth levels, each entity's best neighbours first.
  const spread = (centre, g, depth) => {
    if (!info.has(centre)) return;
    draw(centre, null);
    centres.push({ id: centre, graph: g });
    const adj = neighbours(g);
    let level = [centre];
    for (let d = 0; d < depth; d++) {
      const next = [];
      for (const p of level) {
        const ranks = adj.get(p) ?? new Map();
        const fresh = [...ranks.keys()].filter((c) => !drawn.has(c) && !isFigure(c)).sort(byRank(ranks));
        for (const c of all.has(p) ? fresh : fresh.slice(0, MAX_NEIGHBOURS)) {
          draw(c, p);
          next.push(c);
        }
      }
      level = next;
    }
  };

  if (base.drawAll) for (const g of base.graphs) for (const n of g.nodes) draw(n.id, null);
  else if (base.centre) spread(base.centre, base.graphs[0], base.depth);
  for (const id of expanded) if (hoods.has(id)) spread(id, hoods.get(id), 1);
  for (const id of keep) draw(id, null);

  // One figures node per centre that has figures; an open one draws them around it.
  const groups = new Map(); // group id → { owner, figures }
  for (const { id, graph } of centres) {
    if (!drawn.has(id) || groups.has(groupOf(id))) continue;
    const own = new Set(graph.edges.flatMap((e) => (e.from === id ? [e.to] : e.to === id ? [e.from] : [])).filter(isFigure));
    if (isFigure(id) || !own.size) continue;
    groups.set(groupOf(id), { owner: id, figures: [...own].sort() });
    if (open.has(id)) for (const m of own) draw(m, groupOf(id));
  }
  const openFigure = (m, owner) => open.has(owner) && groups.get(groupOf(owner))?.figures.includes(m);

  // Every relation between two drawn entities, but an open group's figures hang from the
  // group node, not from its owner.
  const drawnEdges = [...edges.values()].filter((e) => drawn.has(e.from) && drawn.has(e.to) &&
    !openFigure(e.from, e.to) && !openFigure(e.to, e.from));
  for (const [gid, { owner, figures }] of groups) {
    drawnEdges.push({ id: `${gid}>`, type: '', from: owner, to: gid, group: true });
    if (open.has(owner)) for (const m of figures) drawnEdges.push({ id: `${gid}>${m}`, type: '', from: gid, to: m, group: true });
  }

  // The neighbours of each centre that are not drawn, for the side panel.
  const notDrawn = new Map();
  for (const { id, graph } of centres) {
    const rest = [...(neighbours(graph).get(id)?.keys() ?? [])].filter((c) => !drawn.has(c) && !isFigure(c));
    if (rest.length) notDrawn.set(id, rest.map((c) => info.get(c)).sort((a, b) => kindRank(a.__typename) - kindRank(b.__typename) || a.name.localeCompare(b.name)));
  }
  return { info, drawn, edges: drawnEdges, groups, figuresOf, notDrawn };
}
