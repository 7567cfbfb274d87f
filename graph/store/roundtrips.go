package store

import (
	"context"
	"sync/atomic"

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
