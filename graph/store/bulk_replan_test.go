package store_test

import (
	"context"
	"fmt"
	"testing"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"github.com/mineralgraph/mineralgraph/graph/store"
	"github.com/mineralgraph/mineralgraph/graph/store/storetest"
)

// TestReplanSamplesWhatALoadWrote: right after a write, the index on organisations'
// names still has the sample it had before (Neo4j samples in the background, every
// 10 s), on which a statement planned now would be planned; after Replan its sample
// counts exactly the names written. Fails when Replan does not resample.
func TestReplanSamplesWhatALoadWrote(t *testing.T) {
	s, driver := storetest.NewWithDriver(t)
	ctx := context.Background()
	written := 0
	// The background sampling may get to the index between a write and the check: write
	// again (at most three times) until the check sees the stale sample.
	for attempt := 0; ; attempt++ {
		written += writeOrganizations(t, s, written, 200)
		size, _, updates := nameSample(t, driver)
		if size != written || updates > 0 {
			break
		}
		if attempt == 2 {
			t.Fatalf("the index was sampled right after each of three writes: cannot see a stale sample")
		}
	}
	if err := s.Replan(ctx); err != nil {
		t.Fatal(err)
	}
	size, unique, updates := nameSample(t, driver)
	if size != written || unique != written || updates != 0 {
		t.Errorf("after Replan the name index's sample has %d entries, %d unique, %d updates since; want %d, %d, 0",
			size, unique, updates, written, written)
	}
}

// writeOrganizations writes n organisations with distinct names, numbered from first,
// and returns n.
func writeOrganizations(t *testing.T, s *store.Store, first, n int) int {
	t.Helper()
	prov := func(m map[string]any) map[string]any {
		m["sources"], m["quotes"] = []string{"src"}, []string{"It says so."}
		return m
	}
	b := store.Batch{Nodes: []store.NodeInput{{Type: "Source", ID: "src", Props: prov(map[string]any{"title": "A source", "evidence": "VERBATIM"})}}}
	for i := first; i < first+n; i++ {
		id := fmt.Sprintf("org-%d", i)
		b.Nodes = append(b.Nodes, store.NodeInput{Type: "Organization", ID: id,
			Props: prov(map[string]any{"name": "Organisation " + id, "aliases": []string{}, "kind": "COMPANY"})})
	}
	if _, err := s.Apply(context.Background(), b, store.ApplyOptions{}); err != nil {
		t.Fatal(err)
	}
	return n
}

// nameSample is the sample of the index on Organization.name: its size, its unique
// values and the updates since it was taken.
func nameSample(t *testing.T, driver neo4j.DriverWithContext) (size, unique, updates int) {
	t.Helper()
	rows := storetest.Query(t, driver, `CALL db.stats.retrieve('GRAPH COUNTS') YIELD data
UNWIND data.indexes AS i
WITH i WHERE i.labels = ['Organization'] AND i.properties = ['name']
RETURN i.totalSize AS size, i.estimatedUniqueSize AS uniq, i.updatesSinceEstimation AS upd`, nil)
	if len(rows) != 1 {
		t.Fatalf("%d indexes on Organization.name in the graph counts, want 1", len(rows))
	}
	return int(rows[0]["size"].(int64)), int(rows[0]["uniq"].(int64)), int(rows[0]["upd"].(int64))
}
