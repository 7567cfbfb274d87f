// What the explorer draws of a neighbourhood (src/explore-plan.js), on a made-up hub larger
// than the seed's: no browser, no server.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { plan, MAX_NEIGHBOURS, groupOf } from '../src/explore-plan.js';

// A hub with 20 members, 5 projects it supports, 3 backers, 12 minerals, 4 focus areas and
// 30 figures; one mineral is also a figure's subject.
function hub() {
  const nodes = [{ id: 'hub', name: 'Hub', __typename: 'Partnership' }];
  const edges = [];
  const add = (prefix, n, kind, type, out) => {
    for (let i = 0; i < n; i++) {
      const id = `${prefix}${String(i).padStart(2, '0')}`;
      nodes.push({ id, name: id.toUpperCase(), __typename: kind });
      edges.push({ id: `e-${id}`, type, from: out ? 'hub' : id, to: out ? id : 'hub' });
    }
  };
  add('c', 18, 'Country', 'MEMBER_OF', false);
  add('o', 2, 'Organization', 'MEMBER_OF', false);
  add('p', 5, 'Project', 'SUPPORTS', true);
  add('b', 3, 'Organization', 'SUPPORTS', false);
  add('m', 12, 'Mineral', 'INVOLVES_MINERAL', true);
  add('f', 4, 'FocusArea', 'FOCUSES_ON', true);
  add('x', 30, 'Measurement', 'ABOUT', false);
  edges.push({ id: 'e-x00-m00', type: 'INVOLVES_MINERAL', from: 'x00', to: 'm00' });
  return { nodes, edges };
}

const view = (state) => plan({ base: { graphs: [hub()], centre: 'hub', depth: 1 }, hoods: new Map(), expanded: [], open: new Set(), all: new Set(), keep: ['hub'], ...state });
const kindOf = (p, id) => p.info.get(id).__typename;

// 28 members, projects and backers for 27 places: every member and backer is drawn, and the
// projects but the last by name.
test('a hub draws its members, then backers and projects, under 30 nodes with its figures node', () => {
  const p = view({});
  const drawn = [...p.drawn.keys()];
  assert.equal(drawn.length, 1 + MAX_NEIGHBOURS);
  assert.ok(drawn.length + p.groups.size < 30);
  const want = hub().nodes.filter((n) => /^[cobp]/.test(n.id) && n.id !== 'p04').map((n) => n.id);
  for (const id of want) assert.ok(drawn.includes(id), `${id} drawn`);
  assert.deepEqual(drawn.filter((id) => kindOf(p, id) === 'Measurement'), []);
  assert.deepEqual([...p.groups.keys()], [groupOf('hub')]);
  assert.equal(p.groups.get(groupOf('hub')).figures.length, 30);
  // Nothing is lost: the rest is listed, the last project first (by kind), then minerals and focus areas.
  assert.deepEqual(p.notDrawn.get('hub').map((n) => n.id), ['p04', ...hub().nodes.filter((n) => /^m/.test(n.id)).map((n) => n.id), 'f00', 'f01', 'f02', 'f03']);
  assert.equal(p.figuresOf.get('hub').size, 30);
});

test('the figures node opens into its figures, hung from it, and folds back', () => {
  const open = view({ open: new Set(['hub']) });
  const figures = [...open.drawn.keys()].filter((id) => kindOf(open, id) === 'Measurement');
  assert.equal(figures.length, 30);
  // Each figure hangs from the group node, not from the hub.
  for (const m of figures) {
    assert.ok(open.edges.some((e) => e.from === groupOf('hub') && e.to === m));
    assert.ok(!open.edges.some((e) => (e.from === m && e.to === 'hub') || (e.to === m && e.from === 'hub')));
  }
  assert.deepEqual([...view({}).drawn.keys()], [...view({ open: new Set() }).drawn.keys()]);
});

test('all draws every neighbour; a listed one, expanded, is drawn; the same state draws the same', () => {
  const all = view({ all: new Set(['hub']) });
  assert.equal(all.drawn.size, 1 + 18 + 2 + 5 + 3 + 12 + 4);
  assert.equal(all.notDrawn.size, 0);
  const m = hub().nodes.find((n) => n.id === 'm05');
  const one = view({ expanded: ['m05'], hoods: new Map([['m05', { nodes: [m, hub().nodes[0]], edges: [{ id: 'e-m05', type: 'INVOLVES_MINERAL', from: 'hub', to: 'm05' }] }]]) });
  assert.ok(one.drawn.has('m05'));
  assert.equal(one.notDrawn.get('hub').length, view({}).notDrawn.get('hub').length - 1);
  assert.deepEqual([...view({}).drawn.keys()], [...view({}).drawn.keys()]);
});
