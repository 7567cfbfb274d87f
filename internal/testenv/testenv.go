// Package testenv is the one harness of the integration tests: the API (httpapi.New)
// over a real Neo4j (or over one that is away), one way to send it a request, one
// recorder of what it logs, and one check that an answer shows no internals.
//
// The seeded servers share one read-only database with every other test of the
// module (seedtest), so a test that writes takes Empty, a database of its own.
package testenv

import (
	"log/slog"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"github.com/mineralgraph/mineralgraph/graph/store"
	"github.com/mineralgraph/mineralgraph/graph/store/storetest"
	"github.com/mineralgraph/mineralgraph/httpapi"
	"github.com/mineralgraph/mineralgraph/httpapi/auth"
	"github.com/mineralgraph/mineralgraph/seed/seedtest"
)

// Server is the API over one store.
type Server struct {
	Handler http.Handler
	Store   *store.Store
	Driver  neo4j.DriverWithContext // for assertions in Cypher; nil over a dead store
	Options httpapi.Options
	Logs    *Logs  // what the server logged at level WARN and above
	Key     string // the secret of the write key, when one is configured (WithKey)
}

// Option changes the options of a server before it is built.
type Option func(*setup)

type setup struct {
	opts    httpapi.Options
	keyName string
}

// Tune changes the HTTP layer's options (limits, debug, introspection).
func Tune(f func(*httpapi.Options)) Option { return func(s *setup) { f(&s.opts) } }

// Patient gives a request a minute instead of the production default of 10 s: what the
// tests that check answers need on a busy machine.
func Patient() Option {
	return Tune(func(o *httpapi.Options) { o.Limits.RequestTimeout = time.Minute })
}

// Debug adds the Cypher round trips to each response's extensions.
func Debug() Option { return Tune(func(o *httpapi.Options) { o.Debug = true }) }

// WithKey configures one write key named name; its secret is Server.Key.
func WithKey(name string) Option { return func(s *setup) { s.keyName = name } }

// Seeded is the API over the shared read-only database holding the embedded seed data set.
func Seeded(t testing.TB, opts ...Option) *Server {
	t.Helper()
	st, driver := seedtest.Store(t)
	return Over(t, st, driver, opts...)
}

// Full is the API over the shared read-only database holding the seed data set and the
// USGS releases: the graph `make run` serves.
func Full(t testing.TB, opts ...Option) *Server {
	t.Helper()
	st, driver := seedtest.Full(t)
	return Over(t, st, driver, opts...)
}

// Empty is the API over an empty test database of its own, for tests that write. A
// request has a minute (Patient; opts may say otherwise): the first writes into a fresh database
// plan every statement of the write path, which took over the production default of 10 s
// on a busy machine (make test, 2026-12-07).
func Empty(t testing.TB, opts ...Option) *Server {
	t.Helper()
	st, driver := storetest.NewWithDriver(t)
	return Over(t, st, driver, append([]Option{Patient()}, opts...)...)
}

// Dead is the API over a store whose Neo4j is away (nothing listens on its port). It
// needs no database, so tests on it run under -short too.
func Dead(t testing.TB, opts ...Option) *Server {
	t.Helper()
	return Over(t, storetest.Dead(t), nil, opts...)
}

// Over is the API over st, built with the default options (those of an empty
// environment) changed by opts.
func Over(t testing.TB, st *store.Store, driver neo4j.DriverWithContext, opts ...Option) *Server {
	t.Helper()
	s := setup{opts: httpapi.Defaults()}
	for _, o := range opts {
		o(&s)
	}
	srv := &Server{Store: st, Driver: driver, Logs: &Logs{}}
	if s.keyName != "" {
		secret, entry, err := auth.NewKey(s.keyName)
		if err != nil {
			t.Fatal(err)
		}
		keys, err := auth.ParseKeys(strings.NewReader(entry))
		if err != nil {
			t.Fatal(err)
		}
		s.opts.APIKeys, srv.Key = append(s.opts.APIKeys, keys...), secret
	}
	srv.Options = s.opts
	srv.Handler = httpapi.New(s.opts, st, slog.New(srv.Logs))
	return srv
}

// Totals counts the nodes and relationships of the server's database.
func (s *Server) Totals(t testing.TB) (nodes, relations int) {
	t.Helper()
	return storetest.Totals(t, s.Driver)
}
