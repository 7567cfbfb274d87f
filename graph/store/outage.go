package store

import (
	"context"
	"sync"
	"sync/atomic"
	"time"

	"github.com/mineralgraph/mineralgraph/graph/apperr"
)

// The outage switch. Neo4j is taken for gone only on proof of absence: a connection
// refused, reset or closed after the driver's retries, i.e. an error translate codes
// SERVICE_UNAVAILABLE. Calls then fail at once instead of each waiting out the driver's
// retries, while one probe watches for Neo4j to come back. A call that found Neo4j slow
// (its deadline passed, no answer within a timeout, no pooled connection free) or that
// Neo4j answered with an error fails alone: on a starved machine a slow Neo4j declared
// gone refused every request until a probe got through.

// outage is the switch; down is read by every call without the lock.
type outage struct {
	down    atomic.Bool
	mu      sync.Mutex
	probing bool // a probe runs; changed with down under mu, so a probe is never lost
}

const (
	probeInterval = 500 * time.Millisecond
	probeTimeout  = 2 * time.Second // a probe without an answer by then found Neo4j there, slow
)

// unavailable is the error of a call made while Neo4j is known to be gone.
func (s *Store) unavailable() error {
	if s.outage.down.Load() {
		return &apperr.Error{Code: apperr.ServiceUnavailable, Message: "the database is unavailable"}
	}
	return nil
}

// observe looks at the outcome of a call: an error showing Neo4j gone switches the
// outage on.
func (s *Store) observe(err error) error {
	if apperr.CodeOf(err) != apperr.ServiceUnavailable {
		return err
	}
	o := &s.outage
	o.mu.Lock()
	defer o.mu.Unlock()
	o.down.Store(true)
	if !o.probing {
		o.probing = true
		go s.probe()
	}
	return err
}

// probe asks Neo4j until it is back: anything but proof of absence ends the outage,
// an answer or a slow one (the calls then wait within their own deadlines).
func (s *Store) probe() {
	for {
		select {
		case <-s.closed:
			return
		case <-time.After(probeInterval):
		}
		ctx, cancel := context.WithTimeout(context.Background(), probeTimeout)
		err := translate(s.driver.VerifyConnectivity(ctx))
		cancel()
		if apperr.CodeOf(err) != apperr.ServiceUnavailable {
			o := &s.outage
			o.mu.Lock()
			o.down.Store(false)
			o.probing = false
			o.mu.Unlock()
			return
		}
	}
}

// Ping asks Neo4j now; it backs /readyz. A SERVICE_UNAVAILABLE error means Neo4j is
// gone; a TIMEOUT or DATABASE_BUSY one that it is there but slow, which ends an outage
// as the probe's answer would.
func (s *Store) Ping(ctx context.Context) error {
	err := translate(s.driver.VerifyConnectivity(ctx))
	if apperr.CodeOf(err) != apperr.ServiceUnavailable {
		s.outage.down.Store(false)
	}
	return s.observe(err)
}
