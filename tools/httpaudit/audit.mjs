// Runs the graphql-http audit suite against URL (argv[2]) and prints one line per
// result that is not ok; exits 1 if there is any (warnings and notices included).
import { auditServer } from 'graphql-http';

const url = process.argv[2];
const results = await auditServer({ url });
let bad = 0;
for (const r of results) {
  if (r.status !== 'ok') {
    bad++;
    console.log(`${r.status} ${r.id} ${r.name}: ${r.reason}`);
  }
}
console.log(`graphql-http audit: ${results.length} audits, ${results.length - bad} ok, ${bad} not ok`);
process.exit(bad ? 1 : 0);
