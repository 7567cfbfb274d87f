package store

import (
	"context"
	"fmt"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"
)

// Node is a node as read from Neo4j: its model type name and its stored properties.
type Node struct {
	Type  string
	Props map[string]any
}

// typeOf maps a node's labels back to its model type, by the primary label.
func typeOf(labels []string) string {
	for _, l := range labels {
		if t, ok := NodeTypes[l]; ok && t.Labels[0] == l {
			return t.Name
		}
	}
	return ""
}

// NodesByID returns the Entity nodes with these ids, keyed by id; ids that match
// nothing are absent. One round trip.
func (s *Store) NodesByID(ctx context.Context, ids []string) (map[string]Node, error) {
	const q = `UNWIND $ids AS id
MATCH (n:Entity {id: id})
RETURN id, labels(n) AS labels, properties(n) AS props`
	res, err := s.read(ctx, q, map[string]any{"ids": ids})
	if err != nil {
		return nil, err
	}
	out := make(map[string]Node, len(res.Records))
	for _, rec := range res.Records {
		id, labels, props, err := idLabelsProps(rec)
		if err != nil {
			return nil, err
		}
		out[id] = Node{Type: typeOf(labels), Props: props}
	}
	return out, nil
}

// SourcesByID returns the Source nodes with these ids, keyed by id. One round trip.
func (s *Store) SourcesByID(ctx context.Context, ids []string) (map[string]Node, error) {
	const q = `UNWIND $ids AS id
MATCH (n:Source {id: id})
RETURN id, labels(n) AS labels, properties(n) AS props`
	res, err := s.read(ctx, q, map[string]any{"ids": ids})
	if err != nil {
		return nil, err
	}
	out := make(map[string]Node, len(res.Records))
	for _, rec := range res.Records {
		id, _, props, err := idLabelsProps(rec)
		if err != nil {
			return nil, err
		}
		out[id] = Node{Type: "Source", Props: props}
	}
	return out, nil
}

// Related returns, for each parent id, the nodes reached through the relationship
// field `field` of node type `typeName`, ordered by name then id. One round trip for
// all parents. The field must exist in the metadata (BAD_USER_INPUT otherwise).
func (s *Store) Related(ctx context.Context, typeName, field string, parentIDs []string) (map[string][]Node, error) {
	t, ok := NodeTypes[typeName]
	if !ok {
		return nil, Errorf(BadUserInput, "unknown type %q", typeName)
	}
	rel, ok := t.Relation(field)
	if !ok {
		return nil, Errorf(BadUserInput, "type %s has no relationship field %q", typeName, field)
	}
	target := NodeTypes[rel.Target]
	pattern := "-[r:%s]->"
	if rel.Direction == IN {
		pattern = "<-[r:%s]-"
	}
	q := fmt.Sprintf(`UNWIND $ids AS id
MATCH (p:%s {id: id})`+pattern+`(n:%s)
WITH id, n ORDER BY n.name, n.id
RETURN id, collect(properties(n)) AS nodes`,
		quoteName(t.Labels[0]), quoteName(rel.Type), quoteName(target.Labels[0]))
	res, err := s.read(ctx, q, map[string]any{"ids": parentIDs})
	if err != nil {
		return nil, err
	}
	out := make(map[string][]Node, len(res.Records))
	for _, rec := range res.Records {
		id, _, err := neo4j.GetRecordValue[string](rec, "id")
		if err != nil {
			return nil, translate(err)
		}
		list, _, err := neo4j.GetRecordValue[[]any](rec, "nodes")
		if err != nil {
			return nil, translate(err)
		}
		nodes := make([]Node, 0, len(list))
		for _, item := range list {
			props, ok := item.(map[string]any)
			if !ok {
				return nil, Errorf(Internal, "unexpected row shape")
			}
			nodes = append(nodes, Node{Type: rel.Target, Props: props})
		}
		out[id] = nodes
	}
	return out, nil
}

func (s *Store) read(ctx context.Context, query string, params map[string]any) (*neo4j.EagerResult, error) {
	res, err := neo4j.ExecuteQuery(ctx, s.driver, query, params, neo4j.EagerResultTransformer,
		neo4j.ExecuteQueryWithDatabase(s.database), neo4j.ExecuteQueryWithReadersRouting())
	return res, translate(err)
}

func idLabelsProps(rec *neo4j.Record) (string, []string, map[string]any, error) {
	id, _, err := neo4j.GetRecordValue[string](rec, "id")
	if err != nil {
		return "", nil, nil, translate(err)
	}
	rawLabels, _, err := neo4j.GetRecordValue[[]any](rec, "labels")
	if err != nil {
		return "", nil, nil, translate(err)
	}
	labels := make([]string, 0, len(rawLabels))
	for _, l := range rawLabels {
		if s, ok := l.(string); ok {
			labels = append(labels, s)
		}
	}
	props, _, err := neo4j.GetRecordValue[map[string]any](rec, "props")
	if err != nil {
		return "", nil, nil, translate(err)
	}
	return id, labels, props, nil
}
