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

// This file holds what every part of the compiler shares: the builder that names the
// parameters and variables of one query, the coercion of input values to the types of
// the properties they are compared with, and the checks of the input's shapes.

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
