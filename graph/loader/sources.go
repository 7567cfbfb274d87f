package loader

import (
	"context"
	"slices"

	"github.com/mineralgraph/mineralgraph/graph/store"
)

// SourceThunk queues a source lookup so several can share one batch. A source whose
// read for this request failed gives that error: the provenance fields report the
// failure of the statement meant to answer them, with no second attempt.
func (l *Loaders) SourceThunk(ctx context.Context, id string) func() (store.Node, bool, error) {
	l.mu.Lock()
	err := l.failedSources[id]
	l.mu.Unlock()
	if err != nil {
		return func() (store.Node, bool, error) { return store.Node{}, false, err }
	}
	thunk := l.sources.LoadThunk(ctx, id)
	return func() (store.Node, bool, error) { return found(thunk()) }
}

// readSources reads the sources with these ids in one statement and primes their
// loader; when the statement fails, every one of them keeps its error.
func (l *Loaders) readSources(ctx context.Context, ids map[string]bool) {
	if len(ids) == 0 {
		return
	}
	list := make([]string, 0, len(ids))
	for id := range ids {
		list = append(list, id)
	}
	slices.Sort(list)
	byID, err := l.byID.SourcesByID(ctx, list)
	if err != nil {
		l.mu.Lock()
		for _, id := range list {
			l.failedSources[id] = err
		}
		l.mu.Unlock()
		return
	}
	for id, n := range byID {
		l.sources.Prime(id, n)
	}
}

// addSources adds the source ids of nodes to ids when their provenance is wanted.
func addSources(ids map[string]bool, wanted bool, nodes ...store.Node) {
	if !wanted {
		return
	}
	for _, n := range nodes {
		for _, id := range stringsOf(n.Props["sources"]) {
			ids[id] = true
		}
	}
}

func stringsOf(v any) []string {
	switch x := v.(type) {
	case []string:
		return x
	case []any:
		out := make([]string, 0, len(x))
		for _, e := range x {
			if s, ok := e.(string); ok {
				out = append(out, s)
			}
		}
		return out
	}
	return nil
}
