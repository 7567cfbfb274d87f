package main

import (
	"bytes"
	"errors"
	"fmt"
	"go/format"
	"maps"
	"slices"
	"strings"
	"text/template"

	"github.com/vektah/gqlparser/v2/ast"

	"github.com/mineralgraph/mineralgraph/graph/scalar"
)

// model is what the store needs to know of the annotated SDL.
type model struct {
	Nodes         []nodeType
	RelProperties []propertySet
	// Types that present relationships of any type (the explore queries' GraphEdge):
	// the properties every relationship carries that they declare.
	RelViews []propertySet
	Enums    []enum
}

// relView is the type of the explore queries' relationships, which decodes the
// properties of relViewOf it declares, with the same types.
const relView, relViewOf = "GraphEdge", "Fact"

type nodeType struct {
	Name       string
	Labels     []string
	Properties []property
	Relations  []relation
	Computed   []string
	Entity     bool
}

type property struct {
	Name     string
	Type     string
	List     bool
	Required bool
	Kind     scalar.Kind // the row of the scalar table for Type
}

type relation struct {
	Field      string
	Type       string
	Direction  string
	Target     string
	Properties string
}

type propertySet struct {
	Name       string
	Properties []property
}

type enum struct {
	Name   string
	Values []string
}

// relProperties returns the properties of the @relationshipProperties type name.
func (m *model) relProperties(name string) []property {
	for _, ps := range m.RelProperties {
		if ps.Name == name {
			return ps.Properties
		}
	}
	return nil
}

// NodeByName indexes the node types by name (templates).
func (m *model) NodeByName() map[string]nodeType {
	out := make(map[string]nodeType, len(m.Nodes))
	for _, t := range m.Nodes {
		out[t.Name] = t
	}
	return out
}

// EdgeAggregatable is aggregatable for the @relationshipProperties type name (templates).
func (m *model) EdgeAggregatable(name string) []property {
	return aggregatable(m.relProperties(name))
}

func readModel(s *ast.Schema) (*model, error) {
	m := &model{}
	names := slices.Sorted(maps.Keys(s.Types))
	for _, name := range names {
		if def := s.Types[name]; !def.BuiltIn && def.Kind == ast.Enum && name != "RelationshipDirection" {
			e := enum{Name: name}
			for _, v := range def.EnumValues {
				e.Values = append(e.Values, v.Name)
			}
			m.Enums = append(m.Enums, e)
		}
	}
	r := modelReader{schema: s, enums: m.enumValues()}
	var errs []error
	for _, name := range names {
		def := s.Types[name]
		if def.BuiltIn || def.Kind != ast.Object {
			continue
		}
		switch {
		case def.Directives.ForName("node") != nil:
			t, err := r.node(def)
			errs = append(errs, err)
			m.Nodes = append(m.Nodes, t)
		case def.Directives.ForName("relationshipProperties") != nil:
			props, err := r.properties(def)
			errs = append(errs, err)
			m.RelProperties = append(m.RelProperties, propertySet{Name: name, Properties: props})
		}
	}
	if def := s.Types[relView]; def != nil && def.Kind == ast.Object {
		view, err := r.view(def, s.Types[relViewOf], m.relProperties(relViewOf))
		errs = append(errs, err)
		m.RelViews = append(m.RelViews, view)
	}
	if err := errors.Join(errs...); err != nil {
		return nil, err
	}
	return m, nil
}

// view is the property set of def: the properties of of (a @relationshipProperties
// type) that def declares with the same type; the others of def's fields are not stored.
func (r modelReader) view(def, of *ast.Definition, props []property) (propertySet, error) {
	view := propertySet{Name: def.Name}
	if of == nil {
		return view, fmt.Errorf("%s: no type %s, whose properties it presents", def.Name, relViewOf)
	}
	for _, p := range props {
		f := def.Fields.ForName(p.Name)
		if f == nil {
			continue
		}
		if want := of.Fields.ForName(p.Name).Type.String(); f.Type.String() != want {
			return view, fmt.Errorf("%s.%s is a %s, the property of %s a %s", def.Name, p.Name, f.Type, of.Name, want)
		}
		view.Properties = append(view.Properties, p)
	}
	return view, nil
}

// enumValues are the values of the model's enums by name, as scalar.Lookup takes them.
func (m *model) enumValues() map[string][]string {
	out := make(map[string][]string, len(m.Enums))
	for _, e := range m.Enums {
		out[e.Name] = e.Values
	}
	return out
}

// modelReader reads the node and properties types of the annotated SDL.
type modelReader struct {
	schema *ast.Schema
	enums  map[string][]string
}

func (r modelReader) node(def *ast.Definition) (nodeType, error) {
	t := nodeType{Name: def.Name, Labels: []string{def.Name}}
	for _, iface := range def.Interfaces {
		t.Entity = t.Entity || iface == "Entity"
	}
	if labels := def.Directives.ForName("node").Arguments.ForName("labels"); labels != nil {
		t.Labels = nil
		for _, c := range labels.Value.Children {
			t.Labels = append(t.Labels, c.Value.Raw)
		}
	}
	var errs []error
	for _, f := range def.Fields {
		switch {
		case f.Directives.ForName("relationship") != nil:
			rel, err := r.relation(def, f)
			if err != nil {
				errs = append(errs, err)
				continue
			}
			t.Relations = append(t.Relations, rel)
		case f.Directives.ForName("customResolver") != nil:
			t.Computed = append(t.Computed, f.Name)
		}
	}
	props, err := r.properties(def)
	t.Properties = props
	return t, errors.Join(append(errs, err)...)
}

func (r modelReader) relation(def *ast.Definition, f *ast.FieldDefinition) (relation, error) {
	rel := relation{Field: f.Name, Target: f.Type.Name()}
	for _, a := range f.Directives.ForName("relationship").Arguments {
		switch a.Name {
		case "type":
			rel.Type = a.Value.Raw
		case "direction":
			rel.Direction = a.Value.Raw
		case "properties":
			rel.Properties = a.Value.Raw
		}
	}
	if target := r.schema.Types[rel.Target]; target == nil || target.Directives.ForName("node") == nil {
		return rel, fmt.Errorf("%s.%s: relationship target %s is not a @node type", def.Name, f.Name, rel.Target)
	}
	if rel.Properties == "" {
		return rel, fmt.Errorf("%s.%s: every relationship needs a properties type (provenance)", def.Name, f.Name)
	}
	return rel, nil
}

// properties returns the stored fields: those that are neither traversals nor computed,
// each with its row of the scalar table; a field the table cannot store is an error
// that names it.
func (r modelReader) properties(def *ast.Definition) ([]property, error) {
	var props []property
	var errs []error
	for _, f := range def.Fields {
		if f.Directives.ForName("relationship") != nil || f.Directives.ForName("customResolver") != nil {
			continue
		}
		p := property{Name: f.Name, Type: f.Type.Name(), Required: f.Type.NonNull, List: f.Type.Elem != nil}
		kind, ok := scalar.Lookup(p.Type, r.enums)
		switch {
		case !ok:
			errs = append(errs, fmt.Errorf("%s.%s: a stored property of type %s: only %s and the enums of the model are stored (a traversal needs @relationship, a computed field @customResolver)",
				def.Name, f.Name, p.Type, strings.Join(scalar.Builtins(), ", ")))
			continue
		case p.List && (f.Type.Elem.Elem != nil || kind.ListFilterInput() == ""):
			errs = append(errs, fmt.Errorf("%s.%s: a list of %s is not stored: only lists of String and ID are", def.Name, f.Name, kind.Plural()))
			continue
		}
		p.Kind = kind
		props = append(props, p)
	}
	return props, errors.Join(errs...)
}

var metadataTemplate = template.Must(template.New("meta").Parse(`// Code generated by graph/gen from schema/*.graphqls. DO NOT EDIT.

package store

// NodeTypes describes every @node type of the annotated model, by type name.
var NodeTypes = map[string]*NodeType{
{{- range .Nodes}}
	{{printf "%q" .Name}}: {
		Name: {{printf "%q" .Name}},
		Labels: []string{ {{- range .Labels}}{{printf "%q" .}}, {{end -}} },
		Properties: []Property{
		{{- range .Properties}}
			{Name: {{printf "%q" .Name}}, Type: {{printf "%q" .Type}}, List: {{.List}}, Required: {{.Required}}},
		{{- end}}
		},
		Relations: []Relation{
		{{- range .Relations}}
			{Field: {{printf "%q" .Field}}, Type: {{printf "%q" .Type}}, Direction: {{.Direction}}, Target: {{printf "%q" .Target}}, Properties: {{printf "%q" .Properties}}},
		{{- end}}
		},
	},
{{- end}}
}

// RelationshipProperties describes every @relationshipProperties type, by type name.
var RelationshipProperties = map[string][]Property{
{{- range .RelProperties}}
	{{printf "%q" .Name}}: {
	{{- range .Properties}}
		{Name: {{printf "%q" .Name}}, Type: {{printf "%q" .Type}}, List: {{.List}}, Required: {{.Required}}},
	{{- end}}
	},
{{- end}}
}

// Enums lists the values of every enum of the model, by enum name.
var Enums = map[string][]string{
{{- range .Enums}}
	{{printf "%q" .Name}}: { {{- range .Values}}{{printf "%q" .}}, {{end -}} },
{{- end}}
}
`))

var decodersTemplate = template.Must(template.New("decoders").Parse(`// Code generated by graph/gen from schema/*.graphqls. DO NOT EDIT.

package resolvers

import (
	"github.com/mineralgraph/mineralgraph/graph/model"
)

// entityDecoders maps each Entity type name to the decoder of its model struct.
var entityDecoders = map[string]func(map[string]any) (model.Entity, error){
{{- range .Nodes}}{{if .Entity}}
	{{printf "%q" .Name}}: decodeEntity[model.{{.Name}}],
{{- end}}{{end}}
}
`))

func renderMetadata(m *model) ([]byte, error) {
	return execute(metadataTemplate, m)
}

func renderDecoders(m *model) ([]byte, error) {
	return execute(decodersTemplate, m)
}

func formatGo(src string) ([]byte, error) {
	return format.Source([]byte(src))
}

func execute(tmpl *template.Template, m *model) ([]byte, error) {
	var buf bytes.Buffer
	if err := tmpl.Execute(&buf, m); err != nil {
		return nil, err
	}
	return format.Source(buf.Bytes())
}
