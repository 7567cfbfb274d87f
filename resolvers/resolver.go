// Package resolvers translates GraphQL fields into store and loader calls; nothing else.
package resolvers

//go:generate go run github.com/mineralgraph/mineralgraph/graph/gen

import (
	"context"

	"github.com/mineralgraph/mineralgraph/graph/store"
)

// New returns the root resolver.
func New(st *store.Store, log logger) *Resolver { return &Resolver{Store: st, Logger: log} }

// Resolver holds the dependencies of every resolver: one per process.
type Resolver struct {
	Store  *store.Store
	Logger logger
}

// logger is the part of *slog.Logger the resolvers use (writes are logged).
type logger interface {
	InfoContext(ctx context.Context, msg string, args ...any)
}
