package main

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"sort"
	"strings"
)

// The differential fuzzer (fuzz.go) generates queries from what both GraphQL systems
// serve: the intersection of the two schemas, read by introspection. A field, argument,
// input field or enum value exists in it only when both systems have it with the same
// named type, so this API's extensions (asOf, search, analytics…) and whatever the
// library alone offers are left out by construction, and listed (schemaDiff).

// typeRef is an introspection type reference: NON_NULL and LIST wrap a named type.
type typeRef struct {
	Kind   string   `json:"kind"`
	Name   string   `json:"name"`
	OfType *typeRef `json:"ofType"`
}

// named is the type under the wrappers.
func (t *typeRef) named() string {
	for t.OfType != nil {
		t = t.OfType
	}
	return t.Name
}

// isList says whether a LIST wraps the named type (under any NON_NULL).
func (t *typeRef) isList() bool {
	for ; t != nil; t = t.OfType {
		if t.Kind == "LIST" {
			return true
		}
	}
	return false
}

type schemaField struct {
	Name string        `json:"name"`
	Args []schemaInput `json:"args"`
	Type *typeRef      `json:"type"`
}

type schemaInput struct {
	Name string   `json:"name"`
	Type *typeRef `json:"type"`
}

type schemaType struct {
	Kind        string        `json:"kind"`
	Name        string        `json:"name"`
	Fields      []schemaField `json:"fields"`
	InputFields []schemaInput `json:"inputFields"`
	EnumValues  []struct {
		Name string `json:"name"`
	} `json:"enumValues"`
	Interfaces []struct {
		Name string `json:"name"`
	} `json:"interfaces"`
}

// schemaModel is a schema as the generator reads it.
type schemaModel struct {
	Query string
	Types map[string]*schemaType
}

func (s *schemaModel) field(typeName, name string) *schemaField {
	if t := s.Types[typeName]; t != nil {
		for i := range t.Fields {
			if t.Fields[i].Name == name {
				return &t.Fields[i]
			}
		}
	}
	return nil
}

func (s *schemaModel) input(typeName, name string) *schemaInput {
	if t := s.Types[typeName]; t != nil {
		for i := range t.InputFields {
			if t.InputFields[i].Name == name {
				return &t.InputFields[i]
			}
		}
	}
	return nil
}

const introspectionQuery = `query {
  __schema {
    queryType { name }
    types {
      kind name
      interfaces { name }
      fields { name type { ...T } args { name type { ...T } } }
      inputFields { name type { ...T } }
      enumValues { name }
    }
  }
}
fragment T on __Type { kind name ofType { kind name ofType { kind name ofType { kind name ofType { kind name } } } } }`

// introspect reads the schema a GraphQL endpoint serves.
func introspect(ctx context.Context, client *http.Client, url string) (*schemaModel, error) {
	body, err := postJSON(ctx, client, url, map[string]any{"query": introspectionQuery})
	if err != nil {
		return nil, err
	}
	var r struct {
		Data struct {
			Schema struct {
				QueryType struct{ Name string } `json:"queryType"`
				Types     []*schemaType         `json:"types"`
			} `json:"__schema"`
		} `json:"data"`
		Errors []any `json:"errors"`
	}
	if err := json.Unmarshal(body, &r); err != nil {
		return nil, err
	}
	if len(r.Errors) > 0 || len(r.Data.Schema.Types) == 0 {
		return nil, fmt.Errorf("introspection of %s failed: %.300s", url, body)
	}
	m := &schemaModel{Query: r.Data.Schema.QueryType.Name, Types: map[string]*schemaType{}}
	for _, t := range r.Data.Schema.Types {
		m.Types[t.Name] = t
	}
	return m, nil
}

// intersect keeps what both schemas have: types of the same name and kind, their fields
// and arguments of the same named type (arguments required by either are kept only when
// both have them), input fields and enum values. Everything is sorted by name so that a
// seed generates the same query whatever order introspection answered in. dropped lists
// what one side has and the other does not, as "Type.field" (for the report).
func intersect(a, b *schemaModel) (m *schemaModel, dropped []string) {
	m = &schemaModel{Query: a.Query, Types: map[string]*schemaType{}}
	for name, ta := range a.Types {
		tb := b.Types[name]
		if strings.HasPrefix(name, "__") {
			continue
		}
		if tb == nil || tb.Kind != ta.Kind {
			dropped = append(dropped, name+" (type)")
			continue
		}
		t := &schemaType{Kind: ta.Kind, Name: name, Interfaces: ta.Interfaces}
		for _, fa := range ta.Fields {
			fb := findField(tb.Fields, fa.Name)
			if fb == nil || fb.Type.named() != fa.Type.named() || fb.Type.isList() != fa.Type.isList() {
				dropped = append(dropped, name+"."+fa.Name)
				continue
			}
			f := schemaField{Name: fa.Name, Type: fa.Type}
			ok := true
			for _, arg := range fa.Args {
				other := findInput(fb.Args, arg.Name)
				switch {
				case other != nil && other.Type.named() == arg.Type.named():
					f.Args = append(f.Args, arg)
				case arg.Type.Kind == "NON_NULL":
					ok = false
				default:
					dropped = append(dropped, name+"."+fa.Name+"("+arg.Name+")")
				}
			}
			for _, arg := range fb.Args {
				if arg.Type.Kind == "NON_NULL" && findInput(fa.Args, arg.Name) == nil {
					ok = false
				}
			}
			if ok {
				sortInputs(f.Args)
				t.Fields = append(t.Fields, f)
			} else {
				dropped = append(dropped, name+"."+fa.Name+" (required arguments differ)")
			}
		}
		for _, ia := range ta.InputFields {
			if ib := findInput(tb.InputFields, ia.Name); ib != nil && ib.Type.named() == ia.Type.named() {
				t.InputFields = append(t.InputFields, ia)
			} else {
				dropped = append(dropped, name+"."+ia.Name)
			}
		}
		for _, ea := range ta.EnumValues {
			for _, eb := range tb.EnumValues {
				if ea.Name == eb.Name {
					t.EnumValues = append(t.EnumValues, ea)
				}
			}
		}
		sort.Slice(t.Fields, func(i, j int) bool { return t.Fields[i].Name < t.Fields[j].Name })
		sortInputs(t.InputFields)
		sort.Slice(t.EnumValues, func(i, j int) bool { return t.EnumValues[i].Name < t.EnumValues[j].Name })
		m.Types[name] = t
	}
	sort.Strings(dropped)
	return m, dropped
}

func findField(fs []schemaField, name string) *schemaField {
	for i := range fs {
		if fs[i].Name == name {
			return &fs[i]
		}
	}
	return nil
}

func findInput(fs []schemaInput, name string) *schemaInput {
	for i := range fs {
		if fs[i].Name == name {
			return &fs[i]
		}
	}
	return nil
}

func sortInputs(in []schemaInput) {
	sort.Slice(in, func(i, j int) bool { return in[i].Name < in[j].Name })
}
