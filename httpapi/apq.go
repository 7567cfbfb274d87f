package httpapi

import (
	"context"

	"github.com/99designs/gqlgen/graphql"
)

// apqCache keeps the documents of automatic persisted queries (gqlgen's extension):
// a client sends a document's SHA-256 with it once, then the hash alone. Documents can
// be as long as a request body, so the cache is bounded by bytes, not by entries.
type apqCache struct{ lru *sizedLRU[string] }

var _ graphql.Cache[string] = apqCache{}

func newAPQCache(bytes int64) apqCache {
	return apqCache{lru: newSizedLRU(bytes, func(s string) int { return len(s) }, nil)}
}

func (a apqCache) Get(_ context.Context, hash string) (string, bool) { return a.lru.get(hash, 0) }
func (a apqCache) Add(_ context.Context, hash, query string)         { a.lru.add(hash, query) }
