package store

import (
	"strings"
	"testing"
)

func TestAnchoredMatch(t *testing.T) {
	tests := []struct {
		name  string
		where map[string]any
		want  string
	}{
		// The filter comes before DISTINCT, where the planner tests it with the expansion.
		{"related to one node by id: expand from it", map[string]any{"stage": map[string]any{"eq": "MINING"},
			"country": map[string]any{"some": map[string]any{"id": map[string]any{"eq": "AU"}}}},
			"MATCH (n:`Project`)-[:`LOCATED_IN`]->(:`Country` {id: $p0})\nWHERE n.`stage` = $p1\nWITH DISTINCT n\n"},
		{"incoming relationship", map[string]any{"financiers": map[string]any{"some": map[string]any{"id": map[string]any{"eq": "dfc"}}}},
			"MATCH (n:`Project`)<-[:`FINANCES`]-(:`Organization` {id: $p0})\nWITH DISTINCT n\n"},
		// Other quantifiers anchor nothing: the index's first entries, then the label (walkOr).
		{"other quantifiers walk, then scan", map[string]any{"country": map[string]any{"none": map[string]any{"id": map[string]any{"eq": "AU"}}}},
			"CALL () {\n  MATCH (n:`Project`)\n  WHERE n.`id` IS NOT NULL\n  WITH n ORDER BY n.`id` LIMIT $p1\n  WITH n\n  WHERE NOT EXISTS"},
		// reach.go: the index's first entries, then, if they do not decide, from the related node.
		{"other conditions on the related node walk, then reach", map[string]any{"country": map[string]any{"some": map[string]any{
			"id": map[string]any{"eq": "AU"}, "name": map[string]any{"eq": "Australia"}}}}, "CALL () {\n  MATCH (n:`Project`)\n  WHERE n.`id` IS NOT NULL\n  WITH n ORDER BY n.`id` LIMIT $p2\n  WITH n\n  WHERE EXISTS"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := newCypherBuilder()
			c.stats = largeLabels()
			q, _, _, err := c.list("Project", ListArgs{Where: tt.where}, nil, nil)
			if err != nil {
				t.Fatal(err)
			}
			if !strings.HasPrefix(q, tt.want) {
				t.Errorf("query starts\n%s\nwant\n%s", q, tt.want)
			}
		})
	}
}
