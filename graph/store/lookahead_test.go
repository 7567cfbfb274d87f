package store_test

import (
	"context"
	"slices"
	"strings"
	"testing"

	"github.com/mineralgraph/mineralgraph/graph/store"
	"github.com/mineralgraph/mineralgraph/graph/store/storetest"
)

// A page reads one row past its first to tell whether a next page exists; the fields
// nested below the page's nodes are read for the first only (pageRows). Three projects,
// A and B with one mineral each, C (the row past a page of two) with 40: the nested
// minerals are read from A and B alone, root page and relationship page alike, with
// and without totalCount, and the answers are the minerals Cypher finds.
func TestPagesReadNothingBelowTheRowPastThem(t *testing.T) {
	st, driver := storetest.NewWithDriver(t)
	storetest.Query(t, driver, `CREATE (ps:Partnership:Entity {id: 'ps', name: 'PS'})
WITH ps UNWIND ['A', 'B', 'C'] AS name
CREATE (ps)-[:SUPPORTS {id: 's' + name}]->(p:Project:Entity {id: 'p' + name, name: name})
WITH p, CASE name WHEN 'C' THEN 40 ELSE 1 END AS minerals
UNWIND range(1, minerals) AS i
CREATE (p)-[:INVOLVES_MINERAL {id: p.id + '-' + i}]->(:Mineral:Entity {id: p.id + '-m' + i, name: p.name + i})`, nil)
	want := map[string][]string{}
	for _, r := range storetest.Query(t, driver, `MATCH (p:Project)-[:INVOLVES_MINERAL]->(m:Mineral)
RETURN p.id AS project, m.id AS mineral ORDER BY m.id`, nil) {
		want[r["project"].(string)] = append(want[r["project"].(string)], r["mineral"].(string))
	}
	byName := []map[string]any{{"name": "ASC"}}
	minerals := listFetch("minerals", store.ListArgs{Sort: []map[string]any{{"id": "ASC"}}})
	check := func(t *testing.T, page store.Page, fetched store.Fetched, log *store.StatementLog) {
		t.Helper()
		var ids []string
		for _, e := range page.Edges {
			ids = append(ids, e.Node.ID())
		}
		if !slices.Equal(ids, []string{"pA", "pB"}) || !page.HasNextPage {
			t.Fatalf("page %v, next page %v; want [pA pB] and a next page", ids, page.HasNextPage)
		}
		for _, id := range ids {
			var got []string
			for _, n := range fetched.Lists[id] {
				got = append(got, n.ID())
			}
			if !slices.Equal(got, want[id]) {
				t.Errorf("minerals of %s: got %v, Cypher %v", id, got, want[id])
			}
		}
		var read int64
		for _, op := range storetest.Profile(t, driver, log.Statements()[0]) {
			if strings.HasPrefix(op.Operator(), "Expand") && strings.Contains(op.Arguments()["Details"].(string), "INVOLVES_MINERAL") {
				read += op.Records()
			}
		}
		if read != 2 {
			t.Errorf("read %d minerals, want 2 (those of A and B)\n%s", read, log.Statements()[0].Query)
		}
	}
	for _, withTotal := range []bool{false, true} {
		t.Run(map[bool]string{false: "root", true: "root with totalCount"}[withTotal], func(t *testing.T) {
			ctx, log := store.WithStatementLog(context.Background())
			page, fetched, err := st.PageTree(ctx, "Project", store.PageArgs{Sort: byName, First: intp(2)}, withTotal, nil, []store.Fetch{minerals})
			if err != nil {
				t.Fatal(err)
			}
			check(t, page, fetched[0], log)
		})
		t.Run(map[bool]string{false: "relationship", true: "relationship with totalCount"}[withTotal], func(t *testing.T) {
			ctx, log := store.WithStatementLog(context.Background())
			fetched, err := st.RelatedTree(ctx, "Partnership", []string{"ps"}, []store.Fetch{
				pageFetch("supportsConnection", store.PageArgs{Sort: []map[string]any{{"node": byName[0]}}, First: intp(2)}, withTotal, minerals)})
			if err != nil {
				t.Fatal(err)
			}
			check(t, fetched[0].Pages["ps"], fetched[0].Children[0], log)
		})
	}
}
