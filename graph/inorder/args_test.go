package inorder_test

import (
	"context"
	"errors"
	"sync"
	"testing"

	"github.com/vektah/gqlparser/v2/ast"

	"github.com/mineralgraph/mineralgraph/graph/inorder"
)

// limitField is the occurrence `f(limit: $n)` of a document.
func limitField() *ast.Field {
	return &ast.Field{
		Name:       "f",
		Arguments:  ast.ArgumentList{{Name: "limit", Value: &ast.Value{Kind: ast.Variable, Raw: "n"}}},
		Definition: &ast.FieldDefinition{Name: "f", Arguments: ast.ArgumentDefinitionList{{Name: "limit", Type: ast.NamedType("Int", nil)}}},
	}
}

// An occurrence's arguments are converted once, from the document's values and the
// variables, and the same ones are returned for every later object; another occurrence
// has its own.
func TestArgsConvertsEachOccurrenceOnce(t *testing.T) {
	var args inorder.Args
	conversions := 0
	convert := func(_ context.Context, raw map[string]any) (map[string]any, error) {
		conversions++
		return map[string]any{"limit": raw["limit"]}, nil
	}
	vars := map[string]any{"n": 5}
	f, g := limitField(), limitField()
	for range 3 {
		got, err := args.Of(context.Background(), "T", f, vars, convert)
		if err != nil || got["limit"] != 5 {
			t.Fatalf("Of = %v, %v; want limit 5", got, err)
		}
	}
	if conversions != 1 {
		t.Fatalf("%d conversions for one occurrence resolved three times; want 1", conversions)
	}
	if got, _ := args.Of(context.Background(), "T", g, map[string]any{"n": 7}, convert); got["limit"] != 7 || conversions != 2 {
		t.Fatalf("another occurrence: %v after %d conversions; want limit 7 after 2", got, conversions)
	}
	// The same occurrence resolved for another type (through an interface) converts with
	// that type's conversion.
	other := func(_ context.Context, raw map[string]any) (map[string]any, error) {
		return map[string]any{"limit": raw["limit"], "extra": (*int)(nil)}, nil
	}
	if got, _ := args.Of(context.Background(), "U", f, vars, other); len(got) != 2 {
		t.Fatalf("the occurrence for type U: %v; want U's conversion, with extra", got)
	}
}

// A conversion that fails is not kept: each object converts again and reports its own
// error (on its own path, which the conversion's context carries).
func TestArgsKeepsNoFailedConversion(t *testing.T) {
	var args inorder.Args
	conversions := 0
	bad := errors.New("limit: must be positive")
	convert := func(context.Context, map[string]any) (map[string]any, error) {
		conversions++
		return nil, bad
	}
	f := limitField()
	for range 2 {
		if got, err := args.Of(context.Background(), "T", f, map[string]any{"n": -1}, convert); !errors.Is(err, bad) || got != nil {
			t.Fatalf("Of = %v, %v; want the conversion's error", got, err)
		}
	}
	if conversions != 2 {
		t.Fatalf("%d conversions for two objects; want 2 (errors are not kept)", conversions)
	}
}

// Objects resolved concurrently (below the analytics, and the roots) share the memo.
func TestArgsConcurrentObjects(t *testing.T) {
	var args inorder.Args
	fields := []*ast.Field{limitField(), limitField(), limitField()}
	convert := func(_ context.Context, raw map[string]any) (map[string]any, error) {
		return map[string]any{"limit": raw["limit"]}, nil
	}
	var wg sync.WaitGroup
	for i := range 30 {
		wg.Go(func() {
			got, err := args.Of(context.Background(), "T", fields[i%3], map[string]any{"n": 5}, convert)
			if err != nil || got["limit"] != 5 {
				t.Errorf("Of = %v, %v; want limit 5", got, err)
			}
		})
	}
	wg.Wait()
}

// An occurrence whose arguments take no variable converts once for every operation of
// its document; one that takes a variable converts in each operation, with its values.
func TestArgsKeepLiteralOccurrencesAcrossOperations(t *testing.T) {
	literalField := &ast.Field{
		Name:       "f",
		Arguments:  ast.ArgumentList{{Name: "limit", Value: &ast.Value{Kind: ast.IntValue, Raw: "3"}}},
		Definition: &ast.FieldDefinition{Name: "f", Arguments: ast.ArgumentDefinitionList{{Name: "limit", Type: ast.NamedType("Int", nil)}}},
	}
	variableField := limitField()
	conversions := map[*ast.Field]int{}
	convert := func(f *ast.Field) func(context.Context, map[string]any) (map[string]any, error) {
		return func(_ context.Context, raw map[string]any) (map[string]any, error) {
			conversions[f]++
			return map[string]any{"limit": raw["limit"]}, nil
		}
	}
	for op, n := range []int{5, 7} {
		var args inorder.Args // each operation has its own
		vars := map[string]any{"n": n}
		if got, _ := args.Of(context.Background(), "T", literalField, vars, convert(literalField)); got["limit"] != int64(3) {
			t.Fatalf("operation %d: literal occurrence %v; want limit 3", op, got)
		}
		if got, _ := args.Of(context.Background(), "T", variableField, vars, convert(variableField)); got["limit"] != n {
			t.Fatalf("operation %d: variable occurrence %v; want limit %d", op, got, n)
		}
	}
	if conversions[literalField] != 1 || conversions[variableField] != 2 {
		t.Fatalf("conversions over two operations: literal %d, variable %d; want 1 and 2", conversions[literalField], conversions[variableField])
	}
}
