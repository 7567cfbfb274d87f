package store_test

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"github.com/mineralgraph/mineralgraph/graph/store"
)

// A sorted, limited list below a parent with many related nodes walks the target's
// index instead of expanding (hub.go): its answer must be the expanding one's. msp gets
// ten memberships (JP's two among them) of ten countries, so for limit + skip <= 4 the
// statement takes the index (degree² = 100 > 2 × 4 × 10), for more it expands; forge
// (two members) always expands. Expected ids by hand from the names. Twice: the statement
// counting the countries itself, then, once the store keeps statistics, taking their
// number as a parameter.
func TestHubListsWalkTheIndex(t *testing.T) {
	s, driver := newFixture(t)
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
	cases := []struct {
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
	}
	check := func(how string) {
		for _, tt := range cases {
			got := members(tt.sort, tt.skip, tt.limit)
			wantIDs(t, how+tt.name+": msp", nodeIDs(got["msp"]), tt.msp...)
			wantIDs(t, how+tt.name+": forge", nodeIDs(got["forge"]), tt.forge...)
			wantIDs(t, how+tt.name+": g7", nodeIDs(got["g7"]))
		}
	}
	check("")
	if err := s.KeepStats(time.Hour, time.Hour); err != nil {
		t.Fatal(err)
	}
	check("with statistics: ")
	// The statement now reads the countries' number from a parameter, the count store's.
	res, err := neo4j.ExecuteQuery(ctx, driver, "MATCH (c:Country) RETURN count(c) AS n", nil, neo4j.EagerResultTransformer)
	if err != nil {
		t.Fatal(err)
	}
	countries, _ := res.Records[0].Get("n")
	logged, log := store.WithStatementLog(ctx)
	if _, err := s.RelatedList(logged, "Partnership", "memberCountries", []string{"msp"}, store.ListArgs{Sort: byName, Limit: intp(3)}); err != nil {
		t.Fatal(err)
	}
	sts := log.Statements()
	if len(sts) != 1 || !strings.Contains(sts[0].Query, "$size_Country") || strings.Contains(sts[0].Query, "COUNT { (:") || sts[0].Params["size_Country"] != countries {
		t.Fatalf("want one statement reading size_Country = %v, got %+v", countries, sts)
	}
}
