// Package seedtest gives tests the embedded seed data set (Store), or it and the USGS
// releases (Full), in the test Neo4j, loaded once and shared by every test that only
// reads it (see storetest.Seeded).
package seedtest

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"testing"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"github.com/mineralgraph/mineralgraph/graph/store"
	"github.com/mineralgraph/mineralgraph/graph/store/storetest"
	"github.com/mineralgraph/mineralgraph/seed"
)

// Store returns a Store on the test database holding the embedded seed data set, and the
// driver for assertions in Cypher. The test must not write (use storetest.New for that).
func Store(t testing.TB) (*store.Store, neo4j.DriverWithContext) {
	t.Helper()
	return shared(t, "embedded seed data set", embedded(t))
}

// Full is Store with the USGS data releases loaded beside the data set: the graph
// `make run` serves. Loading it takes tens of seconds, so only the tests that read the
// USGS figures take it.
func Full(t testing.TB) (*store.Store, neo4j.DriverWithContext) {
	t.Helper()
	batch := embedded(t)
	load, problems := seed.LoadUSGS(seed.EmbeddedUSGSReleases())
	for _, p := range problems {
		t.Error(p)
	}
	if len(problems) > 0 {
		t.Fatalf("the embedded USGS releases have %d problems", len(problems))
	}
	batch.Nodes = append(batch.Nodes, load.Batch.Nodes...)
	batch.Relations = append(batch.Relations, load.Batch.Relations...)
	return shared(t, "embedded seed data set and USGS releases", batch)
}

func embedded(t testing.TB) store.Batch {
	t.Helper()
	ds, problems := seed.LoadEmbedded()
	for _, p := range problems {
		t.Error(p)
	}
	if len(problems) > 0 {
		t.Fatalf("the embedded data set has %d problems", len(problems))
	}
	return ds.Batch()
}

// shared loads batch as the shared fixture called title, unless the database holds it.
func shared(t testing.TB, title string, batch store.Batch) (*store.Store, neo4j.DriverWithContext) {
	t.Helper()
	// The name carries a digest of the data: a test database kept across runs that holds
	// an older data set is not taken for this one.
	b, err := json.Marshal(batch)
	if err != nil {
		t.Fatal(err)
	}
	sum := sha256.Sum256(b)
	name := title + " " + hex.EncodeToString(sum[:8])
	return storetest.Seeded(t, name, func(ctx context.Context, s *store.Store) error {
		if _, err := s.Apply(ctx, batch, store.ApplyOptions{}); err != nil {
			return fmt.Errorf("seed: %w", err)
		}
		return nil
	})
}
