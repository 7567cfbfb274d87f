package store_test

import (
	"context"
	"reflect"
	"testing"

	"github.com/mineralgraph/mineralgraph/graph/store"
	"github.com/mineralgraph/mineralgraph/graph/store/storetest"
)

// The read bound of the edge collection alone marks a neighbourhood truncated, and only
// when it is reached: o is a member of p, and p supports the project q through `links`
// relationships. From o at depth 1 the hop reads one relationship and finds p; the edges
// among {o, p} are read from every relationship leaving o and p, q's included: 10,001 of
// them exceed the bound (10,000), 150 do not. The answer is the same either way but for
// the flag.
func TestNeighborhoodScanBound(t *testing.T) {
	s, driver := storetest.NewWithDriver(t)
	ctx := context.Background()
	for _, tc := range []struct {
		links     int
		truncated bool
	}{{150, false}, {10001, true}} {
		storetest.Query(t, driver, "MATCH (n) DETACH DELETE n", nil)
		storetest.Query(t, driver, `CREATE (o:Organization:Entity {id: 'o', name: 'O', aliases: [], kind: 'COMPANY', sources: ['s'], quotes: ['q']})
CREATE (p:Partnership:Entity {id: 'p', name: 'P', aliases: [], kind: 'INITIATIVE', sources: ['s'], quotes: ['q']})
CREATE (q:Project:Entity {id: 'q', name: 'Q', aliases: [], sources: ['s'], quotes: ['q']})
CREATE (o)-[:MEMBER_OF {id: 'o|MEMBER_OF|p|', role: 'MEMBER', sources: ['s'], quotes: ['q']}]->(p)
WITH p, q
UNWIND range(1, $links) AS i
CREATE (p)-[:SUPPORTS {id: 'p|SUPPORTS|q|' + i, sources: ['s'], quotes: ['q']}]->(q)`, map[string]any{"links": tc.links})
		sub, err := s.Neighborhood(ctx, "o", 1, nil, 10, store.Projection{})
		if err != nil {
			t.Fatalf("%d links: %v", tc.links, err)
		}
		if got := exSortedCopy(exNodeIDs(sub.Nodes)); !reflect.DeepEqual(got, []string{"o", "p"}) {
			t.Errorf("%d links: nodes %v, want [o p]", tc.links, got)
		}
		if len(sub.Edges) != 1 || sub.Edges[0].ID != "o|MEMBER_OF|p|" {
			t.Errorf("%d links: edges %v, want the membership only", tc.links, sub.Edges)
		}
		if sub.Truncated != tc.truncated {
			t.Errorf("%d links: truncated %v, want %v", tc.links, sub.Truncated, tc.truncated)
		}
	}
}
