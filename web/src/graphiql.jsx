// The playground: GraphiQL (docs explorer, history, editable headers) with the README's
// example queries as tabs and in an "Examples" pane. Everything is bundled; no CDN.
import { createRoot } from 'react-dom/client';
import { GraphiQL } from 'graphiql';
import { useEditorContext, useExecutionContext } from '@graphiql/react';
import 'graphiql/style.css';
import './graphiql.css';
import readme from 'virtual:examples';
import { insightsExamples } from './insights-queries.js';

// Same-origin POSTs to /graphql with the headers from the Headers pane (an API key for
// mutations goes there: {"Authorization": "Bearer …"}).
async function fetcher(params, opts) {
  const res = await fetch('/graphql', {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Accept: 'application/json', ...(opts?.headers ?? {}) },
    body: JSON.stringify(params),
  });
  return res.json();
}

// GraphiQL names a tab after its operation: an unnamed example gets one from the first five
// words of its title ("The example question, in one query" → TheExampleQuestionInOne).
const operationName = (title) => title.replace(/[^\p{L}\p{N} ]/gu, ' ').trim().split(/\s+/).slice(0, 5)
  .map((w) => w[0].toUpperCase() + w.slice(1)).join('').normalize('NFD').replace(/[^A-Za-z0-9_]/g, '').replace(/^(\d)/, '_$1');
const named = (ex) => ({
  ...ex,
  query: ex.query.replace(/^(\s*(?:#.*\n\s*)*)(?:query\s*(?=[({])|(?=\{))/, (m, lead) => `${lead}query ${operationName(ex.title)} `),
});
// The README's examples, then the Insights page's queries.
const examples = [...readme, ...insightsExamples].map(named);
const vars = (ex) => (ex.variables ? JSON.stringify(ex.variables, null, 2) : '');

const withTitle = (ex, i) => `# ${i + 1}. ${ex.title}\n${ex.query}`;

function ExamplesPane() {
  const editor = useEditorContext({ nonNull: true });
  const exec = useExecutionContext({ nonNull: true });
  const open = (ex, i, run) => {
    const query = withTitle(ex, i);
    editor.queryEditor?.setValue(query);
    editor.variableEditor?.setValue(vars(ex));
    // A run sends the editor's operation name, which would still be the previous example's.
    editor.setOperationName(/^\s*(?:#.*\n\s*)*query\s+(\w+)/.exec(query)?.[1] ?? null);
    // The tab state follows the editors with a delay; history records the tab's query.
    editor.updateActiveTabValues({ query, variables: vars(ex) });
    if (run) setTimeout(() => exec.run(), 0);
  };
  return (
    <div className="mg-examples">
      <div className="graphiql-doc-explorer-title">Examples</div>
      <p>The README's example queries on the seeded graph, then the Insights page's. Click one to load it into the editor, ▶ to run it.</p>
      <ol>
        {examples.map((ex, i) => (
          <li key={i}>
            <button type="button" className="mg-example" onClick={() => open(ex, i, false)}>{ex.title}</button>
            <button type="button" className="mg-run" title="Load and run" aria-label={`Run example ${i + 1}`} onClick={() => open(ex, i, true)}>▶</button>
          </li>
        ))}
      </ol>
      <p>
        Reads are public. To write, put your API key in the <b>Headers</b> pane below the editor:{' '}
        <code>{'{"Authorization": "Bearer <key>"}'}</code>.
      </p>
      <p><a href="/explore">Open the graph explorer →</a></p>
    </div>
  );
}

const examplesPlugin = {
  title: 'Examples',
  icon: () => <span className="mg-examples-icon" aria-hidden="true">★</span>,
  content: ExamplesPane,
};

createRoot(document.getElementById('graphiql')).render(
  <GraphiQL
    fetcher={fetcher}
    plugins={[examplesPlugin]}
    defaultQuery={withTitle(examples[0], 0)}
    defaultTabs={examples.map((ex, i) => ({ query: withTitle(ex, i), variables: vars(ex) }))}
    isHeadersEditorEnabled
    defaultEditorToolsVisibility="headers"
    shouldPersistHeaders={false}
  />,
);

// GraphiQL 4 draws its plugin pane collapsed even when told which plugin to show: open the
// Examples pane as a click would, once the sidebar is there.
const started = Date.now();
const opener = setInterval(() => {
  const button = document.querySelector('.graphiql-sidebar button[aria-label="Show Examples"]');
  if (button) button.click();
  if (button || Date.now() - started > 10000) clearInterval(opener);
}, 20);
