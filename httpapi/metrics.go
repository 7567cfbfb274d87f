package httpapi

import (
	"context"

	"github.com/99designs/gqlgen/graphql"
	"github.com/prometheus/client_golang/prometheus"

	"github.com/mineralgraph/mineralgraph/graph/store"
)

// roundTripsPerOperation shows whether round trips stay bounded as results grow.
var roundTripsPerOperation = prometheus.NewHistogram(prometheus.HistogramOpts{
	Name:    "mineralgraph_cypher_round_trips_per_operation",
	Help:    "Cypher statements sent to Neo4j per GraphQL operation.",
	Buckets: []float64{0, 1, 2, 3, 5, 8, 13, 21, 34},
})

func newRegistry() *prometheus.Registry {
	reg := prometheus.NewRegistry()
	reg.MustRegister(store.RoundTripsTotal, store.CompileCacheTotal, roundTripsPerOperation, store.CallsInFlight, store.ReadsViaDriverTotal, clientRequestsRefused,
		prometheus.NewGoCollector(), prometheus.NewProcessCollector(prometheus.ProcessCollectorOpts{}))
	return reg
}

// roundTripCounter counts the Cypher round trips of each operation; with debug on, the
// count is returned in the response's extensions as `cypherRoundTrips`.
type roundTripCounter struct{ debug bool }

var _ interface {
	graphql.HandlerExtension
	graphql.OperationInterceptor
} = roundTripCounter{}

func (roundTripCounter) ExtensionName() string                          { return "CypherRoundTrips" }
func (roundTripCounter) Validate(schema graphql.ExecutableSchema) error { return nil }

func (c roundTripCounter) InterceptOperation(ctx context.Context, next graphql.OperationHandler) graphql.ResponseHandler {
	ctx, counter := store.WithRoundTrips(ctx)
	handle := next(ctx)
	return func(ctx context.Context) *graphql.Response {
		resp := handle(ctx)
		if resp == nil {
			return nil
		}
		roundTripsPerOperation.Observe(float64(counter.Load()))
		if c.debug {
			if resp.Extensions == nil {
				resp.Extensions = map[string]any{}
			}
			resp.Extensions["cypherRoundTrips"] = counter.Load()
		}
		return resp
	}
}
