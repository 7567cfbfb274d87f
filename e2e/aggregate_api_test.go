package e2e

import (
	"encoding/json"
	"math"
	"slices"
	"testing"

	"github.com/mineralgraph/mineralgraph/httpapi"
	"github.com/mineralgraph/mineralgraph/internal/testenv"

	"github.com/mineralgraph/mineralgraph/graph/store/storetest"
)

// The v7 aggregates of connections and the asOf argument, through the API on the seed
// data set; every expected value is computed here from rows read with plain Cypher.

// numbers are the aggregates of a numeric property; strings those of a String property.
type numbers struct {
	Min, Max, Average, Sum *float64
}

type strs struct {
	Shortest, Longest *string
}

// wantNumbers computes the aggregates of vs (nil entries: the property is absent).
func wantNumbers(vs []any) numbers {
	var got []float64
	for _, v := range vs {
		switch x := v.(type) {
		case float64:
			got = append(got, x)
		case int64:
			got = append(got, float64(x))
		}
	}
	zero := 0.0
	out := numbers{Sum: &zero}
	for i, x := range got {
		if i == 0 || x < *out.Min {
			out.Min = &got[i]
		}
		if i == 0 || x > *out.Max {
			out.Max = &got[i]
		}
		s := *out.Sum + x
		out.Sum = &s
	}
	if len(got) > 0 {
		avg := *out.Sum / float64(len(got))
		out.Average = &avg
	}
	return out
}

func wantStrings(vs []any) strs {
	var out strs
	for _, v := range vs {
		s, ok := v.(string)
		if !ok {
			continue
		}
		if out.Shortest == nil || len([]rune(s)) < len([]rune(*out.Shortest)) || (len([]rune(s)) == len([]rune(*out.Shortest)) && s < *out.Shortest) {
			out.Shortest = &s
		}
		if out.Longest == nil || len([]rune(s)) > len([]rune(*out.Longest)) || (len([]rune(s)) == len([]rune(*out.Longest)) && s < *out.Longest) {
			out.Longest = &s
		}
	}
	return out
}

func sameFloat(a, b *float64) bool {
	if a == nil || b == nil {
		return a == b
	}
	return math.Abs(*a-*b) <= 1e-9*math.Max(1, math.Abs(*b))
}

func checkNumbers(t *testing.T, what string, got, want numbers) {
	t.Helper()
	if !sameFloat(got.Min, want.Min) || !sameFloat(got.Max, want.Max) || !sameFloat(got.Sum, want.Sum) || !sameFloat(got.Average, want.Average) {
		t.Errorf("%s: got %s, want %s", what, show(got), show(want))
	}
}

func checkStrings(t *testing.T, what string, got, want strs) {
	t.Helper()
	if show(got) != show(want) {
		t.Errorf("%s: got %s, want %s", what, show(got), show(want))
	}
}

func show(v any) string {
	b, _ := json.Marshal(v)
	return string(b)
}

// The analyst's question: total, largest, smallest and mean financing per financier in
// one currency; the edge aggregates count every relationship, the node ones each node once.
func TestAPIAggregateFinancing(t *testing.T) {
	e := testenv.Seeded(t)
	rows := storetest.Query(t, e.Driver, `MATCH (o:Organization)-[r:FINANCES]->(p:Project)
		RETURN o.id AS org, r.amount AS amount, r.currency AS currency, r.note AS note, p.id AS project, p.name AS name`, nil)
	currencies := map[string]bool{}
	for _, r := range rows {
		if c, ok := r["currency"].(string); ok {
			currencies[c] = true
		}
	}
	if !currencies["USD million"] {
		t.Fatalf("the seed has no financing in USD million: %v", currencies)
	}
	const query = `query($c: String!) { organizations { id
		financesProjectsConnection(first: 0, where: {edge: {currency: {eq: $c}}}) { totalCount aggregate {
			count { nodes edges }
			edge { amount { min max average sum } note { shortest longest } }
			node { name { shortest longest } } } } } }`
	for c := range currencies {
		var data struct {
			Organizations []struct {
				ID   string
				Conn struct {
					TotalCount int
					Aggregate  struct {
						Count struct{ Nodes, Edges int }
						Edge  struct {
							Amount numbers
							Note   strs
						}
						Node struct{ Name strs }
					}
				} `json:"financesProjectsConnection"`
			}
		}
		apiQuery(t, e, query, map[string]any{"c": c}, &data)
		if len(data.Organizations) == 0 {
			t.Fatal("no organizations")
		}
		financed := 0
		for _, o := range data.Organizations {
			var amounts, notes, names []any
			projects := map[string]bool{}
			for _, r := range rows {
				if r["org"] == o.ID && r["currency"] == c {
					amounts, notes = append(amounts, r["amount"]), append(notes, r["note"])
					if !projects[r["project"].(string)] {
						projects[r["project"].(string)] = true
						names = append(names, r["name"])
					}
				}
			}
			a := o.Conn.Aggregate
			if a.Count.Edges != len(amounts) || a.Count.Nodes != len(projects) || o.Conn.TotalCount != len(amounts) {
				t.Errorf("%s %s: count %+v, totalCount %d; want %d edges, %d nodes", o.ID, c, a.Count, o.Conn.TotalCount, len(amounts), len(projects))
			}
			checkNumbers(t, o.ID+" "+c+" amount", a.Edge.Amount, wantNumbers(amounts))
			checkStrings(t, o.ID+" "+c+" note", a.Edge.Note, wantStrings(notes))
			checkStrings(t, o.ID+" "+c+" project name", a.Node.Name, wantStrings(names))
			if len(amounts) > 0 {
				financed++
				// The same below node(id:), an inline fragment read by a query of its own.
				var viaNode struct {
					Node struct {
						Conn struct {
							Aggregate struct{ Edge struct{ Amount numbers } }
						} `json:"financesProjectsConnection"`
					}
				}
				apiQuery(t, e, `query($id: ID!, $c: String!) { node(id: $id) { ... on Organization {
					financesProjectsConnection(where: {edge: {currency: {eq: $c}}}) { aggregate { edge { amount { min max average sum } } } } } } }`,
					map[string]any{"id": o.ID, "c": c}, &viaNode)
				checkNumbers(t, o.ID+" "+c+" amount through node(id:)", viaNode.Node.Conn.Aggregate.Edge.Amount, wantNumbers(amounts))
			}
		}
		if financed == 0 {
			t.Errorf("%s: no financier has a financing in it, the check checked nothing", c)
		}
	}
}

// Root connections aggregate the nodes the filter matches, over all pages.
func TestAPIAggregateRootConnection(t *testing.T) {
	e := testenv.Seeded(t)
	rows := storetest.Query(t, e.Driver, `MATCH (m:Measurement) RETURN m.unit AS unit, m.value AS value, m.year AS year, m.name AS name`, nil)
	units := map[string]int{}
	for _, r := range rows {
		units[r["unit"].(string)]++
	}
	const query = `query($u: String!) { measurementsConnection(first: 1, where: {unit: {eq: $u}}) {
		totalCount aggregate { count { nodes } node { value { min max average sum } year { min max average sum } name { shortest longest } } } } }`
	checked := 0
	for unit, n := range units {
		var data struct {
			MeasurementsConnection struct {
				TotalCount int
				Aggregate  struct {
					Count struct{ Nodes int }
					Node  struct {
						Value, Year numbers
						Name        strs
					}
				}
			}
		}
		apiQuery(t, e, query, map[string]any{"u": unit}, &data)
		var values, years, names []any
		for _, r := range rows {
			if r["unit"] == unit {
				values, years, names = append(values, r["value"]), append(years, r["year"]), append(names, r["name"])
			}
		}
		a := data.MeasurementsConnection.Aggregate
		if a.Count.Nodes != n || data.MeasurementsConnection.TotalCount != n {
			t.Errorf("%s: count %d, totalCount %d, want %d", unit, a.Count.Nodes, data.MeasurementsConnection.TotalCount, n)
		}
		checkNumbers(t, unit+" value", a.Node.Value, wantNumbers(values))
		checkNumbers(t, unit+" year", a.Node.Year, wantNumbers(years))
		checkStrings(t, unit+" name", a.Node.Name, wantStrings(names))
		checked++
	}
	if checked < 2 {
		t.Errorf("only %d units checked", checked)
	}

	// Some of the aggregates (only those are computed) and a property asked for its
	// __typename alone (an object the schema makes non-null) answer as the whole does.
	const part = `query($u: String!) { measurementsConnection(first: 1, where: {unit: {eq: $u}}) {
		aggregate { node { value { sum } year { max } name { __typename } } } } }`
	for unit := range units {
		var data struct {
			MeasurementsConnection struct {
				Aggregate struct {
					Node struct {
						Value, Year numbers
						Name        *struct {
							Typename string `json:"__typename"`
						}
					}
				}
			}
		}
		apiQuery(t, e, part, map[string]any{"u": unit}, &data)
		var values, years []any
		for _, r := range rows {
			if r["unit"] == unit {
				values, years = append(values, r["value"]), append(years, r["year"])
			}
		}
		n := data.MeasurementsConnection.Aggregate.Node
		checkNumbers(t, unit+" value's sum alone", n.Value, numbers{Sum: wantNumbers(values).Sum})
		checkNumbers(t, unit+" year's max alone", n.Year, numbers{Max: wantNumbers(years).Max})
		if n.Name == nil || n.Name.Typename != "StringAggregateSelection" {
			t.Errorf("%s: name { __typename } answered %+v", unit, n.Name)
		}
	}
}

// holdsAsOf is the documented rule, written out independently of the compiler.
func holdsAsOf(from, to any, d string) bool {
	f, hasFrom := from.(string)
	u, hasTo := to.(string)
	return (!hasFrom || f <= d) && (!hasTo || d < u)
}

// asOf on a relationship field and its connection filters the relationships; on a root
// list and connection, the nodes.
func TestAPIAsOf(t *testing.T) {
	e := testenv.Seeded(t)
	members := storetest.Query(t, e.Driver, `MATCH (c:Country)-[r:MEMBER_OF]->(p:Partnership)
		RETURN p.id AS p, c.id AS c, r.validFrom AS validFrom, r.validTo AS validTo`, nil)
	policies := storetest.Query(t, e.Driver, `MATCH (n:Policy) RETURN n.id AS id, n.validFrom AS validFrom, n.validTo AS validTo`, nil)
	const query = `query($d: PartialDate) {
		partnerships(limit: 100) { id
			memberCountries(asOf: $d) { id }
			memberCountriesConnection(asOf: $d, first: 100) { totalCount edges { node { id } } } }
		policies(asOf: $d) { id }
		policiesConnection(asOf: $d, first: 0) { totalCount aggregate { count { nodes } } } }`
	varied := false
	for _, d := range []string{"2019", "2022-06", "2023", "2024-01-15", "2025-06", "2030"} {
		var data struct {
			Partnerships []struct {
				ID              string
				MemberCountries []struct{ ID string }
				Conn            struct {
					TotalCount int
					Edges      []struct{ Node struct{ ID string } }
				} `json:"memberCountriesConnection"`
			}
			Policies     []struct{ ID string }
			PoliciesConn struct {
				TotalCount int
				Aggregate  struct{ Count struct{ Nodes int } }
			} `json:"policiesConnection"`
		}
		apiQuery(t, e, query, map[string]any{"d": d}, &data)
		for _, p := range data.Partnerships {
			var want []string
			all := 0
			for _, m := range members {
				if m["p"] == p.ID {
					all++
					if holdsAsOf(m["validFrom"], m["validTo"], d) {
						want = append(want, m["c"].(string))
					}
				}
			}
			varied = varied || (len(want) != all && len(want) > 0)
			var list, conn []string
			for _, c := range p.MemberCountries {
				list = append(list, c.ID)
			}
			for _, ed := range p.Conn.Edges {
				conn = append(conn, ed.Node.ID)
			}
			apiSameSet(t, p.ID+" members as of "+d, list, apiSorted(slices.Clone(want)))
			apiSameSet(t, p.ID+" member edges as of "+d, conn, want)
			if p.Conn.TotalCount != len(want) {
				t.Errorf("%s as of %s: totalCount %d, want %d", p.ID, d, p.Conn.TotalCount, len(want))
			}
		}
		var want, got []string
		for _, p := range policies {
			if holdsAsOf(p["validFrom"], p["validTo"], d) {
				want = append(want, p["id"].(string))
			}
		}
		for _, p := range data.Policies {
			got = append(got, p.ID)
		}
		apiSameSet(t, "policies as of "+d, got, want)
		if data.PoliciesConn.TotalCount != len(want) || data.PoliciesConn.Aggregate.Count.Nodes != len(want) {
			t.Errorf("policies connection as of %s: %d/%d, want %d", d, data.PoliciesConn.TotalCount, data.PoliciesConn.Aggregate.Count.Nodes, len(want))
		}
	}
	if !varied {
		t.Error("no date separated the members a partnership had from those it has: the check checked nothing")
	}

	for _, bad := range []string{"2024-13", "yesterday", ""} {
		body, _ := json.Marshal(map[string]any{"query": `query($d: PartialDate) { policies(asOf: $d) { id } }`, "variables": map[string]any{"d": bad}})
		r := apiSend(t, e, body)
		if len(r.Errors) == 0 || !slices.Contains(apiCleanCodes, r.Codes()[0]) {
			t.Errorf("asOf %q: errors %+v, want a client error code", bad, r.Errors)
		}
	}
}

// Aggregates and asOf at every level cost no extra round trip: the data is one statement.
func TestAPIAggregateRoundTrips(t *testing.T) {
	e := testenv.Seeded(t, testenv.Debug(),
		testenv.Tune(func(o *httpapi.Options) { o.Limits.MaxComplexity = 1 << 30 })) // about round trips, not cost
	const query = `{ organizationsConnection(first: 100) { aggregate { count { nodes } node { name { shortest } } }
		edges { node { id financesProjectsConnection(asOf: "2025", where: {edge: {currency: {eq: "USD million"}}}) {
			aggregate { count { edges } edge { amount { sum max } } node { name { longest } } }
			edges { node { id country { id memberOf(asOf: "2024") { id } } } } } } } } }`
	resp := e.Post(t, query, nil)
	if len(resp.Errors) > 0 {
		t.Fatalf("errors: %+v", resp.Errors)
	}
	if n, _ := resp.Extensions["cypherRoundTrips"].(float64); n != 1 {
		t.Errorf("cypherRoundTrips %v, want 1", resp.Extensions["cypherRoundTrips"])
	}
}
