package store_test

import (
	"context"
	"sync"
	"testing"
	"time"

	"github.com/mineralgraph/mineralgraph/graph/apperr"
	"github.com/mineralgraph/mineralgraph/graph/store"
	"github.com/mineralgraph/mineralgraph/graph/store/storetest"
)

// Every committed write transaction advances the data version by one, in Neo4j and in
// the writing process at once; a write that fails advances nothing; concurrent writers
// neither lose an advance nor deadlock on the version node.
func TestDataVersion(t *testing.T) {
	st, driver := storetest.NewWithDriver(t)
	ctx := context.Background()
	if _, ok := st.DataVersion(ctx); ok {
		t.Fatal("a version without WatchVersion")
	}
	if err := st.WatchVersion(time.Minute); err != nil {
		t.Fatal(err)
	}
	stored := func() int {
		return storetest.Count(t, driver, "OPTIONAL MATCH (v:"+store.VersionLabel+") RETURN coalesce(max(v.n), 0) AS n", nil)
	}
	v0, ok := st.DataVersion(ctx)
	if !ok || v0.N != 0 || stored() != 0 {
		t.Fatalf("empty database: %v %v, stored %d", v0, ok, stored())
	}
	if _, err := st.Apply(ctx, tinyBatch(), store.ApplyOptions{}); err != nil {
		t.Fatal(err)
	}
	v1, _ := st.DataVersion(ctx)
	if v1.N != 1 || v1.Epoch == "" || stored() != 1 {
		t.Fatalf("after one write: %v, stored %d", v1, stored())
	}
	// An id already taken by another label: CONFLICT, nothing written.
	clash := store.Batch{Nodes: []store.NodeInput{{Type: "Country", ID: "msp", Props: with(prov("X"), "name", "X", "aliases", []string{})}}}
	if _, err := st.Apply(ctx, clash, store.ApplyOptions{}); apperr.CodeOf(err) != apperr.Conflict {
		t.Fatalf("the clashing batch: %v", err)
	}
	if v, _ := st.DataVersion(ctx); v != v1 || stored() != 1 {
		t.Fatalf("after a failed write: %v, stored %d", v, stored())
	}
	const writers = 8
	var wg sync.WaitGroup
	for range writers {
		wg.Go(func() {
			if _, err := st.Apply(ctx, tinyBatch(), store.ApplyOptions{}); err != nil {
				t.Error(err)
			}
		})
	}
	wg.Wait()
	if v, _ := st.DataVersion(ctx); v.N != 1+writers || v.Epoch != v1.Epoch || stored() != 1+writers {
		t.Fatalf("after %d concurrent writes: %v, stored %d", writers, v, stored())
	}
	if n := storetest.Count(t, driver, "MATCH (v:"+store.VersionLabel+") RETURN count(v) AS n", nil); n != 1 {
		t.Errorf("%d version nodes", n)
	}
}
