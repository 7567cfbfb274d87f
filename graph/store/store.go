// Package store is the only place that speaks Cypher: queries, mapping of records to
// model types, and translation of driver errors into application errors.
package store

import (
	"context"
	"sync/atomic"
	"time"

	"github.com/mineralgraph/mineralgraph/graph/apperr"
	"github.com/neo4j/neo4j-go-driver/v5/neo4j"
)

// Store reads and writes the knowledge graph in one Neo4j database.
type Store struct {
	driver   neo4j.DriverWithContext
	database string

	// down is set when Neo4j stopped answering: requests then fail at once with
	// SERVICE_UNAVAILABLE instead of each waiting out the driver's retries, while one
	// probe watches for Neo4j to come back and clears it, with no restart.
	down    atomic.Bool
	probing atomic.Bool
	closed  chan struct{}

	calls gate // the process's bound on concurrent calls, see SetCallLimit

	stats statsCache // the graph statistics of the cost estimate (stats.go)

	version versionState // the data version for caches of answers (version.go)

	compiles atomic.Pointer[compileCache] // compiled read statements (compile_cache.go); nil: none
}

// New returns a Store on an already verified driver.
func New(driver neo4j.DriverWithContext, database string) *Store {
	s := &Store{driver: driver, database: database, closed: make(chan struct{})}
	s.SetCompileCache(DefaultCompileCacheBytes)
	return s
}

// Close stops the store's background probe; the caller closes the driver.
func (s *Store) Close() {
	select {
	case <-s.closed:
	default:
		close(s.closed)
	}
}

const probeInterval = 500 * time.Millisecond

// unavailable is the error of a request made while Neo4j is known to be away.
func (s *Store) unavailable() error {
	if s.down.Load() {
		return &apperr.Error{Code: apperr.ServiceUnavailable, Message: "the database is unavailable"}
	}
	return nil
}

// observe looks at the outcome of a call: a connectivity failure marks Neo4j as away.
func (s *Store) observe(err error) error {
	if apperr.CodeOf(err) == apperr.ServiceUnavailable && s.down.CompareAndSwap(false, true) && s.probing.CompareAndSwap(false, true) {
		go s.probe()
	}
	return err
}

func (s *Store) probe() {
	defer s.probing.Store(false)
	for {
		select {
		case <-s.closed:
			return
		case <-time.After(probeInterval):
		}
		ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
		err := s.driver.VerifyConnectivity(ctx)
		cancel()
		if err == nil {
			s.down.Store(false)
			return
		}
	}
}
