package loader

import (
	"slices"

	"github.com/vektah/gqlparser/v2/ast"

	"github.com/mineralgraph/mineralgraph/graph/store"
)

// A field the statement left out (invalid arguments, an occurrence filed twice with
// other properties) reads through a batching loader. Below the root fields that read
// their selection, gqlgen's executor resolves in order (graph/inorder), so the parents
// of such a field no longer ask for it concurrently, where the loader would gather them
// in one batch: the first parent that asks queues them all, one query per field per
// level still, and the others find their answer in the loader.

// level is the nodes planned fields were read below: a root's, or those of a planned
// field, by the id of the node they were read below.
type level struct {
	nodes   []store.Node
	fetched *store.Fetched
}

// appendIDs appends the ids of the level's nodes to ids.
func (lv level) appendIDs(ids []string) []string {
	for _, n := range lv.nodes {
		ids = append(ids, n.ID())
	}
	if lv.fetched == nil {
		return ids
	}
	for _, nodes := range lv.fetched.Lists {
		for _, n := range nodes {
			ids = append(ids, n.ID())
		}
	}
	for _, p := range lv.fetched.Pages {
		for _, e := range p.Edges {
			ids = append(ids, e.Node.ID())
		}
	}
	return ids
}

// readBelow records that the occurrence field was planned below the nodes of lv.
func (l *Loaders) readBelow(field *ast.Field, lv level) {
	l.mu.Lock()
	l.levels[field] = append(l.levels[field], lv)
	l.mu.Unlock()
}

// siblings are the nodes the occurrence field was planned below, id among them, the
// first time a parent asks for field through a loader; nil afterwards, or when field
// was not planned below id.
func (l *Loaders) siblings(field *ast.Field, id string) []string {
	l.mu.Lock()
	levels, asked := l.levels[field], l.asked[field]
	l.asked[field] = true
	l.mu.Unlock()
	if asked {
		return nil
	}
	var ids []string
	for _, lv := range levels {
		ids = lv.appendIDs(ids)
	}
	if !slices.Contains(ids, id) {
		return nil
	}
	return ids
}
