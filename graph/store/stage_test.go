package store_test

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/mineralgraph/mineralgraph/graph/store"
	"github.com/mineralgraph/mineralgraph/graph/store/storetest"
)

// The countries issuing a policy, tested by their memberships (20 a country, of which
// one announced partnership for 3 countries) and their measurements (400 a country), as
// seed 1875: by the statistics the membership test reads the fewer relationships and
// runs first (stage.go), and the planner keeps that order, so that the measurements of
// the countries it rejects are not read. (On this small graph the planner also chooses
// that order itself; the statement's form is TestListTestsStagedByTheirReads'.) Answers
// as Cypher's, whichever tests pass, below the policy and in a root list.
func TestListTestsRunInTheOrderOfTheirReads(t *testing.T) {
	st, driver := storetest.NewWithDriver(t)
	storetest.Query(t, driver, `CREATE (p:Policy:Entity {id: 'pol', name: 'Pol'}),
  (x:Partnership:Entity {id: 'msp', name: 'MSP'})-[:ANNOUNCED_AT {evidence: 'DATA_ROW'}]->(:Event:Entity {id: 'e', name: 'E'})
WITH p, x UNWIND range(0, 9) AS i
CREATE (c:Country:Entity {id: 'C' + i, name: 'C' + i})-[:ISSUES]->(p)
FOREACH (_ IN CASE WHEN i < 3 THEN [1] ELSE [] END | CREATE (c)-[:MEMBER_OF]->(x))
WITH c UNWIND range(0, 399) AS j
CREATE (:Measurement:Entity {id: c.id + '-' + j, year: 2000 + j % 40})-[:ABOUT]->(c)
WITH DISTINCT c UNWIND range(1, 19) AS k
MERGE (o:Partnership:Entity {id: 'o' + k, name: 'O' + k})
CREATE (c)-[:MEMBER_OF]->(o)`, nil)
	keepStats(t, st)
	// a test with a test below it, as seed 1875's: the planner ran it last
	member := func(q, evidence string) map[string]any {
		return map[string]any{q: map[string]any{"announcedAtConnection": map[string]any{"single": map[string]any{"edge": map[string]any{"evidence": map[string]any{"eq": evidence}}}}}}
	}
	measured := func(q string, year int) map[string]any {
		return map[string]any{q: map[string]any{"year": map[string]any{"lt": year}}}
	}
	cases := []struct {
		name      string
		where     map[string]any
		cypher    string // the countries that pass, by hand
		maxAbouts int64  // ABOUT relationships read, at most (0: not checked)
	}{
		{"members without old figures", map[string]any{"memberOf": member("some", "DATA_ROW"), "measurements": measured("none", 1990)},
			`EXISTS { (c)-[:MEMBER_OF]->(x:Partnership) WHERE single(e IN [(x)-[a:ANNOUNCED_AT]->(e:Event) WHERE a.evidence = 'DATA_ROW' | 1] WHERE true) } AND NOT EXISTS { (c)<-[:ABOUT]-(m:Measurement) WHERE m.year < 1990 }`, 3 * 400},
		{"members of nothing, all figures old", map[string]any{"memberOf": member("some", "COMPILED"), "measurements": measured("all", 2100)},
			`EXISTS { (c)-[:MEMBER_OF]->(x:Partnership) WHERE single(e IN [(x)-[a:ANNOUNCED_AT]->(e:Event) WHERE a.evidence = 'COMPILED' | 1] WHERE true) } AND NOT EXISTS { (c)<-[:ABOUT]-(m:Measurement) WHERE NOT m.year < 2100 } AND EXISTS { (c)<-[:ABOUT]-(:Measurement) }`, 0},
		{"not members, some recent figure", map[string]any{"memberOf": member("none", "DATA_ROW"), "measurements": measured("some", 2001)},
			`NOT EXISTS { (c)-[:MEMBER_OF]->(x:Partnership) WHERE single(e IN [(x)-[a:ANNOUNCED_AT]->(e:Event) WHERE a.evidence = 'DATA_ROW' | 1] WHERE true) } AND EXISTS { (c)<-[:ABOUT]-(m:Measurement) WHERE m.year < 2001 }`, 0},
	}
	for _, windowed := range []bool{false, true} {
		for _, tt := range cases {
			t.Run(fmt.Sprintf("%s, windowed %v", tt.name, windowed), func(t *testing.T) {
				if windowed { // rows windowed before DISTINCT (distinctWindow): the tests written twice
					store.SetManyPerParentDegree(t, 1)
				}
				var want []string
				for _, r := range storetest.Query(t, driver, `MATCH (c:Country)-[:ISSUES]->(:Policy {id: 'pol'}) WHERE `+tt.cypher+`
RETURN c.id AS id ORDER BY c.id`, nil) {
					want = append(want, r["id"].(string))
				}
				ctx, log := store.WithStatementLog(context.Background())
				got, err := st.RelatedList(ctx, "Policy", "issuedByCountries", []string{"pol"}, store.ListArgs{Where: tt.where})
				if err != nil {
					t.Fatal(err)
				}
				if ids := nodeIDs(got["pol"]); !slices.Equal(ids, want) {
					t.Fatalf("got %v, Cypher %v", ids, want)
				}
				// Every country issues the policy: the root list is the same.
				rootCtx, rootLog := store.WithStatementLog(context.Background())
				roots, err := st.List(rootCtx, "Country", store.ListArgs{Where: tt.where})
				if err != nil {
					t.Fatal(err)
				}
				if ids := nodeIDs(roots); !slices.Equal(ids, want) {
					t.Fatalf("root list %v, Cypher %v", ids, want)
				}
				if q := rootLog.Statements()[0].Query; tt.maxAbouts > 0 && !strings.Contains(q, "RETURN true AS kept") {
					t.Fatalf("the root list's tests are not staged:\n%s", q)
				}
				if tt.maxAbouts == 0 {
					return
				}
				if q := log.Statements()[0].Query; !strings.Contains(q, "RETURN true AS kept") || strings.Contains(q, "UNION ALL") != windowed {
					t.Fatalf("the tests are not staged, or windowed is not %v:\n%s", windowed, q)
				}
				var abouts int64
				for _, op := range storetest.Profile(t, driver, log.Statements()[0]) {
					if d, _ := op.Arguments()["Details"].(string); strings.HasPrefix(op.Operator(), "Expand") && strings.Contains(d, ":ABOUT") {
						abouts += op.Records()
					}
				}
				if abouts > tt.maxAbouts {
					t.Errorf("read %d ABOUT relationships, at most %d wanted\n%s", abouts, tt.maxAbouts, log.Statements()[0].Query)
				}
			})
		}
	}
}
