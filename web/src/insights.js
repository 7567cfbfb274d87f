// The Insights page: charts on the analytics API (supply, concentration, coverage,
// dependency, disruption), drawn
// with Observable Plot as SVG. Every number links to the Measurement it comes from (the
// explorer shows it with its provenance), and every table row to the published row it was read
// from (the source view shows it in its file, under the header). The view lives in the URL
// hash, so it can be shared:
//   #mineral=natural-graphite&stage=MINING&year=2025&compare=2024&sort=HHI&group=msp&asOf=2025-06
import * as Plot from '@observablehq/plot';
import { $, el, gql, setBusy, hashView } from './common.js';
import { SUPPLY, RANKING, COVERAGE, DEPENDENCY, DISRUPTION, ROWS } from './insights-queries.js';
import './insights.css';

// --- state in the URL ---------------------------------------------------------------------

const STAGES = ['MINING', 'REFINING', 'SMELTING', 'PRIMARY', 'PROCESSING'];
const DEFAULTS = { mineral: 'natural-graphite', stage: 'MINING', series: '', year: '', compare: '', sort: 'HHI', critical: '', group: 'msp', countries: '', asOf: '', supplier: '' };

function readHash() {
  const p = new URLSearchParams(location.hash.slice(1));
  const s = {};
  for (const [k, d] of Object.entries(DEFAULTS)) s[k] = p.get(k) ?? d;
  if (!STAGES.includes(s.stage)) s.stage = DEFAULTS.stage;
  if (!['HHI', 'TOP_SHARE'].includes(s.sort)) s.sort = 'HHI';
  return s;
}

function writeHash(s) {
  const p = new URLSearchParams();
  for (const [k, v] of Object.entries(s)) if (v !== '' && v != null) p.set(k, v);
  writeView('#' + p.toString().replaceAll('%2C', ','));
}
const update = (patch) => writeHash({ ...readHash(), ...patch });

// --- formatting and links -----------------------------------------------------------------

const pct = (v) => (v == null ? '–' : `${v.toFixed(v > 0 && v < 0.95 ? 2 : 1)}%`);
const num = (v) => (v == null ? '–' : v.toLocaleString('en-US', { maximumFractionDigits: 2 }));
const explore = (id) => `/explore#focus=${encodeURIComponent(id)}&depth=1&selected=${encodeURIComponent(id)}`;
const sourceLink = (m) => {
  const p = m?.provenance?.[0];
  if (!p) return null;
  // The source view shows the published row in its table, under the file's header.
  const q = new URLSearchParams({ source: p.source.id, locator: p.locator ?? '' });
  return el('a', { href: `/source#${q}`, title: `${p.source.title}: the published row`, class: 'src' }, p.locator ?? p.source.id);
};
const measured = (text, m) => (m ? el('a', { href: explore(m.id), 'data-measurement': m.id }, text) : text);

// --- export -------------------------------------------------------------------------------

function download(name, blob) {
  const url = URL.createObjectURL(blob);
  const a = el('a', { href: url, download: name });
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

function svgText(svg) {
  const copy = svg.cloneNode(true);
  copy.setAttribute('xmlns', 'http://www.w3.org/2000/svg');
  copy.setAttribute('xmlns:xlink', 'http://www.w3.org/1999/xlink');
  return new XMLSerializer().serializeToString(copy);
}

// The chart as a PNG, at twice its size on screen, made as soon as it is drawn: a download
// started from the click itself is not taken for an unasked one.
function pngOf(svg) {
  const { width, height } = svg.getBoundingClientRect();
  return new Promise((resolve, reject) => {
    const img = new Image();
    img.onload = () => {
      const scale = 2;
      const canvas = el('canvas', { width: Math.ceil(width * scale), height: Math.ceil(height * scale) });
      const ctx = canvas.getContext('2d');
      ctx.fillStyle = '#fff';
      ctx.fillRect(0, 0, canvas.width, canvas.height);
      ctx.drawImage(img, 0, 0, canvas.width, canvas.height);
      canvas.toBlob(resolve, 'image/png');
    };
    img.onerror = () => reject(new Error('the chart could not be drawn as PNG'));
    img.src = 'data:image/svg+xml;charset=utf-8,' + encodeURIComponent(svgText(svg));
  });
}

const csvCell = (v) => (v == null ? '' : /[",\n]/.test(String(v)) ? `"${String(v).replaceAll('"', '""')}"` : String(v));
const toCSV = (header, rows) => [header, ...rows].map((r) => r.map(csvCell).join(',')).join('\n') + '\n';

function exportButtons(name, svg, header, rows) {
  let png = null;
  const buttons = el('div', { class: 'exports' },
    svg ? el('button', { type: 'button', class: 'export-svg', onclick: () => download(`${name}.svg`, new Blob([svgText(svg)], { type: 'image/svg+xml' })) }, 'SVG') : null,
    svg ? el('button', { type: 'button', class: 'export-png', onclick: () => png && download(`${name}.png`, png) }, 'PNG') : null,
    el('button', { type: 'button', class: 'export-csv', onclick: () => download(`${name}.csv`, new Blob([toCSV(header, rows)], { type: 'text/csv' })) }, 'CSV'));
  if (svg) {
    pngOf(svg).then((b) => {
      png = b;
      buttons.dataset.pngReady = '1';
    }, (err) => console.warn(err.message));
  }
  return buttons;
}

// A hatch the second series is filled with, so that the two read apart in greyscale too.
function withHatch(svg) {
  const ns = 'http://www.w3.org/2000/svg';
  const defs = document.createElementNS(ns, 'defs');
  defs.innerHTML = '<pattern id="hatch" width="6" height="6" patternUnits="userSpaceOnUse" patternTransform="rotate(45)">' +
    '<rect width="6" height="6" fill="#fff"/><line x1="0" y1="0" x2="0" y2="6" stroke="#555" stroke-width="2.5"/></pattern>';
  svg.prepend(defs);
  return svg;
}

function figure(target, svg, caption) {
  $(target).replaceChildren(svg, el('figcaption', {}, ...caption));
}

// replaceChildren, leaving out what is not there.
const fill = (id, ...children) => $(id).replaceChildren(...children.filter((c) => c != null && c !== false));

// --- the views ----------------------------------------------------------------------------

const DARK = '#3b4a6b';
const SOURCE = 'Source: USGS Mineral Commodity Summaries';

async function showSupply(s) {
  const vars = { mineral: s.mineral, stage: s.stage, series: s.series || null };
  const main = (await gql(SUPPLY, { ...vars, year: s.year ? Number(s.year) : null })).supply;
  let prior = null;
  const compareYear = s.compare ? Number(s.compare) : main.year - 1;
  if (compareYear !== main.year) {
    prior = await gql(SUPPLY, { ...vars, year: compareYear }).then((d) => d.supply, () => null);
  }
  fillYears(main.year, compareYear);
  const top = main.shares.filter((x) => x.share != null).slice(0, 12);
  const rows = [];
  for (const x of top) {
    rows.push({ country: x.country.name, year: String(main.year), share: x.share, href: explore(x.measurements[0].id) });
    const p = prior?.shares.find((y) => y.country.id === x.country.id);
    if (p?.share != null) rows.push({ country: x.country.name, year: String(prior.year), share: p.share, href: explore(p.measurements[0].id) });
  }
  const years = [String(main.year), prior ? String(prior.year) : null].filter(Boolean);
  const svg = withHatch(Plot.plot({
    width: 760,
    marginLeft: 130,
    marginRight: 60,
    height: 40 + top.length * (prior ? 34 : 22),
    x: { label: `Share of world ${main.series} (%)`, grid: true, domain: [0, 100] },
    y: { domain: years, axis: null },
    fy: { label: null, domain: top.map((x) => x.country.name) },
    color: { domain: years, range: [DARK, 'url(#hatch)'], legend: false },
    marks: [
      Plot.barX(rows, { x: 'share', y: 'year', fy: 'country', fill: (d) => (d.year === years[0] ? DARK : 'url(#hatch)'), stroke: '#222', strokeWidth: 0.6, href: 'href', title: (d) => `${d.country}, ${d.year}: ${pct(d.share)}` }),
      Plot.text(rows, { x: 'share', y: 'year', fy: 'country', text: (d) => `${pct(d.share)} (${d.year})`, dx: 4, textAnchor: 'start', fontSize: 10 }),
      Plot.ruleX([0]),
    ],
  }));
  svg.classList.add('chart');
  figure('supply-figure', svg, [
    el('span', { class: 'key' }, el('i', { class: 'solid' }), `${main.year} (${main.edition})`),
    prior ? el('span', { class: 'key' }, el('i', { class: 'hatched' }), `${prior.year} (${prior.edition})`) : el('span', { class: 'key' }, `no figures for ${compareYear}`),
    el('br'),
    `${SOURCE}, edition ${main.edition}${prior && prior.edition !== main.edition ? ` and ${prior.edition}` : ''}; the 12 largest producers. Click a bar for its measurement.`,
  ]);
  const delta = (a, b) => (a == null || b == null ? null : a - b);
  fill('supply-facts',
    fact('Mineral', main.mineral.name),
    fact('Series', `${main.series} (${s.stage.toLowerCase()})`),
    fact('World total', measured(`${num(main.worldTotal)} ${main.unit}`, main.worldTotalMeasurement), main.worldTotalPublished ? sourceLink(main.worldTotalMeasurement) : 'sum of rows'),
    fact('HHI', el('span', { 'data-value': main.hhi }, num(Math.round(main.hhi))), prior ? `${signed(delta(main.hhi, prior.hhi), 0)} vs ${prior.year}` : null),
    fact('Top-3 share', el('span', { 'data-value': main.cr3 }, pct(main.cr3)), prior ? `${signed(delta(main.cr3, prior.cr3), 1)} pts vs ${prior.year}` : null),
    fact('Edition', main.edition, `year ${main.year}`),
  );
  const header = ['country', 'value', 'unit', 'share_percent', 'qualifier', 'estimated', 'edition', 'year', 'measurement', 'source_row'];
  const csv = main.shares.map((x) => [x.country.name, x.value, main.unit, x.share, x.qualifier, x.estimated, main.edition, main.year, x.measurements[0]?.id, x.measurements[0]?.provenance[0]?.locator]);
  fill('supply-table',
    exportButtons(`supply-${main.mineral.id}-${main.year}`, svg, header, csv),
    table(['Country', `Value (${main.unit})`, 'Share', prior ? `Share ${prior.year}` : null, 'Source row'], main.shares.map((x) => {
      const p = prior?.shares.find((y) => y.country.id === x.country.id);
      return [x.country.name, measured(num(x.value), x.measurements[0]), el('span', { class: 'share', 'data-country': x.country.id, 'data-value': x.share }, pct(x.share)),
        prior ? measured(pct(p?.share), p?.measurements[0]) : null, sourceLink(x.measurements[0])];
    }), 'supply-rows'),
    main.withheld.length ? el('p', { class: 'note' }, `Withheld by the source: ${main.withheld.map((w) => w.country.name).join(', ')}.`) : null,
  );
  return main;
}

const signed = (v, digits) => (v == null ? '' : `${v >= 0 ? '+' : '−'}${Math.abs(v).toFixed(digits)}`);
const fact = (label, value, sub) => el('div', { class: 'fact', 'data-fact': label }, el('small', {}, label), el('b', {}, value), sub ? el('small', {}, sub) : null);

function table(header, rows, cls) {
  const h = header.filter((x) => x !== null);
  return el('table', { class: `data ${cls ?? ''}` },
    el('thead', {}, el('tr', {}, h.map((x) => el('th', {}, x)))),
    el('tbody', {}, rows.map((r) => el('tr', {}, r.filter((x, i) => header[i] !== null).map((x) => el('td', {}, x ?? ''))))));
}

async function showRanking(s, year) {
  const d = (await gql(RANKING, { stage: s.stage, year, sort: s.sort, critical: s.critical === '1' })).concentration;
  const metric = s.sort === 'HHI' ? 'hhi' : 'cr1';
  const label = (m) => (m.series === 'mine production' || !m.series ? m.mineral.name : `${m.mineral.name} (${m.series.replace(/^mine production: /, '')})`);
  const shown = d.minerals.slice(0, 20);
  const link = (m) => '#' + new URLSearchParams({ ...readHash(), mineral: m.mineral.id, series: m.series, year: String(d.year) }).toString();
  const svg = Plot.plot({
    width: 760,
    marginLeft: 220,
    marginRight: 200,
    height: 40 + shown.length * 22,
    x: { label: s.sort === 'HHI' ? 'Herfindahl-Hirschman index (0–10,000)' : "Largest country's share (%)", grid: true, domain: [0, s.sort === 'HHI' ? 10000 : 100] },
    y: { label: null, domain: shown.map(label) },
    marks: [
      Plot.barX(shown, { x: metric, y: label, fill: DARK, href: link, target: '_self', title: (m) => `${label(m)}: HHI ${num(Math.round(m.hhi))}, top ${m.top?.country.name} ${pct(m.cr1)}` }),
      Plot.text(shown, { x: metric, y: label, text: (m) => `${m.top?.country.name ?? ''} ${pct(m.cr1)}`, dx: 4, textAnchor: 'start', fontSize: 10 }),
      Plot.ruleX([0]),
    ],
  });
  svg.classList.add('chart');
  figure('ranking-figure', svg, [
    `${SOURCE}, edition ${d.edition}, ${d.year}, ${s.stage.toLowerCase()}; the 20 most concentrated of ${d.minerals.length}. ` +
    'Label: the largest producer and its share. Click a bar to open the mineral above.',
  ]);
  const header = ['rank', 'mineral', 'series', 'hhi', 'top_country', 'top_share_percent', 'top3_share_percent', 'edition', 'year'];
  const csv = d.minerals.map((m, i) => [i + 1, m.mineral.name, m.series, m.hhi, m.top?.country.name, m.cr1, m.cr3, d.edition, d.year]);
  fill('ranking-table',
    exportButtons(`concentration-${s.stage.toLowerCase()}-${d.year}`, svg, header, csv),
    el('details', {}, el('summary', {}, `All ${d.minerals.length} minerals`),
      table(['#', 'Mineral', 'HHI', 'Largest producer', 'Its share', 'Top 3', 'Its row'], d.minerals.map((m, i) => [
        String(i + 1), el('a', { href: link(m) }, label(m)), measured(num(Math.round(m.hhi)), m.worldTotalMeasurement),
        m.top?.country.name, measured(pct(m.cr1), m.top?.measurements[0]), pct(m.cr3), sourceLink(m.top?.measurements[0])]), 'ranking-rows')),
  );
}

async function showCoverage(s, main) {
  const of = s.group === 'custom'
    ? { countries: s.countries.split(',').map((c) => c.trim().toUpperCase()).filter(Boolean) }
    : { partnership: s.group, asOf: s.asOf || null };
  if (of.countries && !of.countries.length) {
    $('coverage-facts').replaceChildren(el('p', { class: 'note' }, 'Type ISO country codes, e.g. AU,CA,US.'));
    $('coverage-figure').replaceChildren();
    $('coverage-table').replaceChildren();
    return;
  }
  const c = (await gql(COVERAGE, { mineral: s.mineral, stage: s.stage, series: s.series || null, year: main.year, of })).coverage;
  const group = c.partnership ? `${c.partnership.name} members` : 'the chosen countries';
  const bars = [
    { who: c.partnership ? `${c.partnership.id.toUpperCase()} members` : 'chosen countries', share: c.share, kind: 'group' },
    c.largestNonMember ? { who: `${c.largestNonMember.country.name} (largest outside)`, share: c.largestNonMember.share, kind: 'other', href: explore(c.largestNonMember.measurements[0].id) } : null,
  ].filter(Boolean);
  const svg = withHatch(Plot.plot({
    width: 760,
    marginLeft: 220,
    marginRight: 60,
    height: 110,
    x: { label: `Share of world ${main.series} (%)`, grid: true, domain: [0, 100] },
    y: { label: null, domain: bars.map((b) => b.who) },
    marks: [
      Plot.barX(bars, { x: 'share', y: 'who', fill: (b) => (b.kind === 'group' ? DARK : 'url(#hatch)'), stroke: '#222', strokeWidth: 0.6, href: 'href' }),
      Plot.text(bars, { x: 'share', y: 'who', text: (b) => pct(b.share), dx: 4, textAnchor: 'start' }),
      Plot.ruleX([0]),
    ],
  }));
  svg.classList.add('chart');
  figure('coverage-figure', svg, [
    `${SOURCE}, edition ${c.supply.edition}, ${c.supply.year}; ${c.partnership ? `membership as of ${c.asOf}` : 'a chosen list of countries'}. Solid: the group's combined share; hatched: the largest producer outside it.`,
  ]);
  fill('coverage-facts',
    fact('Group', c.partnership ? el('a', { href: explore(c.partnership.id) }, c.partnership.name) : 'chosen countries', c.asOf ? `as of ${c.asOf}` : null),
    fact(`Share of ${group}`, el('span', { 'data-value': c.share }, pct(c.share)), `${c.contributing.length} of ${c.members.length} members produce`),
    fact('Largest outside', c.largestNonMember ? c.largestNonMember.country.name : 'none', c.largestNonMember ? pct(c.largestNonMember.share) : null),
  );
  const header = ['country', 'value', 'unit', 'share_percent', 'member', 'measurement', 'source_row'];
  const all = [...c.contributing.map((x) => [x, true]), ...(c.largestNonMember ? [[c.largestNonMember, false]] : [])];
  const csv = all.map(([x, member]) => [x.country.name, x.value, c.supply.unit, x.share, member, x.measurements[0]?.id, x.measurements[0]?.provenance[0]?.locator]);
  fill('coverage-table',
    exportButtons(`coverage-${c.partnership?.id ?? 'countries'}-${s.mineral}-${c.supply.year}`, svg, header, csv),
    table(['Country', 'In group', `Value (${c.supply.unit})`, 'Share', 'Source row'], all.map(([x, member]) => [
      x.country.name, member ? 'yes' : 'no', measured(num(x.value), x.measurements[0]), el('span', { class: 'share', 'data-value': x.share }, pct(x.share)), sourceLink(x.measurements[0])]), 'coverage-rows'),
  );
}

async function showDependency(s) {
  const partnership = s.group === 'custom' ? null : s.group;
  const d = (await gql(DEPENDENCY, { partnership, asOf: partnership ? s.asOf || null : null })).dependency;
  const ranked = d.minerals.filter((m) => m.reliance != null);
  const shown = ranked.filter((m, i) => ranked.findIndex((o) => o.mineral.id === m.mineral.id) === i).slice(0, 25);
  const svg = withHatch(Plot.plot({
    width: 760,
    marginLeft: 200,
    marginRight: 60,
    height: 40 + shown.length * 18,
    x: { label: 'Net import reliance, % of apparent consumption', grid: true, domain: [0, 100] },
    y: { label: null, domain: shown.map((m) => m.mineral.name) },
    marks: [
      Plot.barX(shown, { x: 'reliance', y: (m) => m.mineral.name, fill: (m) => (m.mineral.id === s.mineral ? 'url(#hatch)' : DARK), stroke: '#222', strokeWidth: 0.6, href: (m) => explore(m.measurement.id), title: (m) => m.detail }),
      Plot.text(shown, { x: 'reliance', y: (m) => m.mineral.name, text: (m) => `${m.qualifier === 'OVER' ? '>' : ''}${num(m.reliance)}%`, dx: 4, textAnchor: 'start', fontSize: 10 }),
      Plot.ruleX([0]),
    ],
  }));
  svg.classList.add('chart');
  figure('dependency-figure', svg, [`${SOURCE}, edition ${d.edition}, ${d.year}: the 25 minerals the United States relies on most (one figure per mineral, its first form); hatched: the mineral chosen above. Click a bar for its measurement.`]);
  const mine = d.minerals.filter((m) => m.mineral.id === s.mineral);
  const sources = mine.flatMap((m) => m.importSources);
  if (sources.length) {
    const rows = new Map((await gql(ROWS, { ids: sources.map((x) => x.measurement.id) })).measurements.map((m) => [m.id, m]));
    for (const x of sources) x.measurement = rows.get(x.measurement.id) ?? x.measurement;
  }
  fill('dependency-facts',
    fact(`US reliance on ${mine[0]?.mineral.name ?? s.mineral}`, mine.length ? measured(`${mine[0].qualifier === 'OVER' ? '>' : ''}${num(mine[0].reliance)}%`, mine[0].measurement) : 'no figure',
      mine.length ? [mine[0].detail, ' · ', sourceLink(mine[0].measurement)] : null),
    d.partnership ? fact(`Imports from ${d.partnership.id.toUpperCase()} partners`, `${sources.filter((x) => x.partner).length} of ${sources.length} sources`, d.asOf ? `as of ${d.asOf}` : null) : null,
  );
  const header = ['mineral', 'detail', 'reliance_percent', 'qualifier', 'estimated', 'edition', 'year', 'measurement', 'source_row'];
  const csv = d.minerals.map((m) => [m.mineral.name, m.detail, m.reliance, m.qualifier, m.estimated, d.edition, d.year, m.measurement.id, m.measurement.provenance[0]?.locator]);
  fill('dependency-table',
    exportButtons(`us-import-reliance-${d.year}`, svg, header, csv),
    sources.length ? el('h3', {}, `Where US imports of ${mine[0].mineral.name} come from`) : null,
    sources.length ? table(['Source', 'Form', 'Period', 'Share of imports', d.partnership ? `${d.partnership.id.toUpperCase()} partner` : null, 'Source row'],
      sources.map((x) => [x.country?.name ?? 'Other countries', x.form, x.period, measured(pct(x.share), x.measurement), d.partnership ? (x.partner ? 'yes' : 'no') : null, sourceLink(x.measurement)]), 'import-rows') : null,
  );
}

async function showDisruption(s, main) {
  const supplier = s.supplier || main.shares[0]?.country.id;
  $('supplier').replaceChildren(...main.shares.slice(0, 10).map((x) => el('option', { value: x.country.id }, x.country.name)));
  if (!supplier) return;
  $('supplier').value = supplier;
  const d = (await gql(DISRUPTION, { supplier, mineral: s.mineral, stage: s.stage, series: s.series || null, year: main.year })).disruption;
  const top = d.remaining.filter((x) => x.share != null).slice(0, 10);
  const rows = top.flatMap((x) => {
    const before = main.shares.find((y) => y.country.id === x.country.id);
    return [{ country: x.country.name, when: 'without', share: x.share, href: explore(x.measurements[0].id) },
      { country: x.country.name, when: 'today', share: before?.share ?? 0, href: explore(x.measurements[0].id) }];
  });
  const svg = withHatch(Plot.plot({
    width: 760, marginLeft: 130, marginRight: 60, height: 40 + top.length * 34,
    x: { label: `Share of world ${main.series} (%)`, grid: true, domain: [0, 100] },
    y: { domain: ['without', 'today'], axis: null },
    fy: { label: null, domain: top.map((x) => x.country.name) },
    marks: [
      Plot.barX(rows, { x: 'share', y: 'when', fy: 'country', fill: (r) => (r.when === 'without' ? DARK : 'url(#hatch)'), stroke: '#222', strokeWidth: 0.6, href: 'href' }),
      Plot.text(rows, { x: 'share', y: 'when', fy: 'country', text: (r) => `${pct(r.share)} ${r.when === 'today' ? '(today)' : ''}`, dx: 4, textAnchor: 'start', fontSize: 10 }),
      Plot.ruleX([0]),
    ],
  }));
  svg.classList.add('chart');
  figure('disruption-figure', svg, [
    el('span', { class: 'key' }, el('i', { class: 'solid' }), `share without ${d.supplier.name}`),
    el('span', { class: 'key' }, el('i', { class: 'hatched' }), `share with it (${d.before.year})`), el('br'),
    `${SOURCE}, edition ${d.before.edition}, ${d.before.year}; the 10 largest remaining producers.`,
  ]);
  fill('disruption-facts',
    fact('Supply lost', d.lost ? measured(pct(d.lost.share), d.lost.measurements[0]) : 'none', d.lost ? sourceLink(d.lost.measurements[0]) : null),
    fact('Remaining', `${num(d.remainingTotal)} ${d.before.unit}`),
    fact('HHI after', num(Math.round(d.remainingHhi)), `${num(Math.round(d.before.hhi))} before`),
    fact('Largest remaining', d.remainingTop ? d.remainingTop.country.name : 'none', d.remainingTop ? pct(d.remainingTop.share) : null),
  );
  const header = ['country', 'value', 'unit', 'share_without_percent', 'measurement', 'source_row'];
  const csv = d.remaining.map((x) => [x.country.name, x.value, d.before.unit, x.share, x.measurements[0]?.id, x.measurements[0]?.provenance[0]?.locator]);
  fill('disruption-table',
    exportButtons(`without-${supplier}-${s.mineral}-${d.before.year}`, svg, header, csv),
    d.importersAtStake.length ? el('h3', {}, 'Importers at stake') : null,
    d.importersAtStake.length ? table(['Importer', 'Form', 'Period', `Share of its imports from ${d.supplier.name}`, 'Source row'],
      d.importersAtStake.map((x) => [x.country.name, x.form, x.period, measured(pct(x.share), x.measurement), sourceLink(x.measurement)]), 'stake-rows') : null,
    el('h3', {}, `Projects in the graph outside ${d.supplier.name}`
      + (d.projectCount > d.projects.length ? ` (the first ${num(d.projects.length)} of ${num(d.projectCount)}, by name)` : '')),
    d.projects.length ? el('ul', {}, d.projects.map((p) => el('li', {}, el('a', { href: explore(p.id) }, p.name),
      ...d.financings.filter((f) => f.project.id === p.id).map((f) => el('small', {}, ` · financed by ${f.financier.name}`))))) : el('p', { class: 'note' }, 'None at this stage in the graph.'),
  );
}

// --- controls -----------------------------------------------------------------------------

let minerals = null; // from the latest ranking of the stage: the minerals with figures
let latestYear = null;

function fillYears(year, compare) {
  const years = [latestYear, latestYear - 1, latestYear - 2].filter((y) => y);
  $('year').replaceChildren(...years.map((y) => el('option', { value: String(y), selected: y === year ? '' : null }, String(y))));
  $('compare').replaceChildren(el('option', { value: String(year) }, 'none'),
    ...years.filter((y) => y !== year).map((y) => el('option', { value: String(y), selected: y === compare ? '' : null }, String(y))));
  $('year').value = String(year);
  $('compare').value = String(compare === year || !years.includes(compare) ? year : compare);
}

async function loadMinerals(stage) {
  const d = (await gql(RANKING, { stage, year: null, sort: 'HHI', critical: false })).concentration;
  latestYear = d.year;
  const seen = new Map();
  for (const m of d.minerals) seen.set(`${m.mineral.id}|${m.series}`, m);
  minerals = { stage, list: [...seen.values()].sort((a, b) => a.mineral.name.localeCompare(b.mineral.name)) };
}

function fillControls(s) {
  $('stage').replaceChildren(...STAGES.map((x) => el('option', { value: x }, x.toLowerCase())));
  $('stage').value = s.stage;
  const opts = minerals.list.map((m) => el('option', { value: `${m.mineral.id}|${m.series}` }, m.series === 'mine production' || minerals.list.filter((o) => o.mineral.id === m.mineral.id).length === 1 ? m.mineral.name : `${m.mineral.name} (${m.series})`));
  $('mineral').replaceChildren(...opts);
  const key = minerals.list.find((m) => m.mineral.id === s.mineral && (!s.series || m.series === s.series));
  if (key) $('mineral').value = `${key.mineral.id}|${key.series}`;
  $('sort').value = s.sort;
  $('critical').checked = s.critical === '1';
  $('group').value = s.group;
  $('countries-label').hidden = s.group !== 'custom';
  $('countries').value = s.countries;
  $('asof').value = s.asOf;
}

$('mineral').addEventListener('change', () => {
  const [mineral, series] = $('mineral').value.split('|');
  const multi = minerals.list.filter((m) => m.mineral.id === mineral).length > 1;
  update({ mineral, series: multi ? series : '', supplier: '' });
});
$('stage').addEventListener('change', () => update({ stage: $('stage').value, series: '', supplier: '' }));
$('year').addEventListener('change', () => update({ year: $('year').value, compare: String(Number($('year').value) - 1) }));
$('compare').addEventListener('change', () => update({ compare: $('compare').value }));
$('sort').addEventListener('change', () => update({ sort: $('sort').value }));
$('critical').addEventListener('change', () => update({ critical: $('critical').checked ? '1' : '' }));
$('group').addEventListener('change', () => update({ group: $('group').value }));
$('countries').addEventListener('change', () => update({ countries: $('countries').value.replaceAll(' ', '') }));
$('asof').addEventListener('change', () => update({ asOf: $('asof').value.trim() }));
$('supplier').addEventListener('change', () => update({ supplier: $('supplier').value }));
$('controls').addEventListener('submit', (ev) => ev.preventDefault());

// --- render -------------------------------------------------------------------------------

const errors = [];
const guard = (section, p) => p.catch((err) => {
  errors.push(`${section}: ${err.message}`);
  $(`${section}-figure`).replaceChildren(el('p', { class: 'error' }, err.message));
});

async function render() {
  const s = readHash();
  setBusy(+1);
  errors.length = 0;
  try {
    if (minerals?.stage !== s.stage) await loadMinerals(s.stage).catch((err) => { errors.push(err.message); minerals = { stage: s.stage, list: [] }; });
    fillControls(s);
    const main = await guard('supply', showSupply(s));
    await Promise.all([
      guard('ranking', showRanking(s, main?.year ?? latestYear)),
      main ? guard('coverage', showCoverage(s, main)) : null,
      guard('dependency', showDependency(s)),
      main ? guard('disruption', showDisruption(s, main)) : null,
    ]);
  } finally {
    setBusy(-1);
    $('status').textContent = errors.join(' · ');
    $('status').classList.toggle('error', errors.length > 0);
  }
}

// Draw what the URL says, now and whenever it changes.
const writeView = hashView(render);
