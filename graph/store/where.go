package store

import (
	"fmt"
	"maps"
	"slices"
	"strings"

	"github.com/mineralgraph/mineralgraph/graph/apperr"
	"github.com/mineralgraph/mineralgraph/graph/scalar"
)

// This file compiles the filter inputs of the GraphQL API (Neo4j GraphQL Library v7
// conventions: `<Type>Where`, relationship quantifiers, connection wheres) into Cypher
// boolean expressions (ir.go). Values only ever travel as parameters; labels, relationship
// types and property keys only ever come from the metadata, through quoteName. Every
// input that is not what the metadata allows is a BAD_USER_INPUT *apperr.Error whose message
// starts with the path of the offending argument, e.g.
// `where.financiers.some.name.contains: expected a string, got a number`.
//
// Null semantics are Cypher's, as in the library's translation: an atomic predicate on
// a missing property is null, and so is its NOT, so neither `{description: {contains:
// "x"}}` nor its NOT keeps a node without a description, and a related node whose
// property is missing neither matches nor fails an `all`; `eq: null` is `IS NULL`; a
// null where, property, logical operand or connection quantifier is ignored.
//
// A filter without a predicate is no filter, as the library translates it: an empty
// object (a where, a property's operators, a connection's node or edge), `AND: []`,
// `OR: []`, a NOT, AND or OR of such operands, a relationship quantifier of `{}` and a
// connection quantifier over no predicate drop out of their parent (NOT of nothing is
// not false; OR of nothing and x is x). The compiler says so with a nil expr, which
// allOf, anyOf and negation propagate; nodeWhere and connectionWhere answer true for it.
// A relationship field's `some`/`none` over an operand that is not `{}` but holds no
// predicate (null, `{AND: [{}]}`) still asks for a related node (or none), and its
// `all`/`single` drop out, as in the library.

// MaxWhereDepth bounds how deeply where objects nest: the argument itself is level 1 and
// each where inside it (an AND/OR/NOT operand, a quantifier's where, a connection's node
// or edge where) one level deeper. Deeper inputs are a BAD_USER_INPUT.
const MaxWhereDepth = 8

// maxWhereTerms bounds the operators and quantifiers of one where, so that a wide
// input (a huge OR list) cannot make a huge query.
const maxWhereTerms = 500

// maxInValues bounds the length of an `in` list.
const maxInValues = 1000

func propRef(v, name string) string { return v + "." + quoteName(name) }

// nodeWhere compiles a `<Type>Where` on the node bound to v: true without a predicate.
func (c *cypherBuilder) nodeWhere(t *NodeType, v string, input any, path string, depth int) (expr, error) {
	return orTrue(c.nodeFilter(t, v, input, path, depth))
}

// connectionWhere compiles a connection where on the target node nv and the
// relationship ev of rel: true without a predicate.
func (c *cypherBuilder) connectionWhere(rel Relation, nv, ev string, input any, path string, depth int) (expr, error) {
	return orTrue(c.connectionFilter(rel, nv, ev, input, path, depth))
}

func orTrue(e expr, err error) (expr, error) {
	if e == nil && err == nil {
		return exprTrue, nil
	}
	return e, err
}

// allOf is the conjunction of the parts that are predicates (nil without any).
func allOf(parts ...expr) expr {
	parts = slices.DeleteFunc(parts, func(p expr) bool { return p == nil })
	if len(parts) == 0 {
		return nil
	}
	return andOf(parts...)
}

// anyOf is the disjunction of the parts that are predicates (nil without any).
func anyOf(parts ...expr) expr {
	parts = slices.DeleteFunc(parts, func(p expr) bool { return p == nil })
	if len(parts) == 0 {
		return nil
	}
	return orOf(parts...)
}

// negation is NOT x, and no predicate for none.
func negation(x expr) expr {
	if x == nil {
		return nil
	}
	return notOf(x)
}

// nodeFilter compiles a `<Type>Where` on the node bound to v (nil: no predicate).
func (c *cypherBuilder) nodeFilter(t *NodeType, v string, input any, path string, depth int) (expr, error) {
	self := func(x any, xp string) (expr, error) { return c.nodeFilter(t, v, x, xp, depth+1) }
	return c.where(input, path, depth, self, func(key string, val any, kp string) (expr, error) {
		if isProperty(t, key) {
			prop, _ := t.Property(key)
			return c.propertyWhere(prop, propRef(v, key), val, kp)
		}
		rel, ok := t.Relation(key)
		conn := false
		if !ok {
			if f, found := strings.CutSuffix(key, "Connection"); found {
				rel, ok = t.Relation(f)
				conn = true
			}
		}
		if !ok {
			return nil, badInput(kp, "%sWhere has no field %q", t.Name, truncate(key))
		}
		return c.relationWhere(rel, v, val, kp, depth, conn)
	})
}

// where walks one where object: its keys in a stable order, null operands ignored,
// AND/OR/NOT through self (the same where one level down), every other key through
// field; the parts are ANDed (nil without a predicate).
func (c *cypherBuilder) where(input any, path string, depth int, self func(any, string) (expr, error),
	field func(key string, val any, kp string) (expr, error)) (expr, error) {
	w, err := whereMap(input, path, depth)
	if err != nil {
		return nil, err
	}
	var parts []expr
	for _, key := range slices.Sorted(maps.Keys(w)) {
		val := plain(w[key])
		if val == nil {
			continue
		}
		kp := joinPath(path, key)
		var p expr
		if key == "AND" || key == "OR" || key == "NOT" {
			p, err = c.logical(key, val, kp, self)
		} else {
			p, err = field(key, val, kp)
		}
		if err != nil {
			return nil, err
		}
		parts = append(parts, p)
	}
	return allOf(parts...), nil
}

// isProperty reports whether key is a stored property of t that filters may use.
func isProperty(t *NodeType, key string) bool {
	_, ok := t.Property(key)
	return ok
}

// logical compiles AND/OR (lists of wheres) and NOT (one where) with sub compiling
// each operand.
func (c *cypherBuilder) logical(op string, val any, path string, sub func(any, string) (expr, error)) (expr, error) {
	if op == "NOT" {
		p, err := sub(val, path)
		if err != nil {
			return nil, err
		}
		return negation(p), nil
	}
	list, err := asList(val, path)
	if err != nil {
		return nil, err
	}
	operands := make([]expr, 0, len(list))
	for i, x := range list {
		p, err := sub(x, fmt.Sprintf("%s[%d]", path, i))
		if err != nil {
			return nil, err
		}
		operands = append(operands, p)
	}
	if op == "AND" {
		return allOf(operands...), nil
	}
	return anyOf(operands...), nil
}

// relationWhere compiles `f: {some|all|none|single: …}` (conn false: the operands are
// wheres on the target node) and `fConnection: {…}` (conn true: the operands are
// connection wheres on the target node and the relationship); nil without a predicate.
func (c *cypherBuilder) relationWhere(rel Relation, v string, val any, path string, depth int, conn bool) (expr, error) {
	q, err := asMap(val, path)
	if err != nil {
		return nil, err
	}
	target := NodeTypes[rel.Target]
	if target == nil {
		return nil, &apperr.Error{Code: apperr.Internal, Message: "internal error", Cause: fmt.Errorf("relation %s targets unknown type %s", rel.Field, rel.Target)}
	}
	var parts []expr
	for _, quant := range slices.Sorted(maps.Keys(q)) {
		qp := joinPath(path, quant)
		if !slices.Contains([]string{"some", "all", "none", "single"}, quant) {
			return nil, badInput(qp, "expected one of some, all, none, single")
		}
		operand := plain(q[quant])
		if operand == nil && conn {
			continue
		}
		if m, err := asMap(operand, qp); err != nil {
			return nil, err
		} else if m != nil && len(m) == 0 {
			continue // `some: {}`: no filter, whatever the quantifier
		}
		if err := c.term(qp); err != nil {
			return nil, err
		}
		nv, ev := c.variable("v"), ""
		var inner expr
		if conn {
			ev = c.variable("e")
			inner, err = c.connectionFilter(rel, nv, ev, operand, qp, depth+1)
		} else {
			inner, err = c.nodeFilter(target, nv, operand, qp, depth+1)
		}
		if err != nil {
			return nil, err
		}
		if inner == nil && (conn || quant == "all" || quant == "single") {
			continue
		}
		where := inner
		if where == nil {
			where = exprTrue
		}
		pat := relPattern(patNode{v: v}, ev, rel, patNode{v: nv})
		var p expr
		switch quant {
		case "some":
			p = existsOf(pat, where, false)
		case "none":
			p = existsOf(pat, where, true)
		case "all":
			// As the library translates it: some related node matches and none fails
			// (all of nothing is false).
			p = andOf(existsOf(pat, where, false), existsOf(pat, notOf(where), true))
		case "single":
			// Relationships, as the library counts them on a relationship field too
			// (two financings by one financier are not a single one), though the field
			// lists that financier once in both.
			p = countOneOf(pat, where)
		}
		parts = append(parts, p)
	}
	return allOf(parts...), nil
}

// connectionFilter compiles a connection where `{node, edge, AND, OR, NOT}` on the
// target node nv and the relationship ev of rel (nil: no predicate). An operand's node and
// edge conditions hold together, in an OR too (the library takes them as alternatives there).
func (c *cypherBuilder) connectionFilter(rel Relation, nv, ev string, input any, path string, depth int) (expr, error) {
	self := func(x any, xp string) (expr, error) { return c.connectionFilter(rel, nv, ev, x, xp, depth+1) }
	return c.where(input, path, depth, self, func(key string, val any, kp string) (expr, error) {
		switch key {
		case "node":
			return c.nodeFilter(NodeTypes[rel.Target], nv, val, kp, depth+1)
		case "edge":
			return c.edgeWhere(rel.Properties, ev, val, kp, depth+1)
		}
		return nil, badInput(kp, "a connection where has no field %q (expected node, edge, AND, OR, NOT)", truncate(key))
	})
}

// edgeWhere compiles a where on the properties of a relationship of properties type
// propsType bound to ev (nil: no predicate).
func (c *cypherBuilder) edgeWhere(propsType, ev string, input any, path string, depth int) (expr, error) {
	self := func(x any, xp string) (expr, error) { return c.edgeWhere(propsType, ev, x, xp, depth+1) }
	return c.where(input, path, depth, self, func(key string, val any, kp string) (expr, error) {
		prop, ok := PropertyNamed(RelationshipProperties[propsType], key)
		if !ok {
			return nil, badInput(kp, "%sWhere has no field %q", propsType, truncate(key))
		}
		return c.propertyWhere(prop, propRef(ev, key), val, kp)
	})
}

// operatorsOf lists the operators a property of this shape accepts (the scalar table's).
func operatorsOf(prop Property) []string {
	if prop.List {
		return scalar.ListOperators
	}
	if kind, ok := scalar.Lookup(prop.Type, Enums); ok {
		return kind.Operators()
	}
	return []string{"eq"} // an unknown type: coerceValue refuses its values
}

var comparisons = map[string]string{
	"contains": "CONTAINS", "endsWith": "ENDS WITH",
	"lt": "<", "lte": "<=", "gt": ">", "gte": ">=",
}

// propertyWhere compiles the operators `{eq, in, …}` on the property reference ref (nil
// for `{}`).
func (c *cypherBuilder) propertyWhere(prop Property, ref string, input any, path string) (expr, error) {
	ops, err := asMap(input, path)
	if err != nil {
		return nil, err
	}
	allowed := operatorsOf(prop)
	var parts []expr
	for _, op := range slices.Sorted(maps.Keys(ops)) {
		val := plain(ops[op])
		op2 := joinPath(path, op)
		if !slices.Contains(allowed, op) {
			return nil, badInput(op2, "unknown operator for %s (expected one of %s)", describeProp(prop), strings.Join(allowed, ", "))
		}
		if err := c.term(op2); err != nil {
			return nil, err
		}
		switch op {
		case "eq":
			if val == nil {
				parts = append(parts, cmpExpr{ref, "IS NULL", ""})
				continue
			}
			p, err := c.bind(prop.Type, val, op2)
			if err != nil {
				return nil, err
			}
			parts = append(parts, cmpExpr{ref, "=", p})
		case "in":
			p, err := c.bindList(prop.Type, val, op2)
			if err != nil {
				return nil, err
			}
			parts = append(parts, cmpExpr{ref, "IN", p})
		case "includes":
			p, err := c.bind(prop.Type, val, op2)
			if err != nil {
				return nil, err
			}
			parts = append(parts, cmpExpr{p, "IN", ref})
		default:
			p, err := c.bind(prop.Type, val, op2)
			if err != nil {
				return nil, err
			}
			if op == "startsWith" {
				parts = append(parts, prefixExpr{ref: ref, param: p})
				continue
			}
			parts = append(parts, cmpExpr{ref, comparisons[op], p})
		}
	}
	return allOf(parts...), nil
}
