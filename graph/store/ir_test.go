package store

import (
	"strings"
	"testing"
)

// Unit tests of the intermediate form: folding, the cost that orders operands, and the
// renderer's indentation of nested subqueries. No database.

func TestConstantFolding(t *testing.T) {
	a, b := cmpExpr{"n.`a`", "=", "$p0"}, cmpExpr{"n.`b`", "IS NULL", ""}
	rel, _ := NodeTypes["Project"].Relation("financiers")
	pat := relPattern(patNode{v: "n"}, "", rel, patNode{v: "v0"})
	tests := []struct {
		name string
		got  expr
		want string
	}{
		{"AND of nothing is true", andOf(), "true"},
		{"OR of nothing is false", orOf(), "false"},
		{"true drops out of AND", andOf(exprTrue, a, exprTrue), "n.`a` = $p0"},
		{"false decides AND", andOf(a, exprFalse, b), "false"},
		{"false drops out of OR", orOf(exprFalse, a, b), "(n.`a` = $p0 OR n.`b` IS NULL)"},
		{"true decides OR", orOf(a, exprTrue), "true"},
		{"NOT true is false", notOf(exprTrue), "false"},
		{"NOT false is true", notOf(exprFalse), "true"},
		{"NOT", notOf(a), "NOT (n.`a` = $p0)"},
		{"some with a false where is false", existsOf(pat, exprFalse, false), "false"},
		{"none with a false where is true", existsOf(pat, exprFalse, true), "true"},
		{"single with a false where is false", countOneOf(pat, exprFalse), "false"},
		{"some with a true where has no WHERE", existsOf(pat, exprTrue, false), "EXISTS { MATCH (n)<-[:`FINANCES`]-(v0:`Organization`) }"},
	}
	for _, tt := range tests {
		if got := renderExpr(tt.got); got != tt.want {
			t.Errorf("%s: got %s, want %s", tt.name, got, tt.want)
		}
	}
}

// The cost cheapFirst orders by is the number of subqueries in the tree: the same number
// the rendered text shows, so the order is the one the text-based ordering gave.
func TestCheapFirstCountsSubqueries(t *testing.T) {
	wheres := []obj{
		{"financiers": obj{"some": obj{"name": obj{"eq": "x"}}}, "name": obj{"eq": "y"}},
		{"OR": []any{
			obj{"minerals": obj{"some": obj{"partOf": obj{"some": obj{"id": obj{"eq": "a"}}}}}},
			obj{"financiers": obj{"single": obj{"NOT": obj{"id": obj{"eq": "b"}}}}},
			obj{"stage": obj{"eq": "MINING"}},
		}},
		{"NOT": obj{"financiersConnection": obj{"all": obj{"node": obj{"kind": obj{"eq": "COMPANY"}}}}}, "id": obj{"in": []any{"a"}}},
	}
	for _, w := range wheres {
		c := newCypherBuilder()
		e, err := c.nodeWhere(NodeTypes["Project"], "n", w, "where", 1)
		if err != nil {
			t.Fatal(err)
		}
		text := renderExpr(e)
		if got, want := subqueries(e), strings.Count(text, "EXISTS {")+strings.Count(text, "single("); got != want {
			t.Errorf("%s: %d subqueries in the tree, %d in the text", text, got, want)
		}
	}
	// Operands of equal cost keep their order; cheaper ones move ahead. (A some with a
	// condition beside the inner some stays two subqueries.)
	deep, _ := newCypherBuilder().nodeWhere(NodeTypes["Project"], "n", obj{"minerals": obj{"some": obj{"name": obj{"eq": "m"},
		"partOf": obj{"some": obj{"id": obj{"eq": "a"}}}}}}, "where", 1)
	one := countExpr{pat: relPattern(patNode{v: "n"}, "", NodeTypes["Project"].Relations[0], patNode{v: "v9"}), where: exprTrue}
	a, b := cmpExpr{"n.`a`", "=", "$p0"}, cmpExpr{"n.`b`", "=", "$p1"}
	got := renderExpr(orOf(deep, a, one, b))
	want := "(n.`a` = $p0 OR n.`b` = $p1 OR " + renderExpr(one) + " OR " + renderExpr(deep) + ")"
	if got != want {
		t.Errorf("order:\n got %s\nwant %s", got, want)
	}
}

// A some directly over a some becomes one path pattern when the relationship types
// differ (within a pattern a relationship matches once, nested subqueries may reuse it);
// NOT EXISTS needs no coalesce.
func TestExistsChains(t *testing.T) {
	tests := []struct {
		where obj
		want  string
	}{
		{obj{"country": obj{"some": obj{"memberOf": obj{"some": obj{"id": obj{"eq": "msp"}}}}}},
			"EXISTS { MATCH (n)-[:`LOCATED_IN`]->(v0:`Country`)-[:`MEMBER_OF`]->(v1:`Partnership`) WHERE v1.`id` = $p0 }"},
		{obj{"NOT": obj{"country": obj{"some": obj{"memberOf": obj{"some": obj{"id": obj{"eq": "msp"}}}}}}},
			"NOT EXISTS { MATCH (n)-[:`LOCATED_IN`]->(v0:`Country`)-[:`MEMBER_OF`]->(v1:`Partnership`) WHERE v1.`id` = $p0 }"},
		{obj{"country": obj{"none": obj{"memberOf": obj{"some": obj{"id": obj{"eq": "msp"}}}}}},
			"NOT EXISTS { MATCH (n)-[:`LOCATED_IN`]->(v0:`Country`)-[:`MEMBER_OF`]->(v1:`Partnership`) WHERE v1.`id` = $p0 }"},
		{obj{"financiers": obj{"some": obj{"financesProjects": obj{"some": obj{"id": obj{"eq": "p"}}}}}},
			"EXISTS { MATCH (n)<-[:`FINANCES`]-(v0:`Organization`) WHERE EXISTS { MATCH (v0)-[:`FINANCES`]->(v1:`Project`) WHERE v1.`id` = $p0 } }"},
		{obj{"country": obj{"some": obj{"memberOf": obj{"none": obj{"id": obj{"eq": "msp"}}}}}},
			"EXISTS { MATCH (n)-[:`LOCATED_IN`]->(v0:`Country`) WHERE NOT EXISTS { MATCH (v0)-[:`MEMBER_OF`]->(v1:`Partnership`) WHERE v1.`id` = $p0 } }"},
	}
	for _, tt := range tests {
		e, err := newCypherBuilder().nodeWhere(NodeTypes["Project"], "n", tt.where, "where", 1)
		if err != nil {
			t.Fatal(err)
		}
		if got := renderExpr(e); got != tt.want {
			t.Errorf("%v:\n got %s\nwant %s", tt.where, got, tt.want)
		}
	}
}

// Nested CALL subqueries are indented by the renderer, one level per depth.
func TestNestedCallsIndent(t *testing.T) {
	got, entries, err := compileFetch(newCypherBuilder(), "Partnership", Fetch{Field: "memberCountries", List: &ListArgs{},
		Children: []Fetch{{Field: "memberOf", Page: &PageArgs{}, Children: []Fetch{{Field: "supports"}}}}})
	if err != nil {
		t.Fatal(err)
	}
	want := "CALL (p) {\n" +
		"  MATCH (p)<-[:`MEMBER_OF`]-(n0:`Country`)\n" +
		"  WITH DISTINCT n0 ORDER BY n0.`id` ASC\n" +
		"  SKIP $p4 LIMIT $p5\n" +
		"  CALL (n0) {\n" +
		"    MATCH (n0)-[r4:`MEMBER_OF`]->(n2:`Partnership`)\n" +
		"    WITH n2, r4 ORDER BY n2.`id` ASC, elementId(r4) ASC\n" +
		"    LIMIT $p2\n" +
		"    WITH collect({n2: n2, r4: r4}) AS o7\n" +
		"    CALL (o7) {\n" +
		"      UNWIND o7[..$p3] AS x8\n" +
		"      WITH x8.n2 AS n2, x8.r4 AS r4\n" +
		"      CALL (n2) {\n" +
		"        MATCH (n2)-[:`SUPPORTS`]->(n5:`Project`)\n" +
		"        WITH DISTINCT n5 ORDER BY n5.`id` ASC\n" +
		"        SKIP $p0 LIMIT $p1\n" +
		"        RETURN collect({props: properties(n5)}) AS f6\n" +
		"      }\n" +
		"      RETURN collect({node: properties(n2), edge: properties(r4), keys: [n2.`id`, elementId(r4)], f6: f6}) AS f3\n" +
		"    }\n" +
		"    RETURN f3 + [x8 IN o7[$p3..] | {}] AS f3\n" +
		"  }\n" +
		"  RETURN collect({props: properties(n0), f3: f3}) AS f1\n" +
		"}\n"
	if got != want {
		t.Errorf("nested calls:\n%s\nwant\n%s", got, want)
	}
	if strings.Join(entries, ", ") != "f1: f1" {
		t.Errorf("entries %v", entries)
	}
}
