// The source view: one provenance entry shown in its source.
//   #source=<id>&quote=<text>               VERBATIM: the stored text, the quote highlighted
//   #source=<id>&locator=<file>:<line>      DATA_ROW: the row in its table, under its header
//   #source=<id>&note=<text>                COMPILED: the note and the cited link, not verbatim
import { $, el, gql, hashView } from './common.js';
import './insights.css';
import './source.css';

const SOURCE = `query SourceView($id: ID!) { source(id: $id) { id title url publisher author published licence evidence storedAs reliability } }`;

// A CSV line's cells (quoted cells may hold commas and doubled quotes).
function cells(line) {
  const out = [];
  let cur = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (quoted && c === '"' && line[i + 1] === '"') { cur += '"'; i++; } else if (c === '"') quoted = !quoted;
    else if (c === ',' && !quoted) { out.push(cur); cur = ''; } else cur += c;
  }
  out.push(cur);
  return out;
}

const stored = (src) => src.storedAs && `/sources/${src.storedAs.replace(/^seed\/sources\//, '')}`;

async function text(url) {
  const res = await fetch(url);
  if (!res.ok) throw new Error(`${url}: HTTP ${res.status}`);
  return res.text();
}

async function show() {
  const p = new URLSearchParams(location.hash.slice(1));
  const src = (await gql(SOURCE, { id: p.get('source') ?? '' })).source;
  if (!src) throw new Error(`no source ${p.get('source')}`);
  $('meta').replaceChildren(...[
    el('h2', {}, src.title),
    el('p', { class: 'kind' }, [src.publisher, src.author, src.published].filter(Boolean).join(' · ')),
    el('p', {}, el('span', { class: `badge ${src.evidence}` }, src.evidence), ' ',
      src.url ? el('a', { href: src.url, rel: 'noreferrer noopener', target: '_blank' }, src.url) : null),
    src.reliability ? el('p', { class: 'note' }, src.reliability) : null,
    src.licence ? el('p', { class: 'kind' }, `Licence: ${src.licence}`) : null,
  ].filter(Boolean));
  const quote = p.get('quote');
  const locator = p.get('locator');
  if (src.evidence === 'COMPILED' || (!quote && !locator)) {
    $('evidence').replaceChildren(
      el('h3', {}, 'Compiled claim — not verbatim'),
      el('p', { class: 'compiled' }, p.get('note') ?? p.get('quote') ?? ''),
      el('p', { class: 'note' }, 'The project summarised this from the cited page, which it does not store; read the page itself: ',
        src.url ? el('a', { href: src.url, rel: 'noreferrer noopener', target: '_blank' }, src.url) : 'no link'));
    return;
  }
  const body = await text(stored(src));
  if (locator) {
    const line = Number(locator.split(':').pop());
    const lines = body.split(/\r?\n/);
    const header = cells(lines[0]);
    const row = cells(lines[line - 1] ?? '');
    $('evidence').replaceChildren(
      el('h3', {}, `Data row — ${locator}, verbatim`),
      el('div', { class: 'scroll' }, el('table', { class: 'data row-table' },
        el('thead', {}, el('tr', {}, el('th', {}, 'line'), header.map((h) => el('th', {}, h)))),
        el('tbody', {},
          line > 2 ? el('tr', { class: 'context' }, el('td', {}, String(line - 1)), cells(lines[line - 2]).map((c) => el('td', {}, c))) : null,
          el('tr', { class: 'hit' }, el('td', {}, String(line)), row.map((c) => el('td', { title: c }, c))),
          lines[line] ? el('tr', { class: 'context' }, el('td', {}, String(line + 1)), cells(lines[line]).map((c) => el('td', {}, c))) : null))),
      el('p', { class: 'note' }, 'The highlighted row is line ', String(line), ' of ', el('a', { href: stored(src) }, src.storedAs), ', with the file\'s header above it.'),
      el('h3', {}, `Line ${line}, field by field`),
      el('table', { class: 'data row-fields' }, el('tbody', {}, header.map((h, i) => el('tr', {}, el('th', {}, h), el('td', {}, row[i] ?? ''))))));
    return;
  }
  const at = body.indexOf(quote);
  const pre = el('pre', { class: 'stored' });
  if (at < 0) {
    pre.append(body);
    $('evidence').replaceChildren(el('h3', {}, 'Quote not found in the stored text'), el('p', { class: 'error' }, quote), pre);
    return;
  }
  const mark = el('mark', {}, quote);
  pre.append(body.slice(0, at), mark, body.slice(at + quote.length));
  $('evidence').replaceChildren(el('h3', {}, `Verbatim quote in ${src.storedAs}`), pre);
  mark.scrollIntoView({ block: 'center' });
}

// The entry the URL names, drawn in place when the URL changes; an entry that cannot be shown
// leaves nothing of the one before.
hashView(async () => {
  try {
    await show();
    $('status').textContent = '';
    $('status').classList.remove('error');
  } catch (err) {
    $('meta').replaceChildren();
    $('evidence').replaceChildren();
    $('status').textContent = err.message;
    $('status').classList.add('error');
  }
});
