package main

import (
	"os"
	"testing"

	"github.com/vektah/gqlparser/v2"
	"github.com/vektah/gqlparser/v2/ast"
)

// Every type, field, argument, input field and enum value of the served API is described.
func TestServedSchemaIsDocumented(t *testing.T) {
	b, err := os.ReadFile("../../" + apiFile)
	if err != nil {
		t.Fatal(err)
	}
	schema, err := gqlparser.LoadSchema(&ast.Source{Name: apiFile, Input: string(b)})
	if err != nil {
		t.Fatal(err)
	}
	missing := 0
	report := func(what string) {
		if missing < 20 {
			t.Errorf("no description: %s", what)
		}
		missing++
	}
	for name, def := range schema.Types {
		if def.BuiltIn {
			continue
		}
		if def.Description == "" && name != "Query" {
			report(name)
		}
		for _, f := range def.Fields {
			if len(f.Name) > 2 && f.Name[:2] == "__" {
				continue // introspection
			}
			if f.Description == "" {
				report(name + "." + f.Name)
			}
			for _, a := range f.Arguments {
				if a.Description == "" {
					report(name + "." + f.Name + "(" + a.Name + ")")
				}
			}
		}
		for _, v := range def.EnumValues {
			if v.Description == "" {
				report(name + "." + v.Name)
			}
		}
	}
	if missing > 0 {
		t.Errorf("%d elements of the served schema lack a description", missing)
	}
}

func TestPlural(t *testing.T) {
	for in, want := range map[string]string{"Country": "countries", "Project": "projects", "Policy": "policies",
		"Technology": "technologies", "Source": "sources", "Measurement": "measurements"} {
		if got := plural(in); got != want {
			t.Errorf("plural(%s) = %s, want %s", in, got, want)
		}
	}
}
