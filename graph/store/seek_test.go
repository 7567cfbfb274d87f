package store_test

import (
	"context"
	"slices"
	"strings"
	"testing"

	"github.com/mineralgraph/mineralgraph/graph/store"
	"github.com/mineralgraph/mineralgraph/graph/store/storetest"
)

// A root list sorted by an index whose where holds an equality on an enum counts the
// enum index's entries of the value and, where they are fewer than the walk's bound,
// reads those (seek.go): Neo4j prices the equality at one in the values the
// index holds and read every project in the sort's order. Where they are more, or where
// the where holds no such equality, the sort's index is read in order for the walk's
// bound at most (walkOr, reach.go), then the projects are read as the planner chooses
// and kept in a top 10: without the walk, all 3,000 were read in the name's order where
// few or none pass.
func TestRootListsSeekARareEquality(t *testing.T) {
	st, driver := storetest.NewWithDriver(t)
	// 3,000 projects, all mining: the index of the stage holds one value, and Neo4j
	// estimates that any stage asked holds every project (seed 1290 at scale 100: 30,000
	// agreements, one evidence level, another asked).
	storetest.Query(t, driver, `UNWIND range(0, 2999) AS i
CREATE (:Project:Entity {id: 'p' + i, name: 'P' + right('000' + i, 4), stage: 'MINING'})`, nil)
	if err := st.Replan(context.Background()); err != nil { // the planner sees the projects
		t.Fatal(err)
	}
	keepStats(t, st)
	limit := 10
	for _, tt := range []struct {
		stage, contains string
		count           int
		maxRead         int64 // projects read from the name index
	}{
		// None from the stage's index: the statement without the count read all 3,000
		// in the name's order.
		{"REFINING", "P", 0, 0},
		// Every project mines: the name's order, which stops at the window.
		{"MINING", "P", 10, 40},
		// Every project mines, few match: the walk's bound in the name's order, then the
		// stage's index.
		{"MINING", "P15", 10, 640},
		// No equality: the walk's bound, then the label.
		{"", "P15", 10, 640},
		{"", "none", 0, 640},
		// Most match: the walk stops at the window.
		{"", "P", 10, 40},
	} {
		t.Run(tt.stage+" "+tt.contains, func(t *testing.T) {
			where := map[string]any{"name": map[string]any{"contains": tt.contains}}
			if tt.stage != "" {
				where["stage"] = map[string]any{"eq": tt.stage}
			}
			logged, log := store.WithStatementLog(context.Background())
			nodes, err := st.List(logged, "Project", store.ListArgs{Where: where, Sort: []map[string]any{{"name": "DESC"}}, Limit: &limit})
			if err != nil {
				t.Fatal(err)
			}
			var got, want []string
			for _, n := range nodes {
				got = append(got, n.ID())
			}
			for _, r := range storetest.Query(t, driver, `MATCH (p:Project) WHERE $stage IN ['', p.stage] AND p.name CONTAINS $contains
RETURN p.id AS id ORDER BY p.name DESC LIMIT 10`, map[string]any{"stage": tt.stage, "contains": tt.contains}) {
				want = append(want, r["id"].(string))
			}
			if !slices.Equal(got, want) || len(want) != tt.count {
				t.Fatalf("got %v, Cypher %v", got, want)
			}
			var read, scanned int64 // in the name's order; in any order, from an index or the label
			for _, p := range storetest.Profile(t, driver, log.Statements()[0]) {
				op, ordered := p.Operator(), p.Arguments()["Order"] != nil
				switch {
				case strings.HasPrefix(op, "NodeIndexScan") && ordered:
					read += p.Records()
				case strings.HasPrefix(op, "NodeIndexScan"), strings.HasPrefix(op, "NodeByLabelScan"):
					scanned += p.Records()
				}
			}
			t.Logf("read %d projects in the name's order, %d in any", read, scanned)
			if read > tt.maxRead || scanned > 3000 {
				t.Errorf("read %d projects in the name's order (at most %d), %d in any (at most 3,000)\n%s", read, tt.maxRead, scanned, log.Statements()[0].Query)
			}
		})
	}
}

// Pages of such a list, followed by their cursors, list every node once and in order,
// names tied three by three, whichever read each page takes: the stage's index (22
// refine), the name's order (most mine, or most match the name) or the walk in vain
// and then the stage's index or the label (few match the name). 2,100 projects: a page
// of seven reads eight, whose walk of 512 entries is tried from 2,048 nodes (walkPays).
func TestRootPagesSeekARareEquality(t *testing.T) {
	st, driver := storetest.NewWithDriver(t)
	storetest.Query(t, driver, `UNWIND range(0, 2099) AS i
CREATE (:Project:Entity {id: 'p' + i, name: 'P' + right('000' + (i / 3), 3),
  stage: CASE WHEN i % 199 IN [0, 1] THEN 'REFINING' ELSE 'MINING' END})`, nil)
	keepStats(t, st)
	for _, tt := range []struct {
		stage, contains string
		count           int
	}{{"MINING", "P", 2078}, {"REFINING", "P", 22}, {"MINING", "P02", 30}, {"", "P02", 30}, {"", "P", 2100}} {
		t.Run(tt.stage+" "+tt.contains, func(t *testing.T) {
			want := map[string]bool{}
			for _, r := range storetest.Query(t, driver, `MATCH (p:Project) WHERE $stage IN ['', p.stage] AND p.name CONTAINS $contains
RETURN p.id AS id`, map[string]any{"stage": tt.stage, "contains": tt.contains}) {
				want[r["id"].(string)] = true
			}
			where := map[string]any{"name": map[string]any{"contains": tt.contains}}
			if tt.stage != "" {
				where["stage"] = map[string]any{"eq": tt.stage}
			}
			if len(want) != tt.count {
				t.Fatalf("Cypher finds %d projects, want %d", len(want), tt.count)
			}
			pageByNameDesc(t, st, where, want)
		})
	}
}
