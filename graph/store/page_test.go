package store_test

import (
	"context"
	"testing"

	"github.com/mineralgraph/mineralgraph/graph/store"
)

// A connection's page, its counts and its aggregates come from one match: counted before
// the `after` cursor cuts the rows, so the totals of every page are those of the whole
// filtered connection. Expected values from the fixture (fixtureBatch), by hand.

func TestRootPageTotalsWithCursor(t *testing.T) {
	s, _ := readFixture(t)
	// Anchored on jogmec, which finances p-recycler twice: each project counted once.
	a := store.PageArgs{
		Where:     obj{"stage": obj{"in": []any{"REFINING", "RECYCLING", "MINING"}}, "financiers": obj{"some": obj{"id": obj{"eq": "jogmec"}}}},
		Sort:      []map[string]any{{"name": "DESC"}},
		First:     intp(1),
		Aggregate: &store.AggregateSelection{Node: []string{"name"}},
	}
	p1 := page(t, s, "Project", a, true)
	wantIDs(t, "page 1", edgeNodeIDs(p1), "p-recycler")
	a.After = p1.EndCursor
	p2 := page(t, s, "Project", a, true)
	wantIDs(t, "page 2", edgeNodeIDs(p2), "p-refinery")
	for i, p := range []store.Page{p1, p2} {
		if p.TotalCount != 2 || p.HasNextPage != (i == 0) || p.HasPreviousPage != (i == 1) {
			t.Errorf("page %d: total %d next %v previous %v, want 2 %v %v", i+1, p.TotalCount, p.HasNextPage, p.HasPreviousPage, i == 0, i == 1)
		}
		name, _ := p.Aggregate["node"].(map[string]any)["name"].(map[string]any)
		if name["shortest"] != "Alpha Refinery" || name["longest"] != "Gamma Recycling" {
			t.Errorf("page %d: name aggregate %v", i+1, p.Aggregate)
		}
	}
	// A cursor past the last row: no rows, the same totals.
	a.After = p2.EndCursor
	if p3 := page(t, s, "Project", a, true); len(p3.Edges) != 0 || p3.TotalCount != 2 || p3.HasNextPage {
		t.Errorf("past the end: %+v", p3)
	}
	// Nothing matches: zero, no rows, no cursor.
	a.Where, a.After = obj{"stage": obj{"eq": "EXPLORATION"}, "financiers": obj{"some": obj{"id": obj{"eq": "jogmec"}}}}, nil
	if p := page(t, s, "Project", a, true); len(p.Edges) != 0 || p.TotalCount != 0 || p.EndCursor != nil {
		t.Errorf("no match: %+v", p)
	}
}

func TestRelatedPageTotalsWithCursor(t *testing.T) {
	s, _ := readFixture(t)
	ctx := context.Background()
	// Filtered on the node and on the relationship, sorted on a relationship property:
	// jogmec finances p-recycler twice (10 and 20), dfc's equity in p-refinery has no
	// amount, acme is no financier.
	a := store.PageArgs{
		Where:     obj{"node": obj{"kind": obj{"eq": "FINANCIER"}}, "edge": obj{"amount": obj{"gt": 5.0}}},
		Sort:      []map[string]any{{"edge": obj{"amount": "ASC"}}},
		First:     intp(1),
		Aggregate: &store.AggregateSelection{Edge: []string{"amount"}, Node: []string{"name"}},
	}
	ids := []string{"p-recycler", "p-refinery", "p-exp"}
	fetch := func(a store.PageArgs, edgeProps []string) []store.Fetched {
		t.Helper()
		f := store.Fetch{Field: "financiersConnection", Page: &a, WithTotal: true, Props: []string{"id"}, EdgeProps: edgeProps}
		out, err := s.RelatedTree(ctx, "Project", ids, []store.Fetch{f})
		if err != nil {
			t.Fatal(err)
		}
		return out
	}
	p1 := fetch(a, []string{"amount", "id"})[0].Pages["p-recycler"]
	a.After = p1.EndCursor
	p2 := fetch(a, []string{"amount", "id"})[0].Pages["p-recycler"]
	for i, p := range []store.Page{p1, p2} {
		if len(p.Edges) != 1 || p.Edges[0].Node.ID() != "jogmec" || p.Edges[0].Props["amount"] != []float64{10, 20}[i] {
			t.Fatalf("page %d: %+v", i+1, p.Edges)
		}
		// Two relationships to one node.
		if p.TotalCount != 2 || p.NodeCount != 1 || p.HasNextPage != (i == 0) || p.HasPreviousPage != (i == 1) {
			t.Errorf("page %d: total %d nodes %d next %v previous %v", i+1, p.TotalCount, p.NodeCount, p.HasNextPage, p.HasPreviousPage)
		}
		amount, _ := p.Aggregate["edge"].(map[string]any)["amount"].(map[string]any)
		name, _ := p.Aggregate["node"].(map[string]any)["name"].(map[string]any)
		if amount["sum"] != 30.0 || amount["min"] != 10.0 || name["shortest"] != "JOGMEC" {
			t.Errorf("page %d: aggregates %v", i+1, p.Aggregate)
		}
	}
	// Without the node count asked for: the same page, relationships counted and
	// aggregated alike, no node count.
	a.After = nil
	a.NoNodeCount = true
	p3 := fetch(a, []string{"amount", "id"})[0].Pages["p-recycler"]
	if len(p3.Edges) != 1 || p3.Edges[0].Node.ID() != "jogmec" || p3.TotalCount != 2 || p3.NodeCount != 0 || !p3.HasNextPage {
		t.Errorf("without the node count: %+v", p3)
	}
	if amount, _ := p3.Aggregate["edge"].(map[string]any)["amount"].(map[string]any); amount["sum"] != 30.0 {
		t.Errorf("without the node count: aggregates %v", p3.Aggregate)
	}
	a.NoNodeCount = false
	a.After = p1.EndCursor
	// The cursor of p-recycler's page applies to every parent: p-refinery's loan of 100
	// comes after an amount of 10, p-exp has no financier.
	got := fetch(a, nil)[0]
	if p := got.Pages["p-refinery"]; len(p.Edges) != 1 || p.Edges[0].Node.ID() != "jogmec" || p.TotalCount != 1 || p.HasNextPage {
		t.Errorf("refinery after the cursor: %+v", p)
	}
	if p := got.Pages["p-exp"]; len(p.Edges) != 0 || p.TotalCount != 0 || p.EndCursor != nil {
		t.Errorf("exp: %+v", p)
	}
	// Only the selected relationship properties are read, and the id.
	e := fetch(store.PageArgs{Where: a.Where}, []string{"id"})[0].Pages["p-refinery"].Edges[0]
	if _, ok := e.Props["id"]; !ok || len(e.Props) != 1 {
		t.Errorf("edge properties read: %v, want only the id", e.Props)
	}
	// nil: all of them.
	e = fetch(store.PageArgs{Where: a.Where}, nil)[0].Pages["p-refinery"].Edges[0]
	if e.Props["instrument"] != "LOAN" || e.Props["validFrom"] != "2023" {
		t.Errorf("edge properties read: %v, want all", e.Props)
	}
}

// A connection asked for its counts alone (NoRows: no edges, no pageInfo) reads no page,
// and counts and aggregates what the same connection with its page does. Expected values
// from the fixture by hand, as above.
func TestCountsWithoutRows(t *testing.T) {
	s, _ := readFixture(t)
	root := store.PageArgs{
		Where:     obj{"stage": obj{"in": []any{"REFINING", "RECYCLING", "MINING"}}, "financiers": obj{"some": obj{"id": obj{"eq": "jogmec"}}}},
		Sort:      []map[string]any{{"name": "DESC"}},
		First:     intp(1),
		Aggregate: &store.AggregateSelection{Node: []string{"name"}},
		NoRows:    true,
	}
	p := page(t, s, "Project", root, true)
	name, _ := p.Aggregate["node"].(map[string]any)["name"].(map[string]any)
	if len(p.Edges) != 0 || p.TotalCount != 2 || name["shortest"] != "Alpha Refinery" || name["longest"] != "Gamma Recycling" {
		t.Errorf("root, counts alone: %+v", p)
	}
	root.Where, root.Aggregate = nil, nil
	all := page(t, s, "Project", store.PageArgs{First: intp(100)}, true)
	if p := page(t, s, "Project", root, true); p.TotalCount != all.TotalCount || p.TotalCount != len(all.Edges) || len(p.Edges) != 0 {
		t.Errorf("root without a filter, counts alone: total %d; with the page %d (%d edges)", p.TotalCount, all.TotalCount, len(all.Edges))
	}

	related := store.PageArgs{
		Where:     obj{"node": obj{"kind": obj{"eq": "FINANCIER"}}, "edge": obj{"amount": obj{"gt": 5.0}}},
		Sort:      []map[string]any{{"edge": obj{"amount": "ASC"}}},
		First:     intp(1),
		Aggregate: &store.AggregateSelection{Edge: []string{"amount"}, Node: []string{"name"}},
		NoRows:    true,
	}
	for _, aggregate := range []*store.AggregateSelection{related.Aggregate, {Edge: []string{"amount"}}, nil} {
		related.Aggregate = aggregate
		f := store.Fetch{Field: "financiersConnection", Page: &related, WithTotal: true, Props: []string{"id"}}
		out, err := s.RelatedTree(context.Background(), "Project", []string{"p-recycler", "p-refinery", "p-exp"}, []store.Fetch{f})
		if err != nil {
			t.Fatal(err)
		}
		for id, want := range map[string]int{"p-recycler": 2, "p-refinery": 1, "p-exp": 0} {
			if p := out[0].Pages[id]; p.TotalCount != want || len(p.Edges) != 0 {
				t.Errorf("%s, aggregates %+v, counts alone: total %d, %d edges; want %d, none", id, aggregate, p.TotalCount, len(p.Edges), want)
			}
		}
		if aggregate == nil {
			continue
		}
		p := out[0].Pages["p-recycler"]
		if amount, _ := p.Aggregate["edge"].(map[string]any)["amount"].(map[string]any); amount["sum"] != 30.0 || amount["min"] != 10.0 {
			t.Errorf("aggregates %+v, counts alone: %v", aggregate, p.Aggregate)
		}
		if node, _ := p.Aggregate["node"].(map[string]any); len(aggregate.Node) > 0 && node["name"].(map[string]any)["shortest"] != "JOGMEC" {
			t.Errorf("aggregates %+v, counts alone: %v", aggregate, p.Aggregate)
		}
	}
}

// Counts alone of connections nothing matches: zero, and an answer for every parent.
func TestCountsWithoutRowsOfNothing(t *testing.T) {
	s, _ := readFixture(t)
	none := obj{"stage": obj{"eq": "EXPLORATION"}, "financiers": obj{"some": obj{"id": obj{"eq": "jogmec"}}}}
	if p := page(t, s, "Project", store.PageArgs{Where: none, NoRows: true}, true); p.TotalCount != 0 || len(p.Edges) != 0 {
		t.Errorf("root: %+v", p)
	}
	a := store.PageArgs{Where: obj{"node": obj{"kind": obj{"eq": "FINANCIER"}}}, NoRows: true}
	f := store.Fetch{Field: "financiersConnection", Page: &a, WithTotal: true, Props: []string{"id"}}
	out, err := s.RelatedTree(context.Background(), "Project", []string{"p-exp"}, []store.Fetch{f})
	if err != nil {
		t.Fatal(err)
	}
	if p, ok := out[0].Pages["p-exp"]; !ok || p.TotalCount != 0 {
		t.Errorf("p-exp, which no financier finances: %+v (answered: %v)", p, ok)
	}
}
