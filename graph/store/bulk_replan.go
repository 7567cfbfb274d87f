package store

import (
	"context"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"
)

// replanStatements make the plans after a bulk load fit the data loaded. Neo4j plans a
// statement on the indexes' samples and keeps the plan; an index created on an empty
// database, then filled by a load, keeps its empty sample until the background sampling
// (every 10 s) gets to it, and a statement planned meanwhile keeps a plan made for empty
// indexes. Measured right after `seed` into a fresh database: supply (lithium, mining)
// 32,704 db hits instead of 1,060 and the benchmark's hand-written concentration
// 1,183,128 instead of 61,633. db.prepareForReplanning resamples the outdated indexes,
// waits for the samples, then clears the query caches (0.1-1 s after the seed).
var replanStatements = []string{
	"CALL db.awaitIndexes(300)",
	"CALL db.prepareForReplanning(300)",
}

// Replan ends a bulk load (seed, import, the benchmark's generator): it waits for the
// indexes to be online and for fresh samples of those the load changed, then drops
// the cached plans, so that the next statements are planned on the data as loaded.
// db.prepareForReplanning needs an administrator, which every user of a Community
// edition is; elsewhere the error says so, and only the plans are at stake: the data
// is written.
func (s *Store) Replan(ctx context.Context) error {
	for _, stmt := range replanStatements {
		if _, err := neo4j.ExecuteQuery(ctx, s.driver, stmt, nil, neo4j.EagerResultTransformer,
			neo4j.ExecuteQueryWithDatabase(s.database)); err != nil {
			return translate(err)
		}
	}
	return nil
}
