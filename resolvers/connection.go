package resolvers

import (
	"github.com/mineralgraph/mineralgraph/graph/model"
	"github.com/mineralgraph/mineralgraph/graph/store"
)

// A connection's model built from the page the store read: its edges, page info, counts
// and aggregates.

func edgesOf[N, P, E any](p store.Page, edge func(cursor string, node *N, props *P) *E) ([]*E, error) {
	out := make([]*E, 0, len(p.Edges))
	for _, e := range p.Edges {
		node, err := store.Decode[N](e.Node.Props)
		if err != nil {
			return nil, err
		}
		props, err := store.Decode[P](e.Props)
		if err != nil {
			return nil, err
		}
		out = append(out, edge(e.Cursor, node, props))
	}
	return out, nil
}

func nodeEdgesOf[N, E any](p store.Page, edge func(cursor string, node *N) *E) ([]*E, error) {
	out := make([]*E, 0, len(p.Edges))
	for _, e := range p.Edges {
		node, err := store.Decode[N](e.Node.Props)
		if err != nil {
			return nil, err
		}
		out = append(out, edge(e.Cursor, node))
	}
	return out, nil
}

func pageInfo(p store.Page) *model.PageInfo {
	return &model.PageInfo{HasNextPage: p.HasNextPage, HasPreviousPage: p.HasPreviousPage, StartCursor: p.StartCursor, EndCursor: p.EndCursor}
}

func count(p store.Page) *model.Count {
	return &model.Count{Nodes: p.NodeCount, Edges: p.TotalCount}
}

// aggregateOf builds a connection's aggregate: its count and the property aggregates
// the page read (an absent one reads as all nulls, which the selection never asks for).
func aggregateOf[T any](p store.Page, count any) (*T, error) {
	m := map[string]any{"count": count}
	for _, k := range []string{"node", "edge"} {
		if v, ok := p.Aggregate[k].(map[string]any); ok {
			m[k] = v
		} else {
			m[k] = map[string]any{}
		}
	}
	return store.Decode[T](m)
}
