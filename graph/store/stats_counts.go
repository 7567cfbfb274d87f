package store

import (
	"context"
	"errors"
	"fmt"
	"sort"
	"strings"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"
)

// The counts of the statistics: how many nodes of each type, and relationships of each
// type at nodes of each label, one end. All come from Neo4j's count store. They are read
// in one call of db.stats.retrieve('GRAPH COUNTS'): the count store's node count of every
// label and its relationship count of every type at every start and end label (zeros
// left out), one round trip whatever the model, instead of the hundred-odd statements
// below (a round trip each, ~103 every COST_STATS_REFRESH). Where the procedure is
// refused (a role without it), the statements are used.

const statsGraphCounts = `CALL db.stats.retrieve('GRAPH COUNTS') YIELD data
RETURN data.nodes AS nodes, data.relationships AS relationships`

// readCounts reads every count statsCounts names.
func (s *Store) readCounts(ctx context.Context, tx neo4j.ManagedTransaction) (map[string]int64, map[relSide]int64, error) {
	nodes, sides := map[string]int64{}, map[relSide]int64{}
	for _, c := range statsCounts { // the counts the store uses; absent from GRAPH COUNTS: 0
		if c.nodeType != "" {
			nodes[c.nodeType] = 0
		} else {
			sides[c.side] = 0
		}
	}
	if s.stats.oneByOne.Load() {
		return countOneByOne(ctx, tx, nodes, sides)
	}
	res, err := tx.Run(ctx, statsGraphCounts, nil)
	if err != nil {
		return nil, nil, err
	}
	rec, err := res.Single(ctx)
	if err != nil {
		return nil, nil, err
	}
	nodeRows, _, err := neo4j.GetRecordValue[[]any](rec, "nodes")
	if err != nil {
		return nil, nil, err
	}
	relRows, _, err := neo4j.GetRecordValue[[]any](rec, "relationships")
	if err != nil {
		return nil, nil, err
	}
	for _, row := range nodeRows {
		m, _ := row.(map[string]any)
		label, _ := m["label"].(string)
		if _, used := nodes[label]; used {
			nodes[label], _ = m["count"].(int64)
		}
	}
	for _, row := range relRows {
		m, _ := row.(map[string]any)
		relType, _ := m["relationshipType"].(string)
		side := relSide{relType: relType, start: true}
		if side.label, _ = m["startLabel"].(string); side.label == "" {
			side.label, _ = m["endLabel"].(string)
			side.start = false
		}
		if _, used := sides[side]; used {
			sides[side], _ = m["count"].(int64)
		}
	}
	return nodes, sides, nil
}

// countsOneByOne tells whether err is GRAPH COUNTS refused (a client error: no such
// procedure, or not allowed) and, the first time, switches to the statements: the
// caller reads again.
func (s *Store) countsOneByOne(err error) bool {
	var neoErr *neo4j.Neo4jError
	return !s.stats.oneByOne.Load() && errors.As(err, &neoErr) &&
		(strings.HasPrefix(neoErr.Code, "Neo.ClientError.Procedure.") || neoErr.Code == "Neo.ClientError.Security.Forbidden") &&
		s.stats.oneByOne.CompareAndSwap(false, true)
}

// countOneByOne reads the counts with one statement each.
func countOneByOne(ctx context.Context, tx neo4j.ManagedTransaction, nodes map[string]int64, sides map[relSide]int64) (map[string]int64, map[relSide]int64, error) {
	for _, c := range statsCounts {
		n, err := count(ctx, tx, c.query, nil)
		if err != nil {
			return nil, nil, err
		}
		if c.nodeType != "" {
			nodes[c.nodeType] = int64(n)
		} else {
			sides[c.side] = int64(n)
		}
	}
	return nodes, sides, nil
}

// statsCounts are the count statements, generated from the metadata: each is answered
// by the count store (no node or relationship is read). One statement of them all (CALL
// or COUNT subqueries) took Neo4j seconds to plan; each of these is planned once.
var statsCounts = countStatements()

type statsCount struct {
	query    string
	nodeType string  // a node count, or
	side     relSide // a relationship count
}

func countStatements() []statsCount {
	names := make([]string, 0, len(NodeTypes))
	for name := range NodeTypes {
		names = append(names, name)
	}
	sort.Strings(names)
	seen := map[relSide]bool{}
	var counts []statsCount
	for _, name := range names {
		counts = append(counts, statsCount{query: fmt.Sprintf("MATCH (x:%s) RETURN count(x) AS n", quoteName(name)), nodeType: name})
		for _, r := range NodeTypes[name].Relations {
			start, end := relationEnds(name, r)
			for _, side := range []relSide{{r.Type, start, true}, {r.Type, end, false}} {
				if seen[side] {
					continue
				}
				seen[side] = true
				pattern := "MATCH (:%s)-[x:%s]->() RETURN count(x) AS n"
				if !side.start {
					pattern = "MATCH ()-[x:%[2]s]->(:%[1]s) RETURN count(x) AS n"
				}
				counts = append(counts, statsCount{query: fmt.Sprintf(pattern, quoteName(side.label), quoteName(side.relType)), side: side})
			}
		}
	}
	return counts
}
