package loader

import (
	"slices"

	lru "github.com/hashicorp/golang-lru/v2"
	"github.com/vektah/gqlparser/v2/ast"
)

// The plan of a root field is the same for every request of a document, but for the
// arguments' values: gqlgen keeps a document's parse by its text (the query cache), so
// its root field's occurrence, an *ast.Field, stands for one selection. rootPlans keeps
// each occurrence's plan, and a request binds its own variables into a copy (bind): the
// fields collected, the properties read, what a connection counts and the provenance
// asked are the document's; a directive that takes a variable (@include(if: $x)) makes
// them the request's, and such a selection is planned for every request. Bounded like
// gqlgen's query cache: an entry keeps its document alive.
var rootPlans = mustLRU[rootPlanKey, rootSelection](1000)

type rootPlanKey struct {
	field    *ast.Field // the root field's occurrence in a parsed document
	typeName string
	paged    bool // a connection's plan, below edges.node
}

func mustLRU[K comparable, V any](size int) *lru.Cache[K, V] {
	c, err := lru.New[K, V](size)
	if err != nil {
		panic(err) // only for a size below 1
	}
	return c
}

// bind is r with the arguments of its planned fields converted from vars.
func (r rootSelection) bind(vars map[string]any) rootSelection {
	r.plans = bindPlans(r.plans, vars)
	return r
}

func bindPlans(plans []planned, vars map[string]any) []planned {
	if len(plans) == 0 {
		return nil
	}
	out := make([]planned, len(plans))
	for i, p := range plans {
		out[i] = p
		args := p.field.ArgumentMap(vars)
		if p.fetch.Page != nil {
			pa := selected(pageArgs(args), *p.fetch.Page)
			out[i].fetch.Page = &pa
		} else {
			la := listArgs(args)
			out[i].fetch.List = &la
		}
		out[i].children = bindPlans(p.children, vars)
	}
	return out
}

// clipped is r with every list it holds clipped to its length: an entry is shared by
// concurrent requests, and an append to one of its lists must not write into it.
func (r rootSelection) clipped() rootSelection {
	r.props = slices.Clip(r.props)
	r.plans = clipPlans(r.plans)
	return r
}

func clipPlans(plans []planned) []planned {
	plans = slices.Clip(plans)
	for i := range plans {
		plans[i].fetch.Props = slices.Clip(plans[i].fetch.Props)
		plans[i].fetch.EdgeProps = slices.Clip(plans[i].fetch.EdgeProps)
		plans[i].children = clipPlans(plans[i].children)
	}
	return plans
}

// takesVariables reports whether a directive in set, or in a fragment it spreads, takes
// a variable: then which fields are collected depends on the request. A spread whose
// definition is unknown counts as one that does.
func takesVariables(set ast.SelectionSet, seen map[string]bool) bool {
	for _, sel := range set {
		switch s := sel.(type) {
		case *ast.Field:
			if directivesTakeVariables(s.Directives) || takesVariables(s.SelectionSet, seen) {
				return true
			}
		case *ast.InlineFragment:
			if directivesTakeVariables(s.Directives) || takesVariables(s.SelectionSet, seen) {
				return true
			}
		case *ast.FragmentSpread:
			if directivesTakeVariables(s.Directives) || s.Definition == nil {
				return true
			}
			if !seen[s.Name] {
				seen[s.Name] = true
				if directivesTakeVariables(s.Definition.Directives) || takesVariables(s.Definition.SelectionSet, seen) {
					return true
				}
			}
		}
	}
	return false
}

func directivesTakeVariables(list ast.DirectiveList) bool {
	for _, d := range list {
		for _, a := range d.Arguments {
			if valueTakesVariable(a.Value) {
				return true
			}
		}
	}
	return false
}

func valueTakesVariable(v *ast.Value) bool {
	if v == nil {
		return false
	}
	if v.Kind == ast.Variable {
		return true
	}
	return slices.ContainsFunc(v.Children, func(c *ast.ChildValue) bool { return valueTakesVariable(c.Value) })
}
