// The playground at /graphiql: loads with no request off loopback, has the README's examples
// (the example question first) as tabs and in the Examples pane, runs them, and has the docs
// explorer, the history and an editable headers pane.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { usePage, browser, page, BASE_URL, OUT, weigh, saveWeight } from './browser.mjs';
import { readmeExamples } from '../examples.js';
import { insightsExamples } from '../src/insights-queries.js';

const examples = [...readmeExamples(fileURLToPath(new URL('../../README.md', import.meta.url))), ...insightsExamples];

usePage();

const response = () => page.evaluate(() => document.querySelector('.result-window .CodeMirror')?.CodeMirror.getValue() ?? '');
const query = () => page.evaluate(() => document.querySelector('.graphiql-query-editor .CodeMirror')?.CodeMirror.getValue() ?? '');

test('the playground loads from this server alone', async () => {
  const started = Date.now();
  await page.goto(`${BASE_URL}/graphiql`);
  await page.locator('.mg-examples li').first().waitFor();
  const interactive = Date.now() - started;
  await page.waitForLoadState('networkidle');
  const weight = { ...(await weigh(browser.requests)), interactiveMs: interactive };
  await saveWeight('graphiql', weight);
  console.log(`playground: ${weight.requests} requests, ${(weight.totalBytes / 1000).toFixed(0)} kB transferred (${(weight.scriptBytes / 1000).toFixed(0)} kB of JavaScript), usable after ${interactive} ms`);
  browser.check(assert);
});

test('the README examples are saved, the example question first', async () => {
  const listed = page.locator('.mg-examples li');
  assert.equal(await listed.count(), examples.length);
  assert.match(await listed.first().innerText(), /The example question/);
  assert.equal(await page.locator('.graphiql-tab').count(), examples.length, 'one tab per example');
  // Every tab is named after its operation, none "<untitled>".
  const tabs = await page.locator('.graphiql-tab').allInnerTexts();
  assert.deepEqual(tabs.filter((t) => /untitled/i.test(t)), [], tabs.join(' | '));
  assert.match(tabs[0], /TheExampleQuestionInOne/);
  assert.ok(tabs.some((t) => /InsightsSupply/.test(t)), tabs.join(' | '));
  assert.match(await query(), /# 1\. The example question[\s\S]*projects\(where/);
});

test('the example question runs and shows its rows', async () => {
  await page.locator('.graphiql-execute-button').click();
  await page.waitForFunction(() => /"projects"/.test(document.querySelector('.result-window .CodeMirror')?.CodeMirror.getValue() ?? ''));
  // The example question's true answer on the seeded graph is an empty list.
  assert.deepEqual(JSON.parse(await response()), { data: { projects: [] } });
  await page.screenshot({ path: join(OUT, 'graphiql-example-question.png') });
});

test('example 2 runs and shows Balama', async () => {
  await page.getByRole('button', { name: 'Run example 2' }).click();
  await page.waitForFunction(() => /Balama/.test(document.querySelector('.result-window .CodeMirror')?.CodeMirror.getValue() ?? ''));
  const rows = JSON.parse(await response()).data.projects;
  assert.deepEqual(rows.map((p) => p.name), ['Balama Graphite Operation', 'Epanko Graphite Project']);
  assert.ok(await page.locator('.result-window').getByText('Balama Graphite Operation').first().isVisible());
  await page.screenshot({ path: join(OUT, 'graphiql-example-2.png') });
});

test('an Insights example runs with its variables and answers the supply of natural graphite', async () => {
  const n = examples.findIndex((ex) => ex.query.includes('query InsightsSupply'));
  await page.getByRole('button', { name: `Run example ${n + 1}` }).click();
  await page.waitForFunction(() => /"hhi"/.test(document.querySelector('.result-window .CodeMirror')?.CodeMirror.getValue() ?? ''));
  const got = JSON.parse(await response()).data.supply;
  assert.equal(got.mineral.id, 'natural-graphite');
  assert.ok(got.shares.length > 5 && got.hhi > 0);
  await page.screenshot({ path: join(OUT, 'graphiql-insights-example.png') });
});

test('docs explorer, history and headers are there', async () => {
  await page.getByRole('button', { name: /Show Documentation Explorer/i }).click();
  await page.locator('.graphiql-doc-explorer').getByText('Query', { exact: true }).first().waitFor();
  await page.getByRole('button', { name: /Show History/i }).click();
  await page.locator('.graphiql-history-item').first().waitFor();
  assert.ok((await page.locator('.graphiql-history-item').count()) >= 2, 'both runs are in the history');
  await page.locator('.graphiql-editor-tools button', { hasText: 'Headers' }).click();
  const headers = page.locator('.graphiql-editor-tool .graphiql-editor:not(.hidden) .CodeMirror');
  await headers.click();
  await page.keyboard.type('{"Authorization": "Bearer test-key"}');
  assert.match(await page.evaluate(() => [...document.querySelectorAll('.graphiql-editor-tool .CodeMirror')].map((e) => e.CodeMirror.getValue()).join('\n')), /Bearer test-key/);
  await page.screenshot({ path: join(OUT, 'graphiql-history-headers.png') });
  browser.check(assert);
});
