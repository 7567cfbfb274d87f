package e2e

import (
	"context"
	"encoding/json"
	"fmt"
	"testing"

	"github.com/mineralgraph/mineralgraph/httpapi"
	"github.com/mineralgraph/mineralgraph/internal/testenv"

	"github.com/mineralgraph/mineralgraph/graph/store"
	"github.com/mineralgraph/mineralgraph/graph/store/storetest"
)

// financeGraph writes orgs financiers, each financing perOrg projects; every project is
// located in one of a few countries and involves one of a few minerals.
func financeGraph(orgs, perOrg int) store.Batch {
	prov := func(m map[string]any) map[string]any {
		m["sources"], m["quotes"] = []string{"src"}, []string{"synthetic"}
		return m
	}
	b := store.Batch{Nodes: []store.NodeInput{{Type: "Source", ID: "src", Props: prov(map[string]any{"id": "src", "title": "synthetic", "evidence": "COMPILED", "url": "https://example.org/synthetic"})}}}
	node := func(typ, id string, props map[string]any) {
		props["id"], props["name"] = id, id
		b.Nodes = append(b.Nodes, store.NodeInput{Type: typ, ID: id, Props: prov(props)})
	}
	rel := func(typ, fromType, from, toType, to string, props map[string]any) {
		b.Relations = append(b.Relations, store.RelationInput{Type: typ, FromType: fromType, From: from, ToType: toType, To: to, Props: prov(props)})
	}
	for c := range 5 {
		node("Country", fmt.Sprintf("C%d", c), map[string]any{})
		node("Mineral", fmt.Sprintf("mineral-%d", c), map[string]any{"kind": "ELEMENT"})
	}
	for o := range orgs {
		org := fmt.Sprintf("org-%d", o)
		node("Organization", org, map[string]any{"kind": "FINANCIER"})
		for p := range perOrg {
			project := fmt.Sprintf("project-%d-%d", o, p)
			node("Project", project, map[string]any{"stage": "MINING"})
			rel("FINANCES", "Organization", org, "Project", project, map[string]any{"instrument": "LOAN"})
			rel("LOCATED_IN", "Project", project, "Country", fmt.Sprintf("C%d", p%5), map[string]any{})
			rel("INVOLVES_MINERAL", "Project", project, "Mineral", fmt.Sprintf("mineral-%d", o%5), map[string]any{})
		}
	}
	return b
}

// A nested query is one statement, whatever the size of its result.
func TestRoundTripsDoNotGrowWithResults(t *testing.T) {
	const query = `{ organizations { id financesProjects { id country { id } minerals { id } } } }`
	roundTripsAtSizes(t, query, 1, false)
}

// A root lookup by id is the same one statement, with no batching wait before it.
func TestRoundTripsOfALookup(t *testing.T) {
	const query = `{ organization(id: "org-1") { id financesProjects { id country { id } minerals { id } } } }`
	roundTripsAtSizes(t, query, 1, true)
}

// The same through connections, edge properties and provenance at each level.
func TestRoundTripsDoNotGrowWithResultsThroughConnections(t *testing.T) {
	const query = `{ organizationsConnection(first: 1000) { totalCount edges { node { id provenance { quote }
		financesProjectsConnection(first: 100) { totalCount edges { properties { instrument provenance { quote } }
			node { id country { id } minerals { id } } } } } } } }`
	// The data in one statement, the sources of every level in a second.
	roundTripsAtSizes(t, query, 2, false)
}

// roundTripsAtSizes runs query on two sizes of financeGraph; oneOrg: the query asks for
// one organisation, not all of them.
func roundTripsAtSizes(t *testing.T, query string, want float64, oneOrg bool) {
	t.Helper()
	storetest.URI(t) // skipped with -short, before the subtests, so the totals below are not checked on nothing
	sizes := []struct{ orgs, perOrg int }{{2, 2}, {40, 10}}
	var counts []float64
	for _, size := range sizes {
		t.Run(fmt.Sprintf("%dx%d", size.orgs, size.perOrg), func(t *testing.T) {
			st := storetest.New(t)
			if _, err := st.Apply(context.Background(), financeGraph(size.orgs, size.perOrg), store.ApplyOptions{}); err != nil {
				t.Fatal(err)
			}
			e := testenv.Over(t, st, nil, testenv.Debug(),
				testenv.Tune(func(o *httpapi.Options) { o.Limits.MaxComplexity = 1 << 30 })) // about round trips, not cost
			resp := e.Post(t, query, nil)
			if len(resp.Errors) > 0 {
				t.Fatalf("errors: %+v", resp.Errors)
			}
			orgs, projects := countResults(t, resp.Data)
			wantOrgs := size.orgs
			if oneOrg {
				wantOrgs = 1
			}
			if orgs != wantOrgs || projects != wantOrgs*size.perOrg {
				t.Fatalf("got %d organizations and %d projects, want %d and %d", orgs, projects, wantOrgs, wantOrgs*size.perOrg)
			}
			n, ok := resp.Extensions["cypherRoundTrips"].(float64)
			if !ok {
				t.Fatalf("no cypherRoundTrips extension in %v", resp.Extensions)
			}
			counts = append(counts, n)
		})
	}
	if len(counts) != 2 || counts[0] != want || counts[1] != want {
		t.Errorf("round trips %v for %v; want %v at every size", counts, sizes, want)
	}
}

// countResults counts organizations and projects in either query shape, checking that
// every project came with its country and mineral.
func countResults(t *testing.T, data json.RawMessage) (orgs, projects int) {
	t.Helper()
	var project struct {
		Country, Minerals []struct{ ID string }
	}
	var walk func(v any)
	walk = func(v any) {
		switch x := v.(type) {
		case map[string]any:
			if id, ok := x["id"].(string); ok && len(id) > 4 && id[:4] == "org-" {
				orgs++
			}
			if id, ok := x["id"].(string); ok && len(id) > 8 && id[:8] == "project-" {
				projects++
				b, _ := json.Marshal(x)
				if err := json.Unmarshal(b, &project); err != nil || len(project.Country) != 1 || len(project.Minerals) != 1 {
					t.Fatalf("project without its country and mineral: %s", b)
				}
			}
			for _, e := range x {
				walk(e)
			}
		case []any:
			for _, e := range x {
				walk(e)
			}
		}
	}
	var v any
	if err := json.Unmarshal(data, &v); err != nil {
		t.Fatal(err)
	}
	walk(v)
	return orgs, projects
}
