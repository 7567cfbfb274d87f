// The source view at /source: from the explorer, a VERBATIM quote of the MSP opens in the
// stored text, highlighted and scrolled into view; from the Insights page, a USGS figure's
// row opens in its table under the file's header; a COMPILED entry is marked not verbatim.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { usePage, browser, page, BASE_URL, OUT } from './browser.mjs';

usePage();

async function api(query) {
  const res = await fetch(`${BASE_URL}/graphql`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ query }) });
  return (await res.json()).data;
}
const ready = (p) => p.waitForFunction(() => document.body.dataset.busy === '0' && document.querySelector('#evidence').children.length > 0);

test('a verbatim quote of the MSP opens in its stored text, highlighted and in view', async () => {
  const { node } = await api('{ node(id: "msp") { provenance { evidence quote source { id storedAs } } } }');
  const want = node.provenance.find((p) => p.evidence === 'VERBATIM');
  assert.ok(want, 'the MSP has a verbatim quote');
  await page.goto(`${BASE_URL}/explore#focus=msp&depth=1&selected=msp`);
  const link = page.locator('#details .quotes a.in-source').first();
  await link.waitFor();
  await link.click();
  await page.waitForURL(/\/source#/);
  await ready(page);
  const mark = page.locator('#evidence mark');
  assert.equal(await mark.innerText(), want.quote);
  const stored = await readFile(join('seed/sources', want.source.storedAs.replace(/^seed\/sources\//, '')), 'utf8');
  assert.ok(stored.includes(want.quote), 'the quote is in the stored file');
  assert.ok(await mark.isVisible() && (await mark.boundingBox()).y < 900, 'the quote is scrolled into view');
  await page.screenshot({ path: join(OUT, 'source-verbatim.png') });
  browser.check(assert);
});

test('a USGS figure opens as its row under the file header', async () => {
  await page.goto(`${BASE_URL}/insights`);
  await page.waitForFunction(() => document.body.dataset.busy === '0' && document.querySelector('.supply-rows a.src'));
  const locator = await page.locator('.supply-rows a.src').first().innerText();
  await page.locator('.supply-rows a.src').first().click();
  await ready(page);
  const [file, line] = locator.split(':');
  const lines = (await readFile(join('seed/sources/usgs', file), 'utf8')).split(/\r?\n/);
  const header = await page.$$eval('.row-table thead th', (ths) => ths.map((t) => t.textContent));
  assert.equal(header.slice(1).join(','), lines[0]);
  const hit = await page.$$eval('.row-table tr.hit td', (tds) => tds.map((t) => t.textContent));
  assert.equal(hit[0], line);
  assert.ok(hit.includes('China'), hit.join('|'));
  assert.ok(lines[Number(line) - 1].startsWith(hit[1]), 'the row is the file\'s line');
  await page.screenshot({ path: join(OUT, 'source-data-row.png') });
  browser.check(assert);
});

test('a compiled claim is shown as not verbatim, with its link', async () => {
  const { node } = await api('{ node(id: "kabanga") { provenance { evidence note source { id url } } } }');
  const entry = node.provenance.find((p) => p.evidence === 'COMPILED');
  assert.ok(entry, 'Kabanga has a compiled entry');
  await page.goto(`${BASE_URL}/source#source=${entry.source.id}&note=${encodeURIComponent(entry.note)}`);
  await ready(page);
  assert.match(await page.locator('#evidence h3').innerText(), /not verbatim/i);
  assert.equal(await page.locator('#evidence .compiled').innerText(), entry.note);
  assert.equal(await page.locator('#evidence a').getAttribute('href'), entry.source.url);
  await page.screenshot({ path: join(OUT, 'source-compiled.png') });
  browser.check(assert);
});
