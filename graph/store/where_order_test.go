package store_test

import (
	"context"
	"strings"
	"testing"

	"github.com/mineralgraph/mineralgraph/graph/store"
	"github.com/mineralgraph/mineralgraph/graph/store/storetest"
)

// A where holding a property test beside a quantifier tests the property first: the
// quantifier reads the policies of the countries that pass it, not of every country
// (render.go's where; Neo4j planned the quantifier first, whatever the text's order).
func TestPropertyTestsComeBeforeQuantifiers(t *testing.T) {
	st, driver := storetest.NewWithDriver(t)
	ctx := context.Background()
	// 200 countries issuing 20 policies each; every tenth cites the source "kept".
	storetest.Query(t, driver, `UNWIND range(0, 199) AS i
CREATE (c:Country:Entity {id: 'c' + i, name: 'C' + i, sources: CASE WHEN i % 10 = 0 THEN ['kept'] ELSE ['other'] END})
WITH c, i UNWIND range(0, 19) AS j
CREATE (c)-[:ISSUES]->(:Policy:Entity {id: 'p' + i + '-' + j, name: 'P', sources: CASE WHEN i = 10 AND j = 0 THEN ['flagged'] ELSE ['other'] END})`, nil)
	where := map[string]any{
		"sources":            map[string]any{"includes": "kept"},
		"policiesConnection": map[string]any{"none": map[string]any{"node": map[string]any{"sources": map[string]any{"includes": "flagged"}}}},
	}
	logged, log := store.WithStatementLog(ctx)
	nodes, err := st.List(logged, "Country", store.ListArgs{Where: where})
	if err != nil {
		t.Fatal(err)
	}
	want := storetest.Count(t, driver, `MATCH (c:Country) WHERE 'kept' IN c.sources
  AND NOT EXISTS { (c)-[:ISSUES]->(p:Policy) WHERE 'flagged' IN p.sources } RETURN count(c) AS n`, nil)
	if len(nodes) != want || want != 19 {
		t.Fatalf("%d countries, Cypher counts %d (want 19)", len(nodes), want)
	}
	q := log.Statements()[0]
	var expanded int64
	for _, p := range storetest.Profile(t, driver, q) {
		if strings.HasPrefix(p.Operator(), "Expand") {
			expanded += p.Records()
		}
	}
	// The 20 countries citing "kept" have 400 policies; all countries 4,000.
	if expanded > 400 {
		t.Errorf("the plan expanded %d policies; the countries that pass the property test have 400\n%s", expanded, q.Query)
	}
}
