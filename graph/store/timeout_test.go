package store_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/mineralgraph/mineralgraph/graph/apperr"
	"github.com/mineralgraph/mineralgraph/graph/store"
	"github.com/mineralgraph/mineralgraph/graph/store/storetest"
)

// A statement still running when the request's deadline passes is stopped inside Neo4j
// (the transaction timeout), not merely abandoned by the client.
func TestRunawayQueryIsStoppedInNeo4j(t *testing.T) {
	st, driver := storetest.NewWithDriver(t)
	const marker = "runaway-4242"
	runaway := "UNWIND range(1, 4000000000) AS x WITH x WHERE x % 1000003 = 0 RETURN count(x) AS n, '" + marker + "' AS tag"
	running := func() int {
		return storetest.Count(t, driver, "SHOW TRANSACTIONS YIELD currentQuery WHERE currentQuery CONTAINS $m AND NOT currentQuery CONTAINS 'SHOW' RETURN count(*) AS n",
			map[string]any{"m": marker})
	}

	ctx, cancel := context.WithTimeout(context.Background(), 1500*time.Millisecond)
	defer cancel()
	start := time.Now()
	_, err := store.Read(st, ctx, runaway, nil)
	var e *apperr.Error
	if !errors.As(err, &e) || e.Code != apperr.Timeout {
		t.Fatalf("want a TIMEOUT error, got %v", err)
	}
	if took := time.Since(start); took > 5*time.Second {
		t.Errorf("the deadline of 1.5s was noticed after %s", took)
	}
	deadline := time.Now().Add(3 * time.Second)
	for running() > 0 {
		if time.Now().After(deadline) {
			t.Fatal("the runaway query is still running in Neo4j 3s after its deadline")
		}
		time.Sleep(100 * time.Millisecond)
	}
}
