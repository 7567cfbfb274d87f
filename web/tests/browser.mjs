// Shared set-up for the browser tests: Debian's Chromium driven by playwright-core, a fresh
// profile, and a record of every request the pages make (any to a host other than loopback
// fails the test, and is aborted so that nothing leaves the machine).
import { mkdtemp, rm, mkdir, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { before, after } from 'node:test';
import { chromium } from 'playwright-core';

export const BASE_URL = process.env.BASE_URL ?? 'http://127.0.0.1:8080';
export const OUT = process.env.TEST_OUTPUT ?? 'test-output/web';

const FLAGS = [
  '--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking',
  '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic',
];

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]']);

export function isLocal(url) {
  const u = new URL(url);
  if (['data:', 'blob:', 'about:'].includes(u.protocol)) return true;
  return LOOPBACK.has(u.hostname);
}

export async function openBrowser() {
  const profile = await mkdtemp(join(tmpdir(), 'mineralgraph-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    headless: true,
    args: FLAGS,
    viewport: { width: 1400, height: 900 },
  });
  // Waits of 2 minutes, not playwright's 30 s: with make test's other stages beside them
  // on a busy 2-core machine (load average 20-30), the Insights page's first analytics took
  // longer than 30 s. The tests check what the pages show, not how fast.
  context.setDefaultTimeout(120_000);
  const requests = [];
  const problems = [];
  await context.route('**/*', (route) => {
    const url = route.request().url();
    if (isLocal(url)) return route.continue();
    problems.push(`request to another host: ${url}`);
    return route.abort('blockedbyclient');
  });
  context.on('request', (req) => requests.push(req));
  context.on('weberror', (e) => problems.push(`page error: ${e.error().message}`));
  const watch = (page) => page.on('console', (m) => {
    if (m.type() === 'error') problems.push(`console error: ${m.text()}`);
  });
  context.pages().forEach(watch);
  context.on('page', watch);
  await mkdir(OUT, { recursive: true });
  return {
    context,
    requests,
    problems,
    async newPage() {
      const page = context.pages()[0] ?? (await context.newPage());
      return page;
    },
    // Every request so far went to loopback; nothing failed in the pages.
    check(assert) {
      const outside = requests.map((r) => r.url()).filter((u) => !isLocal(u));
      assert.deepEqual(outside, [], 'requests to hosts other than loopback');
      assert.deepEqual(problems, [], 'problems in the pages');
    },
    async close() {
      await context.close();
      await rm(profile, { recursive: true, force: true });
    },
  };
}

// The browser and page of a test file: usePage() opens them before the file's first test
// and closes them after its last; setup(page), when given, runs once the page is open. The
// file imports browser and page too, bindings that name the ones open (node --test runs
// each file in a process of its own).
export let browser;
export let page;
export function usePage(setup) {
  before(async () => {
    browser = await openBrowser();
    page = await browser.newPage();
    await setup?.(page);
  });
  after(async () => {
    await browser?.close();
  });
}

// The bytes a page's own files took to transfer (bodies as sent, gzipped), by kind; the
// GraphQL answers are not counted.
export async function weigh(requests) {
  const out = { requests: requests.length, totalBytes: 0, scriptBytes: 0, styleBytes: 0 };
  for (const r of requests) {
    const res = await r.response();
    if (!res || !isLocal(r.url()) || r.url().startsWith('data:') || new URL(r.url()).pathname === '/graphql') continue;
    const { responseBodySize } = await r.sizes();
    out.totalBytes += responseBodySize;
    if (r.resourceType() === 'script') out.scriptBytes += responseBodySize;
    if (r.resourceType() === 'stylesheet') out.styleBytes += responseBodySize;
  }
  return out;
}

export async function saveWeight(name, weight) {
  await writeFile(join(OUT, `weight-${name}.json`), JSON.stringify(weight, null, 2) + '\n');
}
