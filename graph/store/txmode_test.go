package store_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/mineralgraph/mineralgraph/graph/apperr"
	"github.com/mineralgraph/mineralgraph/graph/store"
	"github.com/mineralgraph/mineralgraph/graph/store/storetest"
)

// heavy takes Neo4j some milliseconds (its summary counts whole ones) and answers 1. Its
// CALL … IN TRANSACTIONS runs only in an auto-commit transaction: Neo4j refuses it in a
// transaction, which shows how read sent it.
const heavy = `UNWIND range(1, $n) AS x
WITH count(x) AS c
CALL (c) { RETURN c AS y } IN TRANSACTIONS
RETURN y / $n AS one`

// A read of a statement Neo4j took at least SetTransactionAbove on runs in a
// transaction from the next read on; without the threshold, and for statements Neo4j
// answers faster, reads stay auto-commit.
func TestLongReadsRunInATransaction(t *testing.T) {
	storetest.New(t) // holds the test database
	proxy := storetest.NewProxy(t)
	ctx := context.Background()
	params := map[string]any{"n": 3_000_000}
	readHeavy := func(st *store.Store) error {
		res, err := store.Read(st, ctx, heavy, params)
		if err == nil && (len(res.Records) != 1 || res.Records[0].Values[0] != int64(1)) {
			t.Fatalf("records: %v", res.Records)
		}
		return err
	}

	off := proxy.Store(t)
	for i := range 3 {
		if err := readHeavy(off); err != nil {
			t.Fatalf("without a threshold, read %d: %v", i+1, err)
		}
	}

	on := proxy.Store(t)
	on.SetTransactionAbove(time.Microsecond)
	if err := readHeavy(on); err != nil {
		t.Fatalf("the first read, before Neo4j's time on the statement was known: %v", err)
	}
	err := readHeavy(on)
	if err == nil || !strings.Contains(err.Error(), "IN TRANSACTIONS") {
		t.Fatalf("the second read was not sent in a transaction: %v", err)
	}

	cheap := proxy.Store(t)
	cheap.SetTransactionAbove(time.Hour)
	for i := range 3 {
		if err := readHeavy(cheap); err != nil {
			t.Fatalf("below the threshold, read %d: %v", i+1, err)
		}
	}
}

// A read sent in a transaction ends at the request's deadline behind a connection that
// stopped forwarding, as an auto-commit read does (TestReadOnAHeldConnectionEndsAtTheDeadline).
func TestLongReadOnAHeldConnectionEndsAtTheDeadline(t *testing.T) {
	storetest.New(t) // holds the test database
	proxy := storetest.NewProxy(t)
	st := proxy.Store(t)
	st.SetTransactionAbove(time.Microsecond)
	q := `UNWIND range(1, $n) AS x WITH count(x) AS c RETURN c AS n`
	for range 2 { // the first read times the statement, the second is sent in a transaction
		if _, err := store.Read(st, context.Background(), q, map[string]any{"n": 3_000_000}); err != nil {
			t.Fatal(err)
		}
	}
	proxy.Hold()
	ctx, cancel := context.WithTimeout(context.Background(), time.Second)
	defer cancel()
	start := time.Now()
	done := make(chan error, 1)
	go func() {
		_, err := store.Read(st, ctx, q, map[string]any{"n": 3_000_000})
		done <- err
	}()
	select {
	case err := <-done:
		if took := time.Since(start); took > 4*time.Second {
			t.Errorf("the deadline of 1s was noticed after %s", took)
		}
		if code := apperr.CodeOf(err); code != apperr.Timeout {
			t.Errorf("want a TIMEOUT error, got %v (%v)", code, err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("the read was still waiting 10s after its deadline of 1s")
	}
}
