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

// The resolvers read a selection of nested relationship fields in one statement: the
// root resolver plans the relationship fields below it from the selection (plan), the
// store reads them with the root (ListTree, PageTree) or below given nodes
// (RelatedTree), each node with only the properties its selection asks for, and prime
// files the answers in the request's loaders under each field's occurrence in the
// query document. The field resolvers find them there and send no query, so a query
// costs one round trip for its data and one for the provenance it asks for. A field
// left out of the statement (invalid arguments) or a failed statement costs nothing
// more than before: the resolvers read through the batched loaders and report the error.

// maxPrefetchDepth bounds the plan; the query depth limit bounds it first.
const maxPrefetchDepth = 10

// planned is a relationship field of the selection: what the store reads, and what it
// takes to prime the loaders and the sources with the answer.
type planned struct {
	field       *ast.Field // the occurrence in the query document
	fetch       store.Fetch
	children    []planned
	sources     bool // the field's nodes ask for their provenance
	edgeSources bool // the connection's edges ask for theirs
}

// selection is the selection set of the field being resolved, below path: ("edges",
// "node") in a connection, ("entity") in a search result. ok is false outside a
// GraphQL operation.
func selection(ctx context.Context, path ...string) (*graphql.OperationContext, []ast.SelectionSet, bool) {
	if !graphql.HasOperationContext(ctx) {
		return nil, nil, false
	}
	fc := graphql.GetFieldContext(ctx)
	if fc == nil || fc.Field.Field == nil {
		return nil, nil, false
	}
	op := graphql.GetOperationContext(ctx)
	return op, below(op, []ast.SelectionSet{fc.Field.Selections}, path...), true
}

func below(op *graphql.OperationContext, sels []ast.SelectionSet, path ...string) []ast.SelectionSet {
	for _, name := range path {
		var next []ast.SelectionSet
		for _, sel := range sels {
			for _, f := range graphql.CollectFields(op, sel, nil) {
				if f.Name == name {
					next = append(next, f.Selections)
				}
			}
		}
		sels = next
	}
	return sels
}

// plan lists the relationship fields that sels ask of nodes of typeName, recursively.
func plan(op *graphql.OperationContext, sels []ast.SelectionSet, typeName string, depth int) []planned {
	t := store.NodeTypes[typeName]
	if t == nil || depth > maxPrefetchDepth {
		return nil
	}
	var out []planned
	for _, sel := range sels {
		for _, f := range graphql.CollectFields(op, sel, []string{typeName, "Entity"}) {
			args := f.ArgumentMap(op.Variables)
			if rel, ok := t.Relation(f.Name); ok {
				la := listArgs(args)
				sels := []ast.SelectionSet{f.Selections}
				out = append(out, planned{
					field:    f.Field,
					fetch:    store.Fetch{Field: rel.Field, List: &la, Props: storedProps(op, sels, rel.Target)},
					children: plan(op, sels, rel.Target, depth+1),
					sources:  selects(op, f.Selections, "provenance"),
				})
				continue
			}
			field, ok := strings.CutSuffix(f.Name, "Connection")
			rel, isRel := t.Relation(field)
			if !ok || !isRel {
				continue
			}
			pa := pageArgs(args)
			pa.Aggregate = aggregateSelection(op, f.Selections)
			nodes := below(op, []ast.SelectionSet{f.Selections}, "edges", "node")
			p := planned{
				field:    f.Field,
				fetch:    store.Fetch{Field: rel.Field, Page: &pa, WithTotal: selects(op, f.Selections, "totalCount", "aggregate"), Props: storedProps(op, nodes, rel.Target)},
				children: plan(op, nodes, rel.Target, depth+1),
			}
			for _, sel := range nodes {
				p.sources = p.sources || selects(op, sel, "provenance")
			}
			for _, sel := range below(op, []ast.SelectionSet{f.Selections}, "edges", "properties") {
				p.edgeSources = p.edgeSources || selects(op, sel, "provenance")
			}
			out = append(out, p)
		}
	}
	return out
}

// storedProps lists the stored properties that sels ask of nodes of typeName, with
// those provenance reads; sorted, so that equal selections give equal lists.
func storedProps(op *graphql.OperationContext, sels []ast.SelectionSet, typeName string) []string {
	t := store.NodeTypes[typeName]
	props := []string{"id"}
	add := func(name string) {
		if !slices.Contains(props, name) {
			props = append(props, name)
		}
	}
	for _, sel := range sels {
		for _, f := range graphql.CollectFields(op, sel, []string{typeName, "Entity"}) {
			if f.Name == "provenance" {
				add("sources")
				add("quotes")
				add("locators")
			} else if _, ok := t.Property(f.Name); ok {
				add(f.Name)
			}
		}
	}
	slices.Sort(props)
	return props
}

func fetches(plans []planned) []store.Fetch {
	out := make([]store.Fetch, len(plans))
	for i, p := range plans {
		out[i] = p.fetch
		out[i].Children = fetches(p.children)
	}
	return out
}

// prime files what the store read in the loaders and collects the source ids the
// selection asks for.
func prime(l *loader.Loaders, plans []planned, fetched []store.Fetched, sourceIDs map[string]bool) {
	for i, p := range plans {
		f := fetched[i] // the store answers every fetch, in order
		props := strings.Join(p.fetch.Props, ",")
		switch {
		case f.Lists != nil:
			loader.Prime(l, p.field, props, f.Lists)
			for _, nodes := range f.Lists {
				addSources(sourceIDs, p.sources, nodes...)
			}
		case f.Pages != nil:
			loader.Prime(l, p.field, props, f.Pages)
			for _, page := range f.Pages {
				for _, e := range page.Edges {
					addSources(sourceIDs, p.sources, e.Node)
					addSources(sourceIDs, p.edgeSources, store.Node{Props: e.Props})
				}
			}
		default:
			continue // left out: the resolvers read it themselves
		}
		prime(l, p.children, f.Children, sourceIDs)
	}
}

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

// prefetchSources reads the sources collected in one statement and primes their loader.
func prefetchSources(ctx context.Context, l *loader.Loaders, ids map[string]bool) {
	if len(ids) == 0 {
		return
	}
	list := make([]string, 0, len(ids))
	for id := range ids {
		list = append(list, id)
	}
	slices.Sort(list)
	_ = l.PrefetchSources(ctx, list)
}

// rootPlan is the plan of the field being resolved, for the nodes of typeName at path,
// and the properties read of those nodes (nil, all of them, outside an operation).
func rootPlan(ctx context.Context, typeName string, path ...string) (plans []planned, props []string, rootSources bool) {
	op, sels, ok := selection(ctx, path...)
	if !ok {
		return nil, nil, false
	}
	for _, sel := range sels {
		rootSources = rootSources || selects(op, sel, "provenance")
	}
	return plan(op, sels, typeName, 0), storedProps(op, sels, typeName), rootSources
}

// primeRoot primes the loaders with what a root statement read below its nodes.
func primeRoot(ctx context.Context, nodes []store.Node, plans []planned, fetched []store.Fetched, rootSources bool) {
	l := loader.For(ctx)
	ids := map[string]bool{}
	addSources(ids, rootSources, nodes...)
	prime(l, plans, fetched, ids)
	prefetchSources(ctx, l, ids)
}

// prefetch reads, in one statement per node type, what the selection of the field being
// resolved asks below nodes found without it (by id, by search, by traversal).
func prefetch(ctx context.Context, nodes []store.Node) {
	prefetchAt(ctx, nodes)
}

// prefetchAt is prefetch for nodes that sit below the field's own selection, at path.
func prefetchAt(ctx context.Context, nodes []store.Node, path ...string) {
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
	l := loader.For(ctx)
	sourceIDs := map[string]bool{}
	for typeName, group := range byType {
		rootSources := false
		for _, sel := range sels {
			rootSources = rootSources || selects(op, sel, "provenance")
		}
		addSources(sourceIDs, rootSources, group...)
		plans := plan(op, sels, typeName, 0)
		if len(plans) == 0 {
			continue
		}
		ids := make([]string, len(group))
		for i, n := range group {
			ids[i] = n.ID()
		}
		fetched, err := l.Store().RelatedTree(ctx, typeName, ids, fetches(plans))
		if err == nil {
			prime(l, plans, fetched, sourceIDs)
		}
	}
	prefetchSources(ctx, l, sourceIDs)
}

func selects(op *graphql.OperationContext, sel ast.SelectionSet, names ...string) bool {
	for _, f := range graphql.CollectFields(op, sel, nil) {
		if slices.Contains(names, f.Name) {
			return true
		}
	}
	return false
}

// listArgs and pageArgs rebuild the arguments as the resolvers will receive them, so
// the prefetch primes the very loader keys the resolvers ask for.
func listArgs(args map[string]any) store.ListArgs {
	return store.ListArgs{Where: mapArg(args["where"]), Sort: sortArg(args["sort"]), Limit: intArg(args["limit"]), Offset: intArg(args["offset"]), AsOf: stringArg(args["asOf"])}
}

func pageArgs(args map[string]any) store.PageArgs {
	return store.PageArgs{Where: mapArg(args["where"]), Sort: sortArg(args["sort"]), First: intArg(args["first"]), After: stringArg(args["after"]), AsOf: stringArg(args["asOf"])}
}

func stringArg(v any) *string {
	if s, ok := v.(string); ok {
		return &s
	}
	return nil
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
