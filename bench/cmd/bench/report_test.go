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
	qs, err := loadQueries("../../queries", 10, 1)
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
