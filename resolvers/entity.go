package resolvers

import (
	"context"
	"fmt"

	"github.com/mineralgraph/mineralgraph/graph/apperr"
	"github.com/mineralgraph/mineralgraph/graph/loader"
	"github.com/mineralgraph/mineralgraph/graph/model"
	"github.com/mineralgraph/mineralgraph/graph/store"
)

// Entities of any type: Query.node, Query.nodes, and the nodes of search results and
// traversals, mapped onto the model type their labels name.

// maxIDs bounds the ids of one `nodes` lookup.
const maxIDs = 100

// nodeByID resolves Query.node.
func nodeByID(ctx context.Context, id string) (model.Entity, error) {
	l := loader.For(ctx)
	n, ok, err := l.Node(ctx, id)
	if err != nil || !ok {
		return nil, err
	}
	l.Below(ctx, []store.Node{n})
	return entity(n)
}

// nodesByIDs resolves Query.nodes: in the order asked, null for unknown ids.
func nodesByIDs(ctx context.Context, ids []string) ([]model.Entity, error) {
	if len(ids) > maxIDs {
		return nil, apperr.Errorf(apperr.BadUserInput, "ids: at most %d ids per request, got %d", maxIDs, len(ids))
	}
	l := loader.For(ctx)
	nodes, oks, err := l.Nodes(ctx, ids)
	if err != nil {
		return nil, err
	}
	var found []store.Node
	for i, n := range nodes {
		if oks[i] {
			found = append(found, n)
		}
	}
	l.Below(ctx, found)
	out := make([]model.Entity, len(ids))
	for i, n := range nodes {
		if oks[i] {
			if out[i], err = entity(n); err != nil {
				return nil, err
			}
		}
	}
	return out, nil
}

// entity maps a node onto the model type its labels name.
func entity(n store.Node) (model.Entity, error) {
	decode, ok := entityDecoders[n.Type]
	if !ok {
		// Every label the store reads is a type of the schema: the data is damaged.
		return nil, &apperr.Error{Code: apperr.Internal, Message: "internal error", Cause: fmt.Errorf("node %q of unknown type %q", n.ID(), n.Type)}
	}
	return decode(n.Props)
}

func decodeEntity[T any, PT interface {
	*T
	model.Entity
}](props map[string]any) (model.Entity, error) {
	v, err := store.Decode[T](props)
	if err != nil {
		return nil, err
	}
	return PT(v), nil
}
