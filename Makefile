# mineralgraph — the two commands that work on a fresh machine: `make run` and `make test`.
SHELL := /bin/bash
.SHELLFLAGS := -euo pipefail -c
.DEFAULT_GOAL := help

NEO4J := tools/neo4j/neo4j.sh
# Builds without the checkout's directory in them: Go's build cache is then shared by every
# clone on the machine (a clean clone's make test compiled and vetted everything again,
# ~150 CPU-s, when the cache was keyed by the clone's path), and binaries do not carry it.
export GOFLAGS := -trimpath $(GOFLAGS)
# What `make test` runs (tools/make-test.sh): TEST_STAGES one after another, then test-go
# beside TEST_BESIDE_GO (one after another); it prints each stage's duration.
TEST_STAGES := fmt-check check-generated check-generated-selftest
TEST_BESIDE_GO := vet web-check test-web bench-smoke

.PHONY: help build run serve seed soak neo4j-start neo4j-stop generate check-generated check-generated-selftest fmt-check vet test test-go

help: ## list the targets
	@grep -E '^[a-z0-9-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  %-24s %s\n", $$1, $$2}'

# NEO4J_URI set in the environment means "use that Neo4j"; otherwise start the local one
# (port NEO4J_LOCAL_PORT, 7687), and stop here when it cannot start: its one line says why.
define with_neo4j
if [[ -z "$${NEO4J_URI:-}" ]]; then NEO4J_URI=$$($(NEO4J) start) || exit 1; export NEO4J_URI; fi;
endef
# The binary is built, then exec'd: Ctrl-C reaches the server itself, which drains and exits 0
# (under `go run` the same Ctrl-C ended as "make: *** Error 1").
BUILD := go build -o mineralgraph .

run: ## start Neo4j if none is configured, load the seed data, serve on http://localhost:8080 (HTTP_ADDR)
	@$(with_neo4j) $(BUILD) && ./mineralgraph seed --replace && exec ./mineralgraph serve

serve: ## serve without seeding (Neo4j must be reachable, see NEO4J_URI); HTTP_ADDR sets the address
	@$(with_neo4j) $(BUILD) && exec ./mineralgraph serve

seed: ## validate the seed data set and load it (twice in a row: the second reports no change)
	@$(with_neo4j) $(BUILD) && exec ./mineralgraph seed --replace

build: ## build the binary ./mineralgraph (go install . puts it in $$GOPATH/bin instead)
	$(BUILD)

soak: ## reads and authenticated writes for SOAK_DURATION (3m) with a Neo4j restart half-way, then a consistency check
	tools/soak/run.sh

neo4j-start: ## start the local Neo4j (idempotent)
	@$(NEO4J) start

neo4j-stop: ## stop the local Neo4j
	@$(NEO4J) stop

generate: ## regenerate everything derived from schema/ (store metadata, gqlgen code)
	go generate ./...

check-generated: ## fail when schema/ and the generated code have drifted apart
	tools/check-generated.sh

check-generated-selftest: ## the drift check must fail on an unregenerated schema change
	tools/check-generated-selftest.sh

fmt-check: ## fail when a Go file is not gofmt-formatted
	@files=$$(gofmt -l $$(git ls-files --cached --others --exclude-standard '*.go')); \
	if [[ -n "$$files" ]]; then echo "gofmt needed: $$files"; exit 1; fi

vet: ## go vet ./...
	go vet ./...

test: ## all checks and tests: TEST_STAGES, then test-go beside TEST_BESIDE_GO; each on Neo4j instances of its own, free ports
	@tools/make-test.sh "$(TEST_STAGES)" "$(TEST_BESIDE_GO)"

test-go: ## go tests on a Neo4j of their own (free port, temp dir); GO_TEST_TIMEOUT (25m), GO_TEST_FLAGS
	@tools/test-go.sh

# --- web: the playground (/graphiql) and the explorer (/explore), see README "Web" -------------
# web/dist is committed and embedded in the binary, so go build needs no Node; these need
# Node 20.19+ and npm, and test-web Debian's chromium (.ci/run installs it).
.PHONY: web-build web-check test-web

web-build: ## rebuild web/dist from web/'s sources and lockfile
	cd web && npm ci --no-audit --no-fund && npm run build

web-check: ## fail when a rebuild of web/ from its lockfile differs from the committed web/dist
	@tmp=$$(mktemp -d); trap 'rm -rf "$$tmp"' EXIT; cd web; \
	npm ci --no-audit --no-fund --loglevel=error; \
	npm run --silent build -- --outDir "$$tmp/dist" --emptyOutDir --logLevel warn; \
	if ! diff -r dist "$$tmp/dist" >/dev/null; then \
	  diff -rq dist "$$tmp/dist" || true; \
	  echo "web-check: web/dist is not what web/ builds to; run make web-build and commit web/dist" >&2; exit 1; \
	fi; \
	echo "web-check: web/dist is what web/ builds to"

test-web: ## browser tests: Chromium driven by playwright-core, against the server on a seeded Neo4j of its own
	web/tests/run.sh
# --- end of web ---------------------------------------------------------------------------------

# --- bench: the three-way benchmark (this API, raw Cypher, @neo4j/graphql), see bench/README.md -
# Its own Neo4j (port 7691, .neo4j/bench-scale-N, reused while it holds the same graph; the smoke
# run: free ports and a temp dir of its own). Needs Node 20+ and npm for the library (npm ci).
.PHONY: bench bench-smoke bench-go
SCALE ?= 10
BENCH_FLAGS ?=

bench: ## three-way benchmark at SCALE (default 10): bench/results/scale-N.{md,json}, summary.md, latency-vs-scale.png
	go run ./bench/cmd/bench -scale $(SCALE) -npm-ci $(BENCH_FLAGS)

bench-smoke: ## the benchmark harness at scale 1, one request per client and cell (part of make test)
	go run ./bench/cmd/bench -smoke -npm-ci

bench-go: ## in-process Go benchmarks on the seed data, each request beside its raw Cypher (test Neo4j)
	@tools/test-go.sh go test -run '^$$' -bench . -benchmem -count 3 ./e2e/
# --- end of bench -------------------------------------------------------------------------------

# --- fuzz: the fuzz targets, FUZZTIME (60 s) each; not part of make test, whose `go test ./...` --
# runs their seed corpora (httpapi/testdata/fuzz/FuzzHandler, graph/store/testdata/fuzz/FuzzCompileWhere).
# No Neo4j: FuzzHandler runs over a store whose database is unreachable. A failing input is
# written to the target's testdata/fuzz directory, where it stays as a seed once fixed.
.PHONY: fuzz
FUZZTIME ?= 60s

fuzz: ## run each fuzz target for FUZZTIME (default 60s): FuzzHandler, FuzzCompileWhere, FuzzDecode
	go test -run '^$$' -fuzz '^FuzzHandler$$' -fuzztime $(FUZZTIME) -fuzzminimizetime 10s ./httpapi/
	go test -run '^$$' -fuzz '^FuzzCompileWhere$$' -fuzztime $(FUZZTIME) -fuzzminimizetime 10s ./graph/store/
	go test -run '^$$' -fuzz '^FuzzDecode$$' -fuzztime $(FUZZTIME) -fuzzminimizetime 10s ./internal/bolt/
# --- end of fuzz --------------------------------------------------------------------------------
