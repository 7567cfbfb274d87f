package inorder_test

import (
	"bytes"
	"context"
	"fmt"
	"testing"

	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2/ast"

	"github.com/mineralgraph/mineralgraph/graph/inorder"
)

// An object marshalled through inorder.FieldSet is byte for byte what gqlgen's
// graphql.FieldSet writes: fields in order, a repeated alias written once (its first
// value), names that would need escaping escaped; small objects and large ones.
func TestFieldSetWritesWhatGqlgensWrites(t *testing.T) {
	cases := [][]string{
		{},
		{"id"},
		{"id", "name", "country"},
		{"id", "name", "id", "kind", "name"},
		{"a\"b", "c\\d", "e\nf", "ü"},
	}
	var many []string
	for i := range 40 {
		many = append(many, fmt.Sprint("f", i%25)) // 15 repeated
	}
	cases = append(cases, many)
	for _, aliases := range cases {
		fields := make([]graphql.CollectedField, len(aliases))
		for i, a := range aliases {
			fields[i].Field = &ast.Field{Alias: a}
		}
		ours, theirs := inorder.NewFieldSet(fields), graphql.NewFieldSet(fields)
		if len(ours.Values) != len(fields) {
			t.Fatalf("%d values for %d fields", len(ours.Values), len(fields))
		}
		for i := range fields {
			ours.Values[i] = graphql.MarshalInt(i)
			theirs.Values[i] = graphql.MarshalInt(i)
		}
		ours.Dispatch(context.Background())
		theirs.Dispatch(context.Background())
		var got, want bytes.Buffer
		ours.MarshalGQL(&got)
		theirs.MarshalGQL(&want)
		if got.String() != want.String() {
			t.Errorf("fields %q:\n got %s\nwant %s", aliases, got.String(), want.String())
		}
	}
}
