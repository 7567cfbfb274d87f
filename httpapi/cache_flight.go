package httpapi

import (
	"context"
	"encoding/json"

	"github.com/99designs/gqlgen/graphql"

	"github.com/mineralgraph/mineralgraph/graph/store"
)

// flight is one execution of a query that the cache did not hold: identical requests
// (the same cache key) arriving while it runs wait for its answer instead of sending
// the same statements to Neo4j again. Only a complete answer is handed over; without
// one (an error, the leader cancelled or past its deadline, a panic) each waiter
// executes the query itself, so no request ever receives another's error.
type flight struct {
	done chan struct{}   // closed when the leader is done
	data json.RawMessage // the leader's complete answer, nil when there is none to share; set before done is closed
}

// lookup returns the cached answer of key at version v; else the flight of an identical
// request running now, to wait for (leader false); else a new flight that the caller
// leads and must land (leader true). It holds the lock land holds: a request arriving
// as the leader lands finds its flight or the answer it kept, never a gap between them.
func (c *responseCache) lookup(v store.Version, key string) (data json.RawMessage, f *flight, leader bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	switch {
	case v == c.version:
		if data, ok := c.answers.get(key, c.maxAge); ok {
			return data, nil, false
		}
	case v.Epoch == c.version.Epoch && v.N < c.version.N:
		// A request that started before a write: not answered from the entries, which
		// are newer; identical requests of its version may still share its answer.
	default:
		c.version = v
		c.answers.clear()
	}
	if f := c.flights[key]; f != nil {
		return nil, f, false
	}
	f = &flight{done: make(chan struct{})}
	c.flights[key] = f
	return nil, f, true
}

// land ends the leader's flight: a complete answer (data not nil) is kept if v is still
// the entries' version and handed to the waiters; without one they execute themselves.
func (c *responseCache) land(v store.Version, key string, f *flight, data json.RawMessage) {
	var keep []byte
	if data != nil {
		keep = kept(data)
	}
	c.mu.Lock()
	if keep != nil && v == c.version {
		c.answers.add(key, keep)
	}
	delete(c.flights, key)
	c.mu.Unlock()
	f.data = data
	close(f.done)
}

// lead executes the query as the flight's leader. The flight is landed whatever
// happens, a panic included, so waiters are never left waiting past the leader.
func (c *responseCache) lead(ctx context.Context, v store.Version, key string, f *flight, next graphql.ResponseHandler) *graphql.Response {
	var shared json.RawMessage
	defer func() { c.land(v, key, f, shared) }()
	resp := next(ctx)
	if complete(ctx, resp) {
		shared = resp.Data
	}
	return resp
}

// wait returns the flight's answer; nil when the leader had none to share or ctx ended
// first (the waiter's own deadline, not the leader's, bounds its wait).
func (c *responseCache) wait(ctx context.Context, f *flight) json.RawMessage {
	c.waiting.Inc()
	defer c.waiting.Dec()
	select {
	case <-f.done:
		return f.data
	case <-ctx.Done():
		return nil
	}
}

// complete tells whether resp is an answer that may be kept and shared: data without
// errors, extensions or increments, computed before the request's deadline.
func complete(ctx context.Context, resp *graphql.Response) bool {
	return resp != nil && len(resp.Errors) == 0 && len(resp.Extensions) == 0 && resp.HasNext == nil && len(resp.Data) > 0 && ctx.Err() == nil
}
