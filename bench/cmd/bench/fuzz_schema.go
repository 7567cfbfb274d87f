package main

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"slices"
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

// intersect keeps what both schemas have: input, enum and scalar types of the same name
// and kind, object types reached by the same fields from the query type, whatever their
// names (the library names a relationship's aggregate types after both ends; only the
// shape of an output object is ever printed), their fields and arguments of the same
// named type (arguments required by either are kept only when both have them), input
// fields and enum values. An object type of a reached as several of b keeps what all of
// them have. Everything is sorted by name so that a seed generates the same query whatever
// order introspection answered in. dropped lists what a has and b does not, as
// "Type.field" (for the report).
func intersect(a, b *schemaModel) (m *schemaModel, dropped []string) {
	partners := map[string][]string{} // a's type → the types of b it is compared with
	pair := func(x, y string) bool {
		if slices.Contains(partners[x], y) {
			return false
		}
		partners[x] = append(partners[x], y)
		return true
	}
	object := func(s *schemaModel, name string) bool { return s.Types[name] != nil && s.Types[name].Kind == "OBJECT" }
	for name, ta := range a.Types {
		if tb := b.Types[name]; tb != nil && tb.Kind == ta.Kind && ta.Kind != "OBJECT" && !strings.HasPrefix(name, "__") {
			pair(name, name)
		}
	}
	// Object types by the fields that reach them from the query type: the same name may
	// be another shape (the library's Count is this API's NodeCount).
	pair(a.Query, b.Query)
	for grew := true; grew; {
		grew = false
		for _, x := range sortedKeys(partners) {
			for _, y := range partners[x] {
				for _, fa := range a.Types[x].Fields {
					fb := findField(b.Types[y].Fields, fa.Name)
					if fb != nil && object(a, fa.Type.named()) && object(b, fb.Type.named()) {
						grew = pair(fa.Type.named(), fb.Type.named()) || grew
					}
				}
			}
		}
	}
	sameType := func(ta, tb *typeRef) bool {
		return ta.isList() == tb.isList() && slices.Contains(partners[ta.named()], tb.named())
	}
	m = &schemaModel{Query: a.Query, Types: map[string]*schemaType{}}
	for name, ta := range a.Types {
		if strings.HasPrefix(name, "__") {
			continue
		}
		if len(partners[name]) == 0 {
			dropped = append(dropped, name+" (type)")
			continue
		}
		t := &schemaType{Kind: ta.Kind, Name: name, Interfaces: ta.Interfaces}
		for _, fa := range ta.Fields {
			f, ok := schemaField{Name: fa.Name, Type: fa.Type}, true
			for _, y := range partners[name] {
				fb := findField(b.Types[y].Fields, fa.Name)
				if fb == nil || !sameType(fa.Type, fb.Type) {
					ok = false
					break
				}
				args, why := intersectArgs(fa.Args, fb.Args)
				if why != "" {
					ok = false
					dropped = append(dropped, name+"."+fa.Name+" ("+why+")")
					break
				}
				for _, arg := range fa.Args {
					if findInput(args, arg.Name) == nil {
						dropped = append(dropped, name+"."+fa.Name+"("+arg.Name+")")
					}
				}
				if f.Args == nil {
					f.Args = args
				} else {
					f.Args = slices.DeleteFunc(f.Args, func(x schemaInput) bool { return findInput(args, x.Name) == nil })
				}
			}
			if ok {
				sortInputs(f.Args)
				t.Fields = append(t.Fields, f)
			} else if !strings.HasPrefix(fa.Name, "__") {
				dropped = append(dropped, name+"."+fa.Name)
			}
		}
		for _, ia := range ta.InputFields {
			kept := true
			for _, y := range partners[name] {
				ib := findInput(b.Types[y].InputFields, ia.Name)
				kept = kept && ib != nil && ib.Type.named() == ia.Type.named()
			}
			if kept {
				t.InputFields = append(t.InputFields, ia)
			} else {
				dropped = append(dropped, name+"."+ia.Name)
			}
		}
		for _, ea := range ta.EnumValues {
			kept := true
			for _, y := range partners[name] {
				kept = kept && slices.ContainsFunc(b.Types[y].EnumValues, func(eb struct {
					Name string `json:"name"`
				}) bool {
					return eb.Name == ea.Name
				})
			}
			if kept {
				t.EnumValues = append(t.EnumValues, ea)
			}
		}
		sort.Slice(t.Fields, func(i, j int) bool { return t.Fields[i].Name < t.Fields[j].Name })
		sortInputs(t.InputFields)
		sort.Slice(t.EnumValues, func(i, j int) bool { return t.EnumValues[i].Name < t.EnumValues[j].Name })
		m.Types[name] = t
	}
	sort.Strings(dropped)
	return m, slices.Compact(dropped)
}

// intersectArgs keeps the arguments of a field both systems take with the same named
// type; why is not empty when one requires an argument the other does not take.
func intersectArgs(as, bs []schemaInput) (kept []schemaInput, why string) {
	kept = []schemaInput{}
	for _, arg := range as {
		other := findInput(bs, arg.Name)
		switch {
		case other != nil && other.Type.named() == arg.Type.named():
			kept = append(kept, arg)
		case arg.Type.Kind == "NON_NULL":
			return nil, "required arguments differ"
		}
	}
	for _, arg := range bs {
		if arg.Type.Kind == "NON_NULL" && findInput(as, arg.Name) == nil {
			return nil, "required arguments differ"
		}
	}
	return kept, ""
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
