package store

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"
)

// FinishImport ends a load by Neo4j's offline importer of the files an ImportWriter
// wrote into dir, once Neo4j runs on the imported database, so that it ends as a
// BulkLoad does: Migrate's constraints and indexes (a duplicate id fails them); the
// values the importer cannot store (fixups.jsonl: empty lists), by id; the summaries;
// every index online; the data version advanced. Replan, as after every bulk load, is the
// caller's. It returns the number of schema statements, as Migrate does; progress, if
// not nil, hears of each step's end.
func (s *Store) FinishImport(ctx context.Context, dir string, progress func(step string)) (int, error) {
	if progress == nil {
		progress = func(string) {}
	}
	stmts := schemaStatements()
	if err := s.createSchema(ctx, stmts); err != nil {
		return 0, err
	}
	// The constraints' indexes are online once their transaction has committed: the
	// fixups and the summaries find nodes by id while Neo4j fills the other indexes.
	progress(fmt.Sprintf("%d constraints and indexes created", len(stmts)))
	n, err := s.applyFixups(ctx, filepath.Join(dir, importFixupFile))
	if err != nil {
		return len(stmts), err
	}
	progress(fmt.Sprintf("%d values the importer cannot store set", n))
	if err := s.buildSummaries(ctx); err != nil {
		return len(stmts), err
	}
	progress("summaries built")
	if err := s.awaitPopulation(ctx, progress); err != nil {
		return len(stmts), err
	}
	progress("every index online")
	// The import is a write: the version advances (and its node exists) even when no
	// fixup or summary wrote anything.
	_, err = s.writeTx(ctx, func(neo4j.ManagedTransaction) (Summary, error) { return Summary{}, nil })
	return len(stmts), err
}

// awaitPopulation waits until every index is online, however long its population
// takes (db.awaitIndexes gives up after a fixed time: 300 s were too few for the
// scale-100 graph's 60 indexes on a busy machine), reporting the least populated every
// 30 s; an index that failed fails it.
func (s *Store) awaitPopulation(ctx context.Context, progress func(string)) error {
	last := time.Now()
	for {
		res, err := neo4j.ExecuteQuery(ctx, s.driver, `SHOW INDEXES YIELD name, state, populationPercent
WHERE state <> 'ONLINE' RETURN name, state, populationPercent ORDER BY populationPercent`, nil,
			neo4j.EagerResultTransformer, neo4j.ExecuteQueryWithDatabase(s.database))
		if err != nil {
			return translate(err)
		}
		if len(res.Records) == 0 {
			return nil
		}
		for _, r := range res.Records {
			if r.Values[1] == "FAILED" {
				return fmt.Errorf("index %v failed to populate (SHOW INDEXES, Neo4j's debug.log)", r.Values[0])
			}
		}
		if time.Since(last) >= 30*time.Second {
			last = time.Now()
			progress(fmt.Sprintf("%d indexes populating (the least: %v at %v %%)", len(res.Records), res.Records[0].Values[0], res.Records[0].Values[2]))
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(time.Second):
		}
	}
}

// fixupBatch is the number of values set per transaction.
const fixupBatch = 10000

// applyFixups sets the values of the file, grouped by (label or type, property, value),
// fixupBatch ids per transaction, each found by its id index.
func (s *Store) applyFixups(ctx context.Context, path string) (int, error) {
	f, err := os.Open(path)
	if err != nil {
		return 0, err
	}
	defer f.Close()
	type group struct {
		query string
		value []any
		ids   []string
	}
	groups := map[string]*group{}
	flush := func(g *group) error {
		if len(g.ids) == 0 {
			return nil
		}
		params := map[string]any{"ids": g.ids, "value": g.value}
		_, err := s.writeTx(ctx, func(tx neo4j.ManagedTransaction) (Summary, error) {
			n, err := count(ctx, tx, g.query, params)
			if err == nil && n != len(g.ids) {
				err = fmt.Errorf("import fixups: %d of %d ids found (%s)", n, len(g.ids), g.query)
			}
			return Summary{}, err
		})
		g.ids = g.ids[:0]
		return err
	}
	n := 0
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 1<<26)
	for sc.Scan() {
		var r fixupRow
		if err := json.Unmarshal(sc.Bytes(), &r); err != nil {
			return n, fmt.Errorf("import fixups: %w", err)
		}
		n++
		if r.Value == nil {
			r.Value = []any{}
		}
		v, _ := json.Marshal(r.Value)
		key := r.Node + "|" + r.Relation + "|" + r.Key + "|" + string(v)
		g := groups[key]
		if g == nil {
			match := fmt.Sprintf("MATCH (x:%s {id: id})", quoteName(r.Node))
			if r.Relation != "" {
				match = fmt.Sprintf("MATCH ()-[x:%s {id: id}]->()", quoteName(r.Relation))
			}
			g = &group{query: fmt.Sprintf("UNWIND $ids AS id\n%s\nSET x.%s = $value\nRETURN count(*) AS n", match, quoteName(r.Key)), value: r.Value}
			groups[key] = g
		}
		g.ids = append(g.ids, r.ID)
		if len(g.ids) >= fixupBatch {
			if err := flush(g); err != nil {
				return n, err
			}
		}
	}
	if err := sc.Err(); err != nil {
		return n, err
	}
	for _, g := range groups {
		if err := flush(g); err != nil {
			return n, err
		}
	}
	return n, nil
}
