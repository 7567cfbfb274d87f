// Package store is the only place that speaks Cypher: queries, mapping of records to
// model types, and translation of driver errors into application errors.
package store

import (
	"sync/atomic"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"github.com/mineralgraph/mineralgraph/internal/bolt"
)

// Store reads and writes the knowledge graph in one Neo4j database.
type Store struct {
	driver   neo4j.DriverWithContext
	database string
	bolt     *bolt.Client // the reads' own client, nil: reads go through the driver (read.go)

	outage outage // Neo4j known to be gone: calls fail at once (outage.go)
	closed chan struct{}

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

// Close stops the store's background probe and closes its Bolt client's idle
// connections; the caller closes the driver.
func (s *Store) Close() {
	select {
	case <-s.closed:
	default:
		close(s.closed)
		if s.bolt != nil {
			s.bolt.Close()
		}
	}
}
