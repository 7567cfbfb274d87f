package store_test

import (
	"context"
	"fmt"
	"testing"

	"github.com/mineralgraph/mineralgraph/graph/store"
)

// A sorted, limited list below a parent with many related nodes walks the target's
// index instead of expanding (hub.go): its answer must be the expanding one's. msp gets
// ten memberships (JP's two among them) of ten countries, so for limit + skip <= 4 the
// statement takes the index (degree² = 100 > 2 × 4 × 10), for more it expands; forge
// (two members) always expands. Expected ids by hand from the names.
func TestHubListsWalkTheIndex(t *testing.T) {
	s, _ := newFixture(t)
	var b store.Batch
	for i := range 6 {
		id := fmt.Sprintf("C%d", i)
		b.Nodes = append(b.Nodes, store.NodeInput{Type: "Country", ID: id, Props: with(prov(id), "name", fmt.Sprintf("Zeta %d", i), "aliases", []string{})})
		b.Relations = append(b.Relations, store.RelationInput{Type: "MEMBER_OF", FromType: "Country", From: id, ToType: "Partnership", To: "msp", Props: with(prov(id), "role", "PARTNER")})
	}
	apply(t, s, b, store.ApplyOptions{})
	ctx := context.Background()
	members := func(sort []map[string]any, skip, limit int) map[string][]store.Node {
		t.Helper()
		got, err := s.RelatedList(ctx, "Partnership", "memberCountries", []string{"msp", "forge", "g7"},
			store.ListArgs{Sort: sort, Offset: intp(skip), Limit: intp(limit)})
		if err != nil {
			t.Fatal(err)
		}
		return got
	}
	byName := []map[string]any{{"name": "ASC"}}
	byNameDesc := []map[string]any{{"name": "DESC"}}
	// Names: France, Japan (twice a member), United States, Zeta 0..5.
	for _, tt := range []struct {
		name        string
		sort        []map[string]any
		skip, limit int
		msp, forge  []string
	}{
		{"index, by name", byName, 0, 3, []string{"FR", "JP", "US"}, []string{"JP", "US"}},
		{"index, skip", byName, 1, 3, []string{"JP", "US", "C0"}, []string{"US"}},
		{"index, descending", byNameDesc, 0, 2, []string{"C5", "C4"}, []string{"US", "JP"}},
		{"index, by id", []map[string]any{{"id": "ASC"}}, 0, 4, []string{"C0", "C1", "C2", "C3"}, []string{"JP", "US"}},
		{"expand, by name", byName, 0, 5, []string{"FR", "JP", "US", "C0", "C1"}, []string{"JP", "US"}},
		{"expand, skip", byName, 2, 5, []string{"US", "C0", "C1", "C2", "C3"}, nil},
	} {
		got := members(tt.sort, tt.skip, tt.limit)
		wantIDs(t, tt.name+": msp", nodeIDs(got["msp"]), tt.msp...)
		wantIDs(t, tt.name+": forge", nodeIDs(got["forge"]), tt.forge...)
		wantIDs(t, tt.name+": g7", nodeIDs(got["g7"]))
	}
}
