// Command synthgraph writes the benchmark's deterministic synthetic graph (bench/synth)
// into Neo4j through the store's write path:
//
//	go run ./bench/cmd/synthgraph --scale 10 --wipe     # NEO4J_URI etc. as for mineralgraph
//
// It lives under bench/ so that the production binary does not carry the generator.
package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"os/signal"
	"runtime/debug"
	"syscall"
	"time"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"github.com/mineralgraph/mineralgraph/bench/synth"
	"github.com/mineralgraph/mineralgraph/graph/store"
)

// loadGCPercent is the command's GOGC unless the environment sets one. A bulk load keeps
// the internal id of every node it wrote (store.BulkLoad), which
// each collection marks again, while every batch's rows are allocated anew: at Go's
// default GOGC=100 the collector took about a fifth of the client's CPU (profiled at
// scale 30), which the load's two cores share with Neo4j.
const loadGCPercent = 400

func main() {
	loadGC(os.Getenv)
	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGINT, syscall.SIGTERM)
	err := run(ctx, os.Args[1:], os.Getenv, os.Stdout)
	stop()
	if err != nil {
		fmt.Fprintln(os.Stderr, "synthgraph:", err)
		os.Exit(1)
	}
}

// loadGC sets loadGCPercent unless GOGC is set (Go reads that one itself).
func loadGC(getenv func(string) string) {
	if getenv("GOGC") == "" {
		debug.SetGCPercent(loadGCPercent)
	}
}

// run reads the connection from the same variables as mineralgraph (NEO4J_URI,
// NEO4J_USERNAME, NEO4J_PASSWORD, NEO4J_DATABASE), with the same defaults; the
// connection is only opened when something is to be written (not for --dry-run or -h).
func run(ctx context.Context, args []string, getenv func(string) string, out io.Writer) error {
	env := func(k, def string) string {
		if v := getenv(k); v != "" {
			return v
		}
		return def
	}
	return synth.Run(ctx, args, out, func(fn func(*store.Store, neo4j.DriverWithContext) error) error {
		driver, err := store.Connect(ctx, env("NEO4J_URI", "bolt://127.0.0.1:7687"), env("NEO4J_USERNAME", "neo4j"),
			getenv("NEO4J_PASSWORD"), 30*time.Second)
		if err != nil {
			return err
		}
		defer driver.Close(context.Background())
		return fn(store.New(driver, env("NEO4J_DATABASE", "neo4j")), driver)
	})
}
