package main

import (
	"context"
	"encoding/json"
	"os"
	"reflect"
	"regexp"
	"testing"

	"github.com/mineralgraph/mineralgraph/graph/store"
	"github.com/mineralgraph/mineralgraph/graph/store/storetest"
	"github.com/mineralgraph/mineralgraph/seed"
)

// readmeExamples returns the README's example queries with the answers shown under them.
func readmeExamples(t *testing.T) [][2]string {
	t.Helper()
	readme, err := os.ReadFile("README.md")
	if err != nil {
		t.Fatal(err)
	}
	pair := regexp.MustCompile("```graphql\n([^`]*)```\\s*```json\n([^`]*)```") // a block without backticks: an unanswered query pairs with nothing
	var out [][2]string
	for _, m := range pair.FindAllStringSubmatch(string(readme), -1) {
		out = append(out, [2]string{m[1], m[2]})
	}
	return out
}

// The README's example queries give, on the seeded graph, exactly the answers it shows.
func TestREADMEExamples(t *testing.T) {
	examples := readmeExamples(t)
	if len(examples) < 5 {
		t.Fatalf("the README shows %d example queries with answers, want at least 5", len(examples))
	}
	st := storetest.New(t)
	ds, problems := seed.LoadEmbedded()
	if len(problems) > 0 {
		t.Fatalf("seed data set: %v", problems)
	}
	// The graph `make run` serves: the YAML data set and the USGS releases.
	load, problems := seed.LoadUSGS(seed.EmbeddedUSGSReleases())
	if len(problems) > 0 {
		t.Fatalf("USGS releases: %v", problems)
	}
	b := ds.Batch()
	b.Nodes = append(b.Nodes, load.Batch.Nodes...)
	b.Relations = append(b.Relations, load.Batch.Relations...)
	if _, err := st.Apply(context.Background(), b, store.ApplyOptions{}); err != nil {
		t.Fatal(err)
	}
	h := newHandler(testConfig(t), st, quietLogger)
	for i, ex := range examples {
		_, resp := postQuery(t, h, ex[0], nil)
		got, err := json.Marshal(map[string]any{"data": json.RawMessage(resp.Data)})
		if err != nil || len(resp.Errors) > 0 {
			t.Fatalf("example %d: %v %+v", i+1, err, resp.Errors)
		}
		var gotV, wantV any
		if err := json.Unmarshal(got, &gotV); err != nil {
			t.Fatal(err)
		}
		if err := json.Unmarshal([]byte(ex[1]), &wantV); err != nil {
			t.Fatalf("example %d: the README's answer is not JSON: %v", i+1, err)
		}
		if !reflect.DeepEqual(gotV, wantV) {
			t.Errorf("example %d: the README shows\n%s\nthe API answers\n%s", i+1, ex[1], got)
		}
	}
}
