package e2e

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"runtime/metrics"
	"slices"
	"sort"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"github.com/mineralgraph/mineralgraph/bench/synth"
	"github.com/mineralgraph/mineralgraph/graph/store"
	"github.com/mineralgraph/mineralgraph/graph/store/storetest"
	"github.com/mineralgraph/mineralgraph/httpapi"
)

// mixVars are the variables of the benchmark's mix (bench/queries/01–09, the queries
// all three systems answer) on the synthetic graph of scale 1: those of
// bench/cmd/bench/vars.go for that scale.
var mixVars = map[string]map[string]any{
	"01_lookup_project":    {"id": synth.ProjectID(2500/2 + 1)},
	"02_lookup_hub":        {"country": "CN"},
	"03_list_filtered":     {"prefix": "Kolwezi"},
	"04_list_related":      {"country": "US"},
	"05_example_question":  {"mineral": "graphite", "partnership": "msp", "financier": "jogmec"},
	"06_nested_financing":  {"financier": "kfw-ipex-bank", "minAmount": 500.0},
	"07_nested_membership": {"partnership": "msp"},
	"08_connection_total":  {"country": "ZM"},
	"09_nested_connection": {"mineral": "tellurium"},
}

// largerVars are the variables (same source, same scale) of the queries outside the mix
// whose answers are larger, where the server's CPU per request grows with the result:
// each is run alone, not in the mix.
var largerVars = map[string]map[string]any{
	"12_neighborhood":           {"id": synth.OrgID(100)},
	"18_connection_edge_filter": {"financier": "kfw-ipex-bank"},
	"19_nested_lists":           {"partnership": "msp"},
	"22_edge_sort":              {"financier": "jogmec"},
}

// BenchmarkMix runs the benchmark's mix in process, through the whole HTTP handler
// (httpapi.New, as `mineralgraph serve` builds it, with the bench's GRAPHQL_DEBUG=true and
// LOG_LEVEL=warn) over a real store on the synthetic graph of scale 1: each query alone
// (the mix's and largerVars'), then the mix's round-robin. Besides ns/op (wall time,
// Neo4j's included) it reports cpu-µs/op, the CPU of this process per request: the
// server's share (HTTP, GraphQL, the store and the driver's client side), what bench/
// measures as the server's CPU; the goroutines started and the garbage collections run
// per request (gc/kop: per 1000).
// mix-infolog is the mix with the access log written (as JSON, to io.Discard);
// mix-nocompilecache the mix with every statement compiled (COMPILE_CACHE_BYTES=0).
//
//	tools/test-go.sh go test -run '^$' -bench Mix -benchtime 200x -cpuprofile cpu.out -memprofile mem.out ./e2e/
func BenchmarkMix(b *testing.B) {
	st, driver := storetest.Seeded(b, "synth scale 1", func(ctx context.Context, s *store.Store) error {
		driver, err := store.Connect(ctx, storetest.URI(b), "", "", 30*time.Second)
		if err != nil {
			return err
		}
		defer driver.Close(context.Background())
		return synth.Run(ctx, []string{"--scale", "1", "--wipe", "--batch", "5000"}, io.Discard,
			func(fn func(*store.Store, neo4j.DriverWithContext) error) error { return fn(s, driver) })
	})
	names, bodies := mixBodies(b, mixVars)
	larger, largerBodies := mixBodies(b, largerVars)
	for name, body := range largerBodies {
		bodies[name] = body
	}
	opts := httpapi.Defaults()
	opts.Debug = true
	quiet := httpapi.New(opts, st, slog.New(slog.NewJSONHandler(io.Discard, &slog.HandlerOptions{Level: slog.LevelWarn})))
	logged := httpapi.New(opts, st, slog.New(slog.NewJSONHandler(io.Discard, &slog.HandlerOptions{Level: slog.LevelInfo})))
	// The compile cache is the store's: the mix without it needs a store of its own.
	opts.Cache.CompileBytes = 0
	uncompiled := httpapi.New(opts, store.New(driver, storetest.Database), slog.New(slog.NewJSONHandler(io.Discard, &slog.HandlerOptions{Level: slog.LevelWarn})))
	run := func(b *testing.B, h http.Handler, queries []string) {
		for _, q := range queries { // warm: the document cache, the driver's connections
			serve(b, h, q, bodies[q])
		}
		b.ReportAllocs()
		b.ResetTimer()
		cpu, counts := processCPU(b), runtimeCounts()
		i := 0
		for b.Loop() {
			q := queries[i%len(queries)]
			serve(b, h, q, bodies[q])
			i++
		}
		b.ReportMetric(float64((processCPU(b)-cpu).Microseconds())/float64(i), "cpu-µs/op")
		after := runtimeCounts()
		b.ReportMetric(float64(after[0]-counts[0])/float64(i), "goroutines/op")
		b.ReportMetric(float64(after[1]-counts[1])*1000/float64(i), "gc/kop")
	}
	for _, name := range slices.Concat(names, larger) {
		b.Run(name, func(b *testing.B) { run(b, quiet, []string{name}) })
	}
	b.Run("mix", func(b *testing.B) { run(b, quiet, names) })
	b.Run("mix-infolog", func(b *testing.B) { run(b, logged, names) })
	b.Run("mix-nocompilecache", func(b *testing.B) { run(b, uncompiled, names) })
}

// mixBodies are the request bodies of the queries of vars (bench/queries/NAME.graphql
// with its variables), and their names in order.
func mixBodies(b *testing.B, vars map[string]map[string]any) ([]string, map[string][]byte) {
	names := make([]string, 0, len(vars))
	bodies := map[string][]byte{}
	for name, v := range vars {
		doc, err := os.ReadFile(filepath.Join("..", "bench", "queries", name+".graphql"))
		if err != nil {
			b.Fatal(err)
		}
		body, err := json.Marshal(map[string]any{"query": string(doc), "variables": v})
		if err != nil {
			b.Fatal(err)
		}
		names, bodies[name] = append(names, name), body
	}
	sort.Strings(names)
	return names, bodies
}

func serve(b *testing.B, h http.Handler, name string, body []byte) {
	// Not httptest.NewRequest: its buffered reader would be a cost the server does not have.
	req, err := http.NewRequest(http.MethodPost, "/graphql", bytes.NewReader(body))
	if err != nil {
		b.Fatal(err)
	}
	req.RemoteAddr = "192.0.2.1:1234"
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Cache-Control", "no-cache") // as bench/ sends it: the executor's cost, not the response cache's
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	if rec.Code != http.StatusOK || bytes.Contains(rec.Body.Bytes(), []byte(`"errors"`)) || !strings.Contains(rec.Body.String(), `"data":{`) {
		b.Fatalf("%s: HTTP %d: %.300s", name, rec.Code, rec.Body.String())
	}
}

// runtimeCounts are the goroutines this process has started so far and the garbage
// collections it has run.
func runtimeCounts() [2]uint64 {
	samples := []metrics.Sample{{Name: "/sched/goroutines-created:goroutines"}, {Name: "/gc/cycles/total:gc-cycles"}}
	metrics.Read(samples)
	return [2]uint64{samples[0].Value.Uint64(), samples[1].Value.Uint64()}
}

// processCPU is the CPU time (user and system) this process has used so far.
func processCPU(b *testing.B) time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		b.Fatal(err)
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
