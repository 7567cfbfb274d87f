// The explorer at /explore: loads with no request off loopback; search "Lynas" with
// suggestions, draw its neighbourhood, expand a node by clicking it, see JARE (JOGMEC and Sojitz) and Australia
// connected to Lynas; the side panel shows provenance; the URL restores the view; the path
// mode draws Lynas → MSP; a large view stays usable; the MSP view draws its partners, not its
// figures, which the side panel lists; the legend hides and shows a kind.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { openBrowser, BASE_URL, OUT, weigh, saveWeight } from './browser.mjs';

const DEPOSIT = 'lynas-australia-rare-earths-deposit';

let browser;
let page;
before(async () => {
  browser = await openBrowser();
  page = await browser.newPage();
});
after(async () => {
  await browser?.close();
});

// Wait until the explorer has drawn what its URL asks for.
const idle = () => page.waitForFunction(() => document.body.dataset.busy === '0' && window.cy?.nodes().length > 0);
const graph = () => page.evaluate(() => ({
  nodes: window.cy.nodes().map((n) => n.id()),
  edges: window.cy.edges().map((e) => [e.data('source'), e.data('type'), e.data('target')]),
}));
// Whether a and b are connected in the drawn graph, in either direction.
const connected = (a, b) => page.evaluate(([a, b]) => {
  const cy = window.cy;
  return cy.elements().dijkstra({ root: cy.$id(a), directed: false }).distanceTo(cy.$id(b)) < Infinity;
}, [a, b]);
// Share of the graph's canvas that is drawn on (sampled): a blank canvas gives 0.
const inked = async () => {
  const share = await page.evaluate(() => {
    let ink = 0;
    let all = 0;
    for (const c of document.querySelectorAll('#cy canvas')) {
      const { data } = c.getContext('2d').getImageData(0, 0, c.width, c.height);
      for (let i = 0; i < data.length; i += 16) {
        all++;
        if (data[i + 3] > 0 && (data[i] < 235 || data[i + 1] < 235 || data[i + 2] < 235)) ink++;
      }
    }
    return ink / Math.max(all, 1);
  });
  console.log(`drawn on ${(share * 100).toFixed(2)}% of the canvas`);
  return share;
};
// A real mouse click on a drawn node.
async function clickNode(id) {
  const { x, y } = await page.evaluate((id) => {
    const p = window.cy.$id(id).renderedPosition();
    const r = document.getElementById('cy').getBoundingClientRect();
    return { x: r.left + p.x, y: r.top + p.y };
  }, id);
  await page.mouse.click(x, y);
}

test('the explorer loads from this server alone', async () => {
  const started = Date.now();
  await page.goto(`${BASE_URL}/explore`);
  await page.waitForFunction(() => window.cy && document.body.dataset.busy === '0');
  const interactive = Date.now() - started;
  await page.waitForLoadState('networkidle');
  const weight = { ...(await weigh(browser.requests)), interactiveMs: interactive };
  await saveWeight('explore', weight);
  console.log(`explorer: ${weight.requests} requests, ${(weight.totalBytes / 1000).toFixed(0)} kB transferred (${(weight.scriptBytes / 1000).toFixed(0)} kB of JavaScript), usable after ${interactive} ms`);
  assert.ok(weight.scriptBytes < 1_500_000, `the explorer's JavaScript weighs ${weight.scriptBytes} bytes gzipped`);
  browser.check(assert);
});

test('search Lynas, pick it from the suggestions: its neighbourhood is drawn', async () => {
  await page.locator('#search').pressSequentially('Lyna', { delay: 40 });
  const suggestion = page.locator('.suggestions li[data-id="lynas"]');
  await suggestion.waitFor();
  assert.match(await suggestion.innerText(), /Lynas Corporation/);
  await page.screenshot({ path: join(OUT, 'explore-suggestions.png') });
  await suggestion.click();
  await idle();
  assert.match(page.url(), /#focus=lynas\b/);
  const g = await graph();
  assert.ok(g.nodes.includes('lynas') && g.nodes.includes('jare') && g.nodes.includes(DEPOSIT), g.nodes.join(' '));
  // JOGMEC's money reached Lynas through JARE, its joint venture with Sojitz.
  assert.ok(g.edges.some(([s, t, o]) => s === 'jare' && t === 'FINANCES' && o === 'lynas'), 'JARE FINANCES Lynas is drawn');
  await page.locator('#details h2', { hasText: 'Lynas Corporation' }).waitFor();
});

test('clicking a node expands it: JARE and Australia are connected to Lynas', async () => {
  await clickNode(DEPOSIT);
  await page.waitForFunction((id) => location.hash.includes(`expanded=${id}`), DEPOSIT);
  await idle();
  await page.waitForFunction(() => !window.cy.$id('AU').empty());
  assert.ok(await connected('lynas', 'jare'), 'Lynas – JARE');
  assert.ok(await connected('lynas', 'AU'), 'Lynas – Australia');
  const au = await page.evaluate(() => window.cy.$id('AU').data());
  assert.equal(au.label, 'Australia');
  assert.equal(au.kind, 'Country');
  // The side panel shows the deposit, its properties and the quotes behind its relations.
  await page.locator('#details h2', { hasText: /deposit|Lynas/i }).waitFor();
  await page.locator('#details .relations blockquote').first().waitFor();
  assert.ok(await page.locator('#details .relations a', { hasText: 'Australia' }).count() > 0);
  assert.ok((await inked()) > 0.002, 'the graph is drawn on the canvas');
  await page.screenshot({ path: join(OUT, 'explore-lynas.png') });
  browser.check(assert);
});

test('the URL restores the view', async () => {
  const url = page.url();
  const before = await graph();
  const other = await browser.context.newPage();
  try {
    await other.goto(url);
    await other.waitForFunction(() => document.body.dataset.busy === '0' && window.cy?.nodes().length > 0);
    const after = await other.evaluate(() => window.cy.nodes().map((n) => n.id()));
    assert.deepEqual(after.sort(), [...before.nodes].sort());
    assert.ok(await other.evaluate(() => window.cy.$id('lynas-australia-rare-earths-deposit').selected()));
  } finally {
    await other.close();
  }
});

test('path mode: Lynas to the MSP, through JARE and JOGMEC, with the quotes', async () => {
  await page.locator('#mode-path').click();
  await page.locator('#path-from').pressSequentially('Lynas', { delay: 30 });
  await page.locator('#path-form .suggestions li[data-id="lynas"]').click();
  await page.locator('#path-to').pressSequentially('Minerals Security Partnership', { delay: 20 });
  await page.locator('#path-form .suggestions li[data-id="msp"]').click();
  await page.waitForFunction(() => location.hash.includes('from=lynas') && location.hash.includes('to=msp'));
  // Wait for the path itself: the view switching to path mode clears the graph first, so
  // a graph that is merely idle may still be the previous one, or empty.
  await page.waitForFunction(() => document.body.dataset.busy === '0' &&
    window.cy?.$id('lynas').length > 0 && window.cy.$id('msp').length > 0);
  const g = await graph();
  // Every shortest path is drawn; the one through JARE and JOGMEC is among them.
  for (const id of ['lynas', 'jare', 'jogmec', 'msp']) assert.ok(g.nodes.includes(id), `${id} in ${g.nodes.join(' ')}`);
  assert.ok((await inked()) > 0.002, 'the path is drawn on the canvas');
  await page.screenshot({ path: join(OUT, 'explore-path.png') });
  await clickNode('jogmec');
  await page.locator('#details blockquote', { hasText: 'through JOGMEC' }).first().waitFor();
  await page.screenshot({ path: join(OUT, 'explore-path-expanded.png') });
  browser.check(assert);
});

// Figures are listed in the side panel, not drawn: twelve expansions around the MSP draw
// every other kind there is near it, over a hundred nodes.
test('a large view stays usable', async () => {
  const started = Date.now();
  await page.goto(`${BASE_URL}/explore#focus=msp&depth=2&expanded=CN,US,graphite,lithium,eu,AU,JP,CA,nickel,cobalt,rare-earths,copper`);
  await idle();
  const ms = Date.now() - started;
  const n = await page.evaluate(() => window.cy.nodes().length);
  console.log(`large view: ${n} nodes, ${await page.evaluate(() => window.cy.edges().length)} relations, drawn in ${ms} ms`);
  assert.ok(n >= 100, `only ${n} nodes`);
  assert.ok(ms < 20000, `took ${ms} ms`);
  // Still interactive: a click selects a node and fills the panel.
  await clickNode('msp');
  await page.locator('#details h2', { hasText: 'Minerals Security Partnership' }).waitFor();
  assert.ok((await inked()) > 0.002, 'the graph is drawn on the canvas');
  await page.screenshot({ path: join(OUT, 'explore-large.png') });
  browser.check(assert);
});

test('the MSP view: its partners, projects and financiers, no figure on the canvas; figures in the panel; the legend hides a kind', async () => {
  const api = async (query) => (await (await fetch(`${BASE_URL}/graphql`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ query }) })).json()).data;
  const hood = (await api('{ neighborhood(id: "msp", depth: 1, limit: 300) { nodes { id __typename } edges { type from to } } }')).neighborhood;
  const partners = hood.edges.filter((e) => e.type === 'MEMBER_OF' && e.to === 'msp').map((e) => e.from);
  const figures = hood.nodes.filter((n) => n.__typename === 'Measurement').map((n) => n.id);
  await page.goto(`${BASE_URL}/explore#focus=msp&depth=1&selected=msp`);
  await page.reload();
  await idle();
  const g = await graph();
  console.log(`MSP view: ${g.nodes.length} nodes drawn of ${hood.nodes.length} in the neighbourhood (${figures.length} figures in the panel)`);
  for (const p of partners) assert.ok(g.nodes.includes(p), `partner ${p} is drawn`);
  assert.ok(partners.length >= 15, `${partners.length} partners`);
  assert.deepEqual(g.nodes.filter((id) => figures.includes(id)), [], 'no Measurement on the canvas');
  assert.equal(g.nodes.length, hood.nodes.length - figures.length);
  await page.locator('#details .figures-table a').first().waitFor();
  const listed = await page.$$eval('#details .figures-table a', (as) => as.map((a) => a.dataset.measurement));
  assert.deepEqual([...listed].sort(), [...new Set(hood.edges.flatMap((e) => [e.from, e.to]).filter((id) => figures.includes(id) && hood.edges.some((x) => (x.from === id && x.to === 'msp') || (x.to === id && x.from === 'msp'))))].sort());
  await page.screenshot({ path: join(OUT, 'explore-msp.png') });
  // The legend hides the minerals and brings them back.
  const minerals = hood.nodes.filter((n) => n.__typename === 'Mineral').length;
  const visible = () => page.evaluate(() => window.cy.nodes(':visible').length);
  await page.locator('.kind-toggle[data-kind="Mineral"]').click();
  assert.equal(await visible(), g.nodes.length - minerals);
  await page.screenshot({ path: join(OUT, 'explore-msp-no-minerals.png') });
  await page.locator('.kind-toggle[data-kind="Mineral"]').click();
  assert.equal(await visible(), g.nodes.length);
  browser.check(assert);
});
