package main

import (
	"fmt"

	"github.com/99designs/gqlgen/codegen"
)

// implementer writes the bodies of the resolvers that follow from the annotations:
// a relationship field asks the per-request loader, a provenance field joins sources.
// Other resolvers keep their hand-written bodies.
type implementer struct{ model *model }

func (implementer) Name() string { return "mineralgraph-implementer" }

func (p implementer) Implement(prev string, f *codegen.Field) string {
	for _, t := range p.model.Nodes {
		if t.Name != f.Object.Name {
			continue
		}
		for _, r := range t.Relations {
			if r.Field == f.Name {
				return fmt.Sprintf("return related[model.%s](ctx, %q, %q, obj.ID)", r.Target, t.Name, r.Field)
			}
		}
		if f.Name == "provenance" {
			return "return provenance(ctx, obj.Sources, obj.Quotes)"
		}
	}
	if prev != "" {
		return prev
	}
	return fmt.Sprintf("panic(fmt.Errorf(\"not implemented: %v - %v\"))", f.GoFieldName, f.Name)
}
