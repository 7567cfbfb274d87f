package loader

import (
	"context"
	"slices"

	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2/ast"

	"github.com/mineralgraph/mineralgraph/graph/store"
)

// The answers of a tree read are filed by the field's occurrence in the query document
// and the id of the node they were read below: an occurrence stands for one set of
// arguments and one selection, whatever the path it is reached by.

type primedKey struct {
	field *ast.Field
	id    string
}

type primedValue struct {
	props     []string // the properties read
	edgeProps []string // the relationship properties read
	value     any      // []store.Node for a list field, store.Page for a connection
	err       error    // the statement failed: the field reports its error
	conflict  bool     // primed twice with other properties: read again
}

// prime files what the store read for plans below the nodes of parents, and collects
// the source ids whose provenance the selection asks for.
func (l *Loaders) prime(plans []planned, parents level, fetched []store.Fetched, sourceIDs map[string]bool) {
	// Sized at the first statement's answers: grown entry by entry, the map is rebuilt
	// several times a request. Only an empty map is replaced (root fields run at once).
	l.mu.Lock()
	if len(l.primed) == 0 {
		l.primed = make(map[primedKey]primedValue, answers(fetched))
	}
	l.mu.Unlock()
	for i, p := range plans {
		l.readBelow(p.field, parents)
		f := fetched[i] // the store answers every fetch, in order
		switch {
		case f.Lists != nil:
			for id, nodes := range f.Lists {
				l.file(p, id, primedValue{value: nodes})
				addSources(sourceIDs, p.sources, nodes...)
			}
		case f.Pages != nil:
			for id, page := range f.Pages {
				l.file(p, id, primedValue{value: page})
				for _, e := range page.Edges {
					addSources(sourceIDs, p.sources, e.Node)
					addSources(sourceIDs, p.edgeSources, store.Node{Props: e.Props})
				}
			}
		default:
			continue // left out (invalid arguments): the field reads it itself and reports why
		}
		l.prime(p.children, level{fetched: &fetched[i]}, f.Children, sourceIDs)
	}
}

// answers is how many answers fetched holds, at every level: the entries prime files.
func answers(fetched []store.Fetched) int {
	n := 0
	for _, f := range fetched {
		n += len(f.Lists) + len(f.Pages) + answers(f.Children)
	}
	return n
}

// primeError files err for the top fields of plans below the nodes ids: the statement
// meant to answer them failed, and they report it.
func (l *Loaders) primeError(plans []planned, ids []string, err error) {
	for _, p := range plans {
		for _, id := range ids {
			l.file(p, id, primedValue{err: err})
		}
	}
}

// file files v for the occurrence of p below the node id. An occurrence filed twice
// with other properties (a fragment spread in two places) is dropped, and its resolvers
// read through the batched loaders.
func (l *Loaders) file(p planned, id string, v primedValue) {
	v.props, v.edgeProps = p.fetch.Props, p.fetch.EdgeProps
	key := primedKey{p.field, id}
	l.mu.Lock()
	defer l.mu.Unlock()
	if old, ok := l.primed[key]; ok {
		if !slices.Equal(old.props, v.props) || !slices.Equal(old.edgeProps, v.edgeProps) {
			l.primed[key] = primedValue{conflict: true}
		}
		return
	}
	l.primed[key] = v
}

// primed returns what was filed for this occurrence of a field below the node id.
func primed[V any](l *Loaders, field *ast.Field, id string) (V, bool, error) {
	l.mu.Lock()
	p, ok := l.primed[primedKey{field, id}]
	l.mu.Unlock()
	var zero V
	if !ok || p.conflict {
		return zero, false, nil
	}
	if p.err != nil {
		return zero, true, p.err
	}
	v, isV := p.value.(V)
	return v, isV, nil
}

// occurrence is the field being resolved as it occurs in the query document.
func occurrence(ctx context.Context) *ast.Field {
	if fc := graphql.GetFieldContext(ctx); fc != nil {
		return fc.Field.Field
	}
	return nil
}
