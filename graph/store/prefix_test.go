package store_test

import (
	"context"
	"slices"
	"strings"
	"testing"

	"github.com/mineralgraph/mineralgraph/graph/store"
	"github.com/mineralgraph/mineralgraph/graph/store/storetest"
)

// A prefix test on a related node runs once per node tested: no index seek answers it
// there, however selective the planner guesses the prefix (by its length) to be.
func TestPrefixTestsOfRelatedNodesExpandFromEachNode(t *testing.T) {
	st, driver := storetest.NewWithDriver(t)
	// 200 countries, each party to 10 of 2,000 agreements whose ids share their first
	// ten characters; one party in fifty has a note with a z.
	storetest.Query(t, driver, `UNWIND range(0, 1999) AS i
CREATE (:Agreement:Entity {id: 'agreement-' + right('000' + i, 4), name: 'A' + i})
WITH count(*) AS made
UNWIND range(0, 199) AS c
CREATE (n:Country:Entity {id: 'c' + c, name: 'C' + c})
WITH n, c
UNWIND range(0, 9) AS k
MATCH (a:Agreement {id: 'agreement-' + right('000' + (c * 10 + k), 4)})
CREATE (n)-[:PARTY_TO {note: CASE WHEN (c * 10 + k) % 50 = 0 THEN 'z' ELSE 'y' END}]->(a)`, nil)
	if err := st.Replan(context.Background()); err != nil { // the planner sees the agreements
		t.Fatal(err)
	}
	keepStats(t, st)
	where := map[string]any{"agreementsConnection": map[string]any{"some": map[string]any{
		"node": map[string]any{"id": map[string]any{"startsWith": "agreement-0"}},
		"edge": map[string]any{"note": map[string]any{"contains": "z"}}}}}
	limit := 500
	logged, log := store.WithStatementLog(context.Background())
	nodes, err := st.List(logged, "Country", store.ListArgs{Where: where, Limit: &limit})
	if err != nil {
		t.Fatal(err)
	}
	var got, want []string
	for _, n := range nodes {
		got = append(got, n.ID())
	}
	for _, r := range storetest.Query(t, driver, `MATCH (n:Country)
WHERE EXISTS { (n)-[r:PARTY_TO]->(a:Agreement) WHERE a.id STARTS WITH 'agreement-0' AND r.note CONTAINS 'z' }
RETURN n.id AS id ORDER BY n.id`, nil) {
		want = append(want, r["id"].(string))
	}
	if !slices.Equal(got, want) || len(want) == 0 {
		t.Fatalf("got %v, Cypher %v", got, want)
	}
	var seeked int64
	for _, p := range storetest.Profile(t, driver, log.Statements()[0]) {
		if strings.Contains(p.Operator(), "IndexSeek") {
			seeked += p.Records()
		}
	}
	// Seeking the prefix for each country reads 1,000 entries 200 times.
	if seeked > 2000 {
		t.Errorf("index seeks read %d entries (at most 2,000, the agreements once)\n%s", seeked, log.Statements()[0].Query)
	}
}
