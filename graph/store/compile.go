package store

import (
	"encoding/json"
	"fmt"
	"math"
	"reflect"
	"slices"
	"sort"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/mineralgraph/mineralgraph/graph/model"
)

// This file compiles the filter inputs of the GraphQL API (Neo4j GraphQL Library v7
// conventions: `<Type>Where`, relationship quantifiers, connection wheres) into Cypher
// boolean expressions. Values only ever travel as parameters; labels, relationship
// types and property keys only ever come from the metadata, through quoteName. Every
// input that is not what the metadata allows is a BAD_USER_INPUT *Error whose message
// starts with the path of the offending argument, e.g.
// `where.financiers.some.name.contains: expected a string, got a number`.
//
// Null semantics: an atomic predicate on a missing property is false, also under NOT
// and in `all` (NOT coalesces its operand to false), so `NOT {description: {contains:
// "x"}}` matches nodes without a description, as a reader of the filter expects;
// `eq: null` is `IS NULL`; a null where, quantifier or logical operand is ignored.
// `AND: []` is true and `OR: []` false, as in logic.

// MaxWhereDepth bounds how deeply where objects nest: the argument itself is level 1 and
// each where inside it (an AND/OR/NOT operand, a quantifier's where, a connection's node
// or edge where) one level deeper. Deeper inputs are a BAD_USER_INPUT.
const MaxWhereDepth = 8

// maxWhereTerms bounds the operators and quantifiers of one where, so that a wide
// input (a huge OR list) cannot make a huge query.
const maxWhereTerms = 500

// maxInValues bounds the length of an `in` list.
const maxInValues = 1000

// cypherBuilder hands out parameter and variable names for one query.
type cypherBuilder struct {
	params map[string]any
	nParam int
	nVar   int
	terms  int
}

func newCypherBuilder() *cypherBuilder {
	return &cypherBuilder{params: map[string]any{}}
}

// param stores a value and returns its placeholder ($p0, $p1, …); the names cannot
// collide with the fixed parameters of the queries ($ids, $skip, $limit).
func (c *cypherBuilder) param(v any) string {
	name := "p" + strconv.Itoa(c.nParam)
	c.nParam++
	c.params[name] = v
	return "$" + name
}

// variable returns a fresh variable name (v0, e1, …): subqueries see the variables of
// the enclosing query, so nested patterns must never reuse a name.
func (c *cypherBuilder) variable(prefix string) string {
	name := prefix + strconv.Itoa(c.nVar)
	c.nVar++
	return name
}

func (c *cypherBuilder) term(path string) error {
	c.terms++
	if c.terms > maxWhereTerms {
		return badInput(path, "the filter has more than %d conditions", maxWhereTerms)
	}
	return nil
}

// Predicates are Cypher boolean expressions; "" stands for true.
const cypherFalse = "false"

func andAll(parts []string) string {
	var kept []string
	for _, p := range parts {
		switch p {
		case "":
			continue
		case cypherFalse:
			return cypherFalse
		}
		kept = append(kept, p)
	}
	switch len(kept) {
	case 0:
		return ""
	case 1:
		return kept[0]
	}
	return "(" + strings.Join(cheapFirst(kept), " AND ") + ")"
}

func orAll(parts []string) string {
	var kept []string
	for _, p := range parts {
		switch p {
		case "":
			return ""
		case cypherFalse:
			continue
		}
		kept = append(kept, p)
	}
	switch len(kept) {
	case 0:
		return cypherFalse
	case 1:
		return kept[0]
	}
	return "(" + strings.Join(cheapFirst(kept), " OR ") + ")"
}

// cheapFirst orders the operands of AND and OR by their number of subqueries, stably.
// Neo4j evaluates subquery predicates in the order written, so a property comparison
// placed first spares the pattern expansions of the rows it rejects (or, in an OR,
// accepts).
func cheapFirst(parts []string) []string {
	cost := func(p string) int { return strings.Count(p, "EXISTS {") + strings.Count(p, "COUNT {") }
	slices.SortStableFunc(parts, func(a, b string) int { return cost(a) - cost(b) })
	return parts
}

// negate coalesces its operand so that a predicate that is null (a missing property)
// counts as false before it is negated; see the null semantics above.
func negate(p string) string {
	switch p {
	case "":
		return cypherFalse
	case cypherFalse:
		return ""
	}
	return "NOT coalesce(" + p + ", false)"
}

func propRef(v, name string) string { return v + "." + quoteName(name) }

// nodeWhere compiles a `<Type>Where` on the node bound to v.
func (c *cypherBuilder) nodeWhere(t *NodeType, v string, input any, path string, depth int) (string, error) {
	self := func(x any, xp string) (string, error) { return c.nodeWhere(t, v, x, xp, depth+1) }
	return c.where(input, path, depth, self, func(key string, val any, kp string) (string, error) {
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
			return "", badInput(kp, "%sWhere has no field %q", t.Name, truncate(key))
		}
		return c.relationWhere(rel, v, val, kp, depth, conn)
	})
}

// where walks one where object: its keys in a stable order, null operands ignored,
// AND/OR/NOT through self (the same where one level down), every other key through
// field; the parts are ANDed.
func (c *cypherBuilder) where(input any, path string, depth int, self func(any, string) (string, error),
	field func(key string, val any, kp string) (string, error)) (string, error) {
	w, err := whereMap(input, path, depth)
	if err != nil || w == nil {
		return "", err
	}
	var parts []string
	for _, key := range sortedMapKeys(w) {
		val := plain(w[key])
		if val == nil {
			continue
		}
		kp := joinPath(path, key)
		var p string
		if key == "AND" || key == "OR" || key == "NOT" {
			p, err = c.logical(key, val, kp, self)
		} else {
			p, err = field(key, val, kp)
		}
		if err != nil {
			return "", err
		}
		parts = append(parts, p)
	}
	return andAll(parts), nil
}

// isProperty reports whether key is a stored property of t that filters may use.
func isProperty(t *NodeType, key string) bool {
	_, ok := t.Property(key)
	return ok
}

// logical compiles AND/OR (lists of wheres) and NOT (one where) with sub compiling
// each operand.
func (c *cypherBuilder) logical(op string, val any, path string, sub func(any, string) (string, error)) (string, error) {
	if op == "NOT" {
		p, err := sub(val, path)
		if err != nil {
			return "", err
		}
		return negate(p), nil
	}
	list, err := asList(val, path)
	if err != nil {
		return "", err
	}
	parts := make([]string, 0, len(list))
	for i, x := range list {
		p, err := sub(x, fmt.Sprintf("%s[%d]", path, i))
		if err != nil {
			return "", err
		}
		parts = append(parts, p)
	}
	if op == "AND" {
		return andAll(parts), nil
	}
	return orAll(parts), nil
}

// relationWhere compiles `f: {some|all|none|single: …}` (conn false: the operands are
// wheres on the target node) and `fConnection: {…}` (conn true: the operands are
// connection wheres on the target node and the relationship).
func (c *cypherBuilder) relationWhere(rel Relation, v string, val any, path string, depth int, conn bool) (string, error) {
	q, err := asMap(val, path)
	if err != nil {
		return "", err
	}
	target := NodeTypes[rel.Target]
	if target == nil {
		return "", &Error{Code: Internal, Message: "internal error", Cause: fmt.Errorf("relation %s targets unknown type %s", rel.Field, rel.Target)}
	}
	var parts []string
	for _, quant := range sortedMapKeys(q) {
		qp := joinPath(path, quant)
		if !slices.Contains([]string{"some", "all", "none", "single"}, quant) {
			return "", badInput(qp, "expected one of some, all, none, single")
		}
		if plain(q[quant]) == nil {
			continue
		}
		if err := c.term(qp); err != nil {
			return "", err
		}
		nv, ev := c.variable("v"), ""
		var inner string
		if conn {
			ev = c.variable("e")
			inner, err = c.connectionWhere(rel, nv, ev, q[quant], qp, depth+1)
		} else {
			inner, err = c.nodeWhere(target, nv, q[quant], qp, depth+1)
		}
		if err != nil {
			return "", err
		}
		pattern := "MATCH " + relPattern(v, ev, rel, nv, target)
		whereOf := func(p string) string {
			if p == "" {
				return ""
			}
			return " WHERE " + p
		}
		var p string
		switch quant {
		case "some":
			p = "EXISTS { " + pattern + whereOf(inner) + " }"
		case "none":
			p = "NOT EXISTS { " + pattern + whereOf(inner) + " }"
		case "all":
			if inner != "" {
				p = "NOT EXISTS { " + pattern + whereOf(negate(inner)) + " }"
			}
		case "single":
			// A relationship field lists nodes, so `single` counts distinct nodes (two
			// dated relationships to one partner are one partner); a connection lists
			// relationships, so there it counts relationships.
			ret := ""
			if !conn {
				ret = " RETURN DISTINCT " + nv
			}
			p = "COUNT { " + pattern + whereOf(inner) + ret + " } = 1"
		}
		parts = append(parts, p)
	}
	return andAll(parts), nil
}

// relPattern is the pattern from the node bound to from through rel to a new node
// variable to; relVar may be empty.
func relPattern(from, relVar string, rel Relation, to string, target *NodeType) string {
	r := "[" + relVar + ":" + quoteName(rel.Type) + "]"
	end := "(" + to + ":" + quoteName(target.Labels[0]) + ")"
	if rel.Direction == IN {
		return "(" + from + ")<-" + r + "-" + end
	}
	return "(" + from + ")-" + r + "->" + end
}

// connectionWhere compiles a connection where `{node, edge, AND, OR, NOT}` on the
// target node nv and the relationship ev of rel.
func (c *cypherBuilder) connectionWhere(rel Relation, nv, ev string, input any, path string, depth int) (string, error) {
	self := func(x any, xp string) (string, error) { return c.connectionWhere(rel, nv, ev, x, xp, depth+1) }
	return c.where(input, path, depth, self, func(key string, val any, kp string) (string, error) {
		switch key {
		case "node":
			return c.nodeWhere(NodeTypes[rel.Target], nv, val, kp, depth+1)
		case "edge":
			return c.edgeWhere(rel.Properties, ev, val, kp, depth+1)
		}
		return "", badInput(kp, "a connection where has no field %q (expected node, edge, AND, OR, NOT)", truncate(key))
	})
}

// edgeWhere compiles a where on the properties of a relationship of properties type
// propsType bound to ev.
func (c *cypherBuilder) edgeWhere(propsType, ev string, input any, path string, depth int) (string, error) {
	self := func(x any, xp string) (string, error) { return c.edgeWhere(propsType, ev, x, xp, depth+1) }
	return c.where(input, path, depth, self, func(key string, val any, kp string) (string, error) {
		prop, ok := relProperty(propsType, key)
		if !ok {
			return "", badInput(kp, "%sWhere has no field %q", propsType, truncate(key))
		}
		return c.propertyWhere(prop, propRef(ev, key), val, kp)
	})
}

func relProperty(propsType, name string) (Property, bool) {
	for _, p := range RelationshipProperties[propsType] {
		if p.Name == name {
			return p, true
		}
	}
	return Property{}, false
}

// operatorsOf lists the operators a property of this shape accepts.
func operatorsOf(prop Property) []string {
	if prop.List {
		return []string{"includes"}
	}
	switch prop.Type {
	case "ID", "String":
		return []string{"eq", "in", "contains", "startsWith", "endsWith"}
	case "Int", "Float", "PartialDate":
		return []string{"eq", "in", "lt", "lte", "gt", "gte"}
	}
	return []string{"eq", "in"} // Boolean, enums
}

var comparisons = map[string]string{
	"contains": "CONTAINS", "startsWith": "STARTS WITH", "endsWith": "ENDS WITH",
	"lt": "<", "lte": "<=", "gt": ">", "gte": ">=",
}

// propertyWhere compiles the operators `{eq, in, …}` on the property expression expr.
func (c *cypherBuilder) propertyWhere(prop Property, expr string, input any, path string) (string, error) {
	ops, err := asMap(input, path)
	if err != nil {
		return "", err
	}
	allowed := operatorsOf(prop)
	var parts []string
	for _, op := range sortedMapKeys(ops) {
		val := plain(ops[op])
		op2 := joinPath(path, op)
		if !slices.Contains(allowed, op) {
			return "", badInput(op2, "unknown operator for %s (expected one of %s)", describeProp(prop), strings.Join(allowed, ", "))
		}
		if err := c.term(op2); err != nil {
			return "", err
		}
		switch op {
		case "eq":
			if val == nil {
				parts = append(parts, expr+" IS NULL")
				continue
			}
			x, err := coerceValue(prop.Type, val, op2)
			if err != nil {
				return "", err
			}
			parts = append(parts, expr+" = "+c.param(x))
		case "in":
			if val == nil {
				return "", badInput(op2, "expected a list, got null")
			}
			list, err := asList(val, op2)
			if err != nil {
				return "", err
			}
			if len(list) > maxInValues {
				return "", badInput(op2, "at most %d values", maxInValues)
			}
			xs := make([]any, 0, len(list))
			for i, e := range list {
				x, err := coerceValue(prop.Type, e, fmt.Sprintf("%s[%d]", op2, i))
				if err != nil {
					return "", err
				}
				xs = append(xs, x)
			}
			parts = append(parts, expr+" IN "+c.param(xs))
		case "includes":
			x, err := coerceValue(prop.Type, val, op2)
			if err != nil {
				return "", err
			}
			parts = append(parts, c.param(x)+" IN "+expr)
		default:
			x, err := coerceValue(prop.Type, val, op2)
			if err != nil {
				return "", err
			}
			parts = append(parts, expr+" "+comparisons[op]+" "+c.param(x))
		}
	}
	return andAll(parts), nil
}

func describeProp(p Property) string {
	if p.List {
		return "a list of " + p.Type
	}
	return p.Type
}

// coerceValue turns an input value into the Go value to send for a property of GraphQL
// type typ, or explains at path why it cannot.
func coerceValue(typ string, v any, path string) (any, error) {
	v = plain(v)
	if v == nil {
		return nil, badInput(path, "expected %s, got null", article(typ))
	}
	switch typ {
	case "String", "ID", "PartialDate":
		s, ok := v.(string)
		if !ok && typ == "ID" {
			// GraphQL accepts integers for ID inputs.
			if n, isInt := asInt(v); isInt {
				return strconv.FormatInt(n, 10), nil
			}
		}
		if !ok {
			return nil, badInput(path, "expected %s, got %s", article(typ), kindOf(v))
		}
		if !utf8.ValidString(s) {
			return nil, badInput(path, "the string is not valid UTF-8")
		}
		if typ == "PartialDate" {
			if _, err := model.ParsePartialDate(s); err != nil {
				if len(s) > 64 { // the parser's message quotes the whole input
					return nil, badInput(path, "%q is not a date of the form YYYY, YYYY-MM or YYYY-MM-DD", truncate(s))
				}
				return nil, badInput(path, "%v", err)
			}
		}
		return s, nil
	case "Boolean":
		b, ok := v.(bool)
		if !ok {
			return nil, badInput(path, "expected a boolean, got %s", kindOf(v))
		}
		return b, nil
	case "Int":
		n, ok := asInt(v)
		if !ok {
			return nil, badInput(path, "expected an integer, got %s", kindOf(v))
		}
		return n, nil
	case "Float":
		f, ok := asFloat(v)
		if !ok {
			return nil, badInput(path, "expected a number, got %s", kindOf(v))
		}
		return f, nil
	}
	if values, isEnum := Enums[typ]; isEnum {
		s, ok := v.(string)
		if !ok {
			return nil, badInput(path, "expected a %s value, got %s", typ, kindOf(v))
		}
		if !slices.Contains(values, s) {
			return nil, badInput(path, "%q is not a %s value (expected one of %s)", truncate(s), typ, strings.Join(values, ", "))
		}
		return s, nil
	}
	return nil, badInput(path, "cannot filter on values of type %s", typ)
}

func article(typ string) string {
	switch typ {
	case "String":
		return "a string"
	case "ID":
		return "an ID"
	case "PartialDate":
		return "a PartialDate string (YYYY, YYYY-MM or YYYY-MM-DD)"
	case "Int":
		return "an integer"
	case "Float":
		return "a number"
	case "Boolean":
		return "a boolean"
	}
	return "a " + typ + " value"
}

// asInt accepts the integer forms a decoded GraphQL or JSON value can take.
func asInt(v any) (int64, bool) {
	switch n := v.(type) {
	case json.Number:
		if i, err := n.Int64(); err == nil {
			return i, true
		}
		f, err := n.Float64()
		if err != nil {
			return 0, false
		}
		return asInt(f)
	case float64:
		if n != math.Trunc(n) || math.IsInf(n, 0) || n < math.MinInt64 || n >= math.MaxInt64 {
			return 0, false
		}
		return int64(n), true
	case float32:
		return asInt(float64(n))
	}
	rv := reflect.ValueOf(v)
	switch rv.Kind() {
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return rv.Int(), true
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		if rv.Uint() > math.MaxInt64 {
			return 0, false
		}
		return int64(rv.Uint()), true
	}
	return 0, false
}

func asFloat(v any) (float64, bool) {
	var f float64
	switch n := v.(type) {
	case float64:
		f = n
	case float32:
		f = float64(n)
	case json.Number:
		var err error
		if f, err = n.Float64(); err != nil {
			return 0, false
		}
	default:
		i, ok := asInt(v)
		if !ok {
			return 0, false
		}
		f = float64(i)
	}
	if math.IsNaN(f) || math.IsInf(f, 0) {
		return 0, false
	}
	return f, true
}

// kindOf names the JSON kind of an input value for error messages.
func kindOf(v any) string {
	switch v.(type) {
	case nil:
		return "null"
	case string:
		return "a string"
	case bool:
		return "a boolean"
	case json.Number, float32, float64:
		return "a number"
	case map[string]any:
		return "an object"
	}
	switch reflect.ValueOf(v).Kind() {
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		return "a number"
	case reflect.Slice, reflect.Array:
		return "a list"
	case reflect.Map:
		return "an object"
	case reflect.Pointer:
		if reflect.ValueOf(v).IsNil() {
			return "null"
		}
		return kindOf(reflect.ValueOf(v).Elem().Interface())
	}
	return "a value of another kind" // never a Go type name: clients read this
}

// whereMap checks the depth bound and the shape of one where object; nil means true.
func whereMap(v any, path string, depth int) (map[string]any, error) {
	if depth > MaxWhereDepth {
		return nil, badInput(path, "filters nest deeper than %d levels", MaxWhereDepth)
	}
	return asMap(v, path)
}

// asMap accepts an input object; nil (absent or null) is returned as nil.
func asMap(v any, path string) (map[string]any, error) {
	v = plain(v)
	switch m := v.(type) {
	case nil:
		return nil, nil
	case map[string]any:
		return m, nil
	}
	rv := reflect.ValueOf(v)
	if rv.Kind() == reflect.Map && rv.Type().Key().Kind() == reflect.String {
		out := make(map[string]any, rv.Len())
		for it := rv.MapRange(); it.Next(); {
			out[it.Key().String()] = it.Value().Interface()
		}
		return out, nil
	}
	return nil, badInput(path, "expected an object, got %s", kindOf(v))
}

// asList accepts an input list of any element type; nil is returned as nil.
func asList(v any, path string) ([]any, error) {
	v = plain(v)
	switch l := v.(type) {
	case nil:
		return nil, nil
	case []any:
		return l, nil
	}
	rv := reflect.ValueOf(v)
	if rv.Kind() != reflect.Slice && rv.Kind() != reflect.Array {
		return nil, badInput(path, "expected a list, got %s", kindOf(v))
	}
	out := make([]any, rv.Len())
	for i := range out {
		out[i] = rv.Index(i).Interface()
	}
	return out, nil
}

// sortedMapKeys makes the compiled text (and so the parameter numbering and the first
// error reported) independent of map iteration order.
func sortedMapKeys(m map[string]any) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

func joinPath(path, key string) string { return path + "." + truncate(key) }

// truncate keeps client-supplied text in error messages short (a 100 KB key is echoed
// as its first 64 bytes).
func truncate(s string) string {
	const max = 64
	s = strings.ToValidUTF8(s, "\uFFFD")
	if len(s) <= max {
		return s
	}
	cut := max
	for cut > 0 && !utf8.RuneStart(s[cut]) {
		cut--
	}
	return s[:cut] + "…"
}

// badInput is a BAD_USER_INPUT error whose message starts with the argument path.
func badInput(path, format string, args ...any) *Error {
	return Errorf(BadUserInput, "%s: %s", path, fmt.Sprintf(format, args...))
}
