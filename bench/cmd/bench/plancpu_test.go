package main

// Measurements, not tests (skipped unless PLANCPU_URI is set): the Neo4j CPU one
// execution of a statement costs, ours (compiled in process, as plans.go records them)
// beside the hand-written Cypher with the same variables, read from the scheduler's
// per-thread run time of the Neo4j JVM (/proc/PID/task/*/schedstat, nanoseconds) — CPU
// time per execution holds on a shared machine where latencies do not. Alternatives run
// interleaved in blocks of 20 executions; the ratios are paired per round.
//
//	PLANCPU_URI     Bolt URI of a Neo4j holding the scale-10 synthetic graph (seed 1)
//	PLANCPU_PID     the pid of its JVM (tools/neo4j writes DATA/neo4j.pid)
//	PLANCPU_QUERIES words of query names, as -queries
//	PLANCPU_N, PLANCPU_ROUNDS, PLANCPU_VARIANTS  executions per round, rounds, pool variants cycled
//	PLANCPU_MODES   raw,ours[,ourst] (ourst: ours with a transaction timeout, as the server sends)
//	PLANCPU_OUT     a directory to write our statements and their parameters to
//	PLANCPU_ALT     a directory of <query>.<name>.cypher: variants of our statement, run with
//	                its parameters (named raw*: with the hand-written Cypher's)
//
// cd bench/cmd/bench && PLANCPU_URI=... PLANCPU_PID=... go test -run TestPlanCPU -v .

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"github.com/mineralgraph/mineralgraph/graph/store"
)

// nsCPU sums the scheduler run time (ns) of the threads of pid: [0] the Bolt workers and
// network threads (those that run a statement and write its records), [1] all threads
// (GC and JIT too, noisier).
func nsCPU(pid int) [2]int64 {
	dirs, _ := filepath.Glob(fmt.Sprintf("/proc/%d/task/*", pid))
	var sum [2]int64
	for _, d := range dirs {
		b, err := os.ReadFile(d + "/schedstat")
		if err != nil {
			continue
		}
		comm, _ := os.ReadFile(d + "/comm")
		f := strings.Fields(string(b))
		if len(f) > 0 {
			n, _ := strconv.ParseInt(f[0], 10, 64)
			sum[1] += n
			if strings.HasPrefix(string(comm), "neo4j.Bolt") {
				sum[0] += n
			}
		}
	}
	return sum
}

type alt struct {
	name    string
	stmt    string
	params  []map[string]any
	timeout bool
}

// plancpuNeo4j skips the test unless PLANCPU_URI is set, and returns a driver to it (closed
// when the test ends) and PLANCPU_PID, the pid of its JVM.
func plancpuNeo4j(t *testing.T) (neo4j.DriverWithContext, int) {
	t.Helper()
	uri := os.Getenv("PLANCPU_URI")
	if uri == "" {
		t.Skip("PLANCPU_URI")
	}
	pid, _ := strconv.Atoi(os.Getenv("PLANCPU_PID"))
	driver, err := neo4j.NewDriverWithContext(uri, neo4j.NoAuth())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { driver.Close(context.Background()) })
	return driver, pid
}

func TestPlanCPU(t *testing.T) {
	driver, pid := plancpuNeo4j(t)
	n, _ := strconv.Atoi(os.Getenv("PLANCPU_N"))
	if n == 0 {
		n = 300
	}
	rounds, _ := strconv.Atoi(os.Getenv("PLANCPU_ROUNDS"))
	if rounds == 0 {
		rounds = 5
	}
	nvar, _ := strconv.Atoi(os.Getenv("PLANCPU_VARIANTS"))
	if nvar == 0 {
		nvar = 8
	}
	ctx := context.Background()
	queries, err := loadQueries("../../queries", "synth", 10, 1)
	if err != nil {
		t.Fatal(err)
	}
	queries, err = filterQueries(queries, os.Getenv("PLANCPU_QUERIES"))
	if err != nil {
		t.Fatal(err)
	}
	drawPools(ctx, driver, queries, 1)
	answer := inProcess(driver)
	out := os.Getenv("PLANCPU_OUT")
	altDir := os.Getenv("PLANCPU_ALT")
	modes := os.Getenv("PLANCPU_MODES") // e.g. "raw,ours,ourst"
	if modes == "" {
		modes = "raw,ours"
	}
	for qi := range queries {
		q := &queries[qi]
		rec := recordOurs(t, ctx, answer, q, nvar)
		ours := alt{name: "ours", stmt: rec.Stmt, params: rec.Params}
		raw := alt{name: "raw", stmt: q.Cypher}
		for _, v := range rec.Variants {
			raw.params = append(raw.params, v.Params)
		}
		if out != "" {
			os.MkdirAll(out, 0o755)
			os.WriteFile(filepath.Join(out, q.Name+".ours.cypher"), []byte(ours.stmt), 0o644)
			pj, _ := json.MarshalIndent(ours.params[0], "", " ")
			os.WriteFile(filepath.Join(out, q.Name+".ours.params.json"), pj, 0o644)
		}
		var alts []alt
		for _, m := range strings.Split(modes, ",") {
			switch m {
			case "raw":
				alts = append(alts, raw)
			case "ours":
				alts = append(alts, ours)
			case "ourst":
				a := ours
				a.name, a.timeout = "ours+timeout", true
				alts = append(alts, a)
			}
		}
		if altDir != "" {
			files, _ := filepath.Glob(filepath.Join(altDir, q.Name+".*.cypher"))
			sort.Strings(files)
			for _, f := range files {
				b, _ := os.ReadFile(f)
				a := ours
				a.name = strings.TrimSuffix(strings.TrimPrefix(filepath.Base(f), q.Name+"."), ".cypher")
				a.stmt = string(b)
				if strings.HasPrefix(a.name, "raw") {
					a.params = raw.params
				}
				alts = append(alts, a)
			}
		}
		if pid == 0 {
			continue
		}
		measureCPU(t, ctx, driver, pid, q.Name, alts, n, rounds)
	}
}

// measureCPU runs alts in rotating blocks of 20 executions, n executions each per round,
// and prints the Neo4j CPU per execution of each (the median of rounds) and its ratio to
// the first alternative (the median of the per-round ratios).
func measureCPU(t *testing.T, ctx context.Context, driver neo4j.DriverWithContext, pid int, name string, alts []alt, n, rounds int) {
	t.Helper()
	exec := func(a alt, i int) int {
		var cfg []func(*neo4j.TransactionConfig)
		if a.timeout {
			cfg = append(cfg, neo4j.WithTxTimeout(10*time.Second))
		}
		res, err := neo4j.ExecuteQuery(ctx, driver, a.stmt, a.params[i%len(a.params)], neo4j.EagerResultTransformer,
			neo4j.ExecuteQueryWithDatabase("neo4j"), neo4j.ExecuteQueryWithReadersRouting(),
			neo4j.ExecuteQueryWithTransactionConfig(cfg...))
		if err != nil {
			t.Fatalf("%s %s: %v", name, a.name, err)
		}
		return len(res.Records)
	}
	for _, a := range alts { // warm up: plans compiled, JIT
		for i := 0; i < n/3+10; i++ {
			exec(a, i)
		}
	}
	// Fine interleaving: blocks of k executions of each alternative in rotating order,
	// CPU accumulated per alternative; n executions each per round.
	k := 20
	per := make([][]float64, len(alts))
	tot := make([][]float64, len(alts))
	for r := 0; r < rounds; r++ {
		acc := make([][2]int64, len(alts))
		for b := 0; b < n/k; b++ {
			for j := range alts {
				ai := (j + b) % len(alts)
				c0 := nsCPU(pid)
				for i := 0; i < k; i++ {
					exec(alts[ai], b*k+i)
				}
				c1 := nsCPU(pid)
				acc[ai][0] += c1[0] - c0[0]
				acc[ai][1] += c1[1] - c0[1]
			}
		}
		for ai := range alts {
			per[ai] = append(per[ai], float64(acc[ai][0])/float64(n/k*k)/1e6)
			tot[ai] = append(tot[ai], float64(acc[ai][1])/float64(n/k*k)/1e6)
		}
	}
	for ai, a := range alts {
		var rb, rt []float64
		for r := range per[ai] {
			rb = append(rb, per[ai][r]/per[0][r])
			rt = append(rt, tot[ai][r]/tot[0][r])
		}
		xs := make([]string, len(rb))
		for i, x := range rb {
			xs[i] = fmt.Sprintf("%.2f", x)
		}
		fmt.Printf("%-26s %-14s bolt %7.3f ms %5.2fx  all %7.3f ms %5.2fx [%s]\n", name, a.name, median(per[ai]), median(rb), median(tot[ai]), median(rt), strings.Join(xs, " "))
	}
	fmt.Printf("load average: %s\n", loadavg())
}

// TestShapesCPU is TestPlanCPU for the shapes the bench queries lack (SBS_SHAPES, as
// TestShapes: <name>.graphql, its variables <name>.json, and the hand-written
// <name>.cypher): raw first, then ours, then the PLANCPU_ALT variants of ours
// (<name>.<variant>.cypher, run with ours's parameters). Shapes whose answer takes more
// than one statement are left out.
func TestShapesCPU(t *testing.T) {
	driver, pid := plancpuNeo4j(t)
	ctx := context.Background()
	n, rounds := envInt("PLANCPU_N", 300), envInt("PLANCPU_ROUNDS", 5)
	dir, files := shapeFiles("cypher")
	answer := inProcess(driver)
	for _, f := range files {
		name := strings.TrimSuffix(filepath.Base(f), ".cypher")
		if strings.Contains(name, ".") || !namedIn(name, os.Getenv("PLANCPU_QUERIES")) {
			continue
		}
		doc, err := os.ReadFile(filepath.Join(dir, name+".graphql"))
		if err != nil {
			t.Fatal(err)
		}
		raw, _ := os.ReadFile(f)
		vars := map[string]any{}
		if b, err := os.ReadFile(filepath.Join(dir, name+".json")); err == nil {
			if err := decodeParams(b, &vars); err != nil {
				t.Fatal(err)
			}
		}
		sts, body := answer(ctx, string(doc), vars)
		if len(sts) != 1 || strings.Contains(body, `"errors"`) {
			fmt.Printf("%s: %d statements, left out: %.300s\n", name, len(sts), body)
			continue
		}
		alts := []alt{{name: "raw", stmt: string(raw), params: []map[string]any{vars}}, {name: "ours", stmt: sts[0].Query, params: []map[string]any{sts[0].Params}}}
		if out := os.Getenv("PLANCPU_OUT"); out != "" {
			os.MkdirAll(out, 0o755)
			os.WriteFile(filepath.Join(out, name+".ours.cypher"), []byte(sts[0].Query), 0o644)
			pj, _ := json.MarshalIndent(sts[0].Params, "", " ")
			os.WriteFile(filepath.Join(out, name+".ours.params.json"), pj, 0o644)
		}
		if altDir := os.Getenv("PLANCPU_ALT"); altDir != "" {
			variants, _ := filepath.Glob(filepath.Join(altDir, name+".*.cypher"))
			sort.Strings(variants)
			for _, v := range variants {
				b, _ := os.ReadFile(v)
				alts = append(alts, alt{name: strings.TrimSuffix(strings.TrimPrefix(filepath.Base(v), name+"."), ".cypher"), stmt: string(b), params: alts[1].params})
			}
		}
		if pid != 0 {
			measureCPU(t, ctx, driver, pid, name, alts, n, rounds)
		}
	}
}

// namedIn reports whether name contains one of the comma-separated words (all names do
// when there are none), as -queries selects queries.
func namedIn(name, words string) bool {
	any := false
	for _, w := range strings.Split(words, ",") {
		if w = strings.TrimSpace(w); w != "" {
			any = true
			if strings.Contains(name, w) {
				return true
			}
		}
	}
	return !any
}

// TestStatsCPU measures the statistics behind the cost estimate: a full read (counts and
// the degree pass) and the counts-only refresh a request starts every COST_STATS_REFRESH.
func TestStatsCPU(t *testing.T) {
	driver, pid := plancpuNeo4j(t)
	ctx := context.Background()
	st := store.New(driver, "neo4j")
	for i := 0; i < 3; i++ {
		c0 := nsCPU(pid)
		t0 := time.Now()
		if _, err := st.ReadStats(ctx); err != nil {
			t.Fatal(err)
		}
		c1 := nsCPU(pid)
		fmt.Printf("ReadStats: neo4j all threads %.1f ms, wall %v\n", float64(c1[1]-c0[1])/1e6, time.Since(t0))
	}
	if err := st.KeepStats(time.Millisecond, time.Hour); err != nil {
		t.Fatal(err)
	}
	for i := 0; i < 3; i++ {
		time.Sleep(1100 * time.Millisecond)
		c0 := nsCPU(pid)
		t0 := time.Now()
		st.Stats() // starts a counts-only refresh in the background
		time.Sleep(1000 * time.Millisecond)
		c1 := nsCPU(pid)
		fmt.Printf("counts refresh (+1 s idle): neo4j all threads %.1f ms, wall %v\n", float64(c1[1]-c0[1])/1e6, time.Since(t0))
	}
}

// TestStmtCPU measures PLANCPU_STMTS (separated by ;;), with PLANCPU_NPARAMS unused
// integer parameters.
func TestStmtCPU(t *testing.T) {
	driver, pid := plancpuNeo4j(t)
	ctx := context.Background()
	for _, q := range strings.Split(os.Getenv("PLANCPU_STMTS"), ";;") {
		q = strings.TrimSpace(q)
		if q == "" {
			continue
		}
		params := map[string]any{}
		np, _ := strconv.Atoi(os.Getenv("PLANCPU_NPARAMS"))
		for i := 0; i < np; i++ {
			params[fmt.Sprintf("p%d", i)] = int64(i)
		}
		run := func() int {
			res, err := neo4j.ExecuteQuery(ctx, driver, q, params, neo4j.EagerResultTransformer, neo4j.ExecuteQueryWithDatabase("neo4j"))
			if err != nil {
				t.Fatal(err)
			}
			return len(res.Records)
		}
		rows := run()
		for i := 0; i < 20; i++ {
			run()
		}
		c0 := nsCPU(pid)
		for i := 0; i < 300; i++ {
			run()
		}
		c1 := nsCPU(pid)
		fmt.Printf("%.3f ms bolt %.3f ms all, %d rows: %.80s\n", float64(c1[0]-c0[0])/300/1e6, float64(c1[1]-c0[1])/300/1e6, rows, q)
	}
}

// TestPlanProfile prints the PROFILE db hits of ours and the hand-written Cypher.
func TestPlanProfile(t *testing.T) {
	driver, _ := plancpuNeo4j(t)
	ctx := context.Background()
	queries, _ := loadQueries("../../queries", "synth", 10, 1)
	queries, _ = filterQueries(queries, os.Getenv("PLANCPU_QUERIES"))
	for _, p := range profilePlans(ctx, driver, queries) {
		fmt.Printf("%s ours %d raw %d ratio %.2f %s\n", p.Query, p.OursDBHits, p.CypherDBHits, float64(p.OursDBHits)/float64(p.CypherDBHits), p.Error)
	}
}
