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
	asked := map[string][]string{} // property → the aggregates asked ("": all of them)
	for _, entry := range props {
		name, agg, _ := strings.Cut(entry, ".")
		if _, seen := asked[name]; !seen {
			names = append(names, name)
		}
		asked[name] = append(asked[name], agg)
	}
	entries := make([]string, 0, len(names))
	for _, name := range names {
		p, ok := lookup(name)
		if !ok || p.List {
			return "", badInput(path, "no aggregatable property %q", truncate(name))
		}
		kind, known := scalar.Lookup(p.Type, Enums)
		if !known || !kind.Aggregatable() {
			return "", badInput(path, "property %q (%s) has no aggregates", truncate(name), p.Type)
		}
		aggs := numberAggregates
		if kind.Text() {
			aggs = stringAggregates
		}
		for _, agg := range asked[name] {
			if agg != "" && !slices.ContainsFunc(aggs, func(a aggregate) bool { return a.name == agg }) {
				return "", badInput(path, "property %q (%s) has no aggregate %q", truncate(name), p.Type, truncate(agg))
			}
		}
		var parts []string
		for _, a := range aggs {
			if slices.Contains(asked[name], "") || slices.Contains(asked[name], a.name) {
				parts = append(parts, a.name+": "+a.of(propRef(v, name)))
			}
		}
		entries = append(entries, quoteName(name)+": "+mapOf(parts))
	}
	return mapOf(entries), nil
}

// aggregate is one field of an aggregate selection and the Cypher of it over the
// values e.
type aggregate struct {
	name string
	of   func(e string) string
}

var numberAggregates = []aggregate{{"min", fold("min")}, {"max", fold("max")}, {"average", fold("avg")}, {"sum", fold("sum")}}

// Ties go to the first in string order, so the answer does not depend on row order.
var stringAggregates = []aggregate{{"shortest", pick("<")}, {"longest", pick(">")}}

func fold(fn string) func(string) string {
	return func(e string) string { return fn + "(" + e + ")" }
}

// pick keeps the value whose size compares cmp to every other's.
func pick(cmp string) func(string) string {
	return func(e string) string {
		return "reduce(s = null, x IN collect(" + e + ") | CASE WHEN s IS NULL OR size(x) " + cmp +
			" size(s) OR (size(x) = size(s) AND x < s) THEN x ELSE s END)"
	}
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
