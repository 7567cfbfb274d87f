package store_test

import (
	"context"
	"fmt"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/mineralgraph/mineralgraph/graph/store"
	"github.com/mineralgraph/mineralgraph/graph/store/storetest"
)

// A filtered, sorted, limited list below a parent with many related nodes reads a
// bounded stretch of the target's index and expands only when that stretch does not
// decide the window (hub.go): its answer must be the expanding one's, which the test
// computes from the fixture it wrote. 600 projects, named in the order of their
// numbers but for a run of equal names, 400 of them in HUB and 200 in SMALL: for one
// row the walk reads 64 entries and is tried from a degree of 4 × 64 (HUB, not SMALL);
// for two rows from 512 (neither). In HUB mining projects come early in the index
// (the walk decides), exploration ones only after the bound (the walk reads its
// stretch, finds none, and expands), and refining ones sit in the run of equal names
// at the bound's end, the first of them by id past it (the walk cannot tell which
// comes first and expands).
func TestFilteredHubListsWalkOrExpand(t *testing.T) {
	s := storetest.New(t)
	type project struct{ id, name, stage, country string }
	var projects []project
	b := store.Batch{Nodes: []store.NodeInput{
		{Type: "Source", ID: "src", Props: with(prov("Src"), "title", "Src", "evidence", "VERBATIM")},
		{Type: "Country", ID: "HUB", Props: with(prov("hub"), "name", "Hub", "aliases", []string{})},
		{Type: "Country", ID: "SMALL", Props: with(prov("small"), "name", "Small", "aliases", []string{})},
	}}
	for i := range 600 {
		p := project{id: fmt.Sprintf("p%03d", i), name: fmt.Sprintf("N%03d", i), stage: "MANUFACTURING", country: "HUB"}
		switch {
		case i%3 == 2:
			p.country = "SMALL"
			if i%5 == 0 {
				p.stage = "MINING"
			}
		case i < 40 && i%2 == 0:
			p.stage = "MINING"
		case i >= 400:
			p.stage = "EXPLORATION"
		case i == 60 || i == 64:
			p.stage = "REFINING"
		}
		if i >= 60 && i < 70 {
			// The index's 64th entry falls in this run; its ids run against the
			// order of creation, which is the index's order of equal names.
			p.id, p.name = fmt.Sprintf("t%02d", 69-i), "N060"
		}
		projects = append(projects, p)
		b.Nodes = append(b.Nodes, store.NodeInput{Type: "Project", ID: p.id, Props: with(prov(p.id), "name", p.name, "aliases", []string{}, "stage", p.stage)})
		b.Relations = append(b.Relations, store.RelationInput{Type: "LOCATED_IN", FromType: "Project", From: p.id, ToType: "Country", To: p.country, Props: prov(p.id)})
	}
	apply(t, s, b, store.ApplyOptions{})
	if err := s.KeepStats(time.Hour, time.Hour); err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	// want is the window by hand: the country's projects of the stage, sorted by name
	// then id (the test's sort), or descending.
	want := func(country, stage string, desc bool, skip, limit int) []string {
		var ps []project
		for _, p := range projects {
			if p.country == country && p.stage == stage {
				ps = append(ps, p)
			}
		}
		slices.SortFunc(ps, func(a, b project) int {
			c := strings.Compare(a.name, b.name)
			if c == 0 {
				c = strings.Compare(a.id, b.id)
			}
			if desc {
				return -c
			}
			return c
		})
		var ids []string
		for _, p := range ps[min(skip, len(ps)):min(skip+limit, len(ps))] {
			ids = append(ids, p.id)
		}
		return ids
	}
	cases := []struct {
		stage       string
		desc        bool
		skip, limit int
	}{
		{"MINING", false, 0, 1},
		{"MINING", false, 1, 1}, // two rows: no walk
		{"MINING", false, 0, 2},
		{"EXPLORATION", false, 0, 1},
		{"REFINING", false, 0, 1},
		{"EXPLORATION", true, 0, 1}, // descending, the exploration projects come first
		{"MINING", true, 0, 1},
		{"MINING", false, 0, 200},
	}
	for _, tt := range cases {
		dir := "ASC"
		if tt.desc {
			dir = "DESC"
		}
		a := store.ListArgs{Where: map[string]any{"stage": map[string]any{"eq": tt.stage}},
			Sort: []map[string]any{{"name": dir}, {"id": dir}}, Offset: intp(tt.skip), Limit: intp(tt.limit)}
		what := fmt.Sprintf("%s %s skip %d limit %d", tt.stage, dir, tt.skip, tt.limit)
		logged, log := store.WithStatementLog(ctx)
		got, err := s.RelatedList(logged, "Country", "projects", []string{"HUB", "SMALL"}, a)
		if err != nil {
			t.Fatal(err)
		}
		for _, c := range []string{"HUB", "SMALL"} {
			wantIDs(t, what+": "+c, nodeIDs(got[c]), want(c, tt.stage, tt.desc, tt.skip, tt.limit)...)
		}
		// The walk is in the statement where HUB's degree reaches four bounds; which way a
		// parent goes the statement decides from its degree, and the answers above are
		// the expanding ones either way.
		sts := log.Statements()
		if len(sts) != 1 {
			t.Fatalf("%s: %d statements", what, len(sts))
		}
		walks := 4*64*(tt.skip+tt.limit) <= 400
		if scan := walkIn(sts[0].Query); scan != walks {
			t.Errorf("%s: the index walk in the statement: %v, want %v:\n%s", what, !walks, walks, sts[0].Query)
		}
	}
	// Projects named by name or id are sought, not walked to (seeksFew).
	for _, tt := range []struct {
		where      map[string]any
		hub, small []string
	}{
		{map[string]any{"name": map[string]any{"in": []any{"N010", "N575"}}}, []string{"p010"}, []string{"p575"}},
		{map[string]any{"id": map[string]any{"eq": "p575"}}, nil, []string{"p575"}},
	} {
		logged, log := store.WithStatementLog(ctx)
		got, err := s.RelatedList(logged, "Country", "projects", []string{"HUB", "SMALL"}, store.ListArgs{Where: tt.where, Sort: []map[string]any{{"name": "ASC"}}, Limit: intp(1)})
		if err != nil {
			t.Fatal(err)
		}
		wantIDs(t, fmt.Sprint(tt.where, " HUB"), nodeIDs(got["HUB"]), tt.hub...)
		wantIDs(t, fmt.Sprint(tt.where, " SMALL"), nodeIDs(got["SMALL"]), tt.small...)
		if walkIn(log.Statements()[0].Query) {
			t.Errorf("%v: the statement walks the index:\n%s", tt.where, log.Statements()[0].Query)
		}
	}
}

// walkIn reports whether a statement walks the name index below the parent (hub.go).
func walkIn(query string) bool {
	return regexp.MustCompile("ORDER BY n0.`name`( DESC)? LIMIT \\$p").MatchString(query)
}
