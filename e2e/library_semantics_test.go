package e2e

import (
	"reflect"
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
	// cypher: the predicate on n this API answers, the library's but in the case that says
	// otherwise; earlier: one that answers otherwise (this API's earlier semantics, or there
	// the library's)
	cypher, earlier string
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

// A filter without a predicate is no filter, as the library translates it: an empty
// object `{}` (a where, a property's operators, a connection's node or edge), `OR: []`, a
// NOT, AND or OR of such operands, and a relationship quantifier of `{}` are dropped from
// their parent instead of being true. A connection quantifier over no predicate is
// dropped too, whatever the quantifier; a relationship field's `some` or `none` over an
// operand that is not `{}` but holds no predicate (`{AND: [{}]}`, null) still asks for a
// related node (or none); its `all` and `single` are dropped.
func TestFilterWithoutPredicateAsTheLibrary(t *testing.T) {
	some := "EXISTS { MATCH (n)<-[:FINANCES]-(:Organization) }"
	none := "NOT " + some
	runLibrarySemantics(t, []librarySemanticsCase{
		{"NOT of an empty where is no filter", "projects", "Project",
			apiObj("NOT", apiObj()), "true", "false"},
		{"OR of nothing is no filter", "projects", "Project",
			apiObj("OR", apiArr()), "true", "false"},
		{"OR drops an empty operand", "projects", "Project",
			apiObj("OR", apiArr(apiObj(), apiObj("location", apiOp("eq", "Ontario")))), "n.location = 'Ontario'", "true"},
		{"NOT of an AND of empty wheres is no filter", "projects", "Project",
			apiObj("NOT", apiObj("AND", apiArr(apiObj()))), "true", "false"},
		{"NOT of a property without operators is no filter", "projects", "Project",
			apiObj("NOT", apiObj("name", apiObj())), "true", "false"},
		{"some of an empty where is no filter", "projects", "Project",
			apiObj("financiers", apiObj("some", apiObj())), "true", some},
		{"none of an empty where is no filter", "projects", "Project",
			apiObj("financiers", apiObj("none", apiObj())), "true", none},
		{"single of an empty where is no filter", "projects", "Project",
			apiObj("financiers", apiObj("single", apiObj())), "true", "COUNT { MATCH (n)<-[:FINANCES]-(:Organization) } = 1"},
		{"single of no predicate is no filter", "projects", "Project",
			apiObj("financiers", apiObj("single", apiObj("AND", apiArr(apiObj())))), "true", "COUNT { MATCH (n)<-[:FINANCES]-(:Organization) } = 1"},
		{"none of no predicate needs no related node", "projects", "Project",
			apiObj("financiers", apiObj("none", apiObj("NOT", apiObj()))), none, "true"},
		{"some of null needs a related node", "projects", "Project",
			apiObj("financiers", apiObj("some", nil)), some, "true"},
		{"none of null needs no related node", "projects", "Project",
			apiObj("financiers", apiObj("none", nil)), none, "true"},
		{"a connection's some of an empty where is no filter", "projects", "Project",
			apiObj("financiersConnection", apiObj("some", apiObj())), "true", some},
		{"a connection's none of an empty node is no filter", "projects", "Project",
			apiObj("financiersConnection", apiObj("none", apiObj("node", apiObj()))), "true", none},
		{"a connection's single of an empty edge is no filter", "projects", "Project",
			apiObj("financiersConnection", apiObj("single", apiObj("edge", apiObj()))), "true", "COUNT { MATCH (n)<-[:FINANCES]-(:Organization) } = 1"},
		{"a connection's none of a null edge is no filter", "projects", "Project",
			apiObj("financiersConnection", apiObj("none", apiObj("edge", nil))), "true", none},
		{"a connection's none of an AND of empty wheres is no filter", "projects", "Project",
			apiObj("financiersConnection", apiObj("none", apiObj("AND", apiArr(apiObj())))), "true", none},
	})
}

// In a connection where, an OR's operand keeps its node and edge conditions together, as
// an object's keys do everywhere else: `OR: [{node: A, edge: B}]` is A and B. The library
// differs here (README, Querying): its OR takes the node and edge conditions of all its
// operands as alternatives (A or B) — the one case in this file where the expected answer
// is not the library's, and `earlier` is the library's.
func TestConnectionOrKeepsEachOperandWhole(t *testing.T) {
	either := apiObj("OR", apiArr(apiObj("node", apiObj("id", apiOp("eq", "balama")), "edge", apiObj("instrument", apiOp("eq", "LOAN")))))
	runLibrarySemantics(t, []librarySemanticsCase{
		{"a connection filter's OR", "organizations", "Organization",
			apiObj("financesProjectsConnection", apiObj("some", either)),
			"EXISTS { MATCH (n)-[r:FINANCES]->(p:Project) WHERE p.id = 'balama' AND r.instrument = 'LOAN' }",
			"EXISTS { MATCH (n)-[r:FINANCES]->(p:Project) WHERE p.id = 'balama' OR r.instrument = 'LOAN' }"},
	})
	e := testenv.Seeded(t)
	for _, tc := range []struct {
		name            string
		where           map[string]any
		cypher, earlier string
	}{
		{"a connection field's OR", either, "p.id = 'balama' AND r.instrument = 'LOAN'", "p.id = 'balama' OR r.instrument = 'LOAN'"},
		{"a connection field's NOT of an empty where", apiObj("NOT", apiObj()), "true", "false"},
		{"a connection field's OR with an empty node", apiObj("OR", apiArr(apiObj("node", apiObj()), apiObj("edge", apiObj("instrument", apiOp("eq", "LOAN"))))),
			"r.instrument = 'LOAN'", "true"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			counts := func(pred string) map[string]int64 {
				out := map[string]int64{}
				for _, row := range storetest.Query(t, e.Driver, "MATCH (n:Organization) WHERE n.id IN ['dfc', 'edc'] RETURN n.id AS id, COUNT { MATCH (n)-[r:FINANCES]->(p:Project) WHERE "+pred+" } AS c", nil) {
					out[row["id"].(string)] = row["c"].(int64)
				}
				return out
			}
			want := counts(tc.cypher)
			if reflect.DeepEqual(want, counts(tc.earlier)) {
				t.Fatalf("the seeded graph does not tell the two semantics apart: %v both ways", want)
			}
			var data struct {
				Organizations []struct {
					ID                         string
					FinancesProjectsConnection struct{ TotalCount int64 }
				}
			}
			e.Post(t, `query($w: OrganizationFinancesProjectsConnectionWhere) { organizations(where: {id: {in: ["dfc", "edc"]}}) { id financesProjectsConnection(where: $w) { totalCount } } }`,
				map[string]any{"w": tc.where}).Decode(t, &data)
			got := map[string]int64{}
			for _, o := range data.Organizations {
				got[o.ID] = o.FinancesProjectsConnection.TotalCount
			}
			if !reflect.DeepEqual(got, want) {
				t.Errorf("totalCount by organization: got %v, want %v", got, want)
			}
		})
	}
}

// A sort entry of several fields sorts by them in the order the sort input declares its
// fields (the schema's; GraphQL gives an input object's fields in that order, whatever
// order the document wrote them in), node before edge in a connection, as the library
// does; an empty entry sorts on nothing.
func TestSortEntryOfSeveralFieldsAsTheLibrary(t *testing.T) {
	e := testenv.Seeded(t)
	ids := func(cypher string) []string {
		var out []string
		for _, row := range storetest.Query(t, e.Driver, cypher, nil) {
			out = append(out, row["id"].(string))
		}
		return out
	}
	t.Run("list", func(t *testing.T) {
		var data struct{ Projects []struct{ ID string } }
		e.Post(t, `{ projects(sort: [{}, {stage: ASC, name: DESC}]) { id } }`, nil).Decode(t, &data)
		var got []string
		for _, p := range data.Projects {
			got = append(got, p.ID)
		}
		apiSameList(t, "projects by name DESC, then stage", got, ids("MATCH (n:Project) RETURN n.id AS id ORDER BY n.name DESC, n.stage ASC"))
	})
	t.Run("connection", func(t *testing.T) {
		var data struct {
			Organization struct {
				FinancesProjectsConnection struct {
					Edges []struct{ Node struct{ ID string } }
				}
			}
		}
		e.Post(t, `{ organization(id: "dfc") { financesProjectsConnection(first: 10, sort: [{edge: {amount: DESC}, node: {id: DESC}}]) { edges { node { id } } } } }`, nil).Decode(t, &data)
		var got []string
		for _, edge := range data.Organization.FinancesProjectsConnection.Edges {
			got = append(got, edge.Node.ID)
		}
		apiSameList(t, "dfc's projects by node id DESC, then amount", got,
			ids("MATCH (:Organization {id: 'dfc'})-[r:FINANCES]->(p:Project) RETURN p.id AS id ORDER BY p.id DESC, r.amount DESC"))
	})
}

// A page of zero is empty: `limit: 0` gives no node and `first: 0` no edge, the count
// still counting them all. The library takes a zero as no limit and answers every one
// (README, Querying: a difference kept, which the fuzzer does not generate).
func TestZeroPageIsEmpty(t *testing.T) {
	e := testenv.Seeded(t)
	projects := storetest.Query(t, e.Driver, "MATCH (p:Project) RETURN count(p) AS n", nil)[0]["n"].(int64)
	if projects == 0 {
		t.Fatal("the seeded graph has no project")
	}
	var data struct {
		Projects           []struct{ ID string }
		ProjectsConnection struct {
			TotalCount int64
			Edges      []struct{ Node struct{ ID string } }
		}
	}
	e.Post(t, `{ projects(limit: 0) { id } projectsConnection(first: 0) { totalCount edges { node { id } } } }`, nil).Decode(t, &data)
	if len(data.Projects) != 0 || len(data.ProjectsConnection.Edges) != 0 || data.ProjectsConnection.TotalCount != projects {
		t.Errorf("limit: 0 gave %d projects, first: 0 %d edges of %d (want 0, 0 of %d)",
			len(data.Projects), len(data.ProjectsConnection.Edges), data.ProjectsConnection.TotalCount, projects)
	}
}

// A connection's aggregate keeps the relationships its where keeps, as totalCount does,
// where the library's aggregate does not (README, Querying): an OR operand's empty node
// filter is no filter (the library fails), and an OR of an edge and a node condition is
// one or the other (the library's aggregate takes them apart, as A AND B; its totalCount
// and edges are A OR B). otherwise: a predicate that answers otherwise on this graph.
func TestAggregateKeepsWhatTotalCountKeeps(t *testing.T) {
	e := testenv.Seeded(t)
	count := func(pred string) int64 {
		return storetest.Query(t, e.Driver, "MATCH (:Organization {id: 'dfc'})-[r:FINANCES]->(p:Project) WHERE "+pred+" RETURN count(r) AS n", nil)[0]["n"].(int64)
	}
	for _, tc := range []struct{ name, where, want, otherwise string }{
		{"an OR with an empty node", `{OR: [{node: {}, edge: {instrument: {eq: LOAN}}}]}`, "r.instrument = 'LOAN'", "true"},
		{"an OR of an edge and a node condition", `{OR: [{edge: {instrument: {eq: LOAN}}}, {node: {id: {eq: "balama"}}}]}`,
			"r.instrument = 'LOAN' OR p.id = 'balama'", "r.instrument = 'LOAN' AND p.id = 'balama'"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			want := count(tc.want)
			if count(tc.otherwise) == want {
				t.Fatalf("the seeded graph does not tell %s from %s: %d both ways", tc.want, tc.otherwise, want)
			}
			var data struct {
				Organization struct {
					FinancesProjectsConnection struct {
						TotalCount int64
						Aggregate  struct{ Count struct{ Edges int64 } }
					}
				}
			}
			e.Post(t, `{ organization(id: "dfc") { financesProjectsConnection(where: `+tc.where+`) { totalCount aggregate { count { edges } } } } }`, nil).Decode(t, &data)
			c := data.Organization.FinancesProjectsConnection
			if c.TotalCount != want || c.Aggregate.Count.Edges != want {
				t.Errorf("totalCount %d, aggregate's count of edges %d; want %d", c.TotalCount, c.Aggregate.Count.Edges, want)
			}
		})
	}
}
