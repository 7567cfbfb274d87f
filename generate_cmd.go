package main

import (
	"context"
	"io"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"github.com/mineralgraph/mineralgraph/bench/synth"
	"github.com/mineralgraph/mineralgraph/graph/store"
)

// generateCommand runs `mineralgraph generate --scale N [--seed S]`: a deterministic
// synthetic graph for benchmarks, written through the store's write path (bench/synth).
func generateCommand(ctx context.Context, cfg Config, args []string, out io.Writer) error {
	return synth.Run(ctx, args, out, func(fn func(*store.Store, neo4j.DriverWithContext) error) error {
		driver, err := connect(ctx, cfg)
		if err != nil {
			return err
		}
		defer driver.Close(context.Background())
		return fn(store.New(driver, cfg.Neo4jDatabase), driver)
	})
}
