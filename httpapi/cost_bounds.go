package httpapi

import (
	"math"
	"strings"

	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2/ast"

	"github.com/mineralgraph/mineralgraph/graph/store"
)

// The cost estimate: every field costs 1 for each time it is resolved, so a field's
// cost is the number of objects it is resolved for, and what its selection costs for
// the items it yields. The number of items is an upper bound of what the field reads,
// from the graph's statistics (store.Stats), not a guess:
//
//   - a root list of nodes: at most its page (limit, else 1000) and the nodes of its type;
//   - a relationship field: at most its page and the field's most relationships at one
//     node for each parent, and at most all the field's relationships times how often one
//     parent can occur (a project in two countries is read twice under `countries`);
//   - another list of nodes (analytics): at most its page for each parent, and at most the
//     nodes of its type in all (an analytic answer lists a node once in a field);
//   - a connection: its page (first, else 20) for each parent; ids: one item each;
//   - a list whose where pins ids (id: {eq} or id: {in}): at most one item per id.
//
// Without statistics (Neo4j unreachable at start) a list counts its page: 1000 items,
// safe and strict. Other lists (provenance, aliases, a connection's edges, counted at
// the connection) count once.
const connectionSize = store.DefaultPageSize

// maxVisits bounds the estimate's own work: a fragment is walked once for each number of
// objects it is resolved for, which nested spreads could multiply.
const maxVisits = 1 << 16

// level is the objects a selection is resolved for: how many in all, and how often one
// node can occur among them (+Inf: unknown).
type level struct {
	items, repeats float64
}

// shape is the depth of a selection set and its cost for the objects it is resolved for.
type shape struct {
	depth int
	cost  float64
}

type walker struct {
	op        *graphql.OperationContext
	stats     *store.Stats // nil: the schema's caps
	fragments map[fragmentUse]shape
	walking   map[string]bool // fragments being walked (a cycle, refused by validation)
	visits    int
}

type fragmentUse struct {
	name string
	at   level
	root bool
}

// estimate returns the depth and the cost of the operation, with the statistics
// snapshot that stats returns (no statistics when stats is nil or returns nil).
func estimate(op *graphql.OperationContext, stats func() *store.Stats) shape {
	w := &walker{op: op, fragments: map[fragmentUse]shape{}, walking: map[string]bool{}}
	if stats != nil {
		w.stats = stats()
	}
	return w.selection(op.Operation.SelectionSet, level{1, 1}, true)
}

func (w *walker) selection(set ast.SelectionSet, at level, root bool) shape {
	var total shape
	add := func(s shape) {
		total.depth, total.cost = max(total.depth, s.depth), total.cost+s.cost
	}
	for _, sel := range set {
		if w.visits++; w.visits > maxVisits {
			return shape{depth: total.depth, cost: math.Inf(1)}
		}
		switch s := sel.(type) {
		case *ast.Field:
			if strings.HasPrefix(s.Name, "__") {
				continue
			}
			var child shape
			if len(s.SelectionSet) > 0 { // a leaf yields nothing to count below it
				child = w.selection(s.SelectionSet, w.items(s, at, root), false)
			}
			cost := at.items + child.cost
			if root {
				cost += dbCallCost * float64(1+w.prefetchCalls(s))
			}
			add(shape{depth: child.depth + 1, cost: cost})
		case *ast.InlineFragment:
			add(w.selection(s.SelectionSet, at, root))
		case *ast.FragmentSpread:
			use := fragmentUse{s.Name, at, root}
			known, seen := w.fragments[use]
			if !seen && s.Definition != nil && !w.walking[s.Name] {
				w.walking[s.Name] = true
				known, seen = w.selection(s.Definition.SelectionSet, at, root), true
				w.walking[s.Name] = false
				w.fragments[use] = known
			}
			if seen {
				add(known)
			}
		}
	}
	return total
}

// prefetchCalls is how many more database calls an explore field (search,
// neighborhood, paths) makes for what its results nest: the resolvers read the
// relationship fields below entity, nodes and edges in one call per node type found,
// so at most one per node type and place.
func (w *walker) prefetchCalls(f *ast.Field) int {
	if f.Name != "search" && f.Name != "neighborhood" && f.Name != "paths" {
		return 0
	}
	calls := 0
	for _, child := range graphql.CollectFields(w.op, f.SelectionSet, nil) {
		if child.Name != "entity" && child.Name != "nodes" && child.Name != "edges" {
			continue
		}
		if w.selection(child.Selections, level{1, 1}, false).depth > 1 { // a field below nests a selection
			calls += len(store.NodeTypes)
		}
	}
	return calls
}

// items is the objects field f yields when resolved for the objects at.
func (w *walker) items(f *ast.Field, at level, root bool) level {
	arg := func(name string) any { return argument(f, name, w.op.Variables) }
	page, paged := float64(store.MaxPageSize), false
	for _, name := range []string{"limit", "first"} {
		if n, ok := asNumber(arg(name)); ok {
			// Out-of-range sizes are refused by the store with a message naming the
			// argument; the estimate only needs the largest size allowed.
			page, paged = min(max(n, 1), store.MaxPageSize), true
			break
		}
	}
	if n, ok := idsFiltered(arg("where")); ok { // ids are unique: at most one node each
		page = min(page, max(n, 1))
	}
	unknown := math.Inf(1)
	if f.Definition == nil || f.ObjectDefinition == nil {
		return level{at.items * page, unknown}
	}
	typeName := f.Definition.Type.Name()
	nodes := store.NodeTypes[typeName] != nil // Entity lists (explore) keep their rule: once
	ids, hasIDs := arg("ids").([]any)
	list := f.Definition.Type.Elem != nil
	var rel store.FieldStats
	related := false
	if w.stats != nil {
		rel, related = w.stats.Field(f.ObjectDefinition.Name, strings.TrimSuffix(f.Name, "Connection"))
	}
	// How often one node can occur among the items: once at the root; below, each
	// occurrence of a parent reaches a node through at most the reverse degree.
	repeats := unknown
	switch {
	case root:
		repeats = 1
	case related:
		repeats = mul(at.repeats, float64(rel.MaxReverse))
	case f.Name == "node" && strings.HasSuffix(f.ObjectDefinition.Name, "Edge"):
		repeats = at.repeats // the connection's
	}
	switch {
	case hasIDs && !paged:
		n := max(float64(len(ids)), 1)
		return level{mul(at.items, n), n} // an id may be asked for twice
	case strings.HasSuffix(f.Name, "Connection"):
		if !paged {
			page = connectionSize
		}
		return level{mul(at.items, page), repeats}
	case !nodes:
		// Pages, edges, analytics rows: objects of their own. Other lists count their
		// page (search results) or once.
		if !paged {
			page = 1
		}
		if typeName == "Entity" {
			return level{mul(at.items, page), repeats}
		}
		return level{mul(at.items, page), at.repeats}
	case !list && !paged:
		return level{at.items, repeats}
	case related:
		if list {
			page = min(page, float64(rel.MaxDegree))
		}
		return level{min(mul(at.items, page), mul(at.repeats, float64(rel.Total))), repeats}
	case w.stats != nil:
		if n, ok := w.stats.Nodes(typeName); ok {
			// An analytic answer lists each node once in a field (a figure belongs to
			// one country's row of one table), so the field holds at most the nodes of
			// its type, times how often one parent row can occur.
			page = min(page, float64(n))
			return level{min(mul(at.items, page), mul(max(at.repeats, 1), float64(n))), repeats}
		}
	}
	return level{mul(at.items, page), repeats}
}

// argument is f's argument name as f.ArgumentMap has it (the definition's default when
// the document gives none; nil when the field takes no such argument), without
// converting the others: a list's where and sort, often literals, are the largest.
func argument(f *ast.Field, name string, vars map[string]any) any {
	if f.Definition == nil {
		return nil
	}
	def := f.Definition.Arguments.ForName(name)
	if def == nil {
		return nil
	}
	if a := f.Arguments.ForName(name); a != nil {
		if a.Value.Kind == ast.Variable {
			if v, ok := vars[a.Value.Raw]; ok {
				return v
			}
		} else {
			// An error (a variable the document does not define) is refused by
			// validation before this runs; nil counts the largest page, the safe side.
			v, _ := a.Value.Value(vars)
			return v
		}
	}
	if def.DefaultValue != nil {
		v, _ := def.DefaultValue.Value(vars)
		return v
	}
	return nil
}

// mul is a product where zero items stay zero even when the other factor is unknown.
func mul(a, b float64) float64 {
	if a == 0 || b == 0 {
		return 0
	}
	return a * b
}

// idsFiltered is how many ids a where filter's top-level id condition allows: one for
// eq, the list's length for in; ok is false when the filter does not pin ids.
func idsFiltered(where any) (float64, bool) {
	w, _ := where.(map[string]any)
	id, _ := w["id"].(map[string]any)
	if _, ok := id["eq"]; ok && id["eq"] != nil {
		return 1, true
	}
	if in, ok := id["in"].([]any); ok {
		return float64(len(in)), true
	}
	return 0, false
}
