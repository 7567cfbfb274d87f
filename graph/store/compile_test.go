package store

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"reflect"
	"strings"
	"testing"

	"github.com/mineralgraph/mineralgraph/graph/apperr"
)

// Unit tests of the compiler's output: no database.

type obj = map[string]any

// compileWhere renders the compiled where, "" for true.
func compileWhere(t *testing.T, typeName string, w obj) (string, map[string]any, error) {
	t.Helper()
	c := newCypherBuilder()
	p, err := c.nodeWhere(NodeTypes[typeName], "n", w, "where", 1)
	if err != nil || isTrue(p) {
		return "", c.params, err
	}
	return renderExpr(p), c.params, err
}

// compileFetch renders the CALL subqueries of one fetch below p, each line ended, and
// the map entries that carry their columns up.
func compileFetch(c *cypherBuilder, typeName string, f Fetch) (string, []string, error) {
	call, plan, err := c.fetchCall(NodeTypes[typeName], "p", f)
	if err != nil {
		return "", nil, err
	}
	return call.text() + "\n", entriesOf([]fetchPlan{plan}), nil
}

func TestNodeWhereCypher(t *testing.T) {
	tests := []struct {
		name   string
		typ    string
		where  obj
		want   string
		params map[string]any
	}{
		{"empty is true", "Project", obj{}, "", map[string]any{}},
		{"nil operand ignored", "Project", obj{"NOT": nil, "name": nil}, "", map[string]any{}},
		{"eq enum", "Project", obj{"stage": obj{"eq": "REFINING"}}, "n.`stage` = $p0", map[string]any{"p0": "REFINING"}},
		{"eq null is IS NULL", "Project", obj{"status": obj{"eq": nil}}, "n.`status` IS NULL", map[string]any{}},
		{"string operators, keys sorted; a prefix no index answers (seekable: the root match)", "Project", obj{"name": obj{"startsWith": "A", "contains": "b", "endsWith": "c"}},
			"(n.`name` CONTAINS $p0 AND n.`name` ENDS WITH $p1 AND coalesce(n.`name`) STARTS WITH $p2)",
			map[string]any{"p0": "b", "p1": "c", "p2": "A"}},
		{"in", "Project", obj{"id": obj{"in": []any{"a", 7}}}, "n.`id` IN $p0", map[string]any{"p0": []any{"a", "7"}}},
		{"Int comparisons coerce json.Number", "Measurement", obj{"year": obj{"gte": json.Number("2020"), "lt": int32(2025)}},
			"(n.`year` >= $p0 AND n.`year` < $p1)", map[string]any{"p0": int64(2020), "p1": int64(2025)}},
		{"Float accepts an integer", "Measurement", obj{"value": obj{"gt": 67, "lte": json.Number("75.5")}},
			"(n.`value` > $p0 AND n.`value` <= $p1)", map[string]any{"p0": 67.0, "p1": 75.5}},
		{"PartialDate compares as a string", "Partnership", obj{"validFrom": obj{"lt": "2023-01"}},
			"n.`validFrom` < $p0", map[string]any{"p0": "2023-01"}},
		{"Boolean", "Country", obj{"territory": obj{"eq": true}}, "n.`territory` = $p0", map[string]any{"p0": true}},
		{"list includes", "Mineral", obj{"aliases": obj{"includes": "Li"}}, "$p0 IN n.`aliases`", map[string]any{"p0": "Li"}},
		{"NOT is three-valued, as Cypher", "Project", obj{"NOT": obj{"location": obj{"contains": "x"}}},
			"NOT (n.`location` CONTAINS $p0)", map[string]any{"p0": "x"}},
		{"AND [] and OR [] are no filter", "Project", obj{"AND": []any{}, "OR": []any{}}, "", map[string]any{}},
		{"OR drops an operand without a predicate", "Project", obj{"OR": []any{obj{}, obj{"id": obj{"eq": "x"}}}}, "n.`id` = $p0", map[string]any{"p0": "x"}},
		{"NOT of no predicate is no filter", "Project", obj{"NOT": obj{"AND": []any{obj{}}}}, "", map[string]any{}},
		{"NOT of a property without operators is no filter", "Project", obj{"NOT": obj{"name": obj{}}}, "", map[string]any{}},
		{"OR of typed slice", "Project", obj{"OR": []map[string]any{{"id": obj{"eq": "a"}}, {"id": obj{"eq": "b"}}}},
			"(n.`id` = $p0 OR n.`id` = $p1)", map[string]any{"p0": "a", "p1": "b"}},
		{"some, direction IN", "Project", obj{"financiers": obj{"some": obj{"id": obj{"eq": "jogmec"}}}},
			"EXISTS { MATCH (n)<-[:`FINANCES`]-(v0:`Organization`) WHERE v0.`id` = $p0 }", map[string]any{"p0": "jogmec"}},
		{"none, direction OUT", "Project", obj{"minerals": obj{"none": obj{"kind": obj{"eq": "GROUP"}}}},
			"NOT EXISTS { MATCH (n)-[:`INVOLVES_MINERAL`]->(v0:`Mineral`) WHERE v0.`kind` = $p0 }", map[string]any{"p0": "GROUP"}},
		{"all is EXISTS and NOT EXISTS NOT", "Project", obj{"financiers": obj{"all": obj{"kind": obj{"eq": "FINANCIER"}}}},
			"(EXISTS { MATCH (n)<-[:`FINANCES`]-(v0:`Organization`) WHERE v0.`kind` = $p0 } AND NOT EXISTS { MATCH (n)<-[:`FINANCES`]-(v0:`Organization`) WHERE NOT (v0.`kind` = $p0) })", map[string]any{"p0": "FINANCIER"}},
		{"a quantifier of {} is no filter", "Project", obj{"financiers": obj{"all": obj{}, "none": obj{}, "single": obj{}, "some": obj{}}}, "", map[string]any{}},
		{"all and single of no predicate are no filter", "Project", obj{"financiers": obj{"all": obj{"NOT": obj{}}, "single": nil}}, "", map[string]any{}},
		{"some of no predicate asks for a related node", "Project", obj{"financiers": obj{"some": nil}},
			"EXISTS { MATCH (n)<-[:`FINANCES`]-(v0:`Organization`) }", map[string]any{}},
		{"none of no predicate asks for none", "Project", obj{"financiers": obj{"none": obj{"AND": []any{obj{}}}}},
			"NOT EXISTS { MATCH (n)<-[:`FINANCES`]-(v0:`Organization`) }", map[string]any{}},
		{"single counts relationships", "Project", obj{"financiers": obj{"single": obj{"kind": obj{"eq": "FINANCIER"}}}},
			"single(v0 IN [(n)<-[:`FINANCES`]-(v0:`Organization`) WHERE v0.`kind` = $p0 | 1] WHERE true)", map[string]any{"p0": "FINANCIER"}},
		{"a connection quantifier of no predicate is no filter", "Project", obj{"financiersConnection": obj{
			"some": obj{"node": obj{}}, "none": obj{"edge": nil}, "single": obj{"OR": []any{}}, "all": nil}}, "", map[string]any{}},
		{"a connection's OR keeps each operand's node and edge together", "Project", obj{"financiersConnection": obj{"some": obj{"OR": []any{
			obj{"node": obj{"id": obj{"eq": "x"}}, "edge": obj{"instrument": obj{"eq": "LOAN"}}}, obj{"node": obj{}}}}}},
			"EXISTS { MATCH (n)<-[e1:`FINANCES`]-(v0:`Organization`) WHERE (e1.`instrument` = $p0 AND v0.`id` = $p1) }", map[string]any{"p0": "LOAN", "p1": "x"}},
		{"a connection's AND and NOT keep node and edge together", "Project", obj{"financiersConnection": obj{"some": obj{"NOT": obj{
			"node": obj{"id": obj{"eq": "x"}}, "edge": obj{"instrument": obj{"eq": "LOAN"}}}}}},
			"EXISTS { MATCH (n)<-[e1:`FINANCES`]-(v0:`Organization`) WHERE NOT ((e1.`instrument` = $p0 AND v0.`id` = $p1)) }", map[string]any{"p0": "LOAN", "p1": "x"}},
		{"connection with edge", "Project", obj{"financiersConnection": obj{"some": obj{"edge": obj{"instrument": obj{"eq": "LOAN"}}}}},
			"EXISTS { MATCH (n)<-[e1:`FINANCES`]-(v0:`Organization`) WHERE e1.`instrument` = $p0 }", map[string]any{"p0": "LOAN"}},
		{"connection single counts relationships", "Project", obj{"financiersConnection": obj{"single": obj{"node": obj{"id": obj{"eq": "x"}}}}},
			"single(v0 IN [(n)<-[e1:`FINANCES`]-(v0:`Organization`) WHERE v0.`id` = $p0 | 1] WHERE true)", map[string]any{"p0": "x"}},
		{"connection logic", "Project", obj{"financiersConnection": obj{"all": obj{"OR": []any{
			obj{"edge": obj{"amount": obj{"gt": 1}}}, obj{"NOT": obj{"node": obj{"kind": obj{"eq": "COMPANY"}}}}}}}},
			"(EXISTS { MATCH (n)<-[e1:`FINANCES`]-(v0:`Organization`) WHERE (e1.`amount` > $p0 OR NOT (v0.`kind` = $p1)) } AND NOT EXISTS { MATCH (n)<-[e1:`FINANCES`]-(v0:`Organization`) WHERE NOT ((e1.`amount` > $p0 OR NOT (v0.`kind` = $p1))) })",
			map[string]any{"p0": 1.0, "p1": "COMPANY"}},
		{"nested quantifiers get fresh variables", "Project", obj{"minerals": obj{"some": obj{"OR": []any{
			obj{"id": obj{"eq": "graphite"}}, obj{"partOf": obj{"some": obj{"id": obj{"eq": "graphite"}}}}}}}},
			"EXISTS { MATCH (n)-[:`INVOLVES_MINERAL`]->(v0:`Mineral`) WHERE (v0.`id` = $p0 OR EXISTS { MATCH (v0)-[:`PART_OF`]->(v1:`Mineral`) WHERE v1.`id` = $p1 }) }",
			map[string]any{"p0": "graphite", "p1": "graphite"}},
		{"hostile value stays a parameter", "Project", obj{"name": obj{"eq": "x'}) DETACH DELETE n //`"}},
			"n.`name` = $p0", map[string]any{"p0": "x'}) DETACH DELETE n //`"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, params, err := compileWhere(t, tt.typ, tt.where)
			if err != nil {
				t.Fatalf("error: %v", err)
			}
			if got != tt.want {
				t.Errorf("cypher:\n got %s\nwant %s", got, tt.want)
			}
			if !reflect.DeepEqual(params, tt.params) {
				t.Errorf("params = %#v, want %#v", params, tt.params)
			}
		})
	}
}

func TestNodeWhereIsDeterministic(t *testing.T) {
	w := obj{"stage": obj{"eq": "MINING"}, "name": obj{"contains": "a", "endsWith": "b"}, "OR": []any{obj{"id": obj{"eq": "x"}}},
		"financiers": obj{"some": obj{"id": obj{"eq": "y"}}, "none": obj{}}}
	first, _, _ := compileWhere(t, "Project", w)
	for range 20 {
		if got, _, _ := compileWhere(t, "Project", w); got != first {
			t.Fatalf("compiled text varies:\n%s\n%s", first, got)
		}
	}
}

// nest wraps w in n levels of NOT.
func nest(w obj, n int) obj {
	for range n {
		w = obj{"NOT": w}
	}
	return w
}

func TestNodeWhereErrors(t *testing.T) {
	long := strings.Repeat("k", 100<<10)
	tests := []struct {
		name  string
		typ   string
		where obj
		want  string // the whole message
	}{
		{"wrong type deep", "Project", obj{"financiers": obj{"some": obj{"name": obj{"contains": 5}}}},
			"BAD_USER_INPUT: where.financiers.some.name.contains: expected a string, got a number"},
		{"unknown field", "Project", obj{"nope": obj{}}, `BAD_USER_INPUT: where.nope: ProjectWhere has no field "nope"`},
		{"unknown operator", "Project", obj{"name": obj{"lt": "a"}},
			"BAD_USER_INPUT: where.name.lt: unknown operator for String (expected one of eq, in, contains, startsWith, endsWith)"},
		{"list operator", "Mineral", obj{"aliases": obj{"eq": "Li"}},
			"BAD_USER_INPUT: where.aliases.eq: unknown operator for a list of String (expected one of includes)"},
		{"includes type", "Mineral", obj{"aliases": obj{"includes": true}},
			"BAD_USER_INPUT: where.aliases.includes: expected a string, got a boolean"},
		{"enum value", "Project", obj{"stage": obj{"eq": "DRILLING"}},
			`BAD_USER_INPUT: where.stage.eq: "DRILLING" is not a SupplyChainStage value (expected one of EXPLORATION, MINING, REFINING, MANUFACTURING, RECYCLING, SMELTING, PRIMARY, PROCESSING)`},
		{"enum in list element", "Project", obj{"stage": obj{"in": []any{"MINING", 3}}},
			"BAD_USER_INPUT: where.stage.in[1]: expected a SupplyChainStage value, got a number"},
		{"in null element", "Project", obj{"id": obj{"in": []any{nil}}}, "BAD_USER_INPUT: where.id.in[0]: expected an ID, got null"},
		{"in not a list", "Project", obj{"id": obj{"in": "x"}}, "BAD_USER_INPUT: where.id.in: expected a list, got a string"},
		{"in null", "Project", obj{"id": obj{"in": nil}}, "BAD_USER_INPUT: where.id.in: expected a list, got null"},
		{"contains null", "Project", obj{"name": obj{"contains": nil}}, "BAD_USER_INPUT: where.name.contains: expected a string, got null"},
		{"partial date", "Partnership", obj{"validFrom": obj{"gt": "2022-13"}},
			`BAD_USER_INPUT: where.validFrom.gt: "2022-13" is not a calendar date`},
		{"partial date shape", "Partnership", obj{"validFrom": obj{"gt": "June 2022"}},
			`BAD_USER_INPUT: where.validFrom.gt: "June 2022" is not a date of the form YYYY, YYYY-MM or YYYY-MM-DD`},
		{"int not integral", "Measurement", obj{"year": obj{"eq": 2020.5}}, "BAD_USER_INPUT: where.year.eq: expected an integer, got a number"},
		{"float NaN", "Measurement", obj{"value": obj{"eq": json.Number("NaN")}}, "BAD_USER_INPUT: where.value.eq: expected a number, got a number"},
		{"boolean", "Country", obj{"territory": obj{"eq": "true"}}, "BAD_USER_INPUT: where.territory.eq: expected a boolean, got a string"},
		{"boolean in: the served schema's BooleanScalarFilters has eq only", "Country", obj{"territory": obj{"in": []any{true}}},
			"BAD_USER_INPUT: where.territory.in: unknown operator for Boolean (expected one of eq)"},
		{"operators not an object", "Project", obj{"name": "x"}, "BAD_USER_INPUT: where.name: expected an object, got a string"},
		{"AND not a list", "Project", obj{"AND": obj{}}, "BAD_USER_INPUT: where.AND: expected a list, got an object"},
		{"OR element path", "Project", obj{"OR": []any{obj{}, obj{"id": obj{"eq": 1.5}}}},
			"BAD_USER_INPUT: where.OR[1].id.eq: expected an ID, got a number"},
		{"quantifier", "Project", obj{"financiers": obj{"any": obj{}}},
			"BAD_USER_INPUT: where.financiers.any: expected one of some, all, none, single"},
		{"connection field", "Project", obj{"financiersConnection": obj{"some": obj{"nodes": obj{}}}},
			`BAD_USER_INPUT: where.financiersConnection.some.nodes: a connection where has no field "nodes" (expected node, edge, AND, OR, NOT)`},
		{"edge property", "Project", obj{"financiersConnection": obj{"some": obj{"edge": obj{"role": obj{"eq": "OBSERVER"}}}}},
			`BAD_USER_INPUT: where.financiersConnection.some.edge.role: FinancingWhere has no field "role"`},
		{"edge enum", "Project", obj{"financiersConnection": obj{"none": obj{"edge": obj{"instrument": obj{"eq": "BOND"}}}}},
			`BAD_USER_INPUT: where.financiersConnection.none.edge.instrument.eq: "BOND" is not a FinancingInstrument value (expected one of LOAN, GUARANTEE, EQUITY, GRANT, OFFTAKE, INSURANCE, MIXED)`},
		{"Connection of a property", "Project", obj{"nameConnection": obj{}}, `BAD_USER_INPUT: where.nameConnection: ProjectWhere has no field "nameConnection"`},
		{"invalid UTF-8", "Project", obj{"name": obj{"eq": "a\xffb"}}, "BAD_USER_INPUT: where.name.eq: the string is not valid UTF-8"},
		{"too deep", "Project", nest(obj{}, MaxWhereDepth),
			"BAD_USER_INPUT: where" + strings.Repeat(".NOT", MaxWhereDepth) + ": filters nest deeper than 8 levels"},
		{"long key is truncated", "Project", obj{long: obj{}},
			`BAD_USER_INPUT: where.` + long[:64] + `…: ProjectWhere has no field "` + long[:64] + `…"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, _, err := compileWhere(t, tt.typ, tt.where)
			if err == nil {
				t.Fatalf("no error, want %s", tt.want)
			}
			if apperr.CodeOf(err) != apperr.BadUserInput || err.Error() != tt.want {
				t.Errorf("error:\n got %v\nwant %s", err, tt.want)
			}
		})
	}
}

func TestWhereDepthBound(t *testing.T) {
	// MaxWhereDepth levels pass (the argument is level 1), one more fails.
	if _, _, err := compileWhere(t, "Project", nest(obj{"id": obj{"eq": "x"}}, MaxWhereDepth-1)); err != nil {
		t.Errorf("%d levels: %v", MaxWhereDepth, err)
	}
	// Relationship hops count as levels too.
	hops := obj{"id": obj{"eq": "x"}}
	for range MaxWhereDepth {
		hops = obj{"partOf": obj{"some": hops}}
	}
	if _, _, err := compileWhere(t, "Mineral", hops); apperr.CodeOf(err) != apperr.BadUserInput ||
		!strings.Contains(err.Error(), "where"+strings.Repeat(".partOf.some", MaxWhereDepth)+": filters nest deeper") {
		t.Errorf("%d hops: %v", MaxWhereDepth, err)
	}
}

func TestWhereTermsBound(t *testing.T) {
	var or []any
	for range maxWhereTerms + 1 {
		or = append(or, obj{"id": obj{"eq": "x"}})
	}
	_, _, err := compileWhere(t, "Project", obj{"OR": or})
	if apperr.CodeOf(err) != apperr.BadUserInput || !strings.Contains(err.Error(), "more than 500 conditions") {
		t.Errorf("err = %v", err)
	}
}

func TestSortCompile(t *testing.T) {
	keys, err := nodeSort(NodeTypes["Project"], "n", []map[string]any{{"stage": "DESC"}, {"name": "ASC"}, {"stage": "ASC"}}, "sort")
	if err != nil {
		t.Fatal(err)
	}
	// Ties by the element id: no property read.
	if got, want := orderBy(keys), "n.`stage` DESC, n.`name` ASC, elementId(n) ASC"; got != want {
		t.Errorf("orderBy = %s, want %s", got, want)
	}
	if got, want := signature("Project", keys), "Project|stage:DESC,name:ASC,elementId:ASC"; got != want {
		t.Errorf("signature = %s, want %s", got, want)
	}
	// The id decides every tie: nothing after it; without a sort, by id.
	for _, tt := range []struct {
		sort []map[string]any
		want string
	}{
		{[]map[string]any{{"id": "DESC"}}, "n.`id` DESC"},
		{[]map[string]any{{"stage": "ASC"}, {"id": "DESC"}}, "n.`stage` ASC, n.`id` DESC"},
		{[]map[string]any{{"id": "ASC"}, {"name": "ASC"}}, "n.`id` ASC, n.`name` ASC"},
		{nil, "n.`id` ASC"},
		// An entry of several fields sorts in ProjectSort's order (id, name, …, stage), as
		// the library; an empty one on nothing.
		{[]map[string]any{{"stage": "ASC", "name": "DESC"}}, "n.`name` DESC, n.`stage` ASC, elementId(n) ASC"},
		{[]map[string]any{{}, {"name": "ASC", "id": "DESC"}}, "n.`id` DESC, n.`name` ASC"},
	} {
		keys, _ = nodeSort(NodeTypes["Project"], "n", tt.sort, "sort")
		if got := orderBy(keys); got != tt.want {
			t.Errorf("%v: orderBy = %s, want %s", tt.sort, got, tt.want)
		}
	}
	rel, _ := NodeTypes["Project"].Relation("financiers")
	keys, err = connectionSort(rel, "n", "r", []map[string]any{{"edge": obj{"amount": "DESC"}}, {"node": obj{"name": "ASC"}}}, "sort")
	if err != nil {
		t.Fatal(err)
	}
	// The relationship alone makes the order total: no node id before it.
	if got, want := orderBy(keys), "r.`amount` DESC, n.`name` ASC, elementId(r) ASC"; got != want {
		t.Errorf("connection orderBy = %s, want %s", got, want)
	}
	if got, want := keyList(keys), "[r.`amount`, n.`name`, elementId(r)]"; got != want {
		t.Errorf("keyList = %s, want %s", got, want)
	}
	keys, _ = connectionSort(rel, "n", "r", []map[string]any{{"edge": obj{"instrument": "ASC", "amount": "DESC"}, "node": obj{"name": "ASC"}}}, "sort")
	if got, want := orderBy(keys), "n.`name` ASC, r.`instrument` ASC, r.`amount` DESC, elementId(r) ASC"; got != want {
		t.Errorf("connection orderBy of one entry = %s, want %s", got, want)
	}
	keys, _ = connectionSort(rel, "n", "r", nil, "sort")
	if got, want := orderBy(keys), "n.`id` ASC, elementId(r) ASC"; got != want {
		t.Errorf("default connection orderBy = %s, want %s", got, want)
	}

	errs := []struct {
		sort []map[string]any
		conn bool
		want string
	}{
		{[]map[string]any{{"name": "ASC"}, {"aliases": "ASC"}}, false, "sort[1].aliases: cannot sort on the list property aliases"},
		{[]map[string]any{{"name": "UP"}}, false, `sort[0].name: expected ASC or DESC, got "UP"`},
		{[]map[string]any{{"name": nil}}, false, "sort[0].name: expected ASC or DESC, got null"},
		{[]map[string]any{{"financiers": "ASC"}}, false, `sort[0].financiers: ProjectSort has no field "financiers"`},
		{[]map[string]any{{"name": "ASC"}}, true, "sort[0].name: expected node or edge"},
		{[]map[string]any{{"edge": obj{"name": "ASC"}}}, true, `sort[0].edge.name: FinancingSort has no field "name"`},
		{[]map[string]any{{"node": "name"}}, true, "sort[0].node: expected an object, got a string"},
		{[]map[string]any{{"node": obj{"name": "ASC", "nope": "ASC"}}}, true, `sort[0].node.nope: OrganizationSort has no field "nope"`},
	}
	for _, tt := range errs {
		var err error
		if tt.conn {
			_, err = connectionSort(rel, "n", "r", tt.sort, "sort")
		} else {
			_, err = nodeSort(NodeTypes["Project"], "n", tt.sort, "sort")
		}
		if apperr.CodeOf(err) != apperr.BadUserInput || err.Error() != "BAD_USER_INPUT: "+tt.want {
			t.Errorf("%v: err = %v, want %s", tt.sort, err, tt.want)
		}
	}
}

func TestKeysetAfter(t *testing.T) {
	rel, _ := NodeTypes["Project"].Relation("financiers")
	keys, err := connectionSort(rel, "n", "r", []map[string]any{{"edge": obj{"amount": "DESC"}}, {"node": obj{"name": "ASC"}}}, "sort")
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		vals []any
		want string
	}{
		// DESC puts nulls first: after a null amount come the non-null amounts.
		// ASC puts nulls last: after a null name nothing of that amount follows.
		{[]any{nil, nil, "e"},
			"(r.`amount` IS NOT NULL OR (r.`amount` IS NULL AND n.`name` IS NULL AND elementId(r) > $p0))"},
		{[]any{1.5, "x", "e"},
			"(r.`amount` < $p0 OR (r.`amount` = $p0 AND (n.`name` > $p1 OR n.`name` IS NULL)) OR (r.`amount` = $p0 AND n.`name` = $p1 AND elementId(r) > $p2))"},
	}
	for _, tt := range tests {
		c := newCypherBuilder()
		if got := renderExpr(keysetAfter(c, keys, tt.vals)); got != tt.want {
			t.Errorf("keysetAfter(%v):\n got %s\nwant %s", tt.vals, got, tt.want)
		}
	}
}

func TestCursorRoundTrip(t *testing.T) {
	keys, _ := nodeSort(NodeTypes["Measurement"], "n", []map[string]any{{"value": "DESC"}, {"year": "ASC"}, {"note": "ASC"}}, "sort")
	sig := signature("Measurement", keys)
	vals := []any{150.0, int64(2024), nil, "m-1"}
	c, err := encodeCursor(sig, vals)
	if err != nil {
		t.Fatal(err)
	}
	got, err := decodeCursor(c, sig, keys, "after")
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got, vals) {
		t.Errorf("decoded %#v, want %#v", got, vals)
	}

	other, _ := nodeSort(NodeTypes["Measurement"], "n", []map[string]any{{"value": "ASC"}, {"year": "ASC"}, {"note": "ASC"}}, "sort")
	b64 := func(s string) string { return base64.StdEncoding.EncodeToString(append(cursorMAC([]byte(s)), s...)) } // signed as the server signs
	unsigned := func(s string) string { return base64.StdEncoding.EncodeToString([]byte(s)) }
	raw, _ := base64.StdEncoding.DecodeString(c)
	tampered := base64.StdEncoding.EncodeToString(append(raw[:macLen:macLen], bytes.Replace(raw[macLen:], []byte(`"v":[`), []byte(`"v":[ `), 1)...))
	notIssued := "after: the cursor was not issued by this service (or it was restarted with another CURSOR_SECRET): start again from the first page"
	bad := []struct {
		cursor string
		sig    string
		want   string
	}{
		{c, signature("Measurement", other), "after: the cursor belongs to a different list or sort order"},
		{c, signature("Project", keys), "after: the cursor belongs to a different list or sort order"},
		// Issued before ties were broken by the element id: its last value is an id, so
		// it is refused, never read as an element id.
		{b64(`{"s":"Measurement|value:DESC,year:ASC,note:ASC,id:ASC","v":[150,2024,null,"m-1"]}`), sig, "after: the cursor belongs to a different list or sort order"},
		{"not base64!", sig, "after: malformed cursor"},
		{b64("[1,2]"), sig, "after: malformed cursor"},
		{b64(`{"s":"` + sig + `","v":[1,2]}`), sig, "after: malformed cursor"},                // wrong arity
		{b64(`{"s":"` + sig + `","v":[1,2,null,null]}`), sig, "after: malformed cursor"},      // null id
		{b64(`{"s":"` + sig + `","v":[1,2,null,{"a":1}]}`), sig, "after: malformed cursor"},   // not a scalar
		{b64(`{"s":"` + sig + `","v":[1,2,null,"x"],"x":1}`), sig, "after: malformed cursor"}, // unknown field
		{b64(`{"s":"` + sig + `","v":[1,2,null,"x"]} {}`), sig, "after: malformed cursor"},    // trailing data
		{strings.Repeat("A", maxCursorLen+4), sig, "after: malformed cursor"},                 // too long
		{b64(`{"s":"` + sig + `","v":[1,2,null,"x'}) DETACH DELETE n //"]}`), sig, ""},        // hostile but signed
		{unsigned(`{"s":"` + sig + `","v":[1,2,null,"x"]}`), sig, notIssued},                  // well-formed, forged
		{tampered, sig, notIssued},                          // issued, then edited
		{unsigned("short"), sig, "after: malformed cursor"}, // shorter than a MAC
	}
	for _, tt := range bad {
		_, err := decodeCursor(tt.cursor, tt.sig, keys, "after")
		if tt.want == "" {
			if err != nil {
				t.Errorf("decode %.40q: %v", tt.cursor, err)
			}
			continue
		}
		if apperr.CodeOf(err) != apperr.BadUserInput || err.Error() != "BAD_USER_INPUT: "+tt.want {
			t.Errorf("decode %.40q: err = %v, want %s", tt.cursor, err, tt.want)
		}
	}
}

func TestWindows(t *testing.T) {
	n := func(i int) *int { return &i }
	if skip, limit, err := listWindow(ListArgs{}); skip != 0 || limit != MaxPageSize || err != nil {
		t.Errorf("defaults = %d, %d, %v", skip, limit, err)
	}
	if first, err := pageSize(nil); first != DefaultPageSize || err != nil {
		t.Errorf("default first = %d, %v", first, err)
	}
	for _, a := range []ListArgs{{Limit: n(-1)}, {Limit: n(MaxPageSize + 1)}, {Offset: n(-1)}} {
		if _, _, err := listWindow(a); apperr.CodeOf(err) != apperr.BadUserInput {
			t.Errorf("listWindow(%v) err = %v", a, err)
		}
	}
	for _, f := range []int{-1, MaxPageSize + 1} {
		if _, err := pageSize(&f); apperr.CodeOf(err) != apperr.BadUserInput || !strings.HasPrefix(err.(*apperr.Error).Message, "first: ") {
			t.Errorf("pageSize(%d) err = %v", f, err)
		}
	}
	for _, f := range []int{0, MaxPageSize} {
		if _, err := pageSize(&f); err != nil {
			t.Errorf("pageSize(%d) err = %v", f, err)
		}
	}
}

func TestCompiledQueries(t *testing.T) {
	one := 1
	q, params, _, err := compileList("Project", ListArgs{Where: obj{"stage": obj{"eq": "REFINING"}}, Sort: []map[string]any{{"name": "DESC"}}, Limit: &one}, nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	want := "MATCH (n:`Project`)\nWHERE (n.`stage` = $p0 AND n.`name` IS NOT NULL)\nWITH n ORDER BY n.`name` DESC, elementId(n) ASC\nSKIP $skip LIMIT $limit\nRETURN properties(n) AS props"
	if q != want {
		t.Errorf("list:\n%s\nwant\n%s", q, want)
	}
	if params["limit"] != 1 || params["skip"] != 0 {
		t.Errorf("params = %v", params)
	}

	pq, _, err := compilePage("Project", PageArgs{First: &one}, true, nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	// One match for the page and its total.
	want = "MATCH (n:`Project`)\nWITH count(n) AS total, collect(n) AS matched\n" +
		"CALL (matched) {\n  UNWIND matched AS n\n  WITH n ORDER BY n.`id` ASC\n  LIMIT $limit\n" +
		"  RETURN collect({node: properties(n), keys: [n.`id`]}) AS rows\n}\nRETURN rows, total"
	if pq.text != want {
		t.Errorf("page:\n%s\nwant\n%s", pq.text, want)
	}
	if pq.params["limit"] != 2 {
		t.Errorf("page fetches first+1: limit = %v", pq.params["limit"])
	}

	related := func(typeName string, f Fetch) (string, error) {
		call, _, err := compileFetch(newCypherBuilder(), typeName, f)
		return call, err
	}
	q, err = related("Partnership", Fetch{Field: "memberCountries", List: &ListArgs{Sort: []map[string]any{{"name": "ASC"}}}})
	if err != nil {
		t.Fatal(err)
	}
	// Sorted on an indexed property: by the index below a hub (hub.go), decided per parent.
	want = "CALL (p) {\n  WITH p, COUNT { (p)<-[:`MEMBER_OF`]-() } ^ 2 > $p2 * COUNT { (:`Country`) } AS h2\n" +
		"  CALL (p, h2) {\n    WITH p WHERE NOT h2\n    MATCH (p)<-[:`MEMBER_OF`]-(n0:`Country`)\n" +
		"    WITH DISTINCT n0 ORDER BY n0.`name` ASC, elementId(n0) ASC\n    SKIP $p0 LIMIT $p1\n    RETURN n0\n    UNION ALL\n" +
		"    WITH p WHERE h2\n    CALL (p) {\n      MATCH (n0:`Country`)\n" +
		"      WHERE n0.`name` IS NOT NULL AND EXISTS { MATCH (p)<-[:`MEMBER_OF`]-(n0:`Country`) }\n" +
		"      WITH n0 ORDER BY n0.`name` ASC, elementId(n0) ASC\n      SKIP $p0 LIMIT $p1\n      RETURN n0\n    }\n    RETURN n0\n  }\n" +
		"  RETURN collect({props: properties(n0)}) AS f1\n}\n"
	if q != want {
		t.Errorf("related list:\n%s\nwant\n%s", q, want)
	}

	q, err = related("Project", Fetch{Field: "financiersConnection", Page: &PageArgs{Where: obj{"edge": obj{"instrument": obj{"eq": "LOAN"}}}}, WithTotal: true})
	if err != nil {
		t.Fatal(err)
	}
	want = "CALL (p) {\n  MATCH (p)<-[r2:`FINANCES`]-(n0:`Organization`)\n  WHERE r2.`instrument` = $p0\n" +
		"  WITH count(r2) AS f1t, count(DISTINCT n0) AS f1n, collect({node: n0, edge: r2}) AS m3\n" +
		"  CALL (m3) {\n    UNWIND m3 AS x4\n    WITH x4.node AS n0, x4.edge AS r2\n" +
		"    WITH n0, r2 ORDER BY n0.`id` ASC, elementId(r2) ASC\n    LIMIT $p1\n" +
		"    RETURN collect({node: properties(n0), edge: properties(r2), keys: [n0.`id`, elementId(r2)]}) AS f1\n  }\n" +
		"  RETURN f1, f1t, f1n\n}\n"
	if q != want {
		t.Errorf("related page:\n%s\nwant\n%s", q, want)
	}
	// No relationship property selected: none read but the id.
	q, err = related("Project", Fetch{Field: "financiersConnection", Page: &PageArgs{}, EdgeProps: []string{"id"}})
	if err != nil || !strings.Contains(q, "edge: r2 {.id}") {
		t.Errorf("edge projection: %v\n%s", err, q)
	}

	for _, f := range []func() error{
		func() error { _, _, _, err := compileList("Nope", ListArgs{}, nil, nil); return err },
		func() error { _, err := related("Project", Fetch{Field: "nope"}); return err },
		func() error { _, err := related("Project", Fetch{Field: "name", Page: &PageArgs{}}); return err },
	} {
		if err := f(); apperr.CodeOf(err) != apperr.BadUserInput {
			t.Errorf("unknown type/field: err = %v", err)
		}
	}
}

// A prefix test of the root's own nodes may be answered by an index (the match runs
// once); one of a related node runs per row and must not be (ir.go, prefixExpr).
func TestPrefixTestsSeekOnlyInTheRootMatch(t *testing.T) {
	one := 1
	where := obj{"id": obj{"startsWith": "c"}, "agreements": obj{"some": obj{"id": obj{"startsWith": "a"}}}}
	q, params, _, err := compileList("Country", ListArgs{Where: where, Limit: &one}, nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"n.`id` STARTS WITH $p1", "coalesce(v0.`id`) STARTS WITH $p0"} {
		if !strings.Contains(q, want) {
			t.Errorf("no %q in\n%s", want, q)
		}
	}
	if params["p0"] != "a" || params["p1"] != "c" {
		t.Errorf("params = %v", params)
	}
}
