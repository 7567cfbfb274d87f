package store

import (
	"context"
	"fmt"
	"slices"
	"time"

	"github.com/mineralgraph/mineralgraph/graph/apperr"
	"github.com/neo4j/neo4j-go-driver/v5/neo4j"
)

// CreateNew writes a batch whose nodes and relationships are all new to the database,
// for bulk loads into an empty database (the benchmark generator). It checks the batch
// exactly as Apply does (types, properties, provenance, relationship declarations) and
// stores the same properties, labels, ids and audit stamps, but creates instead of
// merging: no lookups of existing nodes, of conflicting labels or of stored
// properties, which make Apply three to four times slower per row. An id that already
// exists fails the transaction (uniqueness constraint), as does a relationship whose
// end is in neither the database nor the batch. Nothing is written on failure.
// opt.Replace is not supported.
func (s *Store) CreateNew(ctx context.Context, b Batch, opt ApplyOptions) (Summary, error) {
	return s.createNew(ctx, b, opt, true)
}

// CreateNewUnsummarised is CreateNew without the refresh of the supply summaries, for a
// load of many batches into an empty database that ends with Migrate, which builds
// every summary missing or incomplete, each once. Refreshing them batch by batch
// recomputes a key in every batch that adds to it and looks up every figure at an end
// of a batch's relationships: the benchmark's scale-100 load took 4m20s and 402 s of
// Neo4j's CPU with the refresh in each batch, 3m50s and 346 s before the summaries
// existed. Until that Migrate, concentration ranks on summaries that lack the load's
// figures.
func (s *Store) CreateNewUnsummarised(ctx context.Context, b Batch, opt ApplyOptions) (Summary, error) {
	return s.createNew(ctx, b, opt, false)
}

func (s *Store) createNew(ctx context.Context, b Batch, opt ApplyOptions, summarise bool) (Summary, error) {
	if opt.Replace {
		return Summary{}, apperr.Errorf(apperr.BadUserInput, "CreateNew cannot replace the graph")
	}
	p, err := prepare(b, false)
	if err != nil {
		return Summary{}, err
	}
	if opt.Writer == "" {
		opt.Writer = "internal"
	}
	audit := map[string]any{"writer": opt.Writer, "now": time.Now().UTC().Format(time.RFC3339)}
	touch := summaryTouch{}
	if summarise {
		if err := s.ensureSummarySchema(ctx); err != nil { // summary.go
			return Summary{}, err
		}
		touch = p.bulkTouch()
	}
	return s.writeTx(ctx, withSummaries(ctx, touch, func(tx neo4j.ManagedTransaction) (Summary, error) {
		var sum Summary
		if _, err := p.setEvidence(ctx, tx); err != nil { // a new database: nothing to refresh
			return sum, err
		}
		done := 0
		step := func(q string, rows []map[string]any) (int, error) {
			n, err := count(ctx, tx, q, withRows(audit, rows))
			if err != nil {
				return 0, err
			}
			done += len(rows)
			if opt.Progress != nil {
				opt.Progress(done, p.total)
			}
			return n, nil
		}
		for _, g := range p.nodes {
			q := createNodesQuery(g.t)
			for rows := range slices.Chunk(g.rows, bulkChunkSize) {
				n, err := step(q, rows)
				if err != nil {
					return sum, err
				}
				sum.NodesCreated += n
			}
		}
		for _, g := range p.rels {
			q := createRelsQuery(g)
			for rows := range slices.Chunk(g.rows, bulkChunkSize) {
				n, err := step(q, rows)
				if err != nil {
					return sum, err
				}
				if n != len(rows) {
					return sum, apperr.Errorf(apperr.BadUserInput, "%d %s relationships from %s to %s have an end that does not exist",
						len(rows)-n, g.relType, g.from, g.to)
				}
				sum.RelationsCreated += n
			}
		}
		return sum, nil
	}))
}

// bulkChunkSize is the number of rows per UNWIND of CreateNew, five times Apply's:
// each statement is a round trip, and with the benchmark's 5,000-row transactions most
// groups of a label or relationship type then take one statement.
const bulkChunkSize = 2500

// bulkPrefix keeps the first plan of each statement: Neo4j plans a cached statement
// again once the counts it was planned with have changed enough, which a bulk load does
// all along, and these plans (a create; unique-index seeks of the ends) do not depend on
// them (planning was 8 % of Neo4j's CPU in a scale-5 load, in bursts throughout it).
const bulkPrefix = "CYPHER replan=skip\n"

// The properties and audit stamps are set from one map: one property write per row
// instead of three (same stored values).
func createNodesQuery(t *NodeType) string {
	labels := ""
	for _, l := range t.Labels {
		labels += ":" + quoteName(l)
	}
	return bulkPrefix + fmt.Sprintf(`UNWIND $rows AS row
WITH row.props AS p
CREATE (n%s)
SET n = p{.*, updatedBy: $writer, updatedAt: $now}
RETURN count(*) AS n`, labels)
}

func createRelsQuery(g relGroup) string {
	return bulkPrefix + fmt.Sprintf(`UNWIND $rows AS row
MATCH (a:%s {id: row.from})
MATCH (b:%s {id: row.to})
WITH a, b, row.props AS p
CREATE (a)-[r:%s]->(b)
SET r = p{.*, updatedBy: $writer, updatedAt: $now}
RETURN count(*) AS n`,
		quoteName(NodeTypes[g.from].Labels[0]), quoteName(NodeTypes[g.to].Labels[0]), quoteName(g.relType))
}
