package main

import (
	"os"
	"strconv"
	"strings"

	"github.com/mineralgraph/mineralgraph/graph/store"
	"github.com/mineralgraph/mineralgraph/httpapi"
)

// The fuzzer generates only queries this API's documented limits let through, so that
// no query of a run is spent on a refusal: its depth as httpapi counts it (every field
// one level, fragments none) and its estimated cost (httpapi/cost_bounds.go), bounded
// from above here with the same rules and the graph's statistics the server reads. The
// depth is kept while the query is generated (each field knows the levels left below
// it); the cost is known only for the whole query, so relationship selections are
// removed, the costliest first, until it fits.

// fuzzBounds are the limits a generated query stays within.
type fuzzBounds struct {
	maxDepth int
	maxCost  float64
	stats    *store.Stats // the graph's statistics, as the server reads them; nil: none (each unbounded list counts 1000)
}

// serverBounds are the limits of `mineralgraph serve` as the runner starts it: the
// defaults, or GRAPHQL_MAX_DEPTH and GRAPHQL_MAX_COMPLEXITY from the environment it
// inherits.
func serverBounds(stats *store.Stats) fuzzBounds {
	l := httpapi.Defaults().Limits
	b := fuzzBounds{maxDepth: l.MaxDepth, maxCost: float64(l.MaxComplexity), stats: stats}
	if n, err := strconv.Atoi(os.Getenv("GRAPHQL_MAX_DEPTH")); err == nil && n > 0 {
		b.maxDepth = n
	}
	if n, err := strconv.Atoi(os.Getenv("GRAPHQL_MAX_COMPLEXITY")); err == nil && n > 0 {
		b.maxCost = float64(n)
	}
	return b
}

// rootCallCost is what the estimate adds for each root field (httpapi's dbCallCost).
const rootCallCost = 1000

// depth is the levels of a selection: itself and the deepest of its children.
func depth(s *sel) int {
	d := 0
	for _, c := range s.Children {
		d = max(d, depth(c))
	}
	return d + 1
}

// cost bounds from above the server's estimate of q: each field costs the number of
// objects it is resolved for; a list yields at most its page for each of them, a
// relationship list no more than the field's most relationships at one node, a root
// list no more than the nodes of its type.
func (b fuzzBounds) cost(s *schemaModel, q *fuzzQuery) float64 {
	total := 0.0
	for _, r := range q.Roots {
		total += rootCallCost + b.fieldCost(s, s.Query, r, 1)
	}
	return total
}

func (b fuzzBounds) fieldCost(s *schemaModel, parent string, f *sel, at float64) float64 {
	cost := at
	def := s.field(parent, f.Name)
	if len(f.Children) == 0 || def == nil {
		return cost
	}
	items := at * b.fanout(s, parent, def, f)
	for _, c := range f.Children {
		cost += b.fieldCost(s, def.Type.named(), c, items)
	}
	return cost
}

// fanout is how many objects field f yields at most for one object of type parent.
func (b fuzzBounds) fanout(s *schemaModel, parent string, def *schemaField, f *sel) float64 {
	page, paged := float64(store.MaxPageSize), false
	for _, name := range []string{"limit", "first"} {
		if n, ok := intArg(f.Args[name]); ok {
			page, paged = min(max(float64(n), 1), store.MaxPageSize), true
			break
		}
	}
	named := def.Type.named()
	switch {
	case isConnection(s, named):
		if !paged {
			page = store.DefaultPageSize
		}
		return page
	case !isNodeType(s, named):
		if !paged {
			return 1
		}
		return page
	case !def.Type.isList() && !paged:
		return 1
	}
	if b.stats != nil {
		if rel, ok := b.stats.Field(parent, strings.TrimSuffix(f.Name, "Connection")); ok {
			return min(page, float64(rel.MaxDegree))
		}
		if n, ok := b.stats.Nodes(named); ok {
			return min(page, float64(n))
		}
	}
	return page
}

// intArg is an Int argument's value, inline or in a variable.
func intArg(v any) (int, bool) {
	if r, ok := v.(*varRef); ok {
		v = r.Value
	}
	n, ok := v.(int)
	return n, ok
}

// fit removes relationship selections from q, the costliest first, until its cost is
// within the bound. The connection a paged query asks again, and the root list above
// it, stay.
func (b fuzzBounds) fit(s *schemaModel, q *fuzzQuery) {
	for b.cost(s, q) > b.maxCost {
		var (
			worst float64
			from  *sel
			index int
		)
		var walk func(parent string, f *sel, at float64, onPage bool)
		walk = func(parent string, f *sel, at float64, onPage bool) {
			def := s.field(parent, f.Name)
			if def == nil || len(f.Children) == 0 {
				return
			}
			items := at * b.fanout(s, parent, def, f)
			named := def.Type.named()
			for i, c := range f.Children {
				cd := s.field(named, c.Name)
				if cd == nil || len(c.Children) == 0 {
					continue
				}
				paged := onPage && len(q.PagePath) > 1 && c.key() == q.PagePath[1]
				if isNodeType(s, named) && !paged {
					if cost := b.fieldCost(s, named, c, items); cost > worst {
						worst, from, index = cost, f, i
					}
				}
				walk(named, c, items, false)
			}
		}
		for i, r := range q.Roots {
			walk(s.Query, r, 1, i == 0)
		}
		if from == nil {
			return // nothing left to remove: the roots alone are within any sensible bound
		}
		from.Children = append(from.Children[:index:index], from.Children[index+1:]...)
	}
}
