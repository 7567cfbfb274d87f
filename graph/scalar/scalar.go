// Package scalar is the one table of the scalar kinds a stored property of the model can
// have: the built-in String, ID, Int, Float, Boolean, the custom PartialDate, and every
// enum. For each kind it says which filter operators apply, how an input value becomes
// the Go value stored in Neo4j, how error messages name the expected value, and how a
// value read back from Neo4j becomes a Go value. A new scalar kind is one new row of
// builtins (and its filter input in graph/gen/api.graphqls.tmpl); the generator, the
// model's decoders, the seed loader, the CSV import and the filter compiler read it here.
//
// The package imports nothing of the project, so that every other package may use it.
//
// API (stable):
//
//	Lookup(name, enums) (Kind, bool)  the kind of a GraphQL type name; enums are the model's
//	                                   enum values by enum name (store.Enums, or the generator's)
//	Builtins() []string                the built-in kinds, in table order
//	Kind.Name, Kind.Values             the GraphQL type name; an enum's values (nil otherwise)
//	Kind.IsEnum() bool
//	Kind.Want() string                 "an integer": the expected value, for error messages
//	Kind.Plural() string               "integers": for "a list of integers"
//	Kind.Operators() []string          the filter operators of a single-valued property
//	ListOperators                      the filter operators of a list property
//	Kind.FilterInput() string          the GraphQL filter input of a single-valued property
//	Kind.ListFilterInput() string      the filter input of a list property; "" when lists of
//	                                   this kind are not supported
//	Kind.Aggregatable() bool           a connection's aggregate covers it (Int, Float, String)
//	Kind.Text() bool                   stored as a string (String, ID, PartialDate, enums)
//	Kind.Coerce(v) (any, error)        a GraphQL/JSON input value → the value to store
//	Kind.Parse(text) (any, error)      a text (a CSV cell, a YAML scalar's text) → the value to store
//	Kind.List(values) any              stored values → the typed slice to store ([]string, []int64…)
//	Kind.Decoder() string              the model's decoder of the kind (graph/model: prop<Decoder>,
//	                                   prop<Decoder>Ptr, prop<Decoder>s for a list); Kind.Named()
//	                                   when the Go type is a named string type (PartialDate, enums)
//	                                   whose name is Kind.Name
//	String, Strings, Int, Float, Bool  a value read from Neo4j → Go, ok false when absent or mistyped
//	ParsePartialDate(s) (string, error)
//	Plain(v) any                       unwraps pointers and named types of decoded input values
//	KindOf(v) string                   "a number": the JSON kind of an input value, for messages
//	Truncate(s) string                 client text cut to 64 bytes at a rune boundary, for messages
//
// Stored values are string (String, ID, PartialDate, enums), int64, float64 and bool.
// Coerce and Parse errors name no path: callers prefix the argument path or property name.
package scalar

import "strings"

// class is the behaviour a kind shares with others: every enum is classEnum.
type class int

const (
	classString class = iota
	classID
	classInt
	classFloat
	classBoolean
	classPartialDate
	classEnum
)

// spec is one row of the table.
type spec struct {
	name      string
	class     class
	want      string // the expected value, in error messages
	plural    string
	operators []string
	// listFilter is the filter input of a list of the kind; "" when not supported.
	listFilter   string
	aggregatable bool
	decoder      string // graph/model's prop<decoder> and prop<decoder>Ptr
	named        bool   // the Go type is a named string type of graph/model
}

var (
	textOperators    = []string{"eq", "in", "contains", "startsWith", "endsWith"}
	orderedOperators = []string{"eq", "in", "lt", "lte", "gt", "gte"}
	equalOperators   = []string{"eq", "in"}
)

// ListOperators are the filter operators of a list property.
var ListOperators = []string{"includes"}

// builtins is the table, in the order the schema's filter inputs are written.
var builtins = []spec{
	{name: "String", class: classString, want: "a string", plural: "strings", operators: textOperators,
		listFilter: "StringListFilters", aggregatable: true, decoder: "String"},
	{name: "ID", class: classID, want: "an ID", plural: "IDs", operators: textOperators,
		listFilter: "IDListFilters", decoder: "String"},
	{name: "Int", class: classInt, want: "an integer", plural: "integers", operators: orderedOperators,
		aggregatable: true, decoder: "Int"},
	{name: "Float", class: classFloat, want: "a number", plural: "numbers", operators: orderedOperators,
		aggregatable: true, decoder: "Float"},
	{name: "PartialDate", class: classPartialDate, want: "a PartialDate string (YYYY, YYYY-MM or YYYY-MM-DD)",
		plural: "dates", operators: orderedOperators, decoder: "String", named: true},
	{name: "Boolean", class: classBoolean, want: "a boolean", plural: "booleans", operators: []string{"eq"},
		decoder: "Bool"},
}

// enumSpec is the row every enum shares; its name and wording come from the enum.
var enumSpec = spec{class: classEnum, operators: equalOperators, decoder: "String", named: true}

// Kind is the scalar kind of a stored property.
type Kind struct {
	// Name is the GraphQL type name: String, ID, Int, Float, Boolean, PartialDate or an
	// enum's name.
	Name string
	// Values are an enum's values in schema order; nil for the other kinds.
	Values []string
	spec   *spec
}

// Builtins returns the names of the built-in kinds, in table order.
func Builtins() []string {
	out := make([]string, len(builtins))
	for i, s := range builtins {
		out[i] = s.name
	}
	return out
}

// Lookup returns the kind of the GraphQL type name: a built-in, or an enum of enums (the
// values of every enum of the model, by enum name). ok is false for any other type.
func Lookup(name string, enums map[string][]string) (Kind, bool) {
	for i := range builtins {
		if builtins[i].name == name {
			return Kind{Name: name, spec: &builtins[i]}, true
		}
	}
	if values, ok := enums[name]; ok {
		return Kind{Name: name, Values: values, spec: &enumSpec}, true
	}
	return Kind{}, false
}

// IsEnum reports whether the kind is an enum.
func (k Kind) IsEnum() bool { return k.spec.class == classEnum }

// Want names the expected value in error messages: "an integer", "a Metric value".
func (k Kind) Want() string {
	if k.IsEnum() {
		return "a " + k.Name + " value"
	}
	return k.spec.want
}

// Plural names values of the kind: "a list of integers".
func (k Kind) Plural() string {
	if k.IsEnum() {
		return k.Name + " values"
	}
	return k.spec.plural
}

// Operators lists the filter operators of a single-valued property of the kind.
func (k Kind) Operators() []string { return k.spec.operators }

// FilterInput names the GraphQL filter input of a single-valued property of the kind.
func (k Kind) FilterInput() string {
	if k.IsEnum() {
		return k.Name + "EnumScalarFilters"
	}
	return k.Name + "ScalarFilters"
}

// ListFilterInput names the filter input of a list property of the kind, "" when the
// model does not support lists of the kind (only lists of strings and ids are stored).
func (k Kind) ListFilterInput() string { return k.spec.listFilter }

// Aggregatable reports whether a connection's aggregate covers properties of the kind.
func (k Kind) Aggregatable() bool { return k.spec.aggregatable }

// Text reports whether values of the kind are stored as strings: a YAML scalar such as
// 2022 is then read as its text, not as a number.
func (k Kind) Text() bool {
	switch k.spec.class {
	case classInt, classFloat, classBoolean:
		return false
	}
	return true
}

// Decoder is the base name of graph/model's decoders of the kind: prop<Decoder> for a
// required property, prop<Decoder>Ptr for an optional one.
func (k Kind) Decoder() string { return k.spec.decoder }

// Named reports whether the Go type of the kind is a named string type of graph/model
// called Name (PartialDate, enums).
func (k Kind) Named() bool { return k.spec.named }

// List turns stored values of the kind into the typed slice stored for a list property:
// []string, []int64, []float64 or []bool, never nil. Values of another type are dropped.
func (k Kind) List(values []any) any {
	switch k.spec.class {
	case classInt:
		return typed[int64](values)
	case classFloat:
		return typed[float64](values)
	case classBoolean:
		return typed[bool](values)
	}
	return typed[string](values)
}

func typed[T any](values []any) []T {
	out := make([]T, 0, len(values))
	for _, v := range values {
		if x, ok := v.(T); ok {
			out = append(out, x)
		}
	}
	return out
}

// oneOf is the enum's values for messages.
func (k Kind) oneOf() string { return strings.Join(k.Values, ", ") }
