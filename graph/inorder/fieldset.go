package inorder

import (
	"context"
	"io"
	"strings"

	"github.com/99designs/gqlgen/graphql"
)

// FieldSet is what the generated executor gathers an object's fields into below the
// root types (graph/gen/fieldset.go): gqlgen's graphql.FieldSet without what only
// fields resolved concurrently or deferred use, which these objects have none of (their
// fields resolve in order, their deferred groups are gone). It writes the same bytes as
// gqlgen's, without the map of the names written and the iterator closures gqlgen's
// allocates for every object it marshals (an eighth of the bytes a request of the
// bench's mix allocated), and with the values of a small object in the same allocation.
type FieldSet struct {
	fields   []graphql.CollectedField
	Values   []graphql.Marshaler
	Invalids uint32
	small    [4]graphql.Marshaler
}

// NewFieldSet is graphql.NewFieldSet.
func NewFieldSet(fields []graphql.CollectedField) *FieldSet {
	m := &FieldSet{fields: fields}
	if len(fields) <= len(m.small) {
		m.Values = m.small[:len(fields)]
	} else {
		m.Values = make([]graphql.Marshaler, len(fields))
	}
	return m
}

// Dispatch runs the fields resolved concurrently: there are none.
func (m *FieldSet) Dispatch(context.Context) {}

// MarshalGQL writes the object as gqlgen's FieldSet does: its fields in order, a field
// whose alias was written already left out.
func (m *FieldSet) MarshalGQL(w io.Writer) {
	var seen map[string]bool // for many fields; a few are compared with the earlier ones
	if len(m.fields) > manyFields {
		seen = make(map[string]bool, len(m.fields))
	}
	io.WriteString(w, "{")
	for i := range m.fields {
		alias := m.fields[i].Alias
		if seen != nil && seen[alias] || seen == nil && written(m.fields[:i], alias) {
			continue
		}
		if seen != nil {
			seen[alias] = true
		}
		if i > 0 {
			io.WriteString(w, ",")
		}
		writeName(w, alias)
		io.WriteString(w, ":")
		m.Values[i].MarshalGQL(w)
	}
	io.WriteString(w, "}")
}

const manyFields = 16

// written reports whether one of fields has the alias: the first field is always
// written, so any later one with its alias was.
func written(fields []graphql.CollectedField, alias string) bool {
	for i := range fields {
		if fields[i].Alias == alias {
			return true
		}
	}
	return false
}

// writeName writes an alias as a JSON string. A GraphQL name never needs escaping;
// anything else is written by gqlgen's own string marshaller.
func writeName(w io.Writer, name string) {
	if strings.ContainsFunc(name, func(r rune) bool { return r < 0x20 || r == '\\' || r == '"' }) {
		graphql.MarshalString(name).MarshalGQL(w)
		return
	}
	io.WriteString(w, `"`)
	io.WriteString(w, name)
	io.WriteString(w, `"`)
}
