// The Insights page at /insights, on the full seed (with the USGS figures): each view loads
// with real data and shows the numbers the GraphQL API answers (asked here directly, not
// through the page), the import-source and importer rows open their published rows in the
// source view, the URL round-trips, the charts and tables export, nothing leaves loopback and
// the console stays clean. Screenshots of each view go to test-output/web/.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { usePage, browser, page, BASE_URL, OUT, weigh, saveWeight } from './browser.mjs';

usePage((page) => page.on('console', (m) => m.type() === 'warning' && console.log(`warning: ${m.text()}`)));

async function api(query, variables) {
  const res = await fetch(`${BASE_URL}/graphql`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ query, variables }),
  });
  const body = await res.json();
  assert.equal(body.errors, undefined, JSON.stringify(body.errors));
  return body.data;
}

// A CSV line's cells, quoted ones unquoted.
const csvCells = (line) => [...line.matchAll(/(?:^|,)("(?:[^"]|"")*"|[^,]*)/g)].map((m) => m[1].replace(/^"([\s\S]*)"$/, '$1').replaceAll('""', '"'));
// A stored file as published: UTF-8, or Windows-1252 where it is not (USGS MCS 2026), decoded
// here from the code page's table (Node's decoder of that name is Latin-1's).
const CP1252 = { 0x91: '\u2018', 0x92: '\u2019', 0x93: '\u201c', 0x94: '\u201d', 0x96: '\u2013', 0x97: '\u2014' };
async function storedLines(file) {
  const bytes = await readFile(join('seed/sources/usgs', file));
  let text;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    text = [...bytes].map((b) => {
      assert.ok(b < 0x80 || b >= 0xa0 || CP1252[b], `byte ${b.toString(16)} is not in the test's table`);
      return CP1252[b] ?? String.fromCharCode(b);
    }).join('');
  }
  return text.split(/\r?\n/);
}

// The first row link under selector, in a tab of its own, names locator and opens the source
// view with that line of the stored file highlighted, under the file's header, cell by cell.
async function opensItsRow(selector, locator, shot) {
  const tab = await browser.context.newPage();
  try {
    await tab.goto(page.url());
    await tab.waitForFunction((sel) => document.body.dataset.busy === '0' && document.querySelector(sel), selector);
    const link = tab.locator(selector).first();
    assert.equal(await link.innerText(), locator);
    await link.click();
    await tab.waitForURL(/\/source#/);
    await tab.waitForFunction(() => document.body.dataset.busy === '0' && document.querySelector('.row-table tr.hit'));
    const [file, line] = locator.split(':');
    const lines = await storedLines(file);
    const header = await tab.$$eval('.row-table thead th', (ths) => ths.map((t) => t.textContent));
    assert.deepEqual(header, ['line', ...csvCells(lines[0])]);
    const hit = await tab.$$eval('.row-table tr.hit td', (tds) => tds.map((t) => t.textContent));
    assert.deepEqual(hit, [line, ...csvCells(lines[Number(line) - 1])]);
    await tab.screenshot({ path: join(OUT, shot) });
    return hit;
  } finally {
    await tab.close();
  }
}

const idle = () => page.waitForFunction(() => document.body.dataset.busy === '0' && document.querySelector('#supply-figure svg'));
const pct = (v) => `${v.toFixed(v > 0 && v < 0.95 ? 2 : 1)}%`;
// The numbers a view shows, as the page holds them (data-value) and as it prints them.
const shown = (sel) => page.$$eval(sel, (xs) => xs.map((x) => ({ value: Number(x.dataset.value), text: x.textContent, country: x.dataset.country })));

test('the Insights page loads from this server alone, under 400 kB gzipped', async () => {
  const started = Date.now();
  await page.goto(`${BASE_URL}/insights`);
  await idle();
  const interactive = Date.now() - started;
  await page.waitForLoadState('networkidle');
  const weight = { ...(await weigh(browser.requests)), interactiveMs: interactive };
  await saveWeight('insights', weight);
  console.log(`insights: ${weight.requests} requests, ${(weight.totalBytes / 1000).toFixed(0)} kB transferred (${(weight.scriptBytes / 1000).toFixed(0)} kB of JavaScript), usable after ${interactive} ms`);
  assert.ok(weight.totalBytes < 400_000, `the page weighs ${weight.totalBytes} bytes gzipped`);
  browser.check(assert);
});

test('supply: natural graphite, mining, the latest year, with the year before beside it; the numbers are the API\'s', async () => {
  const { supply: want } = await api(`{ supply(mineral: "natural-graphite", stage: MINING) {
    edition year hhi cr3 shares { country { id } share measurements { id } } } }`);
  const { supply: prior } = await api(`query($y: Int) { supply(mineral: "natural-graphite", stage: MINING, year: $y) { year edition } }`, { y: want.year - 1 });
  assert.equal(await page.locator('#mineral').inputValue(), 'natural-graphite|mine production');
  assert.equal(await page.locator('#year').inputValue(), String(want.year));
  const hhi = await shown('[data-fact="HHI"] [data-value]');
  assert.equal(hhi[0].value, want.hhi);
  const cr3 = await shown('[data-fact="Top-3 share"] [data-value]');
  assert.equal(cr3[0].value, want.cr3);
  assert.equal(cr3[0].text, pct(want.cr3));
  assert.match(await page.locator('[data-fact="Edition"]').innerText(), new RegExp(want.edition));
  const rows = await shown('.supply-rows .share');
  assert.deepEqual(rows.map((r) => r.country), want.shares.map((s) => s.country.id));
  assert.deepEqual(rows.map((r) => (Number.isNaN(r.value) ? null : r.value)), want.shares.map((s) => s.share));
  // Every bar of both years links to its measurement; the caption names the source and both editions.
  const bars = await page.$$eval('#supply-figure svg a', (as) => as.map((a) => a.getAttribute('href')));
  assert.ok(bars.length > want.shares.filter((s) => s.share != null).slice(0, 12).length, `${bars.length} bars: the second year is drawn too`);
  assert.ok(bars.includes(`/explore#focus=${want.shares[0].measurements[0].id}&depth=1&selected=${want.shares[0].measurements[0].id}`));
  const caption = await page.locator('#supply-figure figcaption').innerText();
  assert.match(caption, /USGS Mineral Commodity Summaries/);
  assert.match(caption, new RegExp(`${prior.year} \\(${prior.edition}\\)`));
  assert.match(await page.locator('#supply-figure svg').innerHTML(), /Share of world mine production \(%\)/);
  await page.locator('#supply').screenshot({ path: join(OUT, 'insights-supply.png') });
  browser.check(assert);
});

test('a number links to its measurement, which the explorer shows with its published row', async () => {
  const href = await page.locator('.supply-rows td:nth-child(2) a').first().getAttribute('href');
  const other = await browser.context.newPage();
  try {
    await other.goto(`${BASE_URL}${href}`);
    await other.locator('#details blockquote', { hasText: 'GRAPHITE (NATURAL)' }).first().waitFor();
  } finally {
    await other.close();
  }
});

test('ranking: the minerals by HHI, as the API ranks them; a click opens the mineral', async () => {
  const { concentration: want } = await api(`query($y: Int) { concentration(stage: MINING, year: $y, limit: 100) { minerals { mineral { id } series hhi } } }`,
    { y: Number(await page.locator('#year').inputValue()) });
  const links = await page.$$eval('.ranking-rows tbody tr td:nth-child(2) a', (as) => as.map((a) => new URLSearchParams(a.hash.slice(1)).get('mineral')));
  assert.deepEqual(links, want.minerals.map((m) => m.mineral.id));
  await page.locator('#ranking').screenshot({ path: join(OUT, 'insights-ranking.png') });
  const first = want.minerals.find((m) => m.series === 'mine production');
  const bar = await page.evaluateHandle((id) => [...document.querySelectorAll('#ranking-figure svg a')]
    .find((a) => new URLSearchParams(a.getAttribute('href').slice(1)).get('mineral') === id), first.mineral.id);
  await bar.asElement().click();
  await page.waitForFunction((id) => location.hash.includes(`mineral=${id}`), first.mineral.id);
  await idle();
  await page.waitForFunction((id) => document.querySelector('#mineral').value.startsWith(id + '|'), first.mineral.id);
  const hhi = await shown('[data-fact="HHI"] [data-value]');
  assert.equal(hhi[0].value, first.hhi);
  browser.check(assert);
});

test('coverage: the MSP members against the largest non-member, as of a date; the numbers are the API\'s', async () => {
  await page.goto(`${BASE_URL}/insights#mineral=natural-graphite&stage=MINING&group=msp&asOf=2024-06-01`);
  await page.waitForFunction(() => document.body.dataset.busy === '0' && document.querySelector('#coverage-figure svg'));
  const year = Number(await page.locator('#year').inputValue());
  const { coverage: want } = await api(`query($y: Int) { coverage(mineral: "natural-graphite", stage: MINING, year: $y, of: { partnership: "msp", asOf: "2024-06-01" }) {
    share contributing { country { id } share } largestNonMember { country { name } share } } }`, { y: year });
  const share = await shown('[data-fact^="Share of"] [data-value]');
  assert.equal(share[0].value, want.share);
  assert.match(await page.locator('[data-fact="Largest outside"]').innerText(), new RegExp(want.largestNonMember.country.name));
  const rows = await shown('.coverage-rows .share');
  assert.deepEqual(rows.map((r) => r.value), [...want.contributing.map((c) => c.share), want.largestNonMember.share]);
  assert.match(await page.locator('#coverage-figure figcaption').innerText(), /membership as of 2024-06-01/);
  await page.locator('#coverage').screenshot({ path: join(OUT, 'insights-coverage.png') });
  browser.check(assert);
});

test('US import reliance and the import sources of natural graphite, as the API answers them', async () => {
  const { dependency: want } = await api(`{ dependency(country: "US", partnership: "msp", asOf: "2024-06-01") {
    edition minerals { mineral { id } reliance importSources { country { name } share partner } } } }`);
  await page.waitForFunction(() => document.querySelector('#dependency-figure svg'));
  const graphite = want.minerals.filter((m) => m.mineral.id === 'natural-graphite');
  assert.ok(graphite.length, 'the API has a reliance figure for natural graphite');
  const rows = await page.$$eval('.import-rows tbody tr', (trs) => trs.map((tr) => [...tr.children].map((td) => td.textContent)));
  const sources = graphite.flatMap((m) => m.importSources);
  assert.deepEqual(rows.map((r) => [r[0], r[3], r[4]]), sources.map((x) => [x.country?.name ?? 'Other countries', pct(x.share), x.partner ? 'yes' : 'no']));
  const bars = await page.$$eval('#dependency-figure svg a', (as) => as.length);
  assert.equal(bars, Math.min(25, new Set(want.minerals.filter((m) => m.reliance != null).map((m) => m.mineral.id)).size));
  assert.match(await page.locator('#dependency-figure figcaption').innerText(), new RegExp(`USGS.*${want.edition}`));
  await page.locator('#dependency').screenshot({ path: join(OUT, 'insights-dependency.png') });
});

test('an import source row opens its published row in the source view', async () => {
  const { dependency } = await api(`{ dependency(country: "US", partnership: "msp") { minerals { mineral { id }
    importSources { country { name } share measurement { provenance { locator } } } } } }`);
  const first = dependency.minerals.find((m) => m.mineral.id === 'natural-graphite').importSources[0];
  const hit = await opensItsRow('.import-rows a.src', first.measurement.provenance[0].locator, 'source-import-row.png');
  assert.ok(hit.includes(first.country.name) && hit.includes(String(first.share)), hit.join('|'));
  browser.check(assert);
});

test('disruption: natural graphite without China, as the API answers it', async () => {
  await page.waitForFunction(() => document.querySelector('#disruption-figure svg'));
  const year = Number(await page.locator('#year').inputValue());
  assert.equal(await page.locator('#supplier').inputValue(), 'CN', 'the largest producer is the default');
  const { disruption: want } = await api(`query($y: Int) { disruption(supplier: "CN", mineral: "natural-graphite", stage: MINING, year: $y) {
    lost { share } remainingHhi remainingTop { country { name } share } remaining { share } projects { name } } }`, { y: year });
  assert.equal(await page.locator('[data-fact="Supply lost"] b').innerText(), pct(want.lost.share));
  assert.equal(await page.locator('[data-fact="HHI after"] b').innerText(), Math.round(want.remainingHhi).toLocaleString('en-US'));
  assert.match(await page.locator('[data-fact="Largest remaining"]').innerText(), new RegExp(`${want.remainingTop.country.name}\\s+${pct(want.remainingTop.share).replace('.', '\\.')}`));
  const labels = await page.$$eval('#disruption-figure svg text', (ts) => ts.map((t) => t.textContent));
  for (const r of want.remaining.filter((x) => x.share != null).slice(0, 10)) assert.ok(labels.some((l) => l.startsWith(pct(r.share) + ' ')), `a bar labelled ${pct(r.share)}`);
  assert.equal(await page.locator('#disruption li').count(), want.projects.length);
  await page.locator('#disruption').screenshot({ path: join(OUT, 'insights-disruption.png') });
  browser.check(assert);
});

test('an importer at stake opens its published row in the source view', async () => {
  const year = Number(await page.locator('#year').inputValue());
  const { disruption } = await api(`query($y: Int) { disruption(supplier: "CN", mineral: "natural-graphite", stage: MINING, year: $y) {
    supplier { name } importersAtStake { share measurement { provenance { locator } } } } }`, { y: year });
  const first = disruption.importersAtStake[0];
  assert.ok(first, 'an importer is at stake');
  const hit = await opensItsRow('.stake-rows a.src', first.measurement.provenance[0].locator, 'source-stake-row.png');
  assert.ok(hit.includes(disruption.supplier.name) && hit.includes(String(first.share)), hit.join('|'));
  browser.check(assert);
});

test('the URL round-trips: another tab shows the same view', async () => {
  await page.locator('#sort').selectOption('TOP_SHARE');
  await page.waitForFunction(() => location.hash.includes('sort=TOP_SHARE'));
  await idle();
  await page.locator('#year').selectOption({ index: 1 });
  await page.waitForFunction(() => document.body.dataset.busy === '0');
  await idle();
  const url = page.url();
  const state = async (p) => p.evaluate(() => ({
    mineral: document.querySelector('#mineral').value,
    year: document.querySelector('#year').value,
    sort: document.querySelector('#sort').value,
    asOf: document.querySelector('#asof').value,
    facts: [...document.querySelectorAll('.fact b')].map((b) => b.textContent),
    ranking: [...document.querySelectorAll('.ranking-rows tbody tr')].map((r) => r.textContent),
  }));
  const here = await state(page);
  const other = await browser.context.newPage();
  try {
    await other.goto(url);
    await other.waitForFunction(() => document.body.dataset.busy === '0' && document.querySelector('#coverage-figure svg'));
    assert.deepEqual(await state(other), here);
    assert.equal(here.sort, 'TOP_SHARE');
    assert.equal(here.asOf, '2024-06-01');
  } finally {
    await other.close();
  }
  await page.screenshot({ path: join(OUT, 'insights-page.png'), fullPage: true });
});

// One tab per section: Chromium holds a tab to a few downloads in a row without asking.
test('each chart exports as SVG and PNG, each table as CSV', async () => {
  const url = page.url();
  for (const section of ['supply', 'ranking', 'coverage', 'dependency', 'disruption']) {
    const tab = await browser.context.newPage();
    try {
      await tab.goto(url);
      await tab.waitForFunction(() => document.body.dataset.busy === '0' && document.querySelector('#disruption-figure svg'));
      for (const kind of ['svg', 'png', 'csv']) {
        if (kind === 'png') await tab.locator(`#${section} .exports[data-png-ready="1"]`).waitFor();
        const [download] = await Promise.all([tab.waitForEvent('download'), tab.locator(`#${section} .export-${kind}`).click()]);
        const bytes = await readFile(await download.path());
        if (kind === 'svg') assert.match(bytes.toString(), /^<svg[^>]*xmlns="http:\/\/www.w3.org\/2000\/svg"[\s\S]*<\/svg>$/);
        if (kind === 'png') assert.deepEqual([...bytes.subarray(1, 4)], [0x50, 0x4e, 0x47], `${section}.png is a PNG`);
        if (kind === 'csv') {
          const lines = bytes.toString().trim().split('\n');
          assert.ok(lines.length >= 3, `${section}.csv has ${lines.length} lines`);
          assert.match(lines[0], /^(country|rank|mineral),/);
        }
        assert.match(download.suggestedFilename(), new RegExp(`^(${section}|concentration|us-import-reliance|without)-.*\\.${kind}$`));
      }
    } finally {
      await tab.close();
    }
  }
  browser.check(assert);
});
