package store

import (
	"slices"
	"strings"

	"github.com/mineralgraph/mineralgraph/graph/scalar"
)

// This file compiles the two Neo4j GraphQL Library v7 conveniences on top of the filters:
// the property aggregates of a connection's `aggregate` (min/max/average/sum of Int and
// Float properties, shortest/longest of String properties, over the related nodes and
// over the relationships) and the `asOf` argument (the documented validity rule on
// validFrom/validTo). Both compile into the statement that reads the page.

// AggregateSelection names the properties whose aggregates a connection's `aggregate`
// asks for: of the nodes (counted once each) and of the relationships. It comes from
// the selection, not from an argument; it is part of PageArgs so that connections
// asking for different aggregates never share a loader. An entry is a property, for
// every aggregate of it, or a property and one aggregate ("amount.sum"): only those are
// computed (each of a String's is a pass over the collected values).
type AggregateSelection struct {
	Node []string `json:",omitempty"`
	Edge []string `json:",omitempty"`
}

// aggregateMap compiles the aggregates props (of the properties lookup) of the rows
// bound to v into a Cypher map expression, to be used where the rows are aggregated.
// Properties the scalar table does not aggregate (Int, Float, String), or unknown, are
// refused, as are aggregates a property's type has not.
func aggregateMap(v string, props []string, lookup func(string) (Property, bool), path string) (string, error) {
	var names []string
	asked := map[string][]string{} // property → its aggregates asked, nil for all
	for _, entry := range props {
		name, agg, one := strings.Cut(entry, ".")
		if _, seen := asked[name]; !seen {
			names = append(names, name)
			asked[name] = []string{}
		}
		if !one {
			asked[name] = nil
		} else if asked[name] != nil && !slices.Contains(asked[name], agg) {
			asked[name] = append(asked[name], agg)
		}
	}
	entries := make([]string, 0, len(names))
	for _, name := range names {
		p, ok := lookup(name)
		if !ok || p.List {
			return "", badInput(path, "no aggregatable property %q", truncate(name))
		}
		e := propRef(v, name)
		kind, known := scalar.Lookup(p.Type, Enums)
		if !known || !kind.Aggregatable() {
			return "", badInput(path, "property %q (%s) has no aggregates", truncate(name), p.Type)
		}
		var all []string
		var compute func(agg string) string
		if !kind.Text() { // Int, Float
			all = []string{"min", "max", "average", "sum"}
			fn := map[string]string{"min": "min", "max": "max", "average": "avg", "sum": "sum"}
			compute = func(agg string) string { return fn[agg] + "(" + e + ")" }
		} else { // String
			all = []string{"shortest", "longest"}
			// Ties go to the first in string order, so the answer does not depend on row order.
			compute = func(agg string) string {
				cmp := map[string]string{"shortest": "<", "longest": ">"}[agg]
				return "reduce(s = null, x IN collect(" + e + ") | CASE WHEN s IS NULL OR size(x) " + cmp +
					" size(s) OR (size(x) = size(s) AND x < s) THEN x ELSE s END)"
			}
		}
		aggs := asked[name]
		if aggs == nil {
			aggs = all
		}
		var parts []string
		for _, agg := range aggs {
			if !slices.Contains(all, agg) {
				return "", badInput(path, "property %q (%s) has no aggregate %q", truncate(name), p.Type, truncate(agg))
			}
			parts = append(parts, agg+": "+compute(agg))
		}
		entries = append(entries, quoteName(name)+": "+mapOf(parts))
	}
	return mapOf(entries), nil
}

// hasValidity reports whether props include validFrom and validTo.
func hasValidity(lookup func(string) (Property, bool)) bool {
	_, from := lookup("validFrom")
	_, to := lookup("validTo")
	return from && to
}

// asOf compiles the `asOf` argument on the node or relationship bound to v: the fact
// holds as of D when validFrom <= D (or is absent) and D < validTo (or is absent);
// partial dates compare as strings. True without the argument.
func (c *cypherBuilder) asOf(v string, d *string, lookup func(string) (Property, bool), owner string) (expr, error) {
	if d == nil {
		return exprTrue, nil
	}
	if !hasValidity(lookup) {
		return nil, badInput("asOf", "%s has no validFrom/validTo", owner)
	}
	p, err := c.bind("PartialDate", *d, "asOf")
	if err != nil {
		return nil, err
	}
	from, to := propRef(v, "validFrom"), propRef(v, "validTo")
	return andOf(
		orOf(cmpExpr{from, "IS NULL", ""}, cmpExpr{from, "<=", p}),
		orOf(cmpExpr{to, "IS NULL", ""}, cmpExpr{p, "<", to})), nil
}

func nodeLookup(t *NodeType) func(string) (Property, bool) { return t.Property }

func edgeLookup(propsType string) func(string) (Property, bool) {
	return func(name string) (Property, bool) { return PropertyNamed(RelationshipProperties[propsType], name) }
}
