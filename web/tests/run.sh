#!/usr/bin/env bash
# `make test-web`: the browser tests. Builds the server, starts a Neo4j of its own and seeds it
# in full (the Insights tests need the USGS figures), serves on a free loopback port, and runs
# tests/*.test.mjs (playwright-core driving Debian's /usr/bin/chromium, no browser download). Screenshots and logs go to test-output/web/.
set -euo pipefail
cd "$(dirname "$0")/../.."

neo4j=tools/neo4j/neo4j.sh
out=${WEB_TEST_OUTPUT:-test-output/web}
export CHROMIUM=${CHROMIUM:-/usr/bin/chromium}

[[ -x $CHROMIUM ]] || { echo "test-web: $CHROMIUM is missing (apt-get install chromium; .ci/run does it)" >&2; exit 1; }
[[ -d web/node_modules/playwright-core ]] || (cd web && npm ci --no-audit --no-fund)
mkdir -p "$out"
# Everything this run starts lives in $tmp (the Neo4j on a free port picked at start) and
# goes away however the run ends: pass, failure, Ctrl-C.
tmp=$(mktemp -d "${TMPDIR:-/tmp}/mineralgraph-web-test.XXXXXX")
data=$tmp/neo4j
server=''
cleanup() {
  [[ -z $server ]] || { kill "$server" 2>/dev/null; wait "$server" 2>/dev/null || true; }
  "$neo4j" stop --data "$data" 2>/dev/null || true
  rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

go build -o "$tmp/mineralgraph" .
uri=$("$neo4j" start --fresh --short-lived --port 0 --data "$data")
NEO4J_URI=$uri "$tmp/mineralgraph" seed >"$out/seed.log" 2>&1 || { cat "$out/seed.log" >&2; exit 1; }

http_port=$(node -e 'const s=require("net").createServer().listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})')
base=http://127.0.0.1:$http_port
# A minute per request, not the default 10 s: on a busy machine the Insights page's first
# analytics took longer; these tests check the pages, not the deadline (httpapi's tests do).
NEO4J_URI=$uri HTTP_ADDR=127.0.0.1:$http_port REQUEST_TIMEOUT=60s "$tmp/mineralgraph" serve >"$out/server.log" 2>&1 &
server=$!
ready() { node -e 'fetch(process.argv[1]).then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))' "$base/readyz"; }
for _ in $(seq 100); do
  ready && break
  kill -0 "$server" 2>/dev/null || { cat "$out/server.log" >&2; exit 1; }
  sleep 0.2
done
ready || { echo "test-web: the server at $base is not ready" >&2; cat "$out/server.log" >&2; exit 1; }

BASE_URL=$base TEST_OUTPUT=$out node --test --test-concurrency=1 web/tests/*.test.mjs
echo "test-web: screenshots in $out/"
