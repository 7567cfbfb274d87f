package main

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func TestNormaliseSortsListsAndDropsCursors(t *testing.T) {
	a := normalise([]byte(`{"x":[{"id":"b","n":1.0},{"id":"a","n":2}],"pageInfo":{"endCursor":"abc","hasNextPage":true}}`))
	b := normalise([]byte(`{"pageInfo":{"hasNextPage":true,"endCursor":"xyz"},"x":[{"n":2,"id":"a"},{"id":"b","n":1}]}`))
	if a != b {
		t.Fatalf("%s != %s", a, b)
	}
	if c := normalise([]byte(`{"x":[{"id":"a"}]}`)); c == a {
		t.Fatal("different answers normalise alike")
	}
}

func TestQueriesHaveVariablesAndCypher(t *testing.T) {
	qs, err := loadQueries("../../queries", "synth", 10, 1)
	if err != nil {
		t.Fatal(err)
	}
	common := 0
	for _, q := range qs {
		if !q.OursOnly {
			common++
		}
		if !strings.Contains(q.Cypher, "RETURN") {
			t.Errorf("%s: Cypher without RETURN", q.Name)
		}
		for k := range q.Vars {
			if !strings.Contains(q.GraphQL, "$"+k) {
				t.Errorf("%s: variable %s unused", q.Name, k)
			}
		}
	}
	if len(qs) < 12 || common < 9 {
		t.Errorf("%d queries, %d common", len(qs), common)
	}
}

func TestReportAndPlot(t *testing.T) {
	dir := t.TempDir()
	for _, scale := range []int{1, 10} {
		r := &Result{Scale: scale, Nodes: int64(10000 * scale), Load: "generate: loaded 1 nodes + 2 relationships = 3 in 1m2.5s: 3 rows/s",
			Systems: []string{"ours", "cypher", "library"}, PeakRSSMB: map[string]float64{"ours": 40}, Machine: map[string]string{"nproc": "2"}}
		for _, sys := range []string{"ours", "cypher", "library"} {
			for _, q := range []string{"mix", "01_lookup_project"} {
				c := &cell{System: sys, Query: q, Wall: time.Second}
				for i := 1; i <= 100; i++ {
					c.Latencies = append(c.Latencies, time.Duration(i*scale)*time.Millisecond)
				}
				r.Stats = append(r.Stats, c.stats())
			}
		}
		md := markdown(r)
		if !strings.Contains(md, "| mix | ours | 100 | 50.0 |") && scale == 1 {
			t.Errorf("markdown:\n%s", md)
		}
		if d, ok := loadDuration(r.Load); !ok || d != 62500*time.Millisecond {
			t.Errorf("load duration %v %v", d, ok)
		}
		writeJSON(t, filepath.Join(dir, "scale-"+itoa(scale)+".json"), r)
	}
	if err := summarise(dir); err != nil {
		t.Fatal(err)
	}
	for _, f := range []string{"summary.md", "latency-vs-scale.png"} {
		if st, err := os.Stat(filepath.Join(dir, f)); err != nil || st.Size() == 0 {
			t.Errorf("%s: %v", f, err)
		}
	}
}

func itoa(i int) string { return fmt.Sprint(i) }

func writeJSON(t *testing.T, path string, r *Result) {
	t.Helper()
	b, err := json.Marshal(r)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, b, 0o644); err != nil {
		t.Fatal(err)
	}
}

// The raw Cypher cross-check compares numbers to 9 significant digits: sums in another
// order agree, a different value does not.
func TestNormaliseRoundedToleratesSummationOrder(t *testing.T) {
	a := normaliseRounded([]byte(`{"hhi":2345.6789012345678,"shares":[{"s":0.1},{"s":0.2}]}`))
	b := normaliseRounded([]byte(`{"shares":[{"s":0.2},{"s":0.1}],"hhi":2345.6789012345679}`))
	if a != b {
		t.Fatalf("%s != %s", a, b)
	}
	if c := normaliseRounded([]byte(`{"hhi":2345.679,"shares":[{"s":0.1},{"s":0.2}]}`)); c == a {
		t.Fatal("different numbers normalise alike")
	}
}

func TestFilterQueries(t *testing.T) {
	qs, err := loadQueries("../../queries", "synth", 1, 1)
	if err != nil {
		t.Fatal(err)
	}
	got, err := filterQueries(qs, "supply, disruption")
	if err != nil || len(got) != 2 || got[0].Name != "13_supply" || got[1].Name != "17_disruption" {
		t.Fatalf("%v %v", got, err)
	}
	if all, _ := filterQueries(qs, ""); len(all) != len(qs) {
		t.Fatal("no filter drops queries")
	}
	if _, err := filterQueries(qs, "nothing"); err == nil {
		t.Fatal("a filter matching nothing is not an error")
	}
	analytic := 0
	for _, q := range qs {
		if q.Analytic {
			analytic++
			if !q.OursOnly || !strings.Contains(q.Cypher, "AS data") {
				t.Errorf("%s: an analytic query is this API's only and its Cypher answers in `data`", q.Name)
			}
		}
	}
	if analytic != 5 {
		t.Errorf("%d analytic queries, want 5", analytic)
	}
}

// The plan table puts our db hits beside the raw Cypher's with their ratio.
func TestPlanTable(t *testing.T) {
	var b strings.Builder
	w := func(format string, args ...any) { fmt.Fprintf(&b, format, args...) }
	planTable(w, []Plan{{Query: "13_supply", Statements: 1, OursDBHits: 300, CypherDBHits: 200, OursRows: 1, CypherRows: 1},
		{Query: "14_concentration", Error: "PROFILE failed"}})
	out := b.String()
	for _, want := range []string{"| 13_supply | 1 | 300 | 200 | 1.50× | 1 | 1 |", "| 14_concentration |", "PROFILE failed"} {
		if !strings.Contains(out, want) {
			t.Errorf("plan table lacks %q:\n%s", want, out)
		}
	}
}

// summary.md and its log-scale plot from a directory holding only scale 1: with the mix
// (what the smoke run writes) and without it (a run of the analytics alone, -queries
// supply), which left the plot's latency axis without a range and panicked.
func TestSummaryOfScale1Alone(t *testing.T) {
	for _, units := range [][]string{{"mix", "13_supply"}, {"13_supply"}} {
		t.Run(strings.Join(units, "+"), func(t *testing.T) {
			dir := t.TempDir()
			r := &Result{Scale: 1, Systems: []string{"ours", "cypher"}, Analytics: []string{"13_supply"},
				PeakRSSMB: map[string]float64{"ours": 40}, Machine: map[string]string{"nproc": "2"}}
			for _, sys := range r.Systems {
				for _, q := range units {
					c := &cell{System: sys, Query: q, Wall: time.Second, Latencies: []time.Duration{3 * time.Millisecond}}
					r.Stats = append(r.Stats, c.stats())
				}
			}
			writeJSON(t, filepath.Join(dir, "scale-1.json"), r)
			if err := summarise(dir); err != nil {
				t.Fatal(err)
			}
			md, err := os.ReadFile(filepath.Join(dir, "summary.md"))
			if err != nil || !strings.Contains(string(md), "| 13_supply | 3.00 / 3.00 / – / – |") {
				t.Errorf("summary.md (%v):\n%s", err, md)
			}
			if st, err := os.Stat(filepath.Join(dir, "latency-vs-scale.png")); err != nil || st.Size() == 0 {
				t.Errorf("latency-vs-scale.png: %v", err)
			}
		})
	}
}

func TestMixTailSaysWhichQueriesTheSlowestAre(t *testing.T) {
	c := &cell{System: "ours", Query: unitMix, Wall: time.Second}
	for i := 1; i <= 100; i++ { // a: 1, 3, … 99 ms; b: 2, 4, … 100 ms
		c.Latencies = append(c.Latencies, time.Duration(i)*time.Millisecond)
		c.Queries = append(c.Queries, map[bool]string{true: "a", false: "b"}[i%2 == 1])
	}
	c.Latencies[9] = 500 * time.Millisecond // b's 10 ms request becomes the slowest of all
	s := c.stats()
	want := []QueryTail{
		{Query: "a", Requests: 50, P50: 49, P99: 99, InTail: 0},  // all below the cell's p99, 100 ms
		{Query: "b", Requests: 50, P50: 52, P99: 500, InTail: 2}, // 100 and 500 ms
	}
	if s.P99 != 100 {
		t.Fatalf("the cell's p99 is %v ms, want 100", s.P99)
	}
	if fmt.Sprint(s.Tail) != fmt.Sprint(want) {
		t.Fatalf("tail %+v, want %+v", s.Tail, want)
	}
	md := markdown(&Result{Systems: []string{"ours"}, Stats: []Stats{s}})
	if !strings.Contains(md, "| b | 100 % | 52.0 / 500 |") {
		t.Fatalf("no tail row for b in:\n%s", md)
	}
}
