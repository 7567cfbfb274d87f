package store

import (
	"context"
	"fmt"
	"maps"
	"slices"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"
)

// fulltextIndex is the name of the full-text index over entity names, aliases and descriptions.
const fulltextIndex = "entity_text"

// schemaStatements returns the constraints and indexes the model needs, derived from
// the metadata: a uniqueness constraint on id per label, and indexes on the enum-typed
// and date properties that filters use. Every statement is idempotent.
func schemaStatements() []string {
	labels := map[string]bool{}
	indexed := map[string]bool{}
	relTypes := map[string]bool{}
	for _, t := range NodeTypes {
		for _, l := range t.Labels {
			labels[l] = true
		}
		for _, r := range t.Relations {
			relTypes[r.Type] = true
		}
		for _, p := range t.Properties {
			if indexedProperty(p) {
				indexed[t.Labels[0]+"."+p.Name] = true
			}
		}
	}
	var stmts []string
	for _, l := range slices.Sorted(maps.Keys(labels)) {
		stmts = append(stmts, fmt.Sprintf("CREATE CONSTRAINT %s_id IF NOT EXISTS FOR (n:%s) REQUIRE n.id IS UNIQUE", lower(l), quoteName(l)))
	}
	for _, key := range slices.Sorted(maps.Keys(indexed)) {
		label, prop := splitKey(key)
		stmts = append(stmts, fmt.Sprintf("CREATE INDEX %s_%s IF NOT EXISTS FOR (n:%s) ON (n.%s)", lower(label), lower(prop), quoteName(label), quoteName(prop)))
	}
	stmts = append(stmts, versionSchema, summarySchema) // version.go, summary.go
	stmts = append(stmts, importSummarySchema)          // summary_imports.go
	// The analytics read a metric's figures of one edition and year, and find the latest
	// edition and year in this index's order (see figuresIndex, the hint naming it).
	stmts = append(stmts, "CREATE INDEX measurement_figures IF NOT EXISTS FOR (n:Measurement) ON (n.metric, n.edition, n.year, n.name)")
	// The same at one stage (stagedFiguresIndex): a figure without a stage is not in it.
	stmts = append(stmts, "CREATE INDEX measurement_stage_figures IF NOT EXISTS FOR (n:Measurement) ON (n.metric, n.stage, n.edition, n.year, n.name)")
	stmts = append(stmts, fmt.Sprintf("CREATE FULLTEXT INDEX %s IF NOT EXISTS FOR (n:Entity) ON EACH [n.name, n.aliasText, n.description]", fulltextIndex))
	for _, rt := range slices.Sorted(maps.Keys(relTypes)) {
		stmts = append(stmts, fmt.Sprintf("CREATE INDEX rel_%s_id IF NOT EXISTS FOR ()-[r:%s]-() ON (r.id)", lower(rt), quoteName(rt)))
	}
	return stmts
}

// indexedProperty reports whether schemaStatements indexes p on its type's label (besides
// id's uniqueness constraint): the enum-typed, date and name properties filters use.
func indexedProperty(p Property) bool {
	_, isEnum := Enums[p.Type]
	return (isEnum || p.Type == "PartialDate" || p.Name == "name") && !p.List
}

// Migrate creates the constraints and indexes if they do not exist, waits for them to
// come online, then computes the supply and import-source summaries the database lacks
// (summary.go, summary_imports.go: a database written before they existed). It is safe to run at every start.
func (s *Store) Migrate(ctx context.Context) (int, error) {
	stmts := schemaStatements()
	if err := s.createSchema(ctx, stmts); err != nil {
		return 0, err
	}
	if _, err := neo4j.ExecuteQuery(ctx, s.driver, "CALL db.awaitIndexes(300)", nil, neo4j.EagerResultTransformer,
		neo4j.ExecuteQueryWithDatabase(s.database)); err != nil {
		return len(stmts), translate(err)
	}
	return len(stmts), s.buildSummaries(ctx)
}

// createSchema runs the schema statements in one transaction: Neo4j then fills the
// new indexes of a database that holds data in one pass over its store, not one per
// index (after the benchmark's bulk load, scale 10: 5.5-6.9 Neo4j CPU-s instead of
// 6.4-9.6, and less time). A constraint's index is filled and checked at the commit.
func (s *Store) createSchema(ctx context.Context, stmts []string) error {
	session := s.driver.NewSession(ctx, neo4j.SessionConfig{DatabaseName: s.database, AccessMode: neo4j.AccessModeWrite})
	defer session.Close(context.Background())
	_, err := neo4j.ExecuteWrite(ctx, session, func(tx neo4j.ManagedTransaction) (bool, error) {
		for _, stmt := range stmts {
			res, err := tx.Run(ctx, stmt, nil)
			if err != nil {
				return false, err
			}
			if _, err := res.Consume(ctx); err != nil {
				return false, err
			}
		}
		return true, nil
	})
	return translate(err)
}
