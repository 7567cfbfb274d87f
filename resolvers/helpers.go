package resolvers

import (
	"context"

	"github.com/mineralgraph/mineralgraph/graph/loader"
	"github.com/mineralgraph/mineralgraph/graph/model"
	"github.com/mineralgraph/mineralgraph/graph/store"
)

// New returns the root resolver.
func New(st *store.Store, log logger) *Resolver { return &Resolver{Store: st, Logger: log} }

// provenance pairs each source id with its text and locator; the source's evidence level
// says whether the text is a quote or a compiled note. All sources of a request share
// one batch.
func provenance(ctx context.Context, sourceIDs, quotes, locators []string) ([]*model.Provenance, error) {
	l := loader.For(ctx)
	thunks := make([]func() (store.Node, bool, error), len(sourceIDs))
	for i, id := range sourceIDs {
		thunks[i] = l.SourceThunk(ctx, id)
	}
	out := make([]*model.Provenance, 0, len(sourceIDs))
	for i, thunk := range thunks {
		node, ok, err := thunk()
		if err != nil {
			return nil, err
		}
		if !ok || i >= len(quotes) {
			return nil, store.Errorf(store.Internal, "provenance refers to a missing source")
		}
		src, err := store.Decode[model.Source](node.Props)
		if err != nil {
			return nil, err
		}
		p := &model.Provenance{Source: src, Evidence: src.Evidence}
		if src.Evidence == model.EvidenceLevelCompiled {
			p.Note = &quotes[i]
		} else {
			p.Quote = &quotes[i]
		}
		if i < len(locators) && locators[i] != "" {
			p.Locator = &locators[i]
		}
		out = append(out, p)
	}
	return out, nil
}

// entity maps a node onto the model type its labels name.
func entity(n store.Node) (model.Entity, error) {
	decode, ok := entityDecoders[n.Type]
	if !ok {
		return nil, store.Errorf(store.Internal, "node of unknown type")
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

// maxIDs bounds the ids of one `nodes` lookup.
const maxIDs = 100

// nodeByID resolves Query.node.
func nodeByID(ctx context.Context, id string) (model.Entity, error) {
	n, ok, err := loader.For(ctx).Node(ctx, id)
	if err != nil || !ok {
		return nil, err
	}
	prefetch(ctx, []store.Node{n})
	return entity(n)
}

// nodesByIDs resolves Query.nodes: in the order asked, null for unknown ids.
func nodesByIDs(ctx context.Context, ids []string) ([]model.Entity, error) {
	if len(ids) > maxIDs {
		return nil, store.Errorf(store.BadUserInput, "ids: at most %d ids per request, got %d", maxIDs, len(ids))
	}
	nodes, oks, err := loader.For(ctx).Nodes(ctx, ids)
	if err != nil {
		return nil, err
	}
	var found []store.Node
	for i, n := range nodes {
		if oks[i] {
			found = append(found, n)
		}
	}
	prefetch(ctx, found)
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
