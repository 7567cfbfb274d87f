#!/usr/bin/env bash
# `make test-go`: go test ./... against Neo4j instances of its own, on free ports picked at
# start, in a fresh temp dir that is also the tests' TMPDIR; prints the slowest tests and a
# summary. Whatever the end (pass, failure, go test's timeout, Ctrl-C), every Neo4j started
# under that dir is stopped and the dir removed: runs side by side do not collide, none
# leaves debris.
#   tools/test-go.sh [CMD ARGS...]: with a command, runs it instead (NEO4J_TEST_URI set).
#   GO_TEST_TIMEOUT (25m): go test -timeout, sized for a busy 2-core machine.
#   GO_TEST_FLAGS: more go test flags, e.g. "-run TestX" or "-short".
#   GO_TEST_JSON: a file to keep go test's JSON stream in (every test's time), e.g. for CI.
#   GO_TEST_NEO4J (4; 1 with a command): how many test Neo4j instances, ~1.3 GB of memory
#   each. The first GO_TEST_WRITERS (2) are for the tests that write: a test takes a free
#   one, so that packages write side by side instead of in turn; each shared read-only
#   fixture (the seed data set, it with the USGS releases) gets one of the others and
#   stays loaded for the run instead of being loaded again after every test that wrote
#   (storetest).
# The slowest packages are named first: go test starts the packages in that order, two at
# a time (-p), and a slow one started last would run alone at the end.
set -euo pipefail
cd "$(dirname "$0")/.."

run=$(mktemp -d "${TMPDIR:-/tmp}/mineralgraph-test.XXXXXX")
starts=()
cleanup() {
  local pid pidfile
  # A start still under way first: its JVM may not yet be the Launcher the stop looks for.
  for pid in "${starts[@]}"; do wait "$pid" 2>/dev/null || true; done
  # The test Neo4j, and any a test started for itself and had no chance to stop (timeout).
  for pidfile in $(find "$run" -name neo4j.pid 2>/dev/null); do
    tools/neo4j/neo4j.sh stop --data "$(dirname "$pidfile")" 2>/dev/null || true
  done
  rm -rf "$run"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM
mkdir -p "$run/tmp"

start=$SECONDS
count=${GO_TEST_NEO4J:-$(($# ? 1 : 4))}
[[ $count =~ ^[1-9]$ ]] || { echo "test-go: GO_TEST_NEO4J must be 1 to 9, not $count" >&2; exit 2; }
writers=${GO_TEST_WRITERS:-2}
[[ $writers =~ ^[1-9]$ ]] || { echo "test-go: GO_TEST_WRITERS must be 1 to 9, not $writers" >&2; exit 2; }
# Started side by side (they share one jar download), each printing its URI to a file.
for i in $(seq "$count"); do
  tools/neo4j/neo4j.sh start --fresh --short-lived --conf tools/neo4j/go-tests.conf --port 0 --data "$run/neo4j-$i" >"$run/uri-$i" &
  starts+=($!)
done
if ((!$#)); then
  go build -o "$run/testsummary" ./tools/testsummary
  # The test binaries are built meanwhile, into the build cache, where go test below
  # finds them: ~20 s of starting Neo4j no longer come before the build. Its errors show there.
  # shellcheck disable=SC2086 # GO_TEST_FLAGS is meant to be word-split
  go test -count=1 ${GO_TEST_FLAGS:-} -run '^$' ./... >/dev/null 2>&1 || true
fi
for pid in "${starts[@]}"; do wait "$pid"; done
uris=$(for i in $(seq "$count"); do cat "$run/uri-$i"; done | paste -sd' ')
echo "test-go: test Neo4j at $uris after $((SECONDS - start))s"
export TMPDIR=$run/tmp NEO4J_TEST_URI=$uris NEO4J_TEST_WRITERS=$writers
if (($#)); then
  "$@"
  exit
fi
timeout=${GO_TEST_TIMEOUT:-25m}
echo "test-go: go test -timeout $timeout ${GO_TEST_FLAGS:+$GO_TEST_FLAGS }./... (graph/store, e2e and . first)"
status=0
# shellcheck disable=SC2086 # GO_TEST_FLAGS is meant to be word-split
go test -count=1 -timeout "$timeout" ${GO_TEST_FLAGS:-} -json ./graph/store ./e2e . ./... | tee "${GO_TEST_JSON:-/dev/null}" | "$run/testsummary" "${GO_TEST_FLAGS:-}" || status=$?
# Most of the suite's CPU is the test Neo4j's: what each used, writers' first.
cpu=()
tick=$(getconf CLK_TCK)
for i in $(seq "$count"); do
  read -r -a stat <"/proc/$(cat "$run/neo4j-$i/neo4j.pid")/stat" 2>/dev/null || { cpu+=(?); continue; }
  cpu+=($(((stat[13] + stat[14]) / tick)))
done
echo "test-go: the test Neo4j used ${cpu[*]} CPU-s; go test took $((SECONDS - start))s in all"
exit "$status"
