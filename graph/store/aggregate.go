package store

import "github.com/mineralgraph/mineralgraph/graph/scalar"

// This file compiles the two Neo4j GraphQL Library v7 conveniences on top of the filters:
// the property aggregates of a connection's `aggregate` (min/max/average/sum of Int and
// Float properties, shortest/longest of String properties, over the related nodes and
// over the relationships) and the `asOf` argument (the documented validity rule on
// validFrom/validTo). Both compile into the statement that reads the page.

// AggregateSelection names the properties whose aggregates a connection's `aggregate`
// asks for: of the nodes (counted once each) and of the relationships. It comes from
// the selection, not from an argument; it is part of PageArgs so that connections
// asking for different aggregates never share a loader.
type AggregateSelection struct {
	Node []string `json:",omitempty"`
	Edge []string `json:",omitempty"`
}

// aggregateMap compiles the aggregates of props (of the properties lookup) of the rows
// bound to v into a Cypher map expression, to be used where the rows are aggregated.
// Properties the scalar table does not aggregate (Int, Float, String), or unknown, are
// refused.
func aggregateMap(v string, props []string, lookup func(string) (Property, bool), path string) (string, error) {
	entries := make([]string, 0, len(props))
	for _, name := range props {
		p, ok := lookup(name)
		if !ok || p.List {
			return "", badInput(path, "no aggregatable property %q", truncate(name))
		}
		e := propRef(v, name)
		kind, known := scalar.Lookup(p.Type, Enums)
		switch {
		case !known || !kind.Aggregatable():
			return "", badInput(path, "property %q (%s) has no aggregates", truncate(name), p.Type)
		case !kind.Text(): // Int, Float
			entries = append(entries, quoteName(name)+": {min: min("+e+"), max: max("+e+"), average: avg("+e+"), sum: sum("+e+")}")
		default: // String
			// Ties go to the first in string order, so the answer does not depend on row order.
			pick := func(cmp string) string {
				return "reduce(s = null, x IN collect(" + e + ") | CASE WHEN s IS NULL OR size(x) " + cmp +
					" size(s) OR (size(x) = size(s) AND x < s) THEN x ELSE s END)"
			}
			entries = append(entries, quoteName(name)+": {shortest: "+pick("<")+", longest: "+pick(">")+"}")
		}
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
