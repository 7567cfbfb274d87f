package main

import (
	"context"
	"encoding/json"
	"net/http"
	"os"
	"reflect"
	"regexp"
	"strings"
	"testing"

	"github.com/mineralgraph/mineralgraph/graph/store"
	"github.com/mineralgraph/mineralgraph/graph/store/storetest"
	"github.com/mineralgraph/mineralgraph/seed"
)

// analyticsSection is the README heading whose examples need the USGS figures: the
// analytics test (TestAnalytics) checks them on its fully seeded database.
const analyticsSection = "## Analytics"

// readmeExamples returns the README's example queries with the answers shown under them:
// those of the Analytics section, or those of every other section.
func readmeExamples(t *testing.T, analytics bool) [][2]string {
	t.Helper()
	readme, err := os.ReadFile("README.md")
	if err != nil {
		t.Fatal(err)
	}
	text := string(readme)
	if start := strings.Index(text, "\n"+analyticsSection+"\n"); start >= 0 {
		end := strings.Index(text[start+1:], "\n## ")
		if end < 0 {
			end = len(text) - start - 1
		}
		section := text[start : start+1+end]
		if analytics {
			text = section
		} else {
			text = strings.Replace(text, section, "", 1)
		}
	} else if analytics {
		t.Fatalf("the README has no %q section", analyticsSection)
	}
	pair := regexp.MustCompile("(?s)```graphql\n(.*?)```\\s*```json\n(.*?)```")
	var out [][2]string
	for _, m := range pair.FindAllStringSubmatch(text, -1) {
		out = append(out, [2]string{m[1], m[2]})
	}
	return out
}

// The README's example queries give, on the seeded graph, exactly the answers it shows.
func TestREADMEExamples(t *testing.T) {
	examples := readmeExamples(t, false)
	if len(examples) < 5 {
		t.Fatalf("the README shows %d example queries with answers, want at least 5", len(examples))
	}
	st := storetest.New(t)
	ds, problems := seed.LoadEmbedded()
	if len(problems) > 0 {
		t.Fatalf("seed data set: %v", problems)
	}
	if _, err := st.Apply(context.Background(), ds.Batch(), store.ApplyOptions{}); err != nil {
		t.Fatal(err)
	}
	checkREADMEExamples(t, newHandler(testConfig(t), st, quietLogger), examples)
}

// checkREADMEExamples runs each example query and compares its data with the answer shown.
func checkREADMEExamples(t *testing.T, h http.Handler, examples [][2]string) {
	t.Helper()
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
