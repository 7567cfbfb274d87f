package store

import (
	"context"
	"fmt"
	"maps"
	"slices"

	"github.com/mineralgraph/mineralgraph/graph/apperr"
	"github.com/neo4j/neo4j-go-driver/v5/neo4j"
)

// RelationRef names one relationship by its identity.
type RelationRef struct {
	Type, From, To, Key string
}

// Delete removes relationships, and entities with all their relationships, in one
// transaction. Ids that match nothing are not an error: the summary counts what went.
// Relationship types come from the metadata only (BAD_USER_INPUT otherwise).
func (s *Store) Delete(ctx context.Context, ids []string, rels []RelationRef) (Summary, error) {
	byType := map[string][]string{}
	known := map[string]bool{}
	for _, t := range NodeTypes {
		for _, r := range t.Relations {
			known[r.Type] = true
		}
	}
	for i, r := range rels {
		if !known[r.Type] {
			return Summary{}, apperr.Errorf(apperr.BadUserInput, "input.relations[%d].type: unknown relationship type %q", i, truncate(r.Type))
		}
		byType[r.Type] = append(byType[r.Type], RelationID(r.From, r.Type, r.To, r.Key))
	}
	types := slices.Sorted(maps.Keys(byType))
	// Retrying is safe: deleting what is already gone deletes nothing.
	return s.writeTx(ctx, withSummaries(ctx, deleteTouch(ids, rels), func(tx neo4j.ManagedTransaction) (Summary, error) {
		var sum Summary
		for _, t := range types {
			q := fmt.Sprintf("UNWIND $ids AS rid MATCH ()-[r:%s {id: rid}]->() DELETE r RETURN count(r) AS n", quoteName(t))
			n, err := count(ctx, tx, q, map[string]any{"ids": byType[t]})
			if err != nil {
				return sum, err
			}
			sum.RelationsDeleted += n
		}
		if len(ids) > 0 {
			res, err := tx.Run(ctx, `UNWIND $ids AS id
MATCH (n:Entity {id: id})
WITH n, COUNT { (n)--() } AS degree
DETACH DELETE n
RETURN count(*) AS nodes, coalesce(sum(degree), 0) AS rels`, map[string]any{"ids": ids})
			if err != nil {
				return sum, err
			}
			rec, err := res.Single(ctx)
			if err != nil {
				return sum, err
			}
			nodes, _, _ := neo4j.GetRecordValue[int64](rec, "nodes")
			degree, _, _ := neo4j.GetRecordValue[int64](rec, "rels")
			sum.NodesDeleted, sum.RelationsDeleted = int(nodes), sum.RelationsDeleted+int(degree)
		}
		return sum, nil
	})) // summary.go
}
