package store

import (
	"context"
	"sync/atomic"
	"time"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"
	"github.com/prometheus/client_golang/prometheus"
)

// RoundTrips counts the Cypher statements sent to Neo4j for one GraphQL operation; the
// count must grow with the depth of a query, never with the size of its results.
type RoundTrips struct{ n atomic.Int64 }

// Load returns the count so far.
func (r *RoundTrips) Load() int64 { return r.n.Load() }

type roundTripsKey struct{}

// WithRoundTrips returns a context whose store calls are counted in the returned counter.
func WithRoundTrips(ctx context.Context) (context.Context, *RoundTrips) {
	r := &RoundTrips{}
	return context.WithValue(ctx, roundTripsKey{}, r), r
}

// RoundTripsTotal counts every Cypher statement the process sends, for /metrics.
var RoundTripsTotal = prometheus.NewCounter(prometheus.CounterOpts{
	Name: "mineralgraph_cypher_round_trips_total",
	Help: "Cypher statements sent to Neo4j.",
})

func countRoundTrip(ctx context.Context) {
	RoundTripsTotal.Inc()
	if r, ok := ctx.Value(roundTripsKey{}).(*RoundTrips); ok {
		r.n.Add(1)
	}
}

// txTimeout gives Neo4j what remains of the request's deadline, so a runaway statement
// is stopped in the database and not only abandoned by the client.
func txTimeout(ctx context.Context) []func(*neo4j.TransactionConfig) {
	deadline, ok := ctx.Deadline()
	if !ok {
		return nil
	}
	return []func(*neo4j.TransactionConfig){neo4j.WithTxTimeout(max(time.Until(deadline), time.Millisecond))}
}
