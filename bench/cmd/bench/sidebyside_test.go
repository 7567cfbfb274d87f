package main

// Measurements, not tests (skipped unless PLANCPU_URI is set; see plancpu_test.go for
// PLANCPU_URI and PLANCPU_PID): the Neo4j CPU per execution of alternative statements
// for the same answers, run side by side under concurrency, and the PROFILE of shapes the
// bench queries do not have beside a hand-written statement.
//
// TestSideBySide: for each query (PLANCPU_QUERIES), our statement as the code under test
// compiles it ("ours", recorded in process with the first PLANCPU_VARIANTS variables of
// its pool), the hand-written Cypher ("raw", unless SBS_NORAW is set), and every
// SBS_DIR/<query>.<name>.json an earlier build saved (SBS_SAVE=<name> saves ours there)
// and SBS_DIR/<query>.<name>.cypher, variants of ours run with its parameters.
// Blocks of SBS_BLOCK executions by SBS_C workers (default 4) per alternative, in
// rotating order, SBS_BLOCKS blocks a round, PLANCPU_ROUNDS rounds (default 3): the
// Neo4j process's CPU per execution (all its threads' scheduler run time), the median of
// the rounds and of the per-round ratios to the first alternative, and the load average.
// The answers of every alternative but raw are compared with ours's first (a difference
// is printed: a variant of ours that answers in another shape is reported too). SBS_ONLY
// runs one alternative alone (e.g. under a profiler).
//
//	cd bench/cmd/bench && PLANCPU_URI=... PLANCPU_PID=... SBS_DIR=/tmp/sbs SBS_SAVE=old go test -run TestSideBySide -v .
//
// TestShapes: SBS_SHAPES (default testdata/shapes: shapes bench/queries lacks) is a
// directory of <name>.graphql, <name>.json (its variables, optional) and <name>.cypher (a
// hand-written statement answering the same, the variables as parameters): PROFILE db
// hits and rows of ours and of it; SBS_PRINT=1 prints ours's statements.

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/99designs/gqlgen/graphql/handler"
	"github.com/99designs/gqlgen/graphql/handler/transport"
	"github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"github.com/mineralgraph/mineralgraph/graph/generated"
	"github.com/mineralgraph/mineralgraph/graph/loader"
	"github.com/mineralgraph/mineralgraph/graph/store"
	"github.com/mineralgraph/mineralgraph/resolvers"
)

// savedAlt is an alternative statement with a parameter set per variant.
type savedAlt struct {
	Name     string
	Stmt     string
	Params   []map[string]any
	Variants []Variant // the GraphQL variables and the hand-written Cypher's parameters
}

func envInt(name string, def int) int {
	if n, err := strconv.Atoi(os.Getenv(name)); err == nil && n > 0 {
		return n
	}
	return def
}

func loadavg() string {
	b, _ := os.ReadFile("/proc/loadavg")
	f := strings.Fields(string(b))
	if len(f) < 3 {
		return "?"
	}
	return strings.Join(f[:3], " ")
}

// recordOurs answers q's first n variable sets in process and returns the one statement
// the code under test sends for them ("ours"), with each set's parameters and variables.
func recordOurs(t *testing.T, ctx context.Context, answer func(context.Context, string, map[string]any) ([]store.Statement, string), q *Query, n int) savedAlt {
	t.Helper()
	ours := savedAlt{Name: "ours"}
	for vi, v := range q.Pool[:min(n, len(q.Pool))] {
		sts, body := answer(ctx, q.GraphQL, v.Vars)
		if len(sts) != 1 {
			t.Fatalf("%s: %d statements: %.300s", q.Name, len(sts), body)
		}
		if ours.Stmt == "" {
			ours.Stmt = sts[0].Query
		} else if ours.Stmt != sts[0].Query {
			t.Logf("%s: variant %d: statement text differs", q.Name, vi)
		}
		ours.Params = append(ours.Params, sts[0].Params)
		ours.Variants = append(ours.Variants, v)
	}
	return ours
}

// inProcess answers GraphQL documents with the server's resolvers and store, recording
// the statements they send.
func inProcess(driver neo4j.DriverWithContext) func(ctx context.Context, doc string, vars map[string]any) ([]store.Statement, string) {
	st := store.New(driver, "neo4j")
	// With statistics, as the server keeps them: some statements take counts from them.
	if err := st.KeepStats(time.Hour, time.Hour); err != nil {
		panic(err)
	}
	gql := handler.New(generated.NewExecutableSchema(generated.Config{Resolvers: resolvers.New(st, slog.New(slog.NewTextHandler(io.Discard, nil)))}))
	gql.AddTransport(transport.POST{})
	h := loader.Middleware(st, gql)
	return func(ctx context.Context, doc string, vars map[string]any) ([]store.Statement, string) {
		body, _ := json.Marshal(map[string]any{"query": doc, "variables": vars})
		rctx, log := store.WithStatementLog(ctx)
		req := httptest.NewRequestWithContext(rctx, http.MethodPost, "/graphql", bytes.NewReader(body))
		req.Header.Set("Content-Type", "application/json")
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		return log.Statements(), rec.Body.String()
	}
}

// decodeParams undoes JSON's numbers: integers stay integers (Neo4j's LIMIT needs them).
func decodeParams(b []byte, v any) error {
	d := json.NewDecoder(bytes.NewReader(b))
	d.UseNumber()
	var raw any
	if err := d.Decode(&raw); err != nil {
		return err
	}
	out, _ := fromJSONNumbers(raw).(map[string]any)
	switch v := v.(type) {
	case *savedAlt:
		v.Name, _ = out["Name"].(string)
		v.Stmt, _ = out["Stmt"].(string)
		ps, _ := out["Params"].([]any)
		for _, p := range ps {
			pm, _ := p.(map[string]any)
			v.Params = append(v.Params, pm)
		}
		vs, _ := out["Variants"].([]any)
		for _, x := range vs {
			xm, _ := x.(map[string]any)
			vars, _ := xm["Vars"].(map[string]any)
			params, _ := xm["Params"].(map[string]any)
			v.Variants = append(v.Variants, Variant{Vars: vars, Params: params})
		}
	case *map[string]any:
		*v = out
	}
	return nil
}

func runRecords(ctx context.Context, driver neo4j.DriverWithContext, stmt string, params map[string]any) ([]*neo4j.Record, error) {
	res, err := neo4j.ExecuteQuery(ctx, driver, stmt, params, neo4j.EagerResultTransformer,
		neo4j.ExecuteQueryWithDatabase("neo4j"), neo4j.ExecuteQueryWithReadersRouting())
	if err != nil {
		return nil, err
	}
	return res.Records, nil
}

// recordsJSON is the records' values as JSON, columns in order, for comparing answers
// (maps' keys sorted by encoding/json).
func answerJSON(recs []*neo4j.Record) string {
	var rows [][]any
	for _, r := range recs {
		rows = append(rows, r.Values)
	}
	b, _ := json.Marshal(rows)
	return string(b)
}

func TestSideBySide(t *testing.T) {
	driver, pid := plancpuNeo4j(t)
	ctx := context.Background()
	nvar := envInt("PLANCPU_VARIANTS", 8)
	rounds := envInt("PLANCPU_ROUNDS", 3)
	workers := envInt("SBS_C", 4)
	block := envInt("SBS_BLOCK", 200)
	blocks := envInt("SBS_BLOCKS", 4)
	dir := os.Getenv("SBS_DIR")
	queries, err := loadQueries("../../queries", "synth", 10, 1)
	if err != nil {
		t.Fatal(err)
	}
	if queries, err = filterQueries(queries, os.Getenv("PLANCPU_QUERIES")); err != nil {
		t.Fatal(err)
	}
	drawPools(ctx, driver, queries, 1)
	answer := inProcess(driver)
	fmt.Printf("load average before: %s\n", loadavg())
	for qi := range queries {
		q := &queries[qi]
		var saved []savedAlt
		if dir != "" {
			files, _ := filepath.Glob(filepath.Join(dir, q.Name+".*.json"))
			sort.Strings(files)
			for _, f := range files {
				b, _ := os.ReadFile(f)
				var a savedAlt
				if err := decodeParams(b, &a); err != nil {
					t.Fatal(err)
				}
				if a.Name == os.Getenv("SBS_SAVE") || a.Stmt == "" {
					continue
				}
				saved = append(saved, a)
				if len(a.Variants) > 0 { // the same variables as the saved statements
					q.Pool = a.Variants
				}
			}
		}
		ours := recordOurs(t, ctx, answer, q, nvar)
		raw := savedAlt{Name: "raw", Stmt: q.Cypher}
		for _, v := range ours.Variants {
			raw.Params = append(raw.Params, v.Params)
		}
		if name := os.Getenv("SBS_SAVE"); name != "" && dir != "" {
			s := ours
			s.Name = name
			b, _ := json.MarshalIndent(s, "", " ")
			os.MkdirAll(dir, 0o755)
			if err := os.WriteFile(filepath.Join(dir, q.Name+"."+name+".json"), b, 0o644); err != nil {
				t.Fatal(err)
			}
		}
		alts := saved
		if dir != "" {
			// Hand-made variants of ours, run with ours's parameters.
			files, _ := filepath.Glob(filepath.Join(dir, q.Name+".*.cypher"))
			sort.Strings(files)
			for _, f := range files {
				b, _ := os.ReadFile(f)
				name := strings.TrimSuffix(strings.TrimPrefix(filepath.Base(f), q.Name+"."), ".cypher")
				alts = append(alts, savedAlt{Name: name, Stmt: string(b), Params: ours.Params})
			}
		}
		alts = append(alts, ours)
		if os.Getenv("SBS_NORAW") == "" {
			alts = append(alts, raw)
		}
		// The same answers: every alternative but raw against ours, on every variant.
		for _, a := range alts {
			if a.Name == "raw" || a.Name == "ours" {
				continue
			}
			for i := range ours.Params {
				want, err := runRecords(ctx, driver, ours.Stmt, ours.Params[i])
				if err != nil {
					t.Fatalf("%s ours: %v", q.Name, err)
				}
				got, err := runRecords(ctx, driver, a.Stmt, a.Params[i%len(a.Params)])
				if err != nil {
					t.Fatalf("%s %s: %v", q.Name, a.Name, err)
				}
				if answerJSON(got) != answerJSON(want) {
					fmt.Printf("%s: %s answers variant %d differently from ours\n", q.Name, a.Name, i)
				}
			}
		}
		if only := os.Getenv("SBS_ONLY"); only != "" { // one alternative, e.g. under a profiler
			alts = slices.DeleteFunc(alts, func(a savedAlt) bool { return a.Name != only })
		}
		if pid == 0 || len(alts) == 0 {
			continue
		}
		// block executions of a by the workers; the Neo4j CPU (ns, all threads).
		runBlock := func(a savedAlt) [2]int64 {
			var next atomic.Int64
			var wg sync.WaitGroup
			c0 := nsCPU(pid)
			for w := 0; w < workers; w++ {
				wg.Add(1)
				go func() {
					defer wg.Done()
					for {
						i := next.Add(1) - 1
						if i >= int64(block) {
							return
						}
						if _, err := runRecords(ctx, driver, a.Stmt, a.Params[int(i)%len(a.Params)]); err != nil {
							t.Errorf("%s %s: %v", q.Name, a.Name, err)
							return
						}
					}
				}()
			}
			wg.Wait()
			c1 := nsCPU(pid)
			return [2]int64{c1[0] - c0[0], c1[1] - c0[1]}
		}
		for _, a := range alts { // warm up: plans compiled, JIT
			runBlock(a)
		}
		per := make([][]float64, len(alts))  // ms per execution, per round: all threads
		bolt := make([][]float64, len(alts)) // the Bolt threads only (no GC, no JIT)
		for r := 0; r < rounds; r++ {
			acc := make([][2]int64, len(alts))
			for b := 0; b < blocks; b++ {
				for j := range alts {
					ai := (j + b + r) % len(alts)
					c := runBlock(alts[ai])
					acc[ai][0] += c[0]
					acc[ai][1] += c[1]
				}
			}
			for ai := range alts {
				per[ai] = append(per[ai], float64(acc[ai][1])/float64(blocks*block)/1e6)
				bolt[ai] = append(bolt[ai], float64(acc[ai][0])/float64(blocks*block)/1e6)
			}
		}
		for ai, a := range alts {
			var ratios, ms []string
			var rs, rb []float64
			for r := range per[ai] {
				rs = append(rs, per[ai][r]/per[0][r])
				rb = append(rb, bolt[ai][r]/bolt[0][r])
				ratios = append(ratios, fmt.Sprintf("%.2f", per[ai][r]/per[0][r]))
				ms = append(ms, fmt.Sprintf("%.3f", per[ai][r]))
			}
			fmt.Printf("%-26s %-8s all %7.3f ms/exec ÷%s %5.2fx [%s] ratios [%s] | bolt %6.3f ms %5.2fx (%d chars)\n", q.Name, a.Name, median(per[ai]), alts[0].Name, median(rs), strings.Join(ms, " "), strings.Join(ratios, " "), median(bolt[ai]), median(rb), len(a.Stmt))
		}
		fmt.Printf("load average: %s\n", loadavg())
	}
}

// shapeFiles returns SBS_SHAPES (default testdata/shapes) and its files named *.ext, sorted.
func shapeFiles(ext string) (string, []string) {
	dir := os.Getenv("SBS_SHAPES")
	if dir == "" {
		dir = "testdata/shapes"
	}
	files, _ := filepath.Glob(filepath.Join(dir, "*."+ext))
	sort.Strings(files)
	return dir, files
}

func TestShapes(t *testing.T) {
	driver, _ := plancpuNeo4j(t)
	ctx := context.Background()
	dir, files := shapeFiles("graphql")
	answer := inProcess(driver)
	for _, f := range files {
		name := strings.TrimSuffix(filepath.Base(f), ".graphql")
		doc, _ := os.ReadFile(f)
		var vars map[string]any
		if b, err := os.ReadFile(filepath.Join(dir, name+".json")); err == nil {
			if err := decodeParams(b, &vars); err != nil {
				t.Fatal(err)
			}
		}
		sts, body := answer(ctx, string(doc), vars)
		if strings.Contains(body, `"errors"`) {
			fmt.Printf("%s: %.400s\n", name, body)
			continue
		}
		var ours profiled
		for _, s := range sts {
			p, err := profile(ctx, driver, s.Query, s.Params)
			if err != nil {
				t.Fatalf("%s: %v\n%s", name, err, s.Query)
			}
			ours.dbHits += p.dbHits
			ours.rows += p.rows
			ours.top = append(ours.top, p.top...)
		}
		line := fmt.Sprintf("%-28s ours %d statements %6d hits %4d rows", name, len(sts), ours.dbHits, ours.rows)
		if raw, err := os.ReadFile(filepath.Join(dir, name+".cypher")); err == nil {
			p, err := profile(ctx, driver, string(raw), vars)
			if err != nil {
				t.Fatalf("%s raw: %v", name, err)
			}
			line += fmt.Sprintf(" | raw %6d hits %4d rows | %.2fx | ours %v raw %v", p.dbHits, p.rows, float64(ours.dbHits)/float64(p.dbHits), ours.top, p.top)
		}
		fmt.Println(line)
		if os.Getenv("SBS_PRINT") != "" {
			for _, s := range sts {
				pj, _ := json.Marshal(s.Params)
				fmt.Printf("%s\n%s\n\n", s.Query, pj)
			}
		}
	}
}

// TestPlanTree prints the PROFILE plan of SBS_STMT (a file of Cypher) with the
// parameters SBS_PARAMS (a JSON file): operators, rows, db hits, details.
func TestPlanTree(t *testing.T) {
	driver, _ := plancpuNeo4j(t)
	ctx := context.Background()
	stmt, err := os.ReadFile(os.Getenv("SBS_STMT"))
	if err != nil {
		t.Fatal(err)
	}
	var params map[string]any
	if b, err := os.ReadFile(os.Getenv("SBS_PARAMS")); err == nil {
		if err := decodeParams(b, &params); err != nil {
			t.Fatal(err)
		}
	}
	res, err := neo4j.ExecuteQuery(ctx, driver, "PROFILE "+string(stmt), params, neo4j.EagerResultTransformer,
		neo4j.ExecuteQueryWithDatabase("neo4j"))
	if err != nil {
		t.Fatal(err)
	}
	var walk func(p neo4j.ProfiledPlan, depth int)
	var total int64
	walk = func(p neo4j.ProfiledPlan, depth int) {
		total += p.DbHits()
		details, _ := p.Arguments()["Details"].(string)
		fmt.Printf("%s%s rows=%d hits=%d  %.150s\n", strings.Repeat("  ", depth), strings.TrimSuffix(p.Operator(), "@neo4j"), p.Records(), p.DbHits(), details)
		for _, c := range p.Children() {
			walk(c, depth+1)
		}
	}
	walk(res.Summary.Profile(), 0)
	fmt.Printf("total db hits %d, %d records\n", total, len(res.Records))
}

// median is the middle of xs (the upper one of an even count), xs left unsorted.
func median(xs []float64) float64 {
	s := append([]float64(nil), xs...)
	sort.Float64s(s)
	return s[len(s)/2]
}
