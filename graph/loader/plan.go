package loader

import (
	"context"
	"slices"
	"strings"

	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2/ast"

	"github.com/mineralgraph/mineralgraph/graph/store"
)

// The plan of a root field: the relationship fields its selection nests, each with its
// arguments (gqlgen's collected fields, their arguments resolved against the
// operation's variables, converted once, here), what a connection counts, and the
// properties read of each node. The store reads the whole plan in one statement.

// maxPlanDepth bounds the plan; the query depth limit bounds it first.
const maxPlanDepth = 10

// planned is a relationship field of the selection: what the store reads, and what it
// takes to file the answer and read its sources.
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
	if t == nil || depth > maxPlanDepth {
		return nil
	}
	var out []planned
	for _, sel := range sels {
		for _, f := range graphql.CollectFields(op, sel, []string{typeName, "Entity"}) {
			if rel, ok := t.Relation(f.Name); ok {
				la := listArgs(f.ArgumentMap(op.Variables))
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
			pa, withTotal := connection(op, f.Selections, pageArgs(f.ArgumentMap(op.Variables)))
			nodes := below(op, []ast.SelectionSet{f.Selections}, "edges", "node")
			p := planned{
				field:    f.Field,
				fetch:    store.Fetch{Field: rel.Field, Page: &pa, WithTotal: withTotal, Props: storedProps(op, nodes, rel.Target)},
				children: plan(op, nodes, rel.Target, depth+1),
				sources:  selectsAny(op, nodes, "provenance"),
			}
			edges := below(op, []ast.SelectionSet{f.Selections}, "edges", "properties")
			p.fetch.EdgeProps = edgeProps(op, edges, rel.Properties)
			p.edgeSources = selectsAny(op, edges, "provenance")
			out = append(out, p)
		}
	}
	return out
}

// connection completes a connection's arguments with what its selection sel counts: the
// aggregates asked under `aggregate`, whether to count its rows at all (paid only when
// totalCount or aggregate is asked for) and its distinct nodes (only for
// aggregate.count.nodes); and with whether it asks for any cursor (made only then). Root,
// planned and batched connections all decide it here.
func connection(op *graphql.OperationContext, sel ast.SelectionSet, a store.PageArgs) (store.PageArgs, bool) {
	a.Aggregate = aggregateSelection(op, sel)
	a.NoNodeCount = !selectsAny(op, below(op, []ast.SelectionSet{sel}, "aggregate", "count"), "nodes")
	withTotal, cursors, rows := false, false, false
	for _, f := range graphql.CollectFields(op, sel, nil) {
		switch f.Name {
		case "totalCount", "aggregate":
			withTotal = true
		case "edges":
			rows = true
			cursors = cursors || selects(op, f.Selections, "cursor")
		case "pageInfo":
			rows = true
			cursors = cursors || selects(op, f.Selections, "startCursor", "endCursor")
		}
	}
	a.NoCursors, a.NoRows = !cursors, !rows && withTotal
	return a, withTotal
}

// connectionAt is connection for the connection field being resolved.
func connectionAt(ctx context.Context, a store.PageArgs) (store.PageArgs, bool) {
	op, sels, ok := selection(ctx)
	if !ok {
		return a, false
	}
	return connection(op, sels[0], a)
}

// aggregateSelection lists the property aggregates a connection's selection asks for
// under aggregate.node and aggregate.edge ("amount.sum"); nil when it asks for none.
func aggregateSelection(op *graphql.OperationContext, sel ast.SelectionSet) *store.AggregateSelection {
	var a store.AggregateSelection
	for _, agg := range below(op, []ast.SelectionSet{sel}, "aggregate") {
		for _, f := range graphql.CollectFields(op, agg, nil) {
			for _, p := range graphql.CollectFields(op, f.Selections, nil) {
				var list *[]string
				switch {
				case p.Name == "__typename":
					continue
				case f.Name == "node":
					list = &a.Node
				case f.Name == "edge":
					list = &a.Edge
				default:
					continue
				}
				whole := true // the object alone (non-null) is read whole
				for _, x := range graphql.CollectFields(op, p.Selections, nil) {
					if x.Name != "__typename" {
						whole = false
						*list = appendNew(*list, p.Name+"."+x.Name)
					}
				}
				if whole {
					*list = appendNew(*list, p.Name)
				}
			}
		}
	}
	if len(a.Node) == 0 && len(a.Edge) == 0 {
		return nil
	}
	slices.Sort(a.Node)
	slices.Sort(a.Edge)
	return &a
}

func appendNew(list []string, s string) []string {
	if s == "__typename" || slices.Contains(list, s) {
		return list
	}
	return append(list, s)
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

// edgeProps is storedProps for the relationships of a connection, whose properties are
// those of propsType: none read when the selection asks for none.
func edgeProps(op *graphql.OperationContext, sels []ast.SelectionSet, propsType string) []string {
	props := []string{"id"}
	for _, sel := range sels {
		for _, f := range graphql.CollectFields(op, sel, nil) {
			names := []string{f.Name}
			if f.Name == "provenance" {
				names = []string{"sources", "quotes", "locators"}
			}
			for _, name := range names {
				if _, ok := store.PropertyNamed(store.RelationshipProperties[propsType], name); ok && !slices.Contains(props, name) {
					props = append(props, name)
				}
			}
		}
	}
	slices.Sort(props)
	return props
}

// selected is a with what sel, a connection's arguments completed by connection, took
// from the selection rather than from the arguments.
func selected(a, sel store.PageArgs) store.PageArgs {
	a.Aggregate, a.NoCursors, a.NoNodeCount, a.NoRows = sel.Aggregate, sel.NoCursors, sel.NoNodeCount, sel.NoRows
	return a
}

func fetches(plans []planned) []store.Fetch {
	out := make([]store.Fetch, len(plans))
	for i, p := range plans {
		out[i] = p.fetch
		out[i].Children = fetches(p.children)
	}
	return out
}

func selects(op *graphql.OperationContext, sel ast.SelectionSet, names ...string) bool {
	for _, f := range graphql.CollectFields(op, sel, nil) {
		if slices.Contains(names, f.Name) {
			return true
		}
	}
	return false
}

func selectsAny(op *graphql.OperationContext, sels []ast.SelectionSet, names ...string) bool {
	return slices.ContainsFunc(sels, func(sel ast.SelectionSet) bool { return selects(op, sel, names...) })
}
