package httpapi

import (
	"context"
	"encoding/json"
	"testing"
	"time"

	"github.com/99designs/gqlgen/graphql"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/vektah/gqlparser/v2/gqlerror"

	"github.com/mineralgraph/mineralgraph/graph/store"
)

func flightCache() *responseCache {
	return &responseCache{flights: map[string]*flight{}, waiting: prometheus.NewGauge(prometheus.GaugeOpts{Name: "w"}),
		answers: newSizedLRU(1<<20, func(b []byte) int { return len(b) }, nil)}
}

// The flight's bookkeeping, without Neo4j: a leader that panics or answers with an
// error releases its waiters with nothing to share and keeps nothing; one that
// answers completely hands its answer over and keeps it.
func TestFlightLanding(t *testing.T) {
	v := store.Version{Epoch: "e", N: 1}
	for _, c := range []struct {
		name  string
		next  graphql.ResponseHandler
		share string
	}{
		{"panic", func(context.Context) *graphql.Response { panic("boom") }, ""},
		{"error", func(context.Context) *graphql.Response {
			return &graphql.Response{Data: json.RawMessage(`{"a":null}`), Errors: gqlerror.List{{Message: "x"}}}
		}, ""},
		{"nil", func(context.Context) *graphql.Response { return nil }, ""},
		{"complete", func(context.Context) *graphql.Response { return &graphql.Response{Data: json.RawMessage(`{"a":1}`)} }, `{"a":1}`},
	} {
		t.Run(c.name, func(t *testing.T) {
			rc := flightCache()
			_, f, leader := rc.lookup(v, "k")
			_, g, second := rc.lookup(v, "k")
			if !leader || second || g != f {
				t.Fatalf("leader %v, second leader %v, same flight %v", leader, second, g == f)
			}
			got := make(chan json.RawMessage, 1)
			go func() { got <- rc.wait(context.Background(), g) }()
			func() {
				defer func() { _ = recover() }()
				rc.lead(context.Background(), v, "k", f, c.next)
			}()
			select {
			case data := <-got:
				if string(data) != c.share {
					t.Errorf("the waiter got %q, want %q", data, c.share)
				}
			case <-time.After(5 * time.Second):
				t.Fatal("the waiter is still waiting")
			}
			data, _, leads := rc.lookup(v, "k")
			if string(data) != c.share || leads != (c.share == "") {
				t.Errorf("the next lookup: %q, leader %v", data, leads)
			}
		})
	}
}

// A waiter whose context ends stops waiting at once, with nothing.
func TestFlightWaiterContext(t *testing.T) {
	rc := flightCache()
	_, f, _ := rc.lookup(store.Version{Epoch: "e", N: 1}, "k")
	ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel()
	if data := rc.wait(ctx, f); data != nil {
		t.Errorf("got %s", data)
	}
	if n := len(rc.flights); n != 1 {
		t.Errorf("%d flights: the leader's must stay until it lands", n)
	}
}
