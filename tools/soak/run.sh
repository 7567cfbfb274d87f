#!/usr/bin/env bash
# Soak: a Neo4j and a server of their own, seeded; reads and authenticated writes from
# many clients for SOAK_DURATION (default 3m), Neo4j restarted half-way; then the
# report and the consistency check (tools/soak). Loopback only. Writes
# test-output/soak.md.
set -euo pipefail
cd "$(dirname "$0")/../.."
port=${SOAK_NEO4J_PORT:-7694} http=127.0.0.1:${SOAK_HTTP_PORT:-8095} duration=${SOAK_DURATION:-3m}
neo="tools/neo4j/neo4j.sh --port $port --data $PWD/.neo4j/soak"
mkdir -p test-output .neo4j
bin=.neo4j/soak-mineralgraph
go build -o "$bin" .

uri=$($neo start --fresh)
server=""
cleanup() {
  [[ -n $server ]] && kill "$server" 2>/dev/null && wait "$server" 2>/dev/null
  $neo stop >/dev/null 2>&1 || true
}
trap cleanup EXIT
NEO4J_URI=$uri "$bin" seed >/dev/null
keys=$("$bin" keygen soak)
key=$(sed -n 's/^key[^:]*: //p' <<<"$keys")
entry=$(sed -n 's/^API_KEYS entry[^:]*: //p' <<<"$keys")
API_KEYS=$entry NEO4J_URI=$uri HTTP_ADDR=$http LOG_LEVEL=warn "$bin" serve 2>test-output/soak-server.log &
server=$!
for _ in $(seq 100); do curl -fs "http://$http/readyz" >/dev/null && break; sleep 0.2; done

go run ./tools/soak -url "http://$http/graphql" -key "$key" -bolt "$uri" -duration "$duration" \
  -restart "$neo stop && $neo start" -out test-output/soak.md
