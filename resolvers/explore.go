package resolvers

import (
	"context"

	"github.com/mineralgraph/mineralgraph/graph/loader"
	"github.com/mineralgraph/mineralgraph/graph/model"
	"github.com/mineralgraph/mineralgraph/graph/store"
)

// Query.search, Query.neighborhood and Query.paths; an explicit null argument takes the
// schema's default.

func search(ctx context.Context, st *store.Store, text string, kinds []string, first *int) ([]*model.SearchResult, error) {
	hits, err := st.Search(ctx, text, kinds, orDefault(first, 10), loader.Projection(ctx, "entity", ""))
	if err != nil {
		return nil, err
	}
	nodes := make([]store.Node, len(hits))
	for i, h := range hits {
		nodes[i] = h.Node
	}
	loader.For(ctx).Below(ctx, nodes, "entity")
	out := make([]*model.SearchResult, 0, len(hits))
	for _, h := range hits {
		e, err := entity(h.Node)
		if err != nil {
			return nil, err
		}
		out = append(out, &model.SearchResult{Score: h.Score, Entity: e})
	}
	return out, nil
}

func neighborhood(ctx context.Context, st *store.Store, id string, depth *int, relationTypes []string, limit *int) (*model.Subgraph, error) {
	g, err := st.Neighborhood(ctx, id, orDefault(depth, 1), relationTypes, orDefault(limit, 100), loader.Projection(ctx, "nodes", "edges"))
	if err != nil {
		return nil, err
	}
	loader.For(ctx).Below(ctx, g.Nodes, "nodes")
	loader.For(ctx).Below(ctx, edgeNodes(g.Edges), "edges")
	nodes, edges, err := subgraph(g.Nodes, g.Edges)
	if err != nil {
		return nil, err
	}
	return &model.Subgraph{Nodes: nodes, Edges: edges, Truncated: g.Truncated}, nil
}

func paths(ctx context.Context, st *store.Store, from, to string, maxHops *int, relationTypes []string, limit *int) ([]*model.Path, error) {
	found, err := st.Paths(ctx, from, to, orDefault(maxHops, 4), relationTypes, orDefault(limit, 5), loader.Projection(ctx, "nodes", "edges"))
	if err != nil {
		return nil, err
	}
	var nodes []store.Node
	var edges []store.GraphEdge
	for _, p := range found {
		nodes, edges = append(nodes, p.Nodes...), append(edges, p.Edges...)
	}
	loader.For(ctx).Below(ctx, nodes, "nodes")
	loader.For(ctx).Below(ctx, edgeNodes(edges), "edges")
	out := make([]*model.Path, 0, len(found))
	for _, p := range found {
		nodes, edges, err := subgraph(p.Nodes, p.Edges)
		if err != nil {
			return nil, err
		}
		out = append(out, &model.Path{Nodes: nodes, Edges: edges, Length: len(edges)})
	}
	return out, nil
}

func subgraph(nodes []store.Node, edges []store.GraphEdge) ([]model.Entity, []*model.GraphEdge, error) {
	entities := make([]model.Entity, 0, len(nodes))
	for _, n := range nodes {
		e, err := entity(n)
		if err != nil {
			return nil, nil, err
		}
		entities = append(entities, e)
	}
	out := make([]*model.GraphEdge, 0, len(edges))
	for _, e := range edges {
		ge, err := store.Decode[model.GraphEdge](e.Props)
		if err != nil {
			return nil, nil, err
		}
		ge.ID, ge.Type, ge.From, ge.To = e.ID, e.Type, e.From, e.To
		out = append(out, ge)
	}
	return entities, out, nil
}

// edgeNodes presents relationships to Below, which reads their provenance.
func edgeNodes(edges []store.GraphEdge) []store.Node {
	out := make([]store.Node, len(edges))
	for i, e := range edges {
		out[i] = store.Node{Props: e.Props}
	}
	return out
}

func orDefault(v *int, def int) int {
	if v == nil {
		return def
	}
	return *v
}
