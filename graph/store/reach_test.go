package store_test

import (
	"context"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/mineralgraph/mineralgraph/graph/store"
	"github.com/mineralgraph/mineralgraph/graph/store/storetest"
)

// A root list whose where asks for a related node reads the index's first entries and,
// when they do not decide the window, starts from the related nodes (reach.go): a
// selective filter does not test every project, an unselective one stops at the window.
func TestRootListsReachFromRelatedNodes(t *testing.T) {
	st, driver := storetest.NewWithDriver(t)
	// 3,000 projects; "common" finances every other one, "rare" three of them.
	storetest.Query(t, driver, `CREATE (:Organization:Entity {id: 'common', name: 'Common'}), (:Organization:Entity {id: 'rare', name: 'Rare'})
WITH 1 AS one UNWIND range(0, 2999) AS i
CREATE (p:Project:Entity {id: 'p' + i, name: 'P' + right('000' + i, 4), stage: 'MINING'})
WITH p, i
CALL (p, i) { MATCH (o:Organization {id: 'common'}) WHERE i % 2 = 0 CREATE (o)-[:FINANCES]->(p) }
CALL (p, i) { MATCH (o:Organization {id: 'rare'}) WHERE i IN [2999, 1500, 7] CREATE (o)-[:FINANCES]->(p) }
CALL (p, i) { WITH p WHERE i IN [2998, 1501, 8] CREATE (p)-[:LOCATED_IN]->(:Country:Entity {id: 'c' + i, name: 'C' + i}) }`, nil)
	keepStats(t, st)
	limit := 10
	financedBy := func(name string) map[string]any {
		return map[string]any{"financiers": map[string]any{"some": map[string]any{"name": map[string]any{"eq": name}}}}
	}
	anyRelated := map[string]any{"some": map[string]any{"AND": []any{map[string]any{}}}}
	with := func(where map[string]any, field string, test any) map[string]any {
		where[field] = test
		return where
	}
	const byFinancier = `MATCH (p:Project) WHERE EXISTS { (p)<-[:FINANCES]-(:Organization {name: $name}) }`
	for _, tt := range []struct {
		name        string
		where       map[string]any
		cypher      string // the projects that pass, by hand
		maxRead     int64  // projects read from the name index
		maxExpanded int64  // relationships expanded
	}{
		// The walk's bound (hubScan of 10), then from the organization: the old statement
		// read all 3,000 projects.
		{"Rare", financedBy("Rare"), byFinancier, 640, 2000},
		// The walk finds the window in its first entries: matching from the organization
		// alone expanded its 1,500 financings.
		{"Common", financedBy("Common"), byFinancier, 40, 100},
		// A related node without a filter of its own (an operand without a predicate that
		// is not {}, fuzz seed 1542: agreements carried out by any event, none is): three
		// projects have a country, found from the countries after the walk; the walk alone
		// read all 3,000 projects.
		{"any country", map[string]any{"country": anyRelated},
			`MATCH (p:Project) WHERE EXISTS { (p)-[:LOCATED_IN]->(:Country) }`, 640, 10},
		{"any financier", map[string]any{"financiers": anyRelated},
			`MATCH (p:Project) WHERE EXISTS { (p)<-[:FINANCES]-(:Organization) }`, 40, 100},
		// Projects named by id or name (fuzz seed 3892): Neo4j seeks them and tests those
		// alone, where the walk read its bound of 640 projects first.
		{"by id", with(financedBy("Rare"), "id", map[string]any{"in": []any{"p5", "p7", "p1500", "p2999"}}),
			`MATCH (p:Project) WHERE p.id IN ['p5', 'p7', 'p1500', 'p2999'] AND EXISTS { (p)<-[:FINANCES]-(:Organization {name: 'Rare'}) }`, 0, 10},
		{"by id alone", map[string]any{"id": map[string]any{"in": []any{"p5", "p7", "p1500", "p2999"}}},
			`MATCH (p:Project) WHERE p.id IN ['p5', 'p7', 'p1500', 'p2999']`, 0, 10},
		{"by name", with(financedBy("Rare"), "name", map[string]any{"eq": "P1500"}),
			`MATCH (p:Project) WHERE p.name = 'P1500' AND EXISTS { (p)<-[:FINANCES]-(:Organization {name: 'Rare'}) }`, 0, 10},
	} {
		t.Run(tt.name, func(t *testing.T) {
			ctx := context.Background()
			logged, log := store.WithStatementLog(ctx)
			nodes, err := st.List(logged, "Project", store.ListArgs{Where: tt.where, Sort: []map[string]any{{"name": "DESC"}}, Limit: &limit})
			if err != nil {
				t.Fatal(err)
			}
			var got, want []string
			for _, n := range nodes {
				got = append(got, n.ID())
			}
			for _, r := range storetest.Query(t, driver, tt.cypher+`
RETURN p.id AS id ORDER BY p.name DESC LIMIT 10`, map[string]any{"name": tt.name}) {
				want = append(want, r["id"].(string))
			}
			if !slices.Equal(got, want) || len(want) == 0 {
				t.Fatalf("got %v, Cypher %v", got, want)
			}
			var read, expanded int64
			for _, p := range storetest.Profile(t, driver, log.Statements()[0]) {
				switch op := p.Operator(); {
				case strings.HasPrefix(op, "NodeIndexScan"), strings.HasPrefix(op, "NodeByLabelScan"):
					read += p.Records()
				case strings.HasPrefix(op, "Expand"):
					expanded += p.Records()
				}
			}
			t.Logf("read %d projects, expanded %d relationships", read, expanded)
			if read > tt.maxRead || expanded > tt.maxExpanded {
				t.Errorf("read %d projects (at most %d), expanded %d relationships (at most %d)\n%s",
					read, tt.maxRead, expanded, tt.maxExpanded, log.Statements()[0].Query)
			}
		})
	}
}

// keepStats has st read the graph's statistics, by which reach.go knows the label is larger
// than its walk.
func keepStats(t *testing.T, st *store.Store) {
	if err := st.KeepStats(time.Hour, time.Hour); err != nil {
		t.Fatal(err)
	}
}

// Pages of such a list, followed by their cursors, list every node once and in order,
// names tied three by three (the walk's last node may tie with nodes it did not read):
// "common" finances most projects (the walk decides every page), "sparse" a few, tied
// in pairs (the first entries of the index after the cursor do not decide a page).
// 2,100 projects: a page of seven reads eight, whose walk of 512 entries is tried from
// 2,048 nodes (walkPays).
func TestRootPagesReachFromRelatedNodes(t *testing.T) {
	st, driver := storetest.NewWithDriver(t)
	storetest.Query(t, driver, `CREATE (:Organization:Entity {id: 'common', name: 'Common'}), (:Organization:Entity {id: 'sparse', name: 'Sparse'})
WITH 1 AS one UNWIND range(0, 2099) AS i
CREATE (p:Project:Entity {id: 'p' + i, name: 'P' + right('000' + (i / 3), 3), stage: 'MINING'})
WITH p, i
CALL (p, i) { MATCH (o:Organization {id: 'common'}) WHERE i % 5 <> 0 CREATE (o)-[:FINANCES]->(p) }
CALL (p, i) { MATCH (o:Organization {id: 'sparse'}) WHERE i % 199 IN [0, 1] CREATE (o)-[:FINANCES]->(p) }`, nil)
	keepStats(t, st)
	for financier, count := range map[string]int{"Common": 1680, "Sparse": 22} {
		t.Run(financier, func(t *testing.T) {
			want := map[string]bool{}
			for _, r := range storetest.Query(t, driver, `MATCH (p:Project) WHERE EXISTS { (p)<-[:FINANCES]-(:Organization {name: $name}) }
RETURN p.id AS id`, map[string]any{"name": financier}) {
				want[r["id"].(string)] = true
			}
			where := map[string]any{"financiers": map[string]any{"some": map[string]any{"name": map[string]any{"eq": financier}}}}
			if len(want) != count {
				t.Fatalf("Cypher finds %d projects, want %d", len(want), count)
			}
			pageByNameDesc(t, st, where, want)
		})
	}
}

// pageByNameDesc pages projects that pass where by name, descending, seven at a time,
// following the cursors, and fails unless every project of want comes once, in order,
// and no other.
func pageByNameDesc(t *testing.T, st *store.Store, where map[string]any, want map[string]bool) {
	t.Helper()
	first, seen, last := 7, map[string]bool{}, ""
	var after *string
	for pages := 0; ; pages++ {
		if pages > len(want) {
			t.Fatal("pages do not end")
		}
		page, err := st.Page(context.Background(), "Project", store.PageArgs{Where: where, Sort: []map[string]any{{"name": "DESC"}}, First: &first, After: after}, false)
		if err != nil {
			t.Fatal(err)
		}
		for _, e := range page.Edges {
			name, _ := e.Node.Props["name"].(string)
			if seen[e.Node.ID()] || !want[e.Node.ID()] || (last != "" && name > last) {
				t.Fatalf("page %d: %s (%s) after %s: repeated, not passing where or out of order", pages, e.Node.ID(), name, last)
			}
			seen[e.Node.ID()], last = true, name
		}
		if !page.HasNextPage {
			break
		}
		after = page.EndCursor
	}
	if len(seen) != len(want) {
		t.Fatalf("paged %d projects, Cypher finds %d", len(seen), len(want))
	}
}

// A root list or page sorted by a property no index orders (status: not required), whose
// where holds a test with a subquery and one without, gives Cypher's answer where none,
// few or all projects pass, and so do its pages, followed by their cursors
// (testedBeforeSort; the statement's form: reach_internal_test.go).
func TestRootListsTestBeforeAnUnindexedSort(t *testing.T) {
	st, driver := storetest.NewWithDriver(t)
	storetest.Query(t, driver, `CREATE (:Organization:Entity {id: 'rare', name: 'Rare', aliases: ['rare']})
WITH 1 AS one UNWIND range(0, 2999) AS i
CREATE (p:Project:Entity {id: 'p' + i, name: 'P' + right('000' + (i % 1000), 4), stage: 'MINING',
  status: ['OPERATING', 'CONSTRUCTION', 'EXPLORATION'][i % 3]})
WITH p, i
CALL (p, i) { MATCH (o:Organization {id: 'rare'}) WHERE i IN [2999, 1500, 7, 8] CREATE (o)-[:FINANCES]->(p) }`, nil)
	keepStats(t, st)
	named := map[string]any{"contains": "P"}
	financiers := func(quantifier, alias string) map[string]any {
		return map[string]any{"name": named, "financiers": map[string]any{quantifier: map[string]any{"aliases": map[string]any{"includes": alias}}}}
	}
	sort := []map[string]any{{"status": "DESC"}, {"name": "ASC"}, {"id": "ASC"}}
	for _, tt := range []struct {
		name   string
		where  map[string]any
		cypher string // the projects that pass, by hand
	}{
		{"none passes", financiers("single", "nobody"), `MATCH (p:Project) WHERE single(x IN [(p)<-[:FINANCES]-(o:Organization) WHERE 'nobody' IN o.aliases | 1] WHERE true)`},
		{"few pass", financiers("single", "rare"), `MATCH (p:Project) WHERE single(x IN [(p)<-[:FINANCES]-(o:Organization) WHERE 'rare' IN o.aliases | 1] WHERE true)`},
		{"all pass", financiers("none", "nobody"), `MATCH (p:Project) WHERE NOT EXISTS { (p)<-[:FINANCES]-(o:Organization) WHERE 'nobody' IN o.aliases }`},
	} {
		t.Run(tt.name, func(t *testing.T) {
			var want []string
			for _, r := range storetest.Query(t, driver, tt.cypher+`
RETURN p.id AS id ORDER BY p.status DESC, p.name ASC, p.id ASC LIMIT 10`, nil) {
				want = append(want, r["id"].(string))
			}
			limit := 10
			nodes, err := st.List(context.Background(), "Project", store.ListArgs{Where: tt.where, Sort: sort, Limit: &limit})
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, n := range nodes {
				got = append(got, n.ID())
			}
			if !slices.Equal(got, want) {
				t.Fatalf("got %v, Cypher %v", got, want)
			}
			first, paged := 3, []string(nil)
			var after *string
			for len(paged) < len(want) {
				page, err := st.Page(context.Background(), "Project", store.PageArgs{Where: tt.where, Sort: sort, First: &first, After: after}, false)
				if err != nil {
					t.Fatal(err)
				}
				if len(page.Edges) == 0 {
					break
				}
				for _, e := range page.Edges {
					paged = append(paged, e.Node.ID())
				}
				after = page.EndCursor
			}
			if !slices.Equal(paged[:min(len(paged), len(want))], want) {
				t.Errorf("paged %v, Cypher %v", paged, want)
			}
		})
	}
}
