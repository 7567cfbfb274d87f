package main

import (
	"context"
	"io"

	"github.com/mineralgraph/mineralgraph/graph/store"
	"github.com/mineralgraph/mineralgraph/seed"
)

// seedCommand runs `mineralgraph seed [--dry-run] [--replace] [--data DIR]`; Neo4j is
// reached only when something is to be written.
func seedCommand(ctx context.Context, cfg Config, args []string, out io.Writer) error {
	return seed.Run(ctx, args, out, func(fn func(*store.Store) error) error {
		return withStore(ctx, cfg, fn)
	})
}
