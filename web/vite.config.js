// Four pages, /graphiql, /explore, /insights and /source, built into dist/ with stable, content-hashed names and no
// timestamps, so that a rebuild from package-lock.json reproduces dist/ byte for byte
// (`make web-check`). Everything is bundled: the pages make no request to any other host.
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';
import { readmeExamples } from './examples.js';
import { insightsExamples } from './src/insights-queries.js';

const here = (p) => fileURLToPath(new URL(p, import.meta.url));
const readme = here('../README.md');

// `virtual:examples` is the README's examples as a module; dist/examples.json the same data
// for the Go test and the server's warm-up.
function examples() {
  const id = '\0virtual:examples';
  return {
    name: 'readme-examples',
    resolveId: (s) => (s === 'virtual:examples' ? id : null),
    load(s) {
      if (s !== id) return null;
      this.addWatchFile(readme);
      return `export default ${JSON.stringify(readmeExamples(readme))};`;
    },
    generateBundle() {
      this.emitFile({ type: 'asset', fileName: 'examples.json', source: JSON.stringify(readmeExamples(readme), null, 2) + '\n' });
      // The Insights page's queries with its default variables: the server sends them to
      // itself at start (WARMUP) so that Neo4j has planned them before the page asks.
      this.emitFile({ type: 'asset', fileName: 'insights-examples.json', source: JSON.stringify(insightsExamples, null, 2) + '\n' });
    },
  };
}

export default defineConfig({
  base: '/',
  plugins: [examples()],
  oxc: { jsx: { runtime: 'automatic' } },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    sourcemap: false,
    modulePreload: { polyfill: false },
    chunkSizeWarningLimit: 4000,
    rollupOptions: {
      input: { graphiql: here('graphiql.html'), explore: here('explore.html'), insights: here('insights.html'), source: here('source.html') },
      // React libraries' "use client" lines mean nothing in a plain bundle.
      onwarn: (w, warn) => (w.code === 'MODULE_LEVEL_DIRECTIVE' ? undefined : warn(w)),
      output: {
        entryFileNames: 'assets/[name]-[hash].js',
        chunkFileNames: 'assets/[name]-[hash].js',
        assetFileNames: 'assets/[name]-[hash][extname]',
      },
    },
  },
});
