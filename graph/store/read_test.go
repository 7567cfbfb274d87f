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

// A read runs as an auto-commit transaction, which the driver does not retry. After
// Neo4j dropped the pooled connections (as a restart does), the first read finds its
// connection dead: it must still answer, run again on a fresh connection, as the
// driver's managed transactions did.
// With a deadline the read goes through the store's own Bolt client, whose dead
// connection hands it to the driver; without one, straight to the driver.
func TestReadAfterDroppedConnections(t *testing.T) {
	storetest.New(t) // holds the test database
	t.Run("deadline", func(t *testing.T) {
		ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
		defer cancel()
		readAfterDroppedConnections(t, ctx)
	})
	t.Run("no deadline", func(t *testing.T) { readAfterDroppedConnections(t, context.Background()) })
}

func readAfterDroppedConnections(t *testing.T, ctx context.Context) {
	proxy := storetest.NewProxy(t)
	st := proxy.Store(t)
	read := func() error {
		res, err := store.Read(st, ctx, "UNWIND range(1, $n) AS x RETURN x", map[string]any{"n": 3})
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
	if _, hasDeadline := ctx.Deadline(); hasDeadline {
		if _, err := store.LeanRead(st, ctx, "RETURN 1 AS one", nil); err != nil {
			t.Fatalf("the store's own Bolt client: %v", err) // the server's reads take this way
		}
	}
	proxy.Cut()
	proxy.Restore(t)
	if err := read(); err != nil {
		t.Fatalf("the first read after the connections were dropped: %v", err)
	}
}

// A read behind a connection that stopped forwarding (a stalled network, a proxy that
// hangs) ends at the request's deadline with a TIMEOUT, whether its statement fits in
// the socket's buffers or not (a read that wrote directly, without the driver's race
// against the deadline, hung on the large one: bench/results/profile.md, 2026-12-06).
func TestReadOnAHeldConnectionEndsAtTheDeadline(t *testing.T) {
	storetest.New(t) // holds the test database
	for name, param := range map[string]string{"small": "x", "larger than the socket buffers": strings.Repeat("x", 32<<20)} {
		t.Run(name, func(t *testing.T) {
			proxy := storetest.NewProxy(t)
			st := proxy.Store(t)
			if _, err := store.Read(st, context.Background(), "RETURN 1 AS one", nil); err != nil {
				t.Fatal(err) // a pooled connection, past the handshake
			}
			proxy.Hold()
			ctx, cancel := context.WithTimeout(context.Background(), time.Second)
			defer cancel()
			start := time.Now()
			done := make(chan error, 1)
			go func() {
				_, err := store.Read(st, ctx, "RETURN size($p) AS n", map[string]any{"p": param})
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
		})
	}
}
