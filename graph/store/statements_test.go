package store_test

import (
	"context"
	"strings"
	"testing"

	"github.com/mineralgraph/mineralgraph/graph/store"
	"github.com/mineralgraph/mineralgraph/graph/store/storetest"
)

// The statement log records each read a call sends, with its parameters, in order; a
// context without a log records nothing and the call works as usual.
func TestStatementLogRecordsReads(t *testing.T) {
	st := storetest.New(t)
	ctx, log := store.WithStatementLog(context.Background())
	if _, err := st.Supply(ctx, store.SupplyArgs{Mineral: "lithium", Metric: "PRODUCTION"}); err == nil {
		t.Fatal("supply of a mineral in an empty database: no error")
	}
	if _, err := st.Supply(ctx, store.SupplyArgs{Mineral: "nickel", Metric: "PRODUCTION"}); err == nil {
		t.Fatal("supply of a mineral in an empty database: no error")
	}
	got := log.Statements()
	if len(got) != 2 {
		t.Fatalf("%d statements recorded, want 2", len(got))
	}
	for i, want := range []string{"lithium", "nickel"} {
		if got[i].Params["mineral"] != want || !strings.Contains(got[i].Query, "$mineral") {
			t.Errorf("statement %d: mineral %v, query %.80q", i, got[i].Params["mineral"], got[i].Query)
		}
	}
	if _, err := st.Supply(context.Background(), store.SupplyArgs{Mineral: "cobalt", Metric: "PRODUCTION"}); err == nil {
		t.Fatal("no error")
	}
	if n := len(log.Statements()); n != 2 {
		t.Errorf("a call without the log's context was recorded: %d statements", n)
	}
}
