package main

import (
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j/dbtype"
)

// Cold requests walk the pool and repeat only once it is used up, per system; the hot
// mix always sends the canonical variables.
func TestSequenceWalksThePoolPerSystem(t *testing.T) {
	q := &Query{Name: "q", Vars: map[string]any{"id": "a"}}
	q.Pool = []Variant{{Vars: map[string]any{"id": "a"}}, {Vars: map[string]any{"id": "b"}}, {Vars: map[string]any{"id": "c"}}}
	var seq sequence
	var got []string
	for i := range 4 {
		v, repeat := seq.pick("ours", q, false)
		got = append(got, v.Vars["id"].(string))
		if repeat != (i >= 3) {
			t.Errorf("request %d: repeat %v", i, repeat)
		}
	}
	if strings.Join(got, "") != "abca" {
		t.Errorf("ours sent %v", got)
	}
	if v, repeat := seq.pick("cypher", q, false); v.Vars["id"] != "a" || repeat {
		t.Errorf("another system starts at the pool's head: %v %v", v.Vars, repeat)
	}
	if v, repeat := seq.pick("ours", q, true); v.Vars["id"] != "a" || !repeat {
		t.Errorf("hot: %v %v", v.Vars, repeat)
	}
}

// The floor's JSON: integers stay integers (Cypher's LIMIT refuses 10.0), dates are ISO.
func TestFloorJSON(t *testing.T) {
	var body map[string]any
	dec := json.NewDecoder(strings.NewReader(`{"limit": 10, "min": 500.5, "xs": [1, 2.5]}`))
	dec.UseNumber()
	if err := dec.Decode(&body); err != nil {
		t.Fatal(err)
	}
	p := fromJSONNumbers(body).(map[string]any)
	if _, ok := p["limit"].(int64); !ok {
		t.Errorf("limit is %T", p["limit"])
	}
	if p["min"] != 500.5 || p["xs"].([]any)[0] != int64(1) || p["xs"].([]any)[1] != 2.5 {
		t.Errorf("%v", p)
	}
	d := dbtype.Date(time.Date(2024, 3, 9, 0, 0, 0, 0, time.UTC))
	v := jsonValue(map[string]any{"when": d, "list": []any{dbtype.Node{Props: map[string]any{"id": "x"}}}})
	b, _ := json.Marshal(v)
	if string(b) != `{"list":[{"id":"x"}],"when":"2024-03-09"}` {
		t.Errorf("%s", b)
	}
}

// The targets of issue 18.5 read the cold mix against the library, the hot mix against
// raw Cypher, and each query against raw Cypher and the floor.
func TestTargetsOfIssue18(t *testing.T) {
	st := func(sys, q string, tput, p50, p99 float64) Stats {
		return Stats{System: sys, Query: q, Throughput: tput, P50: p50, P99: p99, Requests: 1}
	}
	r := &Result{Scale: 100, Load: "loaded 1 in 2m30s: x", PeakRSSMB: map[string]float64{"ours": 40}, Pools: map[string]int{"01_lookup_project": 9},
		Stats: []Stats{
			st("ours", unitMix, 400, 10, 20), st("library", unitMix, 100, 40, 100), st("cypher", unitMix, 500, 8, 15),
			st("ours", unitHotMix, 900, 2, 4), st("cypher", unitHotMix, 500, 8, 15),
			st("ours", "01_lookup_project", 0, 3, 0), st("cypher", "01_lookup_project", 0, 1, 0), st("floor", "01_lookup_project", 0, 2, 0), st("library", "01_lookup_project", 0, 2.5, 0),
		}}
	x := r.ratios()
	if x.throughput != 4 || x.p99 != 0.2 || x.hot != 1.8 || x.worstP50 != 3 || x.worstFloor != 1.5 || x.worstLib != 1.2 {
		t.Errorf("%+v", x)
	}
	if len(x.floorUnreachable) != 1 || x.floorUnreachable[0] != "01_lookup_project" {
		t.Errorf("the floor (2 ms) is above 1.3× raw Cypher (1 ms): %v", x.floorUnreachable)
	}
	md := markdown(r)
	for _, want := range []string{"| cold mix throughput ≥ 4× the library's | 4.00× | ✅ |", "| no query slower than the library (p50) | worst 1.20× (01_lookup_project) | ❌ |",
		"| hot mix throughput ≥ 1.5× raw Cypher's | 1.80× | ✅ |", "| load < 3 min | 2m30s | ✅ |", "no: the floor alone is above it"} {
		if !strings.Contains(md, want) {
			t.Errorf("markdown lacks %q:\n%s", want, md)
		}
	}
}

// Every query of the synthetic graph draws its cold variants from a source that returns
// each of its variables, so none repeats its canonical question on the cold mix.
func TestEveryQueryHasAPoolSource(t *testing.T) {
	qs, err := loadQueries("../../queries", "synth", 1, 1)
	if err != nil {
		t.Fatal(err)
	}
	for _, q := range qs {
		src, ok := poolSources[q.Name]
		if !ok {
			t.Errorf("%s has no pool source (pools.go)", q.Name)
			continue
		}
		for k := range q.Vars {
			if !strings.Contains(src, k+":") {
				t.Errorf("%s: its pool source returns no %s", q.Name, k)
			}
		}
	}
}
