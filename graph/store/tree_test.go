package store_test

import (
	"context"
	"fmt"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/mineralgraph/mineralgraph/graph/apperr"
	"github.com/mineralgraph/mineralgraph/graph/store"
	"github.com/mineralgraph/mineralgraph/graph/store/storetest"
)

// A tree read in one statement must answer exactly what reading its fields level by
// level (RelatedList, RelatedPage: the loaders' fallback) answers, field by field.

func listFetch(field string, a store.ListArgs, children ...store.Fetch) store.Fetch {
	return store.Fetch{Field: field, List: &a, Children: children}
}

func pageFetch(field string, a store.PageArgs, withTotal bool, children ...store.Fetch) store.Fetch {
	return store.Fetch{Field: field, Page: &a, WithTotal: withTotal, Children: children}
}

func TestTreeEqualsLevelByLevel(t *testing.T) {
	s, _ := readFixture(t)
	ctx := context.Background()
	first, err := s.RelatedPage(ctx, "Partnership", "memberCountries", []string{"msp"}, store.PageArgs{Sort: []map[string]any{{"node": obj{"name": "ASC"}}}, First: intp(1)}, false)
	if err != nil {
		t.Fatal(err)
	}
	afterFirst := first["msp"].EndCursor
	badCursor := "not a cursor"

	tests := []struct {
		name     string
		typeName string
		ids      []string
		fetches  []store.Fetch
		skipped  []int // fetches left out for their arguments
	}{
		{
			name: "lists three deep", typeName: "Partnership", ids: []string{"msp", "forge", "g7", "nope"},
			fetches: []store.Fetch{
				listFetch("supports", store.ListArgs{Sort: []map[string]any{{"name": "DESC"}}, Limit: intp(2)},
					listFetch("minerals", store.ListArgs{}, listFetch("partOf", store.ListArgs{})),
					listFetch("financiers", store.ListArgs{Where: obj{"kind": obj{"eq": "FINANCIER"}}})),
				listFetch("memberCountries", store.ListArgs{Offset: intp(1)}),
			},
		},
		{
			name: "connections with edge filters, sorts and totals", typeName: "Project", ids: []string{"p-refinery", "p-mine", "p-recycler", "p-exp"},
			fetches: []store.Fetch{
				pageFetch("financiersConnection", store.PageArgs{
					Where: obj{"edge": obj{"instrument": obj{"in": []any{"LOAN", "GRANT"}}}},
					Sort:  []map[string]any{{"edge": obj{"amount": "DESC"}}}, First: intp(1),
				}, true, pageFetch("financesProjects", store.PageArgs{First: intp(2)}, false,
					listFetch("supportingPartnerships", store.ListArgs{}))),
				pageFetch("supportingPartnerships", store.PageArgs{}, true),
			},
		},
		{
			name: "a page after a cursor", typeName: "Partnership", ids: []string{"msp"},
			fetches: []store.Fetch{
				pageFetch("memberCountriesConnection", store.PageArgs{Sort: []map[string]any{{"node": obj{"name": "ASC"}}}, First: intp(1), After: afterFirst}, true,
					listFetch("memberOf", store.ListArgs{})),
			},
		},
		{
			name: "a field with invalid arguments is left out, its siblings are not", typeName: "Partnership", ids: []string{"msp", "forge"},
			fetches: []store.Fetch{
				listFetch("supports", store.ListArgs{Limit: intp(-1)}),
				listFetch("supports", store.ListArgs{Where: obj{"stage": obj{"eq": "NOT_A_STAGE"}}}),
				pageFetch("memberCountries", store.PageArgs{After: &badCursor}, false),
				listFetch("nope", store.ListArgs{}),
				listFetch("supports", store.ListArgs{}, listFetch("minerals", store.ListArgs{Limit: intp(store.MaxPageSize + 1)})),
			},
			skipped: []int{0, 1, 2, 3},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rtCtx, trips := store.WithRoundTrips(ctx)
			fetched, err := s.RelatedTree(rtCtx, tt.typeName, tt.ids, tt.fetches)
			if err != nil {
				t.Fatal(err)
			}
			if n := trips.Load(); n != 1 {
				t.Errorf("%d round trips, want 1", n)
			}
			for _, i := range tt.skipped {
				if fetched[i].Lists != nil || fetched[i].Pages != nil {
					t.Errorf("fetch %d: read despite invalid arguments", i)
				}
			}
			checkLevel(t, s, tt.typeName, tt.ids, tt.fetches, fetched)
		})
	}
}

// checkLevel compares each fetched field of the parents ids with the level-by-level
// read, then the level below, with the field's nodes as parents. A field the
// level-by-level read refuses must have been left out.
func checkLevel(t *testing.T, s *store.Store, typeName string, ids []string, fetches []store.Fetch, fetched []store.Fetched) {
	t.Helper()
	ctx := context.Background()
	if len(fetched) != len(fetches) {
		t.Fatalf("%s: %d answers for %d fetches", typeName, len(fetched), len(fetches))
	}
	for i, f := range fetches {
		var children []string
		var target string
		if f.List != nil {
			want, err := s.RelatedList(ctx, typeName, f.Field, ids, *f.List)
			if refused(t, err, fetched[i]) {
				continue
			}
			if !reflect.DeepEqual(fetched[i].Lists, want) {
				t.Errorf("%s.%s:\n got %v\nwant %v", typeName, f.Field, fetched[i].Lists, want)
			}
			for _, nodes := range want {
				for _, n := range nodes {
					children, target = append(children, n.ID()), n.Type
				}
			}
		} else {
			want, err := s.RelatedPage(ctx, typeName, f.Field, ids, *f.Page, f.WithTotal)
			if refused(t, err, fetched[i]) {
				continue
			}
			if !reflect.DeepEqual(fetched[i].Pages, want) {
				t.Errorf("%s.%s:\n got %+v\nwant %+v", typeName, f.Field, fetched[i].Pages, want)
			}
			for _, p := range want {
				for _, e := range p.Edges {
					children, target = append(children, e.Node.ID()), e.Node.Type
				}
			}
		}
		if len(f.Children) > 0 && len(children) > 0 {
			checkLevel(t, s, target, children, f.Children, fetched[i].Children)
		}
	}
}

// The root statements read their tree too: ListTree and PageTree answer what List and
// Page answer, and below their nodes what RelatedTree answers, in one round trip.
func TestRootTreesInOneStatement(t *testing.T) {
	s, _ := readFixture(t)
	ctx := context.Background()
	below := []store.Fetch{
		listFetch("minerals", store.ListArgs{}, listFetch("partOf", store.ListArgs{})),
		pageFetch("financiers", store.PageArgs{First: intp(1)}, true),
	}
	where := obj{"stage": obj{"in": []any{"REFINING", "MINING", "RECYCLING"}}}

	rtCtx, trips := store.WithRoundTrips(ctx)
	nodes, fetched, err := s.ListTree(rtCtx, "Project", store.ListArgs{Where: where, Sort: []map[string]any{{"name": "ASC"}}, Limit: intp(2)}, nil, below)
	if err != nil {
		t.Fatal(err)
	}
	want, err := s.List(ctx, "Project", store.ListArgs{Where: where, Sort: []map[string]any{{"name": "ASC"}}, Limit: intp(2)})
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(nodes, want) {
		t.Errorf("ListTree nodes %v, want %v", nodeIDs(nodes), nodeIDs(want))
	}
	checkLevel(t, s, "Project", nodeIDs(want), below, fetched)

	page, fetched, err := s.PageTree(rtCtx, "Project", store.PageArgs{Where: where, First: intp(2)}, true, nil, below)
	if err != nil {
		t.Fatal(err)
	}
	wantPage, err := s.Page(ctx, "Project", store.PageArgs{Where: where, First: intp(2)}, true)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(page, wantPage) {
		t.Errorf("PageTree page %+v, want %+v", page, wantPage)
	}
	checkLevel(t, s, "Project", edgeNodeIDs(wantPage), below, fetched)
	if n := trips.Load(); n != 2 {
		t.Errorf("%d round trips for ListTree and PageTree, want 2", n)
	}
}

// refused reports whether the level-by-level read refused the field's arguments, in
// which case the tree must have left it out.
func refused(t *testing.T, err error, f store.Fetched) bool {
	t.Helper()
	if err == nil {
		return false
	}
	if apperr.CodeOf(err) != apperr.BadUserInput {
		t.Fatal(err)
	}
	if f.Lists != nil || f.Pages != nil {
		t.Errorf("read despite invalid arguments (%v)", err)
	}
	return true
}

// A projection reads the properties asked for and the id, nothing else, at every level;
// properties the type does not have are ignored.
func TestTreeProjection(t *testing.T) {
	s, _ := readFixture(t)
	below := []store.Fetch{{Field: "minerals", List: &store.ListArgs{}, Props: []string{"symbol", "nope"}}}
	nodes, fetched, err := s.ListTree(context.Background(), "Project", store.ListArgs{Where: obj{"id": obj{"eq": "p-recycler"}}}, []string{"name"}, below)
	if err != nil {
		t.Fatal(err)
	}
	if len(nodes) != 1 || !reflect.DeepEqual(nodes[0].Props, map[string]any{"id": "p-recycler", "name": "Gamma Recycling"}) {
		t.Errorf("root nodes %v, want p-recycler with id and name only", nodes)
	}
	want := []store.Node{
		{Type: "Mineral", Props: map[string]any{"id": "cobalt", "symbol": "Co"}},
		{Type: "Mineral", Props: map[string]any{"id": "lithium", "symbol": "Li"}},
	}
	if got := fetched[0].Lists["p-recycler"]; !reflect.DeepEqual(got, want) {
		t.Errorf("minerals %v, want %v", got, want)
	}
}

// A filtered list reads a node reached through two relationships once, made distinct
// over every row or (a field with many relationships per parent, by the statistics)
// windowed first, whether the second row falls inside the window asked for (then the
// rows are matched again and made distinct) or past it. The fixture: JP is a member of
// msp twice; FR and US once.
func TestListDistinctAroundTheWindow(t *testing.T) {
	plain, driver := readFixture(t)
	windowed := store.New(driver, storetest.Database)
	if err := windowed.KeepStats(time.Hour, time.Hour); err != nil {
		t.Fatal(err)
	}
	store.SetManyPerParentDegree(t, 1)
	ctx, log := store.WithStatementLog(context.Background())
	where := obj{"id": obj{"in": []any{"FR", "JP", "US"}}}
	asc, desc := []map[string]any{{"name": "ASC"}}, []map[string]any{{"name": "DESC"}}
	for _, tt := range []struct {
		sort          []map[string]any
		limit, offset *int
		want          []string
	}{
		{asc, nil, nil, []string{"FR", "JP", "US"}},
		{asc, intp(1), nil, []string{"FR"}},              // JP's rows past the window
		{asc, intp(2), nil, []string{"FR", "JP"}},        // JP's second row just past it
		{asc, intp(2), intp(1), []string{"JP", "US"}},    // both JP rows inside
		{asc, intp(1), intp(2), []string{"US"}},          // inside, skipped
		{asc, intp(0), intp(1), nil},                     // an empty window
		{desc, intp(2), nil, []string{"US", "JP"}},       // DESC: JP's second row past it
		{desc, intp(3), nil, []string{"US", "JP", "FR"}}, // inside
		{nil, intp(2), intp(1), []string{"JP", "US"}},    // by id
	} {
		a := store.ListArgs{Where: where, Sort: tt.sort, Limit: tt.limit, Offset: tt.offset}
		for _, s := range []*store.Store{plain, windowed} {
			got, err := s.RelatedList(ctx, "Partnership", "memberCountries", []string{"msp"}, a)
			if err != nil {
				t.Fatal(err)
			}
			wantIDs(t, fmt.Sprintf("msp members %v limit %s offset %s", tt.sort, show(tt.limit), show(tt.offset)), nodeIDs(got["msp"]), tt.want...)
		}
	}
	var windows int
	for _, st := range log.Statements() {
		if strings.Contains(st.Query, "UNION ALL") {
			windows++
		}
	}
	if windows != 9 {
		t.Errorf("%d of %d statements windowed before DISTINCT, want 9", windows, len(log.Statements()))
	}
}

func show(n *int) string {
	if n == nil {
		return "none"
	}
	return fmt.Sprint(*n)
}
