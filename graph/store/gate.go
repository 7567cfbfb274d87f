package store

import (
	"context"
	"errors"
	"strings"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"
	"github.com/prometheus/client_golang/prometheus"

	"github.com/mineralgraph/mineralgraph/graph/apperr"
)

// gate is a counting semaphore; the zero capacity (nil channel) means no bound.
type gate chan struct{}

// enter waits for a slot until ctx ends; busy is the error when it ends first. A free
// slot is taken even when ctx has ended: the call then fails on its own deadline, not on
// the gate (a select of both picks either at random: a request whose deadline passed
// was told the server was at its limit of calls, with every slot free).
func (g gate) enter(ctx context.Context, busy func() *apperr.Error) error {
	if g == nil {
		return nil
	}
	select {
	case g <- struct{}{}:
		return nil
	default:
	}
	select {
	case g <- struct{}{}:
		return nil
	case <-ctx.Done():
		err := busy()
		err.Cause = ctx.Err()
		return err
	}
}

func (g gate) leave() {
	if g != nil {
		<-g
	}
}

type requestGateKey struct{}

// WithCallLimit bounds the store calls of one request that run at once: a document
// whose root fields gqlgen resolves concurrently waits its turn for a connection
// instead of taking the pool from every other request.
func WithCallLimit(ctx context.Context, n int) context.Context {
	return context.WithValue(ctx, requestGateKey{}, make(gate, n))
}

// SetCallLimit bounds the store calls running at once in the whole process. Keep it
// below the driver's pool size (100) so that writes and health probes find a
// connection, and so that a crowd of requests waits inside its deadlines instead of
// failing on the driver's acquisition timeout. Call it before serving.
func (s *Store) SetCallLimit(n int) {
	s.calls = make(gate, n)
}

// enter takes a slot of the request's bound, then one of the process's; the returned
// function gives both back.
func (s *Store) enter(ctx context.Context) (func(), error) {
	request, _ := ctx.Value(requestGateKey{}).(gate)
	if err := request.enter(ctx, func() *apperr.Error {
		return &apperr.Error{Code: apperr.Timeout, Message: "the request took longer than its deadline waiting for its earlier database calls"}
	}); err != nil {
		return nil, err
	}
	if err := s.calls.enter(ctx, busy); err != nil {
		request.leave()
		return nil, err
	}
	CallsInFlight.Inc()
	return func() { CallsInFlight.Dec(); s.calls.leave(); request.leave() }, nil
}

// CallsInFlight is the number of database calls (reads and writes) running, for /metrics: near
// STORE_CALLS_TOTAL, requests are waiting for their turn.
var CallsInFlight = prometheus.NewGauge(prometheus.GaugeOpts{
	Name: "mineralgraph_store_calls_in_flight",
	Help: "Database calls (reads and writes) running now (bounded by STORE_CALLS_TOTAL).",
})

// busy is the error of a call that found no free slot in time: the process is at its
// bound of concurrent calls, and the database itself is up.
func busy() *apperr.Error {
	return &apperr.Error{Code: apperr.DatabaseBusy, Message: "the server is at its limit of concurrent database calls; retry shortly"}
}

// poolExhausted tells the driver's "no connection free in the pool in time" apart
// from a database that is away: the first is load, not an outage. The driver's pool
// errors are internal types, known only by their text inside a ConnectivityError.
func poolExhausted(err error) bool {
	var conn *neo4j.ConnectivityError
	if errors.As(err, &conn) && conn.Inner != nil {
		err = conn.Inner
	}
	msg := err.Error() // wrapped or, where the driver did not wrap it, bare
	return strings.HasPrefix(msg, "Timeout while waiting for connection") || strings.HasPrefix(msg, "No idle connections")
}
