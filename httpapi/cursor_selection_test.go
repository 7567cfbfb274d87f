package httpapi_test

import (
	"testing"

	"github.com/mineralgraph/mineralgraph/internal/testenv"
)

// Cursors are made only for a connection whose selection asks for one (edges.cursor,
// pageInfo.startCursor or endCursor: graph/loader's connection, tested there); whichever
// is asked, root or nested, is made, and pages: the next page after it starts after the
// last edge of this one.
func TestCursorsWhenAsked(t *testing.T) {
	env := testenv.Seeded(t)
	type page struct {
		Edges []struct {
			Cursor string
			Node   struct{ ID string }
		}
		PageInfo struct{ StartCursor, EndCursor *string }
	}
	var all struct{ ProjectsConnection page }
	env.Data(t, `{ projectsConnection(first: 4, sort: [{name: ASC}]) { edges { node { id } } } }`, nil, &all)
	if len(all.ProjectsConnection.Edges) != 4 {
		t.Fatalf("want 4 projects, got %+v", all)
	}
	for _, sel := range []string{"edges { cursor node { id } }", "pageInfo { endCursor } edges { node { id } }", "pageInfo { startCursor endCursor } edges { node { id } }"} {
		var first struct{ ProjectsConnection page }
		env.Data(t, `{ projectsConnection(first: 2, sort: [{name: ASC}]) { `+sel+` } }`, nil, &first)
		edges := first.ProjectsConnection.Edges
		after := first.ProjectsConnection.PageInfo.EndCursor
		if after == nil {
			if len(edges) != 2 || edges[1].Cursor == "" {
				t.Fatalf("%s: no cursor: %+v", sel, first)
			}
			after = &edges[1].Cursor
		}
		var next struct{ ProjectsConnection page }
		env.Data(t, `query($a: String) { projectsConnection(first: 2, after: $a, sort: [{name: ASC}]) { edges { node { id } } } }`, map[string]any{"a": *after}, &next)
		if got := next.ProjectsConnection.Edges; len(got) != 2 || got[0].Node.ID != all.ProjectsConnection.Edges[2].Node.ID {
			t.Errorf("%s: the page after %q: %+v, want it to start at the third of %+v", sel, *after, got, all)
		}
	}
	// Asked in a nested connection: made there.
	var nested struct {
		Partnerships []struct{ MemberCountriesConnection page }
	}
	env.Data(t, `{ partnerships(limit: 3) { memberCountriesConnection(first: 2) { edges { cursor } } } }`, nil, &nested)
	for _, p := range nested.Partnerships {
		for _, e := range p.MemberCountriesConnection.Edges {
			if e.Cursor == "" {
				t.Errorf("a nested edge without the cursor asked for: %+v", nested)
			}
		}
	}
}
