// Package seedtest gives tests the embedded seed data set in the test Neo4j, loaded once
// and shared by every test that only reads it (see storetest.Seeded).
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
	ds, problems := seed.LoadEmbedded()
	for _, p := range problems {
		t.Error(p)
	}
	if len(problems) > 0 {
		t.Fatalf("the embedded data set has %d problems", len(problems))
	}
	batch := ds.Batch()
	// The name carries a digest of the data: a test database kept across runs that holds
	// an older data set is not taken for this one.
	b, err := json.Marshal(batch)
	if err != nil {
		t.Fatal(err)
	}
	sum := sha256.Sum256(b)
	name := "embedded seed data set " + hex.EncodeToString(sum[:8])
	return storetest.Seeded(t, name, func(ctx context.Context, s *store.Store) error {
		if _, err := s.Apply(ctx, batch, store.ApplyOptions{}); err != nil {
			return fmt.Errorf("seed: %w", err)
		}
		return nil
	})
}
