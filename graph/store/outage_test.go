package store_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"github.com/mineralgraph/mineralgraph/graph/apperr"
	"github.com/mineralgraph/mineralgraph/graph/store"
	"github.com/mineralgraph/mineralgraph/graph/store/storetest"
)

// readOne runs a one-row read through the store's read path within timeout.
func readOne(st *store.Store, ctx context.Context, timeout time.Duration) error {
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	_, err := store.Read(st, ctx, "RETURN 1 AS x", nil)
	return err
}

// A Neo4j that shakes hands but answers nothing more within the ping's time (a starved
// JVM) is slow, not gone: the ping fails without SERVICE_UNAVAILABLE, and a read sent
// right after is not refused, it waits and answers once Neo4j does. (The ping opened a
// connection whose HELLO timed out: that was taken for Neo4j gone, and every request
// was refused until a probe got through.)
func TestSlowNeo4jIsNotTakenForGone(t *testing.T) {
	storetest.New(t) // holds the test database
	proxy := storetest.NewProxy(t)
	st := proxy.Store(t)
	proxy.Cut() // drops the pooled connection: the ping opens one
	proxy.Restore(t)
	proxy.HoldAfterHandshake()
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	err := st.Ping(ctx)
	cancel()
	if code := apperr.CodeOf(err); code == "" || code == apperr.ServiceUnavailable {
		t.Fatalf("a ping that Neo4j shook hands with and did not answer: %v (%q), want TIMEOUT or DATABASE_BUSY", err, code)
	}
	answered := make(chan error, 1)
	go func() { answered <- readOne(st, context.Background(), time.Minute) }()
	proxy.Release()
	if err := <-answered; err != nil {
		t.Fatalf("a read after the slow ping: %v (%s)", err, apperr.CodeOf(err))
	}
}

// Neo4j gone (connections refused) switches the outage on: reads and writes fail at once.
// When it comes back slow, the probe takes a handshake without an answer in its time for
// Neo4j there: requests are no longer refused but wait within their deadlines, and
// answer once Neo4j does.
func TestNeo4jBackButSlowIsNoLongerRefused(t *testing.T) {
	storetest.New(t)
	proxy := storetest.NewProxy(t)
	st := proxy.Store(t)
	if err := readOne(st, context.Background(), time.Minute); err != nil {
		t.Fatal(err)
	}
	proxy.Cut()
	if err := readOne(st, context.Background(), time.Minute); apperr.CodeOf(err) != apperr.ServiceUnavailable {
		t.Fatalf("a read with Neo4j gone: %v, want SERVICE_UNAVAILABLE", err)
	}
	if !st.Down() {
		t.Fatal("Neo4j gone, the store does not know")
	}
	// Known gone: reads and writes are refused before any statement is sent.
	ctx, trips := store.WithRoundTrips(context.Background())
	if err := readOne(st, ctx, time.Minute); apperr.CodeOf(err) != apperr.ServiceUnavailable {
		t.Errorf("a read with Neo4j known gone: %v", err)
	}
	if _, err := st.Apply(ctx, tinyBatch(), store.ApplyOptions{}); apperr.CodeOf(err) != apperr.ServiceUnavailable {
		t.Errorf("a write with Neo4j known gone: %v", err)
	}
	if n := trips.Load(); n != 0 {
		t.Errorf("%d statements sent with Neo4j known gone, want none", n)
	}
	proxy.HoldAfterHandshake()
	proxy.Restore(t)
	for deadline := time.Now().Add(time.Minute); ; time.Sleep(100 * time.Millisecond) {
		err := readOne(st, context.Background(), time.Second)
		if apperr.CodeOf(err) != apperr.ServiceUnavailable {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("a minute after Neo4j came back (slow), reads are still refused: %v", err)
		}
	}
	proxy.Release()
	if err := readOne(st, context.Background(), time.Minute); err != nil {
		t.Fatalf("Neo4j back and answering: %v", err)
	}
}

// A request cancelled while its statement runs (its client went away) is a TIMEOUT
// ("cancelled"), not an INTERNAL error, and Neo4j is not taken for gone.
func TestCancelledReadIsNotAnInternalError(t *testing.T) {
	storetest.New(t)
	proxy := storetest.NewProxy(t)
	st := proxy.Store(t)
	proxy.Hold()
	defer proxy.Release()
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- readOne(st, ctx, time.Minute) }()
	time.Sleep(time.Second) // the statement is sent and held (if not yet, the test proves less, never fails)
	cancel()
	err := <-done
	if apperr.CodeOf(err) != apperr.Timeout {
		t.Errorf("a read whose context was cancelled: %v (%s), want TIMEOUT", err, apperr.CodeOf(err))
	}
	if st.Down() {
		t.Error("a cancelled read took Neo4j for gone")
	}
}

// A deadlock is Neo4j's answer under load: DATABASE_BUSY (retry shortly), and the store
// does not take Neo4j for gone (a transient error was SERVICE_UNAVAILABLE and refused
// every request until the probe's next round).
func TestDeadlockIsLoadNotAnOutage(t *testing.T) {
	st, driver := storetest.NewWithDriver(t)
	storetest.Query(t, driver, "CREATE (:LockTest {id: 'a'}), (:LockTest {id: 'b'})", nil)
	ctx := context.Background()
	type txn struct {
		s  neo4j.SessionWithContext
		tx neo4j.ExplicitTransaction
	}
	begin := func() txn {
		s := driver.NewSession(ctx, neo4j.SessionConfig{DatabaseName: storetest.Database})
		tx, err := s.BeginTransaction(ctx)
		if err != nil {
			t.Fatal(err)
		}
		return txn{s, tx}
	}
	lock := func(x txn, id string) error {
		res, err := x.tx.Run(ctx, "MATCH (n:LockTest {id: $id}) SET n.x = 1", map[string]any{"id": id})
		if err == nil {
			_, err = res.Consume(ctx)
		}
		return err
	}
	txs := []txn{begin(), begin()}
	if err := lock(txs[0], "a"); err != nil {
		t.Fatal(err)
	}
	if err := lock(txs[1], "b"); err != nil {
		t.Fatal(err)
	}
	type outcome struct {
		i   int
		err error
	}
	done := make(chan outcome, 2)
	go func() { done <- outcome{0, lock(txs[0], "b")} }()
	go func() { done <- outcome{1, lock(txs[1], "a")} }()
	end := func(x txn) {
		_ = x.tx.Rollback(ctx)
		_ = x.s.Close(ctx)
	}
	// The victim's locks are released when Neo4j detects the deadlock or when its
	// transaction ends: either outcome can come first.
	var deadlock error
	for range 2 {
		select {
		case o := <-done:
			if o.err != nil {
				deadlock = o.err
				end(txs[o.i])
			}
		case <-time.After(time.Minute):
			t.Fatal("no deadlock detected in a minute")
		}
	}
	for _, x := range txs {
		end(x)
	}
	var neoErr *neo4j.Neo4jError
	if !errors.As(deadlock, &neoErr) || neoErr.Code != "Neo.TransientError.Transaction.DeadlockDetected" {
		t.Fatalf("no deadlock: %v", deadlock)
	}
	err := store.Observe(st, store.Translate(deadlock))
	if apperr.CodeOf(err) != apperr.DatabaseBusy {
		t.Errorf("a deadlock is %s (%v), want DATABASE_BUSY", apperr.CodeOf(err), err)
	}
	if st.Down() {
		t.Error("a deadlock took Neo4j for gone")
	}
}
