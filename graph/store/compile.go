package store

import (
	"fmt"
	"reflect"
	"strconv"

	"github.com/mineralgraph/mineralgraph/graph/apperr"
	"github.com/mineralgraph/mineralgraph/graph/scalar"
)

// This file holds what every part of the compiler shares: the builder that names the
// parameters and variables of one query, the coercion of input values to the types of
// the properties they are compared with, and the checks of the input's shapes.

// cypherBuilder hands out parameter and variable names for one query.
type cypherBuilder struct {
	params map[string]any
	nParam int
	nVar   int
	terms  int

	// With record set, the parameters bound from input values are listed in slots, each
	// with the fetch it belongs to (scope: "" for the root arguments, "/i/j" for the
	// fetches' children) and the argument path that names the value in errors: what the
	// compile cache needs to bind another input of the same shape (compile_cache.go).
	record bool
	scope  string
	slots  []slot

	// With sized set, a hub list reads the size of its target's label from a parameter
	// (sizeParam) the store fills from its statistics at each read, listed in sizes.
	sized bool
	sizes []string

	// With stats, a filtered or unsorted list whose parents have many relationships of
	// its field on average is windowed before it is made distinct (distinctWindow).
	stats *Stats
}

// slot is a parameter bound from one value of the input: a filter's operand, an asOf
// date.
type slot struct {
	scope, path string // where the value is (see cypherBuilder.record)
	name        string // the parameter
	typ         string // the GraphQL type the value was coerced to
	list        bool   // an `in` list, coerced element by element
	leaf        int    // in a cache entry: the input value it binds (shape.leaves)
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

// bind coerces the input value v (never null) at path to typ and returns its parameter.
// The compile cache relies on this: a value taken through bind decides nothing else in
// the statement but that it is not null and that it coerces, so a rule of the compiler
// that looks at a value for anything more must not take it through bind.
func (c *cypherBuilder) bind(typ string, v any, path string) (string, error) {
	x, err := coerceValue(typ, v, path)
	if err != nil {
		return "", err
	}
	return c.bound(x, typ, path, false), nil
}

// bindList is bind for the operand of `in`: a list of values of typ.
func (c *cypherBuilder) bindList(typ string, v any, path string) (string, error) {
	xs, err := coerceList(typ, v, path)
	if err != nil {
		return "", err
	}
	return c.bound(xs, typ, path, true), nil
}

func (c *cypherBuilder) bound(x any, typ, path string, list bool) string {
	p := c.param(x)
	if c.record {
		c.slots = append(c.slots, slot{scope: c.scope, path: path, name: p[1:], typ: typ, list: list})
	}
	return p
}

// enter makes the fetch at index i of the current scope the scope of the slots bound
// next; the caller restores the returned scope after it.
func (c *cypherBuilder) enter(i int) string {
	outer := c.scope
	if c.record {
		c.scope = outer + "/" + strconv.Itoa(i)
	}
	return outer
}

func (c *cypherBuilder) term(path string) error {
	c.terms++
	if c.terms > maxWhereTerms {
		return badInput(path, "the filter has more than %d conditions", maxWhereTerms)
	}
	return nil
}

func describeProp(p Property) string {
	if p.List {
		return "a list of " + p.Type
	}
	return p.Type
}

// coerceValue turns an input value into the Go value to send for a property of GraphQL
// type typ, or explains at path why it cannot; the rules and their wording are those
// of the scalar table (graph/scalar), shared with the seed loader and the model.
func coerceValue(typ string, v any, path string) (any, error) {
	kind, ok := scalar.Lookup(typ, Enums)
	if !ok {
		return nil, badInput(path, "cannot filter on values of type %s", typ)
	}
	x, err := kind.Coerce(v)
	if err != nil {
		return nil, badInput(path, "%v", err)
	}
	return x, nil
}

// coerceList coerces the operand of `in`: a list of at most maxInValues values of typ.
func coerceList(typ string, v any, path string) ([]any, error) {
	if v == nil {
		return nil, badInput(path, "expected a list, got null")
	}
	list, err := asList(v, path)
	if err != nil {
		return nil, err
	}
	if len(list) > maxInValues {
		return nil, badInput(path, "at most %d values", maxInValues)
	}
	xs := make([]any, 0, len(list))
	for i, e := range list {
		x, err := coerceValue(typ, e, path)
		if err != nil { // the element's path only for the message
			_, err = coerceValue(typ, e, fmt.Sprintf("%s[%d]", path, i))
			return nil, err
		}
		xs = append(xs, x)
	}
	return xs, nil
}

// Input values are unwrapped and described as the scalar table does.
var (
	plain    = scalar.Plain
	kindOf   = scalar.KindOf
	truncate = scalar.Truncate
)

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

func joinPath(path, key string) string { return path + "." + truncate(key) }

// badInput is a BAD_USER_INPUT error whose message starts with the argument path.
func badInput(path, format string, args ...any) *apperr.Error {
	return apperr.Errorf(apperr.BadUserInput, "%s: %s", path, fmt.Sprintf(format, args...))
}
