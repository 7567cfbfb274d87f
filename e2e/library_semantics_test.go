package e2e

import (
	"testing"

	"github.com/mineralgraph/mineralgraph/graph/store/storetest"
	"github.com/mineralgraph/mineralgraph/internal/testenv"
)

// Filters answer as the Neo4j GraphQL Library v7 answers them, whose conventions the API
// follows (README, Querying), on the shapes where a differential run against the library
// (go run ./bench/cmd/bench -fuzz) found this API answering otherwise. Each expected
// answer is the library's translation written by hand in Cypher over the seeded graph,
// and each case checks that this API's earlier semantics would have answered otherwise
// on that graph, so that it can fail.
type librarySemanticsCase struct {
	name, root, label string
	where             map[string]any
	cypher, earlier   string // the library's predicate on n, and this API's earlier one
}

func runLibrarySemantics(t *testing.T, cases []librarySemanticsCase) {
	t.Helper()
	e := testenv.Seeded(t)
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			ids := func(pred string) []string {
				var out []string
				for _, row := range storetest.Query(t, e.Driver, "MATCH (n:"+tc.label+") WHERE "+pred+" RETURN n.id AS id", nil) {
					out = append(out, row["id"].(string))
				}
				return apiSorted(out)
			}
			want := ids(tc.cypher)
			if earlier := ids(tc.earlier); len(earlier) == len(want) {
				t.Fatalf("the seeded graph does not tell the two semantics apart: %q both ways", want)
			}
			r := e.Post(t, "query($where: "+tc.label+"Where) { "+tc.root+"(where: $where) { id } }", map[string]any{"where": tc.where})
			var data map[string][]struct{ ID string }
			r.Decode(t, &data)
			var got []string
			for _, n := range data[tc.root] {
				got = append(got, n.ID)
			}
			apiSameSet(t, tc.name, got, want)
		})
	}
}

// `all` holds when some related node (relationship) matches and none fails: the library
// translates it as EXISTS … AND NOT EXISTS … WHERE NOT; all of nothing is false.
func TestFilterAllAsTheLibrary(t *testing.T) {
	runLibrarySemantics(t, []librarySemanticsCase{
		{"all needs a related node", "projects", "Project",
			apiObj("financiers", apiObj("all", apiObj("kind", apiOp("eq", "FINANCIER")))),
			"EXISTS { MATCH (n)<-[:FINANCES]-(o:Organization) WHERE o.kind = 'FINANCIER' } AND NOT EXISTS { MATCH (n)<-[:FINANCES]-(o:Organization) WHERE NOT o.kind = 'FINANCIER' }",
			"NOT EXISTS { MATCH (n)<-[:FINANCES]-(o:Organization) WHERE NOT coalesce(o.kind = 'FINANCIER', false) }"},
		{"all over a connection needs a relationship", "organizations", "Organization",
			apiObj("financesProjectsConnection", apiObj("all", apiObj("edge", apiObj("instrument", apiOp("eq", "LOAN"))))),
			"EXISTS { MATCH (n)-[r:FINANCES]->(:Project) WHERE r.instrument = 'LOAN' } AND NOT EXISTS { MATCH (n)-[r:FINANCES]->(:Project) WHERE NOT r.instrument = 'LOAN' }",
			"NOT EXISTS { MATCH (n)-[r:FINANCES]->(:Project) WHERE NOT coalesce(r.instrument = 'LOAN', false) }"},
	})
}

// NOT is Cypher's: NOT of a predicate on a missing property is null, so the node is not
// kept, as the library translates it (no coalesce).
func TestFilterNotAsTheLibrary(t *testing.T) {
	runLibrarySemantics(t, []librarySemanticsCase{
		{"NOT of a missing property is not true", "projects", "Project",
			apiObj("NOT", apiObj("location", apiOp("eq", "Ontario"))),
			"NOT (n.location = 'Ontario')",
			"NOT coalesce(n.location = 'Ontario', false)"},
		{"NOT of a missing edge property is not true", "organizations", "Organization",
			apiObj("financesProjectsConnection", apiObj("some", apiObj("edge", apiObj("NOT", apiObj("amount", apiOp("gte", 100)))))),
			"EXISTS { MATCH (n)-[r:FINANCES]->(:Project) WHERE NOT (r.amount >= 100) }",
			"EXISTS { MATCH (n)-[r:FINANCES]->(:Project) WHERE NOT coalesce(r.amount >= 100, false) }"},
		{"all ignores a related node whose property is missing", "organizations", "Organization",
			apiObj("financesProjectsConnection", apiObj("all", apiObj("edge", apiObj("amount", apiOp("gte", 100))))),
			"EXISTS { MATCH (n)-[r:FINANCES]->(:Project) WHERE r.amount >= 100 } AND NOT EXISTS { MATCH (n)-[r:FINANCES]->(:Project) WHERE NOT (r.amount >= 100) }",
			"EXISTS { MATCH (n)-[r:FINANCES]->(:Project) WHERE r.amount >= 100 } AND NOT EXISTS { MATCH (n)-[r:FINANCES]->(:Project) WHERE NOT coalesce(r.amount >= 100, false) }"},
	})
}

// `single` over a relationship field counts relationships, as the library's translation
// does (a pattern comprehension), though the field lists each related node once in both:
// balama, financed twice by the DFC, has no single financier.
func TestFilterSingleAsTheLibrary(t *testing.T) {
	runLibrarySemantics(t, []librarySemanticsCase{
		{"single over a relationship field counts relationships", "projects", "Project",
			apiObj("financiers", apiObj("single", apiObj("kind", apiOp("eq", "FINANCIER")))),
			"COUNT { MATCH (n)<-[:FINANCES]-(o:Organization) WHERE o.kind = 'FINANCIER' } = 1",
			"COUNT { MATCH (n)<-[:FINANCES]-(o:Organization) WHERE o.kind = 'FINANCIER' RETURN DISTINCT o } = 1"},
		{"single of one node reached twice", "organizations", "Organization",
			apiObj("financesProjects", apiObj("single", apiObj("id", apiOp("eq", "balama")))),
			"COUNT { MATCH (n)-[:FINANCES]->(p:Project) WHERE p.id = 'balama' } = 1",
			"COUNT { MATCH (n)-[:FINANCES]->(p:Project) WHERE p.id = 'balama' RETURN DISTINCT p } = 1"},
	})
}
