package loader

import (
	"context"
	"slices"

	"github.com/99designs/gqlgen/graphql"

	"github.com/mineralgraph/mineralgraph/graph/store"
)

// Nodes found without the selection's statement (looked up by id, searched, reached by
// a traversal) get what their selection asks below them from Below, and the properties
// read of them from Projection.

// Below reads what the selection of the field being resolved asks below nodes, at path
// below the field: one statement per node type, and one for the provenance of all. When
// a statement fails, its error is filed for the fields it was to answer, which report it.
func (l *Loaders) Below(ctx context.Context, nodes []store.Node, path ...string) {
	if len(nodes) == 0 {
		return
	}
	op, sels, ok := selection(ctx, path...)
	if !ok {
		return
	}
	byType := map[string][]store.Node{}
	for _, n := range nodes {
		byType[n.Type] = append(byType[n.Type], n)
	}
	sourceIDs := map[string]bool{}
	addSources(sourceIDs, selectsAny(op, sels, "provenance"), nodes...)
	for typeName, group := range byType {
		plans := plan(op, sels, typeName, 0)
		if len(plans) == 0 {
			continue
		}
		ids := make([]string, len(group))
		for i, n := range group {
			ids[i] = n.ID()
		}
		fetched, err := l.store.RelatedTree(ctx, typeName, ids, fetches(plans))
		if err != nil {
			l.primeError(plans, ids, err)
			continue
		}
		l.prime(plans, level{nodes: group}, fetched, sourceIDs)
	}
	l.readSources(ctx, sourceIDs)
}

// Projection is what the selection of the field being resolved asks of the entities at
// nodePath (whatever their type) and of the relationships at edgePath ("": none): their
// stored properties, and sources and quotes for their provenance.
func Projection(ctx context.Context, nodePath, edgePath string) store.Projection {
	op, sels, ok := selection(ctx)
	if !ok {
		return store.Projection{}
	}
	var p store.Projection
	nodes := below(op, sels, nodePath)
	for typeName := range store.NodeTypes {
		for _, prop := range storedProps(op, nodes, typeName) {
			if !slices.Contains(p.Node, prop) {
				p.Node = append(p.Node, prop)
			}
		}
	}
	slices.Sort(p.Node)
	if edgePath == "" {
		return p
	}
	p.Edge = []string{"id"}
	for _, sel := range below(op, sels, edgePath) {
		for _, f := range graphql.CollectFields(op, sel, []string{"GraphEdge"}) {
			switch f.Name {
			case "provenance":
				p.Edge = append(p.Edge, "sources", "quotes", "locators")
			case "id", "type", "from", "to", "__typename":
			default:
				p.Edge = append(p.Edge, f.Name)
			}
		}
	}
	return p
}
