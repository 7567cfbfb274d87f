package store_test

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"math"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"github.com/mineralgraph/mineralgraph/graph/apperr"
	"github.com/mineralgraph/mineralgraph/graph/store"
	"github.com/mineralgraph/mineralgraph/graph/store/storetest"
)

// Integration tests of the query API against the real test Neo4j, on a small fixture
// written through Apply. The seeded data set has its own tests (query_seed_test.go).

type obj = map[string]any

// hostileName is stored as a name and searched for: quoting must not matter.
const hostileName = "Acme \"Quoted\" O'Brien `tick` }) DETACH DELETE n //"

func fixtureBatch() store.Batch {
	node := func(typ, id string, kv ...any) store.NodeInput {
		return store.NodeInput{Type: typ, ID: id, Props: with(prov(id), kv...)}
	}
	rel := func(typ, fromType, from, toType, to, key string, kv ...any) store.RelationInput {
		return store.RelationInput{Type: typ, FromType: fromType, From: from, ToType: toType, To: to, Key: key, Props: with(prov(from+" "+to), kv...)}
	}
	none := []string{}
	return store.Batch{
		Nodes: []store.NodeInput{
			{Type: "Source", ID: "src", Props: with(prov("Src"), "title", "Src", "evidence", "VERBATIM")},
			node("Country", "JP", "name", "Japan", "aliases", []string{"Nippon"}),
			node("Country", "US", "name", "United States", "aliases", []string{"USA", "America"}),
			node("Country", "GL", "name", "Greenland", "aliases", none, "territory", true),
			node("Country", "FR", "name", "France", "aliases", none, "territory", false),
			node("Mineral", "graphite", "name", "Graphite", "aliases", none, "kind", "GROUP"),
			node("Mineral", "natural-graphite", "name", "Natural graphite", "aliases", none, "kind", "FORM"),
			node("Mineral", "cobalt", "name", "Cobalt", "aliases", []string{"Co"}, "kind", "ELEMENT", "symbol", "Co"),
			node("Mineral", "lithium", "name", "Lithium", "aliases", []string{"Li", "white gold"}, "kind", "ELEMENT", "symbol", "Li"),
			node("Organization", "jogmec", "name", "JOGMEC", "aliases", []string{"JOGMEC"}, "kind", "FINANCIER"),
			node("Organization", "dfc", "name", "US International Development Finance Corporation", "aliases", []string{"DFC"}, "kind", "FINANCIER"),
			node("Organization", "acme", "name", hostileName, "aliases", none, "kind", "COMPANY"),
			node("Organization", "beta-corp", "name", "Beta Corp", "aliases", none, "kind", "COMPANY"),
			node("Partnership", "msp", "name", "Minerals Security Partnership", "aliases", []string{"MSP"}, "kind", "INITIATIVE", "validFrom", "2022-06"),
			node("Partnership", "forge", "name", "Forum on Resource Geostrategic Engagement", "aliases", []string{"FORGE"}, "kind", "INITIATIVE", "validFrom", "2026-02-04"),
			node("Partnership", "g7", "name", "Group of Seven", "aliases", []string{"G7"}, "kind", "GROUP"),
			node("Project", "p-refinery", "name", "Alpha Refinery", "aliases", none, "stage", "REFINING", "location", "Ontario"),
			node("Project", "p-mine", "name", "Beta Mine", "aliases", none, "stage", "MINING", "location", "Cabo Delgado"),
			node("Project", "p-recycler", "name", "Gamma Recycling", "aliases", none, "stage", "RECYCLING"),
			node("Project", "p-plant", "name", "Delta Plant", "aliases", none, "stage", "REFINING", "status", "OPERATING", "location", "Tokyo"),
			node("Project", "p-exp", "name", "Epsilon Exploration", "aliases", none, "stage", "EXPLORATION", "status", "EXPLORATION"),
			node("Measurement", "m1", "name", "Share A", "aliases", none, "metric", "PRODUCTION_SHARE", "value", 67.0, "unit", "%", "year", int64(2024)),
			node("Measurement", "m2", "name", "Share B", "aliases", none, "metric", "PRODUCTION_SHARE", "value", 75.5, "unit", "%", "year", int64(2023)),
			node("Measurement", "m3", "name", "Growth", "aliases", none, "metric", "DEMAND_GROWTH", "value", 10.0, "unit", "x"),
		},
		Relations: []store.RelationInput{
			rel("INVOLVES_MINERAL", "Project", "p-refinery", "Mineral", "natural-graphite", ""),
			rel("INVOLVES_MINERAL", "Project", "p-mine", "Mineral", "graphite", ""),
			rel("INVOLVES_MINERAL", "Project", "p-recycler", "Mineral", "cobalt", ""),
			rel("INVOLVES_MINERAL", "Project", "p-recycler", "Mineral", "lithium", ""),
			rel("INVOLVES_MINERAL", "Project", "p-plant", "Mineral", "cobalt", ""),
			rel("INVOLVES_MINERAL", "Project", "p-exp", "Mineral", "lithium", ""),
			rel("PART_OF", "Mineral", "natural-graphite", "Mineral", "graphite", ""),
			rel("SUPPORTS", "Partnership", "msp", "Project", "p-refinery", ""),
			rel("SUPPORTS", "Partnership", "msp", "Project", "p-mine", ""),
			rel("SUPPORTS", "Partnership", "forge", "Project", "p-recycler", ""),
			rel("SUPPORTS", "Partnership", "msp", "Project", "p-exp", ""),
			rel("SUPPORTS", "Partnership", "forge", "Project", "p-exp", ""),
			rel("FINANCES", "Organization", "jogmec", "Project", "p-refinery", "", "instrument", "LOAN", "amount", 100.0, "validFrom", "2023"),
			rel("FINANCES", "Organization", "dfc", "Project", "p-refinery", "", "instrument", "EQUITY"),
			rel("FINANCES", "Organization", "dfc", "Project", "p-mine", "", "instrument", "LOAN", "amount", 50.0, "validFrom", "2024-03"),
			rel("FINANCES", "Organization", "jogmec", "Project", "p-recycler", "a", "instrument", "GRANT", "amount", 10.0),
			rel("FINANCES", "Organization", "jogmec", "Project", "p-recycler", "b", "instrument", "LOAN", "amount", 20.0),
			rel("FINANCES", "Organization", "acme", "Project", "p-exp", "", "instrument", "EQUITY", "amount", 5.0),
			rel("MEMBER_OF", "Country", "JP", "Partnership", "msp", "", "role", "FOUNDING_PARTNER", "validFrom", "2022-06-14"),
			rel("MEMBER_OF", "Country", "JP", "Partnership", "msp", "chair", "role", "OBSERVER", "validFrom", "2024"),
			rel("MEMBER_OF", "Country", "US", "Partnership", "msp", "", "role", "FOUNDING_PARTNER"),
			rel("MEMBER_OF", "Country", "FR", "Partnership", "msp", "", "role", "PARTNER", "validFrom", "2023"),
			rel("MEMBER_OF", "Country", "US", "Partnership", "forge", "", "role", "FOUNDING_PARTNER", "validFrom", "2026-02-04"),
			rel("MEMBER_OF", "Country", "JP", "Partnership", "forge", "", "role", "MEMBER"),
		},
	}
}

// newFixture is the fixture in a database of the test's own, to write to.
func newFixture(t *testing.T) (*store.Store, neo4j.DriverWithContext) {
	t.Helper()
	s, driver := storetest.NewWithDriver(t)
	apply(t, s, fixtureBatch(), store.ApplyOptions{})
	return s, driver
}

// readFixture is the fixture for a test that only reads: tests that follow one another
// share one load of it (storetest.SeededSmall fails a test that wrote to it).
func readFixture(t *testing.T) (*store.Store, neo4j.DriverWithContext) {
	t.Helper()
	return storetest.SeededSmall(t, "graph/store fixtureBatch", func(ctx context.Context, s *store.Store) error {
		_, err := s.Apply(ctx, fixtureBatch(), store.ApplyOptions{})
		return err
	})
}

func intp(i int) *int { return &i }

func nodeIDs(nodes []store.Node) []string {
	out := make([]string, len(nodes))
	for i, n := range nodes {
		out[i], _ = n.Props["id"].(string)
	}
	return out
}

func edgeNodeIDs(p store.Page) []string {
	out := make([]string, len(p.Edges))
	for i, e := range p.Edges {
		out[i], _ = e.Node.Props["id"].(string)
	}
	return out
}

func edgeIDs(p store.Page) []string {
	out := make([]string, len(p.Edges))
	for i, e := range p.Edges {
		out[i], _ = e.Props["id"].(string)
	}
	return out
}

func list(t *testing.T, s *store.Store, typeName string, a store.ListArgs) []string {
	t.Helper()
	nodes, err := s.List(context.Background(), typeName, a)
	if err != nil {
		t.Fatalf("List(%s, %v): %v", typeName, a.Where, err)
	}
	for _, n := range nodes {
		if n.Type != typeName {
			t.Fatalf("node type %q, want %s", n.Type, typeName)
		}
	}
	return nodeIDs(nodes)
}

func wantIDs(t *testing.T, what string, got []string, want ...string) {
	t.Helper()
	if len(got) == 0 && len(want) == 0 {
		return
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("%s = %v, want %v", what, got, want)
	}
}

func TestFilterOperators(t *testing.T) {
	s, _ := readFixture(t)
	tests := []struct {
		typ   string
		where obj
		want  []string // in id order, the default sort
	}{
		// eq, in on enums and IDs; eq on Booleans
		{"Project", obj{"stage": obj{"eq": "REFINING"}}, []string{"p-plant", "p-refinery"}},
		{"Project", obj{"stage": obj{"in": []any{"MINING", "RECYCLING"}}}, []string{"p-mine", "p-recycler"}},
		{"Project", obj{"id": obj{"eq": "p-mine"}}, []string{"p-mine"}},
		{"Project", obj{"id": obj{"in": []string{"p-mine", "p-exp", "nope"}}}, []string{"p-exp", "p-mine"}},
		{"Project", obj{"status": obj{"eq": nil}}, []string{"p-mine", "p-recycler", "p-refinery"}},
		{"Country", obj{"territory": obj{"eq": true}}, []string{"GL"}},
		{"Country", obj{"territory": obj{"eq": false}}, []string{"FR"}},
		// string operators (case-sensitive, like Cypher)
		{"Project", obj{"name": obj{"eq": "Beta Mine"}}, []string{"p-mine"}},
		{"Project", obj{"name": obj{"contains": "Re"}}, []string{"p-recycler", "p-refinery"}},
		{"Project", obj{"name": obj{"contains": "re"}}, []string{}},
		{"Project", obj{"name": obj{"startsWith": "Beta"}}, []string{"p-mine"}},
		{"Project", obj{"name": obj{"endsWith": "Plant"}}, []string{"p-plant"}},
		{"Project", obj{"id": obj{"contains": "re"}}, []string{"p-recycler", "p-refinery"}},
		{"Project", obj{"location": obj{"in": []any{"Tokyo", "Ontario"}}}, []string{"p-plant", "p-refinery"}},
		{"Organization", obj{"name": obj{"eq": hostileName}}, []string{"acme"}},
		{"Organization", obj{"name": obj{"contains": "`tick` })"}}, []string{"acme"}},
		// numbers: Float with ints, floats and json.Number; Int; nulls never compare
		{"Measurement", obj{"value": obj{"gt": 67}}, []string{"m2"}},
		{"Measurement", obj{"value": obj{"gte": 67.0}}, []string{"m1", "m2"}},
		{"Measurement", obj{"value": obj{"lt": json.Number("67")}}, []string{"m3"}},
		{"Measurement", obj{"value": obj{"lte": int64(67)}}, []string{"m1", "m3"}},
		{"Measurement", obj{"value": obj{"eq": 75.5}}, []string{"m2"}},
		{"Measurement", obj{"value": obj{"in": []any{10, 75.5}}}, []string{"m2", "m3"}},
		{"Measurement", obj{"year": obj{"gt": 2023}}, []string{"m1"}},
		{"Measurement", obj{"year": obj{"lte": json.Number("2023")}}, []string{"m2"}},
		{"Measurement", obj{"year": obj{"gte": 2023, "lt": 2024}}, []string{"m2"}},
		// PartialDate compares as a string: 2022-06 < 2023 < 2026-02-04
		{"Partnership", obj{"validFrom": obj{"lt": "2023"}}, []string{"msp"}},
		{"Partnership", obj{"validFrom": obj{"gte": "2026"}}, []string{"forge"}},
		{"Partnership", obj{"validFrom": obj{"lte": "2022-06"}}, []string{"msp"}},
		{"Partnership", obj{"validFrom": obj{"gt": "2022-05-31"}}, []string{"forge", "msp"}},
		{"Partnership", obj{"validFrom": obj{"gt": "2022-06-01"}}, []string{"forge"}}, // 2022-06 < 2022-06-01
		// list properties
		{"Mineral", obj{"aliases": obj{"includes": "Li"}}, []string{"lithium"}},
		{"Mineral", obj{"aliases": obj{"includes": "white gold"}}, []string{"lithium"}},
		{"Mineral", obj{"sources": obj{"includes": "src"}}, []string{"cobalt", "graphite", "lithium", "natural-graphite"}},
		// logic
		{"Project", obj{"OR": []any{obj{"stage": obj{"eq": "MINING"}}, obj{"name": obj{"startsWith": "Delta"}}}}, []string{"p-mine", "p-plant"}},
		{"Project", obj{"AND": []any{obj{"stage": obj{"eq": "REFINING"}}, obj{"location": obj{"eq": "Tokyo"}}}}, []string{"p-plant"}},
		{"Project", obj{"stage": obj{"eq": "REFINING"}, "location": obj{"eq": "Tokyo"}}, []string{"p-plant"}},
		{"Project", obj{"NOT": obj{"stage": obj{"eq": "REFINING"}}}, []string{"p-exp", "p-mine", "p-recycler"}},
		// a missing location neither contains "o" nor does not (Cypher's NOT, as the
		// library's): every project with a location contains "o"
		{"Project", obj{"NOT": obj{"location": obj{"contains": "o"}}}, []string{}},
		{"Project", obj{"NOT": obj{"NOT": obj{"location": obj{"contains": "o"}}}}, []string{"p-mine", "p-plant", "p-refinery"}},
		{"Project", obj{"AND": []any{}}, []string{"p-exp", "p-mine", "p-plant", "p-recycler", "p-refinery"}},
		{"Project", obj{"OR": []any{}}, []string{"p-exp", "p-mine", "p-plant", "p-recycler", "p-refinery"}}, // no filter, as in the library
		{"Project", obj{}, []string{"p-exp", "p-mine", "p-plant", "p-recycler", "p-refinery"}},
		// quantifiers on a relationship (nodes)
		{"Project", obj{"financiers": obj{"some": obj{"id": obj{"eq": "jogmec"}}}}, []string{"p-recycler", "p-refinery"}},
		{"Project", obj{"financiers": obj{"none": obj{"kind": obj{"eq": "FINANCIER"}}}}, []string{"p-exp", "p-plant"}},
		// as in the library, all needs a related node: p-plant has no financier
		{"Project", obj{"financiers": obj{"all": obj{"kind": obj{"eq": "FINANCIER"}}}}, []string{"p-mine", "p-recycler", "p-refinery"}},
		// as in the library, a quantifier of {} is no filter; some and none of null ask for
		// a related node (or none)
		{"Project", obj{"financiers": obj{"some": obj{}}}, []string{"p-exp", "p-mine", "p-plant", "p-recycler", "p-refinery"}},
		{"Project", obj{"financiers": obj{"none": obj{}}}, []string{"p-exp", "p-mine", "p-plant", "p-recycler", "p-refinery"}},
		{"Project", obj{"financiers": obj{"some": nil}}, []string{"p-exp", "p-mine", "p-recycler", "p-refinery"}},
		{"Project", obj{"financiers": obj{"none": nil}}, []string{"p-plant"}},
		// two relationships to jogmec are not a single financier (as the library counts)
		{"Project", obj{"financiers": obj{"single": obj{"id": obj{"eq": "jogmec"}}}}, []string{"p-refinery"}},
		{"Project", obj{"financiers": obj{"single": obj{"NOT": obj{"id": obj{"eq": "zz"}}}}}, []string{"p-exp", "p-mine"}},
		{"Project", obj{"financiers": obj{"single": obj{}}}, []string{"p-exp", "p-mine", "p-plant", "p-recycler", "p-refinery"}},
		{"Project", obj{"financiers": obj{"some": obj{"id": obj{"eq": "dfc"}}, "none": obj{"id": obj{"eq": "jogmec"}}}}, []string{"p-mine"}},
		// JP's two memberships of the msp are two relationships: not single there
		{"Partnership", obj{"memberCountries": obj{"single": obj{"name": obj{"startsWith": "J"}}}}, []string{"forge"}},
		// nested: a mineral that is graphite or part of graphite
		{"Project", obj{"minerals": obj{"some": obj{"OR": []any{obj{"id": obj{"eq": "graphite"}}, obj{"partOf": obj{"some": obj{"id": obj{"eq": "graphite"}}}}}}}}, []string{"p-mine", "p-refinery"}},
		// quantifiers on a connection, with edge filters
		{"Project", obj{"financiersConnection": obj{"some": obj{"edge": obj{"instrument": obj{"eq": "LOAN"}}}}}, []string{"p-mine", "p-recycler", "p-refinery"}},
		{"Project", obj{"financiersConnection": obj{"all": obj{"edge": obj{"instrument": obj{"eq": "LOAN"}}}}}, []string{"p-mine"}},
		{"Project", obj{"financiersConnection": obj{"none": obj{"edge": obj{"amount": obj{"gte": 50}}}}}, []string{"p-exp", "p-plant", "p-recycler"}},
		// jogmec finances p-recycler twice: as edges, that is not single
		{"Project", obj{"financiersConnection": obj{"single": obj{"node": obj{"id": obj{"eq": "jogmec"}}}}}, []string{"p-refinery"}},
		{"Project", obj{"financiersConnection": obj{"single": obj{"edge": obj{"instrument": obj{"eq": "LOAN"}}}}}, []string{"p-mine", "p-recycler", "p-refinery"}},
		{"Project", obj{"financiersConnection": obj{"some": obj{"node": obj{"id": obj{"eq": "jogmec"}}, "edge": obj{"amount": obj{"gt": 50}}}}}, []string{"p-refinery"}},
		{"Project", obj{"financiersConnection": obj{"some": obj{"OR": []any{obj{"edge": obj{"instrument": obj{"eq": "GRANT"}}}, obj{"node": obj{"kind": obj{"eq": "COMPANY"}}}}}}}, []string{"p-exp", "p-recycler"}},
		{"Project", obj{"financiersConnection": obj{"some": obj{"AND": []any{obj{"edge": obj{"instrument": obj{"eq": "LOAN"}}}, obj{"NOT": obj{"edge": obj{"amount": obj{"gte": 50}}}}}}}}, []string{"p-recycler"}},
		// the edge of dfc's equity in p-refinery has no amount: it neither matches nor
		// fails "amount < 1000" (nulls never compare, as in the library's translation)
		{"Project", obj{"financiersConnection": obj{"all": obj{"edge": obj{"amount": obj{"lt": 1000}}}}}, []string{"p-exp", "p-mine", "p-recycler", "p-refinery"}},
		{"Project", obj{"financiersConnection": obj{"some": obj{"edge": obj{"validFrom": obj{"gte": "2024"}}}}}, []string{"p-mine"}},
		{"Partnership", obj{"memberCountriesConnection": obj{"some": obj{"edge": obj{"role": obj{"eq": "OBSERVER"}}, "node": obj{"id": obj{"eq": "JP"}}}}}, []string{"msp"}},
		{"Country", obj{"memberOfConnection": obj{"some": obj{"edge": obj{"role": obj{"in": []any{"MEMBER", "PARTNER"}}}}}}, []string{"FR", "JP"}},
	}
	for i, tt := range tests {
		t.Run(fmt.Sprintf("%d %s %v", i, tt.typ, tt.where), func(t *testing.T) {
			wantIDs(t, "ids", list(t, s, tt.typ, store.ListArgs{Where: tt.where}), tt.want...)
		})
	}
}

func TestSortWithTies(t *testing.T) {
	s, driver := readFixture(t)
	sorted := func(typ string, sort ...map[string]any) []string {
		return list(t, s, typ, store.ListArgs{Sort: sort})
	}
	// Ties the sort leaves come in the order of the nodes' element ids (order.go): read
	// here, and ordered in Go.
	byElementID := func(ids ...string) []string {
		rows := storetest.Query(t, driver, "MATCH (n:Entity) WHERE n.id IN $ids RETURN n.id AS id, elementId(n) AS e", obj{"ids": ids})
		if len(rows) != len(ids) {
			t.Fatalf("%d nodes of %v", len(rows), ids)
		}
		slices.SortFunc(rows, func(a, b map[string]any) int { return strings.Compare(a["e"].(string), b["e"].(string)) })
		out := make([]string, len(rows))
		for i, r := range rows {
			out[i] = r["id"].(string)
		}
		return out
	}
	then := func(a []string, b ...string) []string { return append(slices.Clone(a), b...) }
	// Enums sort as their stored strings; ties (the two REFINING projects) by element id.
	refining := byElementID("p-plant", "p-refinery")
	wantIDs(t, "stage ASC", sorted("Project", obj{"stage": "ASC"}), then([]string{"p-exp", "p-mine", "p-recycler"}, refining...)...)
	wantIDs(t, "stage DESC", sorted("Project", obj{"stage": "DESC"}), then(refining, "p-recycler", "p-mine", "p-exp")...)
	// A sort that ends with the id orders ties by id.
	wantIDs(t, "stage ASC, id ASC", sorted("Project", obj{"stage": "ASC"}, obj{"id": "ASC"}), "p-exp", "p-mine", "p-recycler", "p-plant", "p-refinery")
	wantIDs(t, "stage DESC, id DESC", sorted("Project", obj{"stage": "DESC"}, obj{"id": "DESC"}), "p-refinery", "p-plant", "p-recycler", "p-mine", "p-exp")
	wantIDs(t, "stage DESC, name ASC", sorted("Project", obj{"stage": "DESC"}, obj{"name": "ASC"}), "p-refinery", "p-plant", "p-recycler", "p-mine", "p-exp")
	wantIDs(t, "name ASC", sorted("Project", obj{"name": "ASC"}), "p-refinery", "p-mine", "p-plant", "p-exp", "p-recycler")
	wantIDs(t, "id DESC", sorted("Project", obj{"id": "DESC"}), "p-refinery", "p-recycler", "p-plant", "p-mine", "p-exp")
	// Nulls: last in ASC, first in DESC.
	noStatus := byElementID("p-mine", "p-recycler", "p-refinery")
	wantIDs(t, "status ASC", sorted("Project", obj{"status": "ASC"}), then([]string{"p-exp", "p-plant"}, noStatus...)...)
	wantIDs(t, "status DESC", sorted("Project", obj{"status": "DESC"}), then(noStatus, "p-plant", "p-exp")...)
	wantIDs(t, "status DESC, id ASC", sorted("Project", obj{"status": "DESC"}, obj{"id": "ASC"}), "p-mine", "p-recycler", "p-refinery", "p-plant", "p-exp")
	wantIDs(t, "value DESC", sorted("Measurement", obj{"value": "DESC"}), "m2", "m1", "m3")
	wantIDs(t, "year ASC", sorted("Measurement", obj{"year": "ASC"}), "m2", "m1", "m3")
	wantIDs(t, "territory DESC", sorted("Country", obj{"territory": "DESC"}), then(byElementID("JP", "US"), "GL", "FR")...)
	wantIDs(t, "validFrom ASC", sorted("Partnership", obj{"validFrom": "ASC"}), "msp", "forge", "g7")
}

func TestListWindow(t *testing.T) {
	s, _ := readFixture(t)
	byName := []map[string]any{{"name": "ASC"}}
	wantIDs(t, "limit 2", list(t, s, "Project", store.ListArgs{Sort: byName, Limit: intp(2)}), "p-refinery", "p-mine")
	wantIDs(t, "limit 2 offset 2", list(t, s, "Project", store.ListArgs{Sort: byName, Limit: intp(2), Offset: intp(2)}), "p-plant", "p-exp")
	wantIDs(t, "offset 4", list(t, s, "Project", store.ListArgs{Sort: byName, Offset: intp(4)}), "p-recycler")
	wantIDs(t, "offset past the end", list(t, s, "Project", store.ListArgs{Offset: intp(99)}))
	wantIDs(t, "limit 0", list(t, s, "Project", store.ListArgs{Limit: intp(0)}))
	wantIDs(t, "where then window", list(t, s, "Project", store.ListArgs{Where: obj{"stage": obj{"eq": "REFINING"}}, Sort: byName, Limit: intp(1), Offset: intp(1)}), "p-plant")
}

func page(t *testing.T, s *store.Store, typ string, a store.PageArgs, withTotal bool) store.Page {
	t.Helper()
	p, err := s.Page(context.Background(), typ, a, withTotal)
	if err != nil {
		t.Fatalf("Page(%s): %v", typ, err)
	}
	return p
}

func TestPageInfo(t *testing.T) {
	s, _ := readFixture(t)
	byName := []map[string]any{{"name": "ASC"}}
	p1 := page(t, s, "Project", store.PageArgs{Sort: byName, First: intp(2)}, true)
	wantIDs(t, "page 1", edgeNodeIDs(p1), "p-refinery", "p-mine")
	if !p1.HasNextPage || p1.HasPreviousPage || p1.TotalCount != 5 {
		t.Errorf("page 1: next %v prev %v total %d", p1.HasNextPage, p1.HasPreviousPage, p1.TotalCount)
	}
	if p1.StartCursor == nil || *p1.StartCursor != p1.Edges[0].Cursor || p1.EndCursor == nil || *p1.EndCursor != p1.Edges[1].Cursor {
		t.Errorf("page 1 cursors: start %v end %v", p1.StartCursor, p1.EndCursor)
	}
	if p1.Edges[0].Props != nil || p1.Edges[0].Node.Type != "Project" {
		t.Errorf("root edge: props %v type %s", p1.Edges[0].Props, p1.Edges[0].Node.Type)
	}
	p2 := page(t, s, "Project", store.PageArgs{Sort: byName, First: intp(2), After: p1.EndCursor}, true)
	wantIDs(t, "page 2", edgeNodeIDs(p2), "p-plant", "p-exp")
	if !p2.HasNextPage || !p2.HasPreviousPage || p2.TotalCount != 5 {
		t.Errorf("page 2: next %v prev %v total %d (the total ignores after)", p2.HasNextPage, p2.HasPreviousPage, p2.TotalCount)
	}
	p3 := page(t, s, "Project", store.PageArgs{Sort: byName, First: intp(2), After: p2.EndCursor}, false)
	wantIDs(t, "page 3", edgeNodeIDs(p3), "p-recycler")
	if p3.HasNextPage || p3.TotalCount != 0 {
		t.Errorf("page 3: next %v total %d (not asked for)", p3.HasNextPage, p3.TotalCount)
	}
	p4 := page(t, s, "Project", store.PageArgs{Sort: byName, First: intp(2), After: p3.EndCursor}, true)
	if len(p4.Edges) != 0 || p4.HasNextPage || p4.StartCursor != nil || p4.EndCursor != nil || p4.TotalCount != 5 {
		t.Errorf("past the end: %+v", p4)
	}
	// A page of exactly the remaining rows has no next page.
	exact := page(t, s, "Project", store.PageArgs{Sort: byName, First: intp(3), After: p1.EndCursor}, false)
	if len(exact.Edges) != 3 || exact.HasNextPage {
		t.Errorf("exact page: %d edges, next %v", len(exact.Edges), exact.HasNextPage)
	}
	// first: 0 still says whether there is anything.
	zero := page(t, s, "Project", store.PageArgs{First: intp(0)}, true)
	if len(zero.Edges) != 0 || !zero.HasNextPage || zero.TotalCount != 5 {
		t.Errorf("first 0: %+v", zero)
	}
	// Default page size; a where that matches nothing.
	if p := page(t, s, "Project", store.PageArgs{}, false); len(p.Edges) != 5 || p.HasNextPage {
		t.Errorf("default first: %d edges, next %v", len(p.Edges), p.HasNextPage)
	}
	if p := page(t, s, "Project", store.PageArgs{Where: obj{"id": obj{"in": []any{}}}}, true); len(p.Edges) != 0 || p.TotalCount != 0 || p.HasNextPage {
		t.Errorf("empty: %+v", p)
	}
	// Filtered connection: total counts the filter.
	if p := page(t, s, "Project", store.PageArgs{Where: obj{"stage": obj{"eq": "REFINING"}}, First: intp(1)}, true); p.TotalCount != 2 || !p.HasNextPage {
		t.Errorf("filtered: total %d next %v", p.TotalCount, p.HasNextPage)
	}
}

// walkPage pages through a connection with after cursors and returns every node id.
func walkPage(t *testing.T, s *store.Store, typ string, where obj, sort []map[string]any, first int) []string {
	t.Helper()
	var ids []string
	var after *string
	for i := 0; ; i++ {
		if i > 1000 {
			t.Fatal("the walk does not end")
		}
		p := page(t, s, typ, store.PageArgs{Where: where, Sort: sort, First: &first, After: after}, false)
		if len(p.Edges) > first {
			t.Fatalf("page of %d edges, first %d", len(p.Edges), first)
		}
		ids = append(ids, edgeNodeIDs(p)...)
		if !p.HasNextPage {
			return ids
		}
		if len(p.Edges) == 0 || p.EndCursor == nil {
			t.Fatal("a next page but no end cursor")
		}
		after = p.EndCursor
	}
}

// walkList pages through a list with offsets.
func walkList(t *testing.T, s *store.Store, typ string, where obj, sort []map[string]any, limit int) []string {
	t.Helper()
	var ids []string
	for offset := 0; ; offset += limit {
		got := list(t, s, typ, store.ListArgs{Where: where, Sort: sort, Limit: &limit, Offset: &offset})
		ids = append(ids, got...)
		if len(got) < limit {
			return ids
		}
	}
}

func TestWalkFixture(t *testing.T) {
	s, _ := readFixture(t)
	sorts := [][]map[string]any{
		nil,
		{{"status": "ASC"}},
		{{"status": "DESC"}},
		{{"location": "DESC"}, {"stage": "ASC"}},
		{{"stage": "DESC"}, {"status": "ASC"}, {"name": "DESC"}},
	}
	for _, sort := range sorts {
		all := list(t, s, "Project", store.ListArgs{Sort: sort})
		for _, n := range []int{1, 2, 3, 5} {
			wantIDs(t, fmt.Sprintf("walk %v by %d", sort, n), walkPage(t, s, "Project", nil, sort, n), all...)
			wantIDs(t, fmt.Sprintf("offsets %v by %d", sort, n), walkList(t, s, "Project", nil, sort, n), all...)
		}
	}
}

func TestRelatedListFixture(t *testing.T) {
	s, _ := readFixture(t)
	ctx := context.Background()
	got, err := s.RelatedList(ctx, "Partnership", "memberCountries", []string{"msp", "forge", "g7", "nope", "msp"},
		store.ListArgs{Sort: []map[string]any{{"name": "ASC"}}})
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 4 {
		t.Errorf("%d parents, want 4 (duplicates merged, unknown and empty ones present)", len(got))
	}
	// JP is a member of msp twice (founding partner, chair): listed once.
	wantIDs(t, "msp members", nodeIDs(got["msp"]), "FR", "JP", "US")
	wantIDs(t, "forge members", nodeIDs(got["forge"]), "JP", "US")
	wantIDs(t, "g7 members", nodeIDs(got["g7"]))
	wantIDs(t, "unknown parent", nodeIDs(got["nope"]))
	if got["msp"][0].Type != "Country" {
		t.Errorf("type %s", got["msp"][0].Type)
	}

	// Per-parent window and filter.
	got, err = s.RelatedList(ctx, "Partnership", "memberCountries", []string{"msp", "forge"},
		store.ListArgs{Sort: []map[string]any{{"name": "DESC"}}, Limit: intp(1), Offset: intp(1)})
	if err != nil {
		t.Fatal(err)
	}
	wantIDs(t, "msp second by name desc", nodeIDs(got["msp"]), "JP")
	wantIDs(t, "forge second by name desc", nodeIDs(got["forge"]), "JP")
	got, err = s.RelatedList(ctx, "Project", "financiers", []string{"p-refinery", "p-recycler", "p-mine"},
		store.ListArgs{Where: obj{"aliases": obj{"includes": "JOGMEC"}}})
	if err != nil {
		t.Fatal(err)
	}
	wantIDs(t, "refinery jogmec", nodeIDs(got["p-refinery"]), "jogmec")
	wantIDs(t, "recycler jogmec (two relationships, one node)", nodeIDs(got["p-recycler"]), "jogmec")
	wantIDs(t, "mine jogmec", nodeIDs(got["p-mine"]))
	// Direction OUT, self-relationship.
	got, err = s.RelatedList(ctx, "Mineral", "partOf", []string{"natural-graphite", "graphite"}, store.ListArgs{})
	if err != nil {
		t.Fatal(err)
	}
	wantIDs(t, "natural graphite part of", nodeIDs(got["natural-graphite"]), "graphite")
	wantIDs(t, "graphite part of", nodeIDs(got["graphite"]))
	if got, err := s.RelatedList(ctx, "Project", "financiers", nil, store.ListArgs{}); err != nil || len(got) != 0 {
		t.Errorf("no parents: %v, %v", got, err)
	}
}

func TestRelatedPageFixture(t *testing.T) {
	s, _ := readFixture(t)
	ctx := context.Background()
	byRole := []map[string]any{{"edge": obj{"role": "ASC"}}, {"node": obj{"name": "DESC"}}}
	got, err := s.RelatedPage(ctx, "Partnership", "memberCountries", []string{"msp", "forge", "g7"}, store.PageArgs{Sort: byRole, First: intp(2)}, true)
	if err != nil {
		t.Fatal(err)
	}
	msp := got["msp"]
	// Edges, not nodes: JP appears once per membership.
	wantIDs(t, "msp page 1 nodes", edgeNodeIDs(msp), "US", "JP")
	if msp.Edges[0].Props["role"] != "FOUNDING_PARTNER" || msp.Edges[1].Props["role"] != "FOUNDING_PARTNER" {
		t.Errorf("msp page 1 edges: %v", msp.Edges)
	}
	if !msp.HasNextPage || msp.TotalCount != 4 {
		t.Errorf("msp: next %v total %d", msp.HasNextPage, msp.TotalCount)
	}
	wantIDs(t, "forge page 1", edgeNodeIDs(got["forge"]), "US", "JP")
	if got["forge"].HasNextPage || got["forge"].TotalCount != 2 {
		t.Errorf("forge: next %v total %d", got["forge"].HasNextPage, got["forge"].TotalCount)
	}
	if g7 := got["g7"]; len(g7.Edges) != 0 || g7.TotalCount != 0 || g7.HasNextPage || g7.EndCursor != nil {
		t.Errorf("g7: %+v", g7)
	}
	got, err = s.RelatedPage(ctx, "Partnership", "memberCountries", []string{"msp"}, store.PageArgs{Sort: byRole, First: intp(2), After: msp.EndCursor}, false)
	if err != nil {
		t.Fatal(err)
	}
	wantIDs(t, "msp page 2", edgeNodeIDs(got["msp"]), "JP", "FR")
	if got["msp"].Edges[0].Props["role"] != "OBSERVER" || got["msp"].HasNextPage || !got["msp"].HasPreviousPage {
		t.Errorf("msp page 2: %+v", got["msp"])
	}

	// Connection where on node and edge, sorted on a nullable edge property.
	got, err = s.RelatedPage(ctx, "Project", "financiersConnection", []string{"p-refinery", "p-recycler", "p-mine", "p-plant"},
		store.PageArgs{Where: obj{"OR": []any{obj{"edge": obj{"instrument": obj{"eq": "LOAN"}}}, obj{"node": obj{"id": obj{"eq": "dfc"}}}}},
			Sort: []map[string]any{{"edge": obj{"amount": "DESC"}}}}, true)
	if err != nil {
		t.Fatal(err)
	}
	// DESC puts the null amount (dfc's equity) first.
	wantIDs(t, "refinery financiers", edgeNodeIDs(got["p-refinery"]), "dfc", "jogmec")
	wantIDs(t, "recycler loans", edgeNodeIDs(got["p-recycler"]), "jogmec")
	if got["p-recycler"].Edges[0].Props["amount"] != 20.0 || got["p-recycler"].TotalCount != 1 {
		t.Errorf("recycler: %+v", got["p-recycler"])
	}
	wantIDs(t, "mine financiers", edgeNodeIDs(got["p-mine"]), "dfc")
	if p := got["p-plant"]; len(p.Edges) != 0 || p.TotalCount != 0 {
		t.Errorf("plant: %+v", p)
	}
	if e := got["p-refinery"].Edges[1]; e.Node.Type != "Organization" || e.Props["instrument"] != "LOAN" || e.Props["validFrom"] != "2023" {
		t.Errorf("edge %+v", e)
	}
}

func TestBadInputs(t *testing.T) {
	s, _ := readFixture(t)
	ctx := context.Background()
	firstPage := page(t, s, "Project", store.PageArgs{Sort: []map[string]any{{"name": "ASC"}}, First: intp(1)}, false)
	garbage := "!!!"
	foreign := *page(t, s, "Organization", store.PageArgs{First: intp(1)}, false).EndCursor // issued, for another list
	tests := []struct {
		name string
		call func() error
		want string
	}{
		{"deep wrong type", func() error {
			_, err := s.List(ctx, "Project", store.ListArgs{Where: obj{"financiers": obj{"some": obj{"name": obj{"contains": 1}}}}})
			return err
		}, "where.financiers.some.name.contains: expected a string"},
		{"connection edge enum", func() error {
			_, err := s.Page(ctx, "Project", store.PageArgs{Where: obj{"financiersConnection": obj{"some": obj{"edge": obj{"instrument": obj{"eq": "BOND"}}}}}}, true)
			return err
		}, `where.financiersConnection.some.edge.instrument.eq: "BOND" is not a FinancingInstrument value`},
		{"unknown field", func() error {
			_, err := s.List(ctx, "Project", store.ListArgs{Where: obj{"AND": []any{obj{"colour": obj{"eq": "red"}}}}})
			return err
		}, `where.AND[0].colour: ProjectWhere has no field "colour"`},
		{"related where", func() error {
			_, err := s.RelatedList(ctx, "Project", "financiers", []string{"p-mine"}, store.ListArgs{Where: obj{"kind": obj{"eq": "BANK"}}})
			return err
		}, `where.kind.eq: "BANK" is not a OrganizationKind value`},
		{"related page where is a connection where", func() error {
			_, err := s.RelatedPage(ctx, "Project", "financiers", []string{"p-mine"}, store.PageArgs{Where: obj{"kind": obj{"eq": "FINANCIER"}}}, false)
			return err
		}, `where.kind: a connection where has no field "kind"`},
		{"sort list property", func() error {
			_, err := s.List(ctx, "Mineral", store.ListArgs{Sort: []map[string]any{{"aliases": "ASC"}}})
			return err
		}, "sort[0].aliases: cannot sort on the list property aliases"},
		{"sort entry of two keys, one unknown", func() error {
			_, err := s.Page(ctx, "Project", store.PageArgs{Sort: []map[string]any{{"name": "ASC", "colour": "ASC"}}}, false)
			return err
		}, `sort[0].colour: ProjectSort has no field "colour"`},
		{"connection sort", func() error {
			_, err := s.RelatedPage(ctx, "Project", "financiers", []string{"p-mine"}, store.PageArgs{Sort: []map[string]any{{"edge": obj{"amount": "down"}}}}, false)
			return err
		}, `sort[0].edge.amount: expected ASC or DESC, got "down"`},
		{"limit too big", func() error {
			_, err := s.List(ctx, "Project", store.ListArgs{Limit: intp(store.MaxPageSize + 1)})
			return err
		}, "limit: must be between 0 and 1000, got 1001"},
		{"negative limit", func() error {
			_, err := s.RelatedList(ctx, "Project", "financiers", []string{"p-mine"}, store.ListArgs{Limit: intp(-1)})
			return err
		}, "limit: must be between 0 and 1000, got -1"},
		{"negative offset", func() error {
			_, err := s.List(ctx, "Project", store.ListArgs{Offset: intp(-5)})
			return err
		}, "offset: must be between 0 and 2147483647, got -5"},
		{"huge offset", func() error {
			_, err := s.List(ctx, "Project", store.ListArgs{Offset: intp(math.MaxInt64)})
			return err
		}, "offset: must be between 0 and 2147483647, got 9223372036854775807"},
		{"first too big", func() error {
			_, err := s.Page(ctx, "Project", store.PageArgs{First: intp(5000)}, false)
			return err
		}, "first: must be between 0 and 1000, got 5000"},
		{"negative first", func() error {
			_, err := s.RelatedPage(ctx, "Project", "financiers", []string{"p-mine"}, store.PageArgs{First: intp(-1)}, false)
			return err
		}, "first: must be between 0 and 1000, got -1"},
		{"malformed cursor", func() error {
			_, err := s.Page(ctx, "Project", store.PageArgs{After: &garbage}, false)
			return err
		}, "after: malformed cursor"},
		{"cursor of another sort", func() error {
			_, err := s.Page(ctx, "Project", store.PageArgs{Sort: []map[string]any{{"name": "DESC"}}, After: firstPage.EndCursor}, false)
			return err
		}, "after: the cursor belongs to a different list or sort order"},
		{"cursor of another type", func() error {
			_, err := s.Page(ctx, "Project", store.PageArgs{After: &foreign}, false)
			return err
		}, "after: the cursor belongs to a different list or sort order"},
		{"root cursor on a relationship", func() error {
			_, err := s.RelatedPage(ctx, "Partnership", "supports", []string{"msp"}, store.PageArgs{Sort: []map[string]any{{"node": obj{"name": "ASC"}}}, After: firstPage.EndCursor}, false)
			return err
		}, "after: the cursor belongs to a different list or sort order"},
		{"unknown type", func() error {
			_, err := s.List(ctx, "Dragon", store.ListArgs{})
			return err
		}, `unknown type "Dragon"`},
		{"unknown relationship", func() error {
			_, err := s.RelatedPage(ctx, "Project", "name", []string{"p-mine"}, store.PageArgs{}, false)
			return err
		}, `type Project has no relationship field "name"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := tt.call()
			if apperr.CodeOf(err) != apperr.BadUserInput {
				t.Fatalf("err = %v, want BAD_USER_INPUT", err)
			}
			if !strings.HasPrefix(err.(*apperr.Error).Message, tt.want) {
				t.Errorf("message %q, want prefix %q", err.(*apperr.Error).Message, tt.want)
			}
		})
	}
}

func TestHostileValues(t *testing.T) {
	s, driver := readFixture(t)
	ctx := context.Background()
	nodes, rels := storetest.Totals(t, driver)
	hostile := []string{
		`'`, `"`, "`", `\`, `\'`, "x' OR 1=1 //",
		"}) DETACH DELETE n //",
		"`}) DETACH DELETE n //",
		"'}) MATCH (m) DETACH DELETE m RETURN 1 //",
		"$p0", "{p0}", "\x00", "\n; MATCH (n) DETACH DELETE n",
		strings.Repeat("A", 100<<10),
		strings.Repeat("'`\"", 30<<10),
		hostileName,
	}
	for i, h := range hostile {
		wheres := []obj{
			{"name": obj{"eq": h}},
			{"name": obj{"contains": h, "startsWith": h, "endsWith": h}},
			{"id": obj{"in": []any{h, "p-mine"}}},
			{"aliases": obj{"includes": h}},
			{"financiers": obj{"some": obj{"name": obj{"eq": h}}}},
			{"financiersConnection": obj{"some": obj{"edge": obj{"currency": obj{"eq": h}}}}},
		}
		for _, w := range wheres {
			got, err := s.List(ctx, "Project", store.ListArgs{Where: w})
			if err != nil {
				t.Errorf("hostile %d (%.20q): %v", i, h, err)
				continue
			}
			for _, n := range got {
				if id := n.Props["id"]; id != "p-mine" && !strings.Contains(h, "DETACH") {
					t.Errorf("hostile %d: unexpected match %v", i, id)
				}
			}
		}
		// As a related where, and as sort-key values inside a well-formed cursor.
		if _, err := s.RelatedList(ctx, "Partnership", "supports", []string{h, "msp"}, store.ListArgs{Where: obj{"location": obj{"contains": h}}}); err != nil {
			t.Errorf("hostile %d related: %v", i, err)
		}
		cursor := base64.StdEncoding.EncodeToString(mustJSON(t, obj{"s": "Project|name:ASC,id:ASC", "v": []any{h, h}}))
		// A cursor the server did not sign is refused, cleanly.
		if _, err := s.Page(ctx, "Project", store.PageArgs{Sort: []map[string]any{{"name": "ASC"}}, After: &cursor}, true); apperr.CodeOf(err) != apperr.BadUserInput {
			t.Errorf("hostile %d cursor: %v, want BAD_USER_INPUT", i, err)
		}
	}
	// The hostile name stored in the fixture is found exactly, on a relationship too.
	wantIDs(t, "financed by the hostile name", list(t, s, "Project", store.ListArgs{Where: obj{"financiers": obj{"some": obj{"name": obj{"eq": hostileName}}}}}), "p-exp")
	// Hostile keys and invalid UTF-8 are clean errors.
	for _, w := range []obj{
		{"name`}) DETACH DELETE n //": obj{"eq": "x"}},
		{"name": obj{"eq }) DETACH DELETE n //": "x"}},
		{"financiers": obj{"some`": obj{}}},
		{"name": obj{"eq": "caf\xe9"}},
		{"name": obj{"in": []any{"ok", "\xff\xfe"}}},
		{strings.Repeat("k", 100<<10): obj{"eq": "x"}},
	} {
		_, err := s.List(ctx, "Project", store.ListArgs{Where: w})
		if apperr.CodeOf(err) != apperr.BadUserInput {
			t.Errorf("where with hostile key or bytes: err = %v", err)
		} else if len(err.Error()) > 500 {
			t.Errorf("error message of %d bytes", len(err.Error()))
		}
	}
	for _, sortKey := range []string{"name`) DETACH DELETE n //", "name DESC, n.id"} {
		if _, err := s.List(ctx, "Project", store.ListArgs{Sort: []map[string]any{{sortKey: "ASC"}}}); apperr.CodeOf(err) != apperr.BadUserInput {
			t.Errorf("sort key %q: err = %v", sortKey, err)
		}
	}
	if _, err := s.List(ctx, "Project`) DETACH DELETE n //", store.ListArgs{}); apperr.CodeOf(err) != apperr.BadUserInput {
		t.Errorf("hostile type: %v", err)
	}
	if n2, r2 := storetest.Totals(t, driver); n2 != nodes || r2 != rels {
		t.Errorf("database changed: %d nodes, %d relations before; %d, %d after", nodes, rels, n2, r2)
	}
}

func mustJSON(t *testing.T, v any) []byte {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// Every call is one Cypher statement, the total count and all parents included.
func TestOneRoundTripPerCall(t *testing.T) {
	s, _ := readFixture(t)
	where := obj{"financiers": obj{"some": obj{"kind": obj{"eq": "FINANCIER"}}}}
	parents := []string{"msp", "forge", "g7"}
	calls := map[string]func(context.Context) error{
		"List": func(ctx context.Context) error {
			_, err := s.List(ctx, "Project", store.ListArgs{Where: where})
			return err
		},
		"Page": func(ctx context.Context) error {
			_, err := s.Page(ctx, "Project", store.PageArgs{Where: where, First: intp(1)}, true)
			return err
		},
		"RelatedList": func(ctx context.Context) error {
			_, err := s.RelatedList(ctx, "Partnership", "supports", parents, store.ListArgs{Where: where, Limit: intp(1)})
			return err
		},
		"RelatedPage": func(ctx context.Context) error {
			_, err := s.RelatedPage(ctx, "Partnership", "supportsConnection", parents, store.PageArgs{Where: obj{"node": where}, First: intp(1)}, true)
			return err
		},
	}
	for name, call := range calls {
		ctx, trips := store.WithRoundTrips(context.Background())
		if err := call(ctx); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if n := trips.Load(); n != 1 {
			t.Errorf("%s: %d round trips, want 1", name, n)
		}
	}
}
