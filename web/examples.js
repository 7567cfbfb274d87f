// The playground's saved examples are the README's numbered example queries, in order (the
// example question first): each "N. Title." line followed by a ```graphql block. The build
// reads them from ../README.md, so the playground cannot drift from the README
// (web/web_test.go checks dist/examples.json against the README too).
import { readFileSync } from 'node:fs';

export function readmeExamples(readmePath) {
  const text = readFileSync(readmePath, 'utf8');
  const re = /^(\d+)\. (.+)\n\n```graphql\n([\s\S]*?)```/gm;
  const examples = [];
  for (const m of text.matchAll(re)) {
    const title = m[2].split(/(?<=\.)\s/)[0].replace(/\.$/, '');
    examples.push({ title, query: m[3] });
  }
  if (examples.length < 5) throw new Error(`${readmePath}: found ${examples.length} example queries, want at least 5`);
  return examples;
}
