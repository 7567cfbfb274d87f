package resolvers

import (
	"strconv"
	"testing"

	"github.com/mineralgraph/mineralgraph/graph/generated"
	"github.com/mineralgraph/mineralgraph/graph/store"
)

// A default lives twice where the resolver must also handle an explicit null: in the
// schema (what introspection and the docs show) and in Go (the fallback for null).
// This keeps the two equal.
func TestSchemaDefaultsMatchTheResolversFallbacks(t *testing.T) {
	schema := generated.NewExecutableSchema(generated.Config{}).Schema()
	for _, c := range []struct {
		field, arg string
		fallback   int
	}{
		{"disruption", "limit", store.DisruptionDefaultLimit},
		{"dependency", "agreementLimit", store.DependencyDefaultAgreements},
	} {
		f := schema.Query.Fields.ForName(c.field)
		if f == nil {
			t.Fatalf("Query.%s is not in the schema", c.field)
		}
		a := f.Arguments.ForName(c.arg)
		if a == nil || a.DefaultValue == nil {
			t.Fatalf("Query.%s(%s:) has no default in the schema", c.field, c.arg)
		}
		if got := a.DefaultValue.Raw; got != strconv.Itoa(c.fallback) {
			t.Errorf("Query.%s(%s:) defaults to %s in the schema but to %d when null", c.field, c.arg, got, c.fallback)
		}
	}
}
