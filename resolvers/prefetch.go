package resolvers

import (
	"context"
	"encoding/json"
	"slices"
	"strings"

	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2/ast"

	"github.com/mineralgraph/mineralgraph/graph/loader"
	"github.com/mineralgraph/mineralgraph/graph/store"
)

// prefetch walks the selection below a root field and loads it level by level: one
// statement per relationship field (and per level for provenance sources), for all the
// nodes of that level at once, priming the request's loaders. The field resolvers then
// find their data in the loaders, so round trips follow the depth of the query and
// never the number of nodes, however the resolvers' goroutines are scheduled.
// A failed prefetch is dropped: the resolvers load on their own and report the error.
func prefetch(ctx context.Context, nodes []store.Node) {
	prefetchAt(ctx, nodes)
}

// prefetchAt is prefetch for nodes that sit below the field's own selection, at the
// end of path: ("edges", "node") in a connection, ("entity") in a search result.
func prefetchAt(ctx context.Context, nodes []store.Node, path ...string) {
	if len(nodes) == 0 || !graphql.HasOperationContext(ctx) {
		return
	}
	fc := graphql.GetFieldContext(ctx)
	if fc == nil || fc.Field.Field == nil {
		return
	}
	p := prefetcher{ctx: ctx, op: graphql.GetOperationContext(ctx), l: loader.For(ctx)}
	sels := []ast.SelectionSet{fc.Field.Selections}
	for _, name := range path {
		var next []ast.SelectionSet
		for _, sel := range sels {
			for _, f := range graphql.CollectFields(p.op, sel, nil) {
				if f.Name == name {
					next = append(next, f.Selections)
				}
			}
		}
		sels = next
	}
	for _, sel := range sels {
		p.level(sel, nodes, 0)
	}
}

// maxPrefetchDepth bounds the walk; the query depth limit bounds it first.
const maxPrefetchDepth = 10

type prefetcher struct {
	ctx context.Context
	op  *graphql.OperationContext
	l   *loader.Loaders
}

// level prefetches what sel asks of nodes. sel may sit under edges/node wrappers, which
// connectionNodes unwraps before calling level.
func (p prefetcher) level(sel ast.SelectionSet, nodes []store.Node, depth int) {
	if depth > maxPrefetchDepth || len(nodes) == 0 {
		return
	}
	if selects(p.op, sel, "provenance") {
		p.sources(nodes)
	}
	byType := map[string][]string{}
	for _, n := range nodes {
		if id, ok := n.Props["id"].(string); ok && !slices.Contains(byType[n.Type], id) {
			byType[n.Type] = append(byType[n.Type], id)
		}
	}
	for typeName, ids := range byType {
		t := store.NodeTypes[typeName]
		if t == nil {
			continue
		}
		for _, f := range graphql.CollectFields(p.op, sel, []string{typeName, "Entity"}) {
			args := f.ArgumentMap(p.op.Variables)
			if rel, ok := t.Relation(f.Name); ok {
				byID, err := p.l.PrefetchList(p.ctx, typeName, rel.Field, listArgs(args), ids)
				if err == nil {
					p.level(f.Selections, flatten(byID), depth+1)
				}
				continue
			}
			if field, ok := strings.CutSuffix(f.Name, "Connection"); ok && field != "" {
				if _, ok := t.Relation(field); ok {
					withTotal := selects(p.op, f.Selections, "totalCount", "aggregate")
					byID, err := p.l.PrefetchPage(p.ctx, typeName, field, pageArgs(args), withTotal, ids)
					if err == nil {
						p.connection(f.Selections, byID, depth)
					}
				}
			}
		}
	}
}

// connection continues below edges { node { … } } and edges { properties { provenance } }.
func (p prefetcher) connection(sel ast.SelectionSet, pages map[string]store.Page, depth int) {
	var nodes, props []store.Node
	for _, page := range pages {
		for _, e := range page.Edges {
			nodes = append(nodes, e.Node)
			props = append(props, store.Node{Props: e.Props})
		}
	}
	for _, edges := range graphql.CollectFields(p.op, sel, nil) {
		if edges.Name != "edges" {
			continue
		}
		for _, f := range graphql.CollectFields(p.op, edges.Selections, nil) {
			switch f.Name {
			case "node":
				p.level(f.Selections, nodes, depth+1)
			case "properties":
				if selects(p.op, f.Selections, "provenance") {
					p.sources(props)
				}
			}
		}
	}
}

func (p prefetcher) sources(nodes []store.Node) {
	var ids []string
	for _, n := range nodes {
		for _, id := range stringsOf(n.Props["sources"]) {
			if !slices.Contains(ids, id) {
				ids = append(ids, id)
			}
		}
	}
	if len(ids) > 0 {
		_ = p.l.PrefetchSources(p.ctx, ids)
	}
}

func selects(op *graphql.OperationContext, sel ast.SelectionSet, names ...string) bool {
	for _, f := range graphql.CollectFields(op, sel, nil) {
		if slices.Contains(names, f.Name) {
			return true
		}
	}
	return false
}

func flatten(byID map[string][]store.Node) []store.Node {
	var out []store.Node
	for _, nodes := range byID {
		out = append(out, nodes...)
	}
	return out
}

// listArgs and pageArgs rebuild the arguments as the resolvers will receive them, so
// the prefetch primes the very loader keys the resolvers ask for.
func listArgs(args map[string]any) store.ListArgs {
	return store.ListArgs{Where: mapArg(args["where"]), Sort: sortArg(args["sort"]), Limit: intArg(args["limit"]), Offset: intArg(args["offset"])}
}

func pageArgs(args map[string]any) store.PageArgs {
	a := store.PageArgs{Where: mapArg(args["where"]), Sort: sortArg(args["sort"]), First: intArg(args["first"])}
	if s, ok := args["after"].(string); ok {
		a.After = &s
	}
	return a
}

func mapArg(v any) map[string]any {
	m, _ := v.(map[string]any)
	return m
}

func sortArg(v any) []map[string]any {
	list, ok := v.([]any)
	if !ok {
		if m, ok := v.(map[string]any); ok { // a single sort given without brackets
			return []map[string]any{m}
		}
		return nil
	}
	out := make([]map[string]any, 0, len(list))
	for _, e := range list {
		if m, ok := e.(map[string]any); ok {
			out = append(out, m)
		}
	}
	return out
}

func intArg(v any) *int {
	var n int
	switch x := v.(type) {
	case json.Number:
		i, err := x.Int64()
		if err != nil {
			return nil
		}
		n = int(i)
	case int64:
		n = int(x)
	case int:
		n = x
	case float64:
		n = int(x)
	default:
		return nil
	}
	return &n
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
