package httpapi

import (
	"time"

	"github.com/mineralgraph/mineralgraph/graph/store"
	"github.com/mineralgraph/mineralgraph/httpapi/auth"
)

// Options configure the HTTP layer; package main reads them from the environment.
type Options struct {
	CORSAllowedOrigins []string
	Debug              bool
	Introspection      bool
	APIKeys            []auth.Key
	Limits             Limits
	Cache              Cache
}

// Cache tunes the cache of read answers and of persisted queries (cache.go, apq.go).
type Cache struct {
	Bytes      int64         // most bytes of cached answers; 0 turns the cache off
	MaxAge     time.Duration // how long an answer is kept at most, for writes made outside the API
	VersionLag time.Duration // how long another instance's write may go unseen
	APQBytes   int64         // most bytes of persisted query documents
	// CompileBytes bounds the compiled read statements the store keeps, by shape of
	// input (graph/store/compile_cache.go); 0 compiles every statement.
	CompileBytes int64
}

// Limits hold by default; each refusal is a coded error.
type Limits struct {
	RequestTimeout   time.Duration // also the Neo4j transaction timeout
	MaxDepth         int
	MaxComplexity    int
	StatsRefresh     time.Duration // how old the cost estimate's graph statistics may get
	StatsFullRefresh time.Duration // how long their degrees are kept while no count changes
	MaxBodyBytes     int64
	MaxTokens        int
	MaxRootFields    int // root fields (aliases included) of one operation
	MaxSelections    int // fields of one selection set, fragments spread, checked before validation
	MaxErrors        int // errors returned in one response; the rest are counted
	CallsPerRequest  int // database calls of one request running at once
	CallsTotal       int // database calls of the process running at once (below the pool of 100)
	ClientRequests   int // requests of one client address running at once
}

// Defaults are the options of an empty environment; package main documents each one
// beside its variable, and its tests check the two agree.
func Defaults() Options {
	return Options{
		CORSAllowedOrigins: []string{"http://localhost:8080", "http://127.0.0.1:8080"},
		Introspection:      true,
		Limits: Limits{
			RequestTimeout:   10 * time.Second,
			MaxDepth:         10,
			MaxComplexity:    200000,
			StatsRefresh:     30 * time.Second,
			StatsFullRefresh: 10 * time.Minute,
			MaxBodyBytes:     1 << 20,
			MaxTokens:        10000,
			MaxRootFields:    20,
			MaxSelections:    100,
			MaxErrors:        20,
			CallsPerRequest:  4,
			CallsTotal:       64,
			ClientRequests:   4,
		},
		Cache: Cache{Bytes: 64 << 20, MaxAge: time.Minute, VersionLag: time.Second, APQBytes: 8 << 20, CompileBytes: store.DefaultCompileCacheBytes},
	}
}
