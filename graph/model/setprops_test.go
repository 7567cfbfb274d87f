package model_test

import (
	"fmt"
	"reflect"
	"strings"
	"testing"

	"github.com/mineralgraph/mineralgraph/graph/model"
	"github.com/mineralgraph/mineralgraph/graph/store"
)

// Every stored type, by its name in the model's metadata.
var storedTypes = map[string]func() any{
	"Agreement": func() any { return new(model.Agreement) }, "Country": func() any { return new(model.Country) },
	"Event": func() any { return new(model.Event) }, "FocusArea": func() any { return new(model.FocusArea) },
	"Measurement": func() any { return new(model.Measurement) }, "Mineral": func() any { return new(model.Mineral) },
	"Organization": func() any { return new(model.Organization) }, "Partnership": func() any { return new(model.Partnership) },
	"Policy": func() any { return new(model.Policy) }, "Project": func() any { return new(model.Project) },
	"Source": func() any { return new(model.Source) }, "Technology": func() any { return new(model.Technology) },
	"Fact": func() any { return new(model.Fact) }, "Financing": func() any { return new(model.Financing) },
	"Membership": func() any { return new(model.Membership) }, "Ownership": func() any { return new(model.Ownership) },
	"GraphEdge": func() any { return new(model.GraphEdge) },
}

// The generated SetProps of every stored type (and of GraphEdge) decodes as an independent decoder (by
// reflection over the struct's JSON names and Go types) says it should: for the full
// property map, each property alone, nulls, an empty map and keys that are no property;
// absent properties are the zero value when required, nil when optional and an empty
// (non-nil) list for lists, whatever the struct held before.
func TestSetPropsMatchesAnIndependentDecoder(t *testing.T) {
	props := map[string][]store.Property{}
	for name, nt := range store.NodeTypes {
		props[name] = nt.Properties
	}
	for name, ps := range store.RelationshipProperties {
		props[name] = ps
	}
	// The explore queries' GraphEdge presents a relationship of any type: the properties
	// every relationship carries (Fact's) that it declares.
	for _, p := range store.RelationshipProperties["Fact"] {
		if fieldByJSON(reflect.ValueOf(model.GraphEdge{}), p.Name).IsValid() {
			props["GraphEdge"] = append(props["GraphEdge"], p)
		}
	}
	if len(props["GraphEdge"]) < 5 {
		t.Fatalf("GraphEdge declares %d of Fact's properties", len(props["GraphEdge"]))
	}
	for name, ps := range props {
		if storedTypes[name] == nil {
			t.Errorf("%s: not in storedTypes", name)
			continue
		}
		full, nulls := map[string]any{"notAProperty": "x"}, map[string]any{}
		cases := []map[string]any{full, nulls, {}}
		for i, p := range ps {
			full[p.Name] = storedValue(p, i)
			nulls[p.Name] = nil
			cases = append(cases, map[string]any{p.Name: storedValue(p, i)})
		}
		for _, m := range cases {
			for _, dirty := range []bool{false, true} {
				got, want := storedTypes[name](), storedTypes[name]()
				if dirty { // a struct that held other values: its properties are reset, the rest kept
					fillGarbage(reflect.ValueOf(got).Elem())
					fillGarbage(reflect.ValueOf(want).Elem())
				}
				got.(interface{ SetProps(map[string]any) }).SetProps(m)
				expectDecoded(t, reflect.ValueOf(want).Elem(), ps, m)
				if !reflect.DeepEqual(got, want) {
					t.Errorf("%s.SetProps(%v) (dirty %v):\n got %+v\nwant %+v", name, m, dirty, got, want)
				}
			}
		}
	}
}

// A Measurement as the dependency answers project an import source's figure: the five
// properties set, every other one absent.
func TestSetPropsOfAnImportFigure(t *testing.T) {
	var got model.Measurement
	got.SetProps(map[string]any{"id": "m1", "stageDetail": "Metal", "period": "2021–24", "value": int64(42), "qualifier": "EXACT"})
	detail, period, value, q := "Metal", "2021–24", 42.0, model.ValueQualifier("EXACT")
	want := model.Measurement{ID: "m1", StageDetail: &detail, Period: &period, Value: &value, Qualifier: &q,
		Aliases: []string{}, Sources: []string{}, Quotes: []string{}, Locators: []string{}}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("got %+v\nwant %+v", got, want)
	}
}

// storedValue is a value of p as the driver hands it over, the i-th property's own; a
// Float stored as an integer on odd i.
func storedValue(p store.Property, i int) any {
	if p.List {
		return []any{fmt.Sprint(p.Name, i), int64(i), "b"} // a non-string element is dropped
	}
	switch p.Type {
	case "Int":
		return int64(1000 + i)
	case "Float":
		if i%2 == 1 {
			return int64(i)
		}
		return float64(i) + 0.5
	case "Boolean":
		return i%2 == 0
	}
	return fmt.Sprint(p.Name, i)
}

// expectDecoded sets each property of ps on the struct v from m (zero or nil when absent) by the field whose JSON
// name is the property's, converting by the field's Go type.
func expectDecoded(t *testing.T, v reflect.Value, ps []store.Property, m map[string]any) {
	for _, p := range ps {
		f := fieldByJSON(v, p.Name)
		if !f.IsValid() {
			t.Fatalf("%s: no field %q", v.Type(), p.Name)
		}
		f.Set(reflect.Zero(f.Type()))
		raw := m[p.Name]
		if f.Kind() == reflect.Slice { // lists are never nil
			list := []string{}
			items, _ := raw.([]any)
			for _, e := range items {
				if s, ok := e.(string); ok {
					list = append(list, s)
				}
			}
			f.Set(reflect.ValueOf(list))
			continue
		}
		if raw == nil {
			continue // the zero value, or nil
		}
		target := f.Type()
		if target.Kind() == reflect.Pointer {
			target = target.Elem()
		}
		val := reflect.New(target).Elem()
		switch target.Kind() {
		case reflect.String:
			val.SetString(raw.(string))
		case reflect.Int:
			val.SetInt(raw.(int64))
		case reflect.Float64:
			switch n := raw.(type) {
			case int64:
				val.SetFloat(float64(n))
			case float64:
				val.SetFloat(n)
			}
		case reflect.Bool:
			val.SetBool(raw.(bool))
		default:
			t.Fatalf("%s.%s: unexpected type %s", v.Type(), p.Name, f.Type())
		}
		if f.Kind() == reflect.Pointer {
			ptr := reflect.New(target)
			ptr.Elem().Set(val)
			f.Set(ptr)
		} else {
			f.Set(val)
		}
	}
}

func fieldByJSON(v reflect.Value, name string) reflect.Value {
	for i := range v.NumField() {
		if tag, _, _ := strings.Cut(v.Type().Field(i).Tag.Get("json"), ","); tag == name {
			return v.Field(i)
		}
	}
	return reflect.Value{}
}

// fillGarbage sets every string, number, boolean, []string and pointer to one of them in v
// to a non-zero value.
func fillGarbage(v reflect.Value) {
	for i := range v.NumField() {
		f := v.Field(i)
		switch f.Kind() {
		case reflect.String:
			f.SetString("garbage")
		case reflect.Int:
			f.SetInt(-1)
		case reflect.Float64:
			f.SetFloat(-1)
		case reflect.Bool:
			f.SetBool(true)
		case reflect.Slice:
			if f.Type().Elem().Kind() == reflect.String {
				f.Set(reflect.ValueOf([]string{"garbage"}).Convert(f.Type()))
			}
		case reflect.Pointer:
			switch f.Type().Elem().Kind() {
			case reflect.String, reflect.Int, reflect.Float64, reflect.Bool:
				p := reflect.New(f.Type().Elem())
				switch p.Elem().Kind() {
				case reflect.String:
					p.Elem().SetString("garbage")
				case reflect.Int:
					p.Elem().SetInt(-1)
				case reflect.Float64:
					p.Elem().SetFloat(-1)
				case reflect.Bool:
					p.Elem().SetBool(true)
				}
				f.Set(p)
			}
		}
	}
}
