// The busy flag the other browser tests wait on: `document.body.dataset.busy` is '1' from the
// task that changes a page's URL until the view it names is drawn, and '0' only when the page
// shows what its URL says. First what the browser does with hash writes (common.js's
// hashView relies on it), then both pages, each way a view reaches the URL.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { usePage, browser, page, BASE_URL } from './browser.mjs';

const DEPOSIT = 'lynas-australia-rare-earths-deposit';

usePage();

const settled = (p, ready) => p.waitForFunction(ready);

// --- the browser --------------------------------------------------------------------------

// A page that records the history events it is sent.
async function recorder(hash = '') {
  await page.goto(`${BASE_URL}/readyz${hash}`);
  await page.evaluate(() => {
    window.events = [];
    if (window.recording) return; // a goto within the document keeps it, and its listeners
    window.recording = true;
    const at = () => location.hash;
    addEventListener('popstate', () => events.push(`popstate ${at()}`));
    addEventListener('hashchange', (e) => events.push(`hashchange ${new URL(e.newURL).hash}`));
  });
}
// Writes each hash in turn, in one task; returns the URL's hash after each write.
const write = (...hashes) => page.evaluate((hs) => hs.map((h) => { location.hash = h; return location.hash; }), hashes);
// The events so far, once the hashchange of `last` has come.
const eventsUntil = async (last) => {
  await page.waitForFunction((h) => events.includes(`hashchange ${h}`), last);
  return page.evaluate(() => events);
};

test('the browser: a hash write that leaves the URL as it is fires no event', async () => {
  await recorder();
  // '#' on a URL without a fragment, then a real change: only the change is announced.
  assert.deepEqual(await write('#', '#a'), ['', '#a']);
  assert.deepEqual(await eventsUntil('#a'), ['popstate #a', 'hashchange #a']);
  // A hash the browser percent-encodes into the URL's: written as is, it differs from
  // location.hash and still changes nothing.
  await recorder('#x%20y');
  assert.deepEqual(await write('#x y', '#b'), ['#x%20y', '#b']);
  assert.deepEqual(await eventsUntil('#b'), ['popstate #b', 'hashchange #b']);
});

test('the browser: two writes in one task fire two hashchange events, after the task', async () => {
  await recorder();
  const during = await page.evaluate(() => { location.hash = '#c'; location.hash = '#d'; return [...events]; });
  // popstate comes within each write; hashchange a task later, once per write.
  assert.deepEqual(during, ['popstate #c', 'popstate #d']);
  assert.deepEqual(await eventsUntil('#d'), ['popstate #c', 'popstate #d', 'hashchange #c', 'hashchange #d']);
});

test('the browser: a navigation by goto or back fires popstate before it returns', async () => {
  await recorder('#e');
  await page.goto(`${BASE_URL}/readyz#f`);
  assert.ok((await page.evaluate(() => events)).includes('popstate #f'));
  await page.goBack();
  await page.waitForFunction(() => location.hash === '#e');
  assert.ok((await page.evaluate(() => events)).includes('popstate #e'));
});

// --- the explorer -------------------------------------------------------------------------

const exploreIdle = () => settled(page, () => document.body.dataset.busy === '0' && window.cy?.nodes().length > 0);
// What the explorer shows: the URL it drew and what it marks expanded and selected.
const drawnView = () => page.evaluate(() => ({
  hash: location.hash,
  expanded: window.cy.nodes('.expanded').map((n) => n.id()).sort(),
  selected: window.cy.nodes(':selected').map((n) => n.id()),
}));

test('explorer: busy from the task that writes a view until it is drawn, a tap or two', async () => {
  await page.goto(`${BASE_URL}/explore#focus=lynas&depth=1&selected=lynas`);
  await exploreIdle();
  // A tap on a node writes the view; busy in the same task.
  assert.equal(await page.evaluate(() => { window.cy.$id('jare').emit('tap'); return document.body.dataset.busy; }), '1');
  await exploreIdle();
  assert.deepEqual(await drawnView(), { hash: '#focus=lynas&depth=1&expanded=jare&selected=jare', expanded: ['jare'], selected: ['jare'] });
  // Two taps in one task: two writes before the first event; the second view is drawn.
  assert.equal(await page.evaluate((id) => { window.cy.$id(id).emit('tap'); window.cy.$id('lynas').emit('tap'); return document.body.dataset.busy; }, DEPOSIT), '1');
  await exploreIdle();
  assert.deepEqual(await drawnView(), { hash: `#focus=lynas&depth=1&expanded=jare,${DEPOSIT}&selected=lynas`, expanded: ['jare', DEPOSIT], selected: ['lynas'] });
  browser.check(assert);
});

test('explorer: a view another hand puts in the URL is busy until drawn', async () => {
  // As the address bar or a shared link would: the page does not write it.
  assert.equal(await page.evaluate((id) => { location.hash = `#focus=lynas&depth=1&expanded=${id}&selected=AU`; return document.body.dataset.busy; }, DEPOSIT), '1');
  await exploreIdle();
  assert.deepEqual(await drawnView(), { hash: `#focus=lynas&depth=1&expanded=${DEPOSIT}&selected=AU`, expanded: [DEPOSIT], selected: ['AU'] });
  // A write that leaves the URL as it is starts nothing and leaves nothing busy.
  assert.equal(await page.evaluate(() => { location.hash = location.hash.slice(1); return document.body.dataset.busy; }), '0');
  // Back: the view before is drawn again.
  await page.goBack();
  await exploreIdle();
  assert.deepEqual(await drawnView(), { hash: `#focus=lynas&depth=1&expanded=jare,${DEPOSIT}&selected=lynas`, expanded: ['jare', DEPOSIT], selected: ['lynas'] });
  browser.check(assert);
});

test('explorer: a pick while a search is on its way keeps the suggestions closed', async () => {
  await page.goto(`${BASE_URL}/explore`);
  await settled(page, () => document.body.dataset.busy === '0');
  await page.locator('#search').pressSequentially('Lyn', { delay: 20 });
  await page.locator('.suggestions li[data-id="lynas"]').waitFor();
  // One more letter (its search waits 120 ms), and the pick within the same task.
  await page.evaluate(() => {
    const input = document.getElementById('search');
    input.value += 'a';
    input.dispatchEvent(new Event('input'));
    document.querySelector('.suggestions li[data-id="lynas"]').dispatchEvent(new MouseEvent('mousedown', { bubbles: true, cancelable: true }));
  });
  await exploreIdle();
  // Past the search's delay and any answer: the list over the graph would take the next click.
  await page.waitForTimeout(1000);
  await settled(page, () => document.body.dataset.busy === '0');
  assert.equal(await page.locator('#explore-form .suggestions').isHidden(), true, 'the suggestions opened again after the pick');
  assert.match(page.url(), /#focus=lynas&depth=1&selected=lynas$/);
  browser.check(assert);
});

// --- Insights -----------------------------------------------------------------------------

const insightsIdle = () => settled(page, () => document.body.dataset.busy === '0' && document.querySelector('#supply-figure svg'));
// What the Insights page shows: the URL and controls it filled from it.
const insightsView = () => page.evaluate(() => ({
  hash: location.hash,
  sort: document.querySelector('#sort').value,
  critical: document.querySelector('#critical').checked,
}));

test('Insights: busy from the task that writes a view until it is drawn', async () => {
  await page.goto(`${BASE_URL}/insights#mineral=natural-graphite&stage=MINING`);
  await insightsIdle();
  // A control writes the view; busy in the same task.
  assert.equal(await page.evaluate(() => {
    const sort = document.querySelector('#sort');
    sort.value = 'TOP_SHARE';
    sort.dispatchEvent(new Event('change'));
    return document.body.dataset.busy;
  }), '1');
  await insightsIdle();
  const view = await insightsView();
  assert.match(view.hash, /sort=TOP_SHARE/);
  assert.equal(view.sort, 'TOP_SHARE');
  browser.check(assert);
});

test('Insights: a view another hand puts in the URL is busy until drawn, and back', async () => {
  await insightsIdle();
  const before = await insightsView();
  const hash = '#mineral=natural-graphite&stage=MINING&sort=HHI&critical=1';
  assert.equal(await page.evaluate((h) => { location.hash = h; return document.body.dataset.busy; }, hash), '1');
  await insightsIdle();
  assert.deepEqual(await insightsView(), { hash, sort: 'HHI', critical: true });
  await page.goBack();
  await insightsIdle();
  assert.deepEqual(await insightsView(), before);
  browser.check(assert);
});

// --- the source view ----------------------------------------------------------------------

test('source view: another entry in the URL is busy until drawn, in place', async () => {
  const api = async (query) => (await (await fetch(`${BASE_URL}/graphql`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ query }) })).json()).data;
  const compiled = (await api('{ node(id: "kabanga") { provenance { evidence note source { id } } } }')).node.provenance.find((p) => p.evidence === 'COMPILED');
  const verbatim = (await api('{ node(id: "msp") { provenance { evidence quote source { id } } } }')).node.provenance.find((p) => p.evidence === 'VERBATIM');
  const ready = () => settled(page, () => document.body.dataset.busy === '0' && document.querySelector('#evidence').children.length > 0);
  await page.goto(`${BASE_URL}/source#${new URLSearchParams({ source: compiled.source.id, note: compiled.note })}`);
  await ready();
  assert.match(await page.locator('#evidence h3').innerText(), /not verbatim/i);
  const hash = `#${new URLSearchParams({ source: verbatim.source.id, quote: verbatim.quote })}`;
  assert.equal(await page.evaluate((h) => { location.hash = h; return document.body.dataset.busy; }, hash), '1');
  await ready();
  assert.equal(await page.locator('#evidence mark').innerText(), verbatim.quote);
  // A source that is not there: its error, and nothing left of the entry before.
  await page.evaluate(() => { location.hash = '#source=no-such-source&note=x'; });
  await settled(page, () => document.body.dataset.busy === '0');
  assert.match(await page.locator('#status').innerText(), /no source no-such-source/);
  assert.equal(await page.locator('#evidence').innerHTML(), '');
  browser.check(assert);
});
