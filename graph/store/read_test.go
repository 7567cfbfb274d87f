package store_test

import (
	"context"
	"testing"

	"github.com/mineralgraph/mineralgraph/graph/store"
	"github.com/mineralgraph/mineralgraph/graph/store/storetest"
)

// A read runs as an auto-commit transaction, which the driver does not retry. After
// Neo4j dropped the pooled connections (as a restart does), the first read finds its
// connection dead: it must still answer, run again on a fresh connection, as the
// driver's managed transactions did.
func TestReadAfterDroppedConnections(t *testing.T) {
	storetest.New(t) // holds the test database
	proxy := storetest.NewProxy(t)
	st := proxy.Store(t)
	read := func() error {
		res, err := store.Read(st, context.Background(), "UNWIND range(1, $n) AS x RETURN x", map[string]any{"n": 3})
		if err != nil {
			return err
		}
		if len(res.Records) != 3 || res.Records[2].Values[0] != int64(3) {
			t.Fatalf("records: %v", res.Records)
		}
		return nil
	}
	if err := read(); err != nil {
		t.Fatal(err)
	}
	proxy.Cut()
	proxy.Restore(t)
	if err := read(); err != nil {
		t.Fatalf("the first read after the connections were dropped: %v", err)
	}
}
