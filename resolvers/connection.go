package resolvers

import (
	"encoding/json"

	"github.com/mineralgraph/mineralgraph/graph/apperr"
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

// aggregateOf completes a connection's aggregate, built with its counts and empty
// property aggregates (graph/gen/implement.go), with the property aggregates the page
// read: only those the selection asks for are read, and an absent one reads as all
// nulls, which the selection never asks for. Most selections ask for none: then no
// JSON round trip.
func aggregateOf[T any](p store.Page, aggregate *T) (*T, error) {
	read := map[string]any{}
	for _, k := range []string{"node", "edge"} {
		if v, ok := p.Aggregate[k].(map[string]any); ok && len(v) > 0 {
			read[k] = v
		}
	}
	if len(read) == 0 {
		return aggregate, nil
	}
	raw, err := json.Marshal(read)
	if err == nil {
		err = json.Unmarshal(raw, aggregate) // into the empty aggregates it holds
	}
	if err != nil {
		return nil, apperr.Internalf("decode %T: %w", aggregate, err)
	}
	return aggregate, nil
}
