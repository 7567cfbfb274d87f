package main

import (
	"bytes"
	"os"
	"strings"
	"testing"
)

// In the committed executor only the roots gather their fields into gqlgen's FieldSet.
func TestCommittedExecutorGathersObjectsInLightFieldSets(t *testing.T) {
	exec, err := os.ReadFile("../../graph/generated/generated.go")
	if err != nil {
		t.Fatal(err)
	}
	if n := bytes.Count(exec, []byte(gqlgenFieldSet)); n != 2 { // Query, Mutation
		t.Errorf("%d objects gather their fields into gqlgen's FieldSet, want the 2 roots'", n)
	}
	if n := bytes.Count(exec, []byte(lightFieldSet)); n < 100 {
		t.Errorf("%d objects gather their fields into inorder's FieldSet", n)
	}
}

func TestLightFieldSets(t *testing.T) {
	object := "\nfunc (ec *executionContext) _X(ctx context.Context, sel ast.SelectionSet, obj *model.X) graphql.Marshaler {\n" +
		"\tfields := graphql.CollectFields(ec.OperationContext, sel, xImplementors)\n\tout := " + gqlgenFieldSet + "\n" +
		"\tfor i, field := range fields {\n\t\tout.Values[i] = ec._X_id(ctx, field, obj)\n\t\tif out.Values[i] == graphql.Null {\n\t\t\tout.Invalids++\n\t\t}\n\t}\n" +
		"\tout.Dispatch(ctx)\n\tif out.Invalids > 0 {\n\t\treturn graphql.Null\n\t}\n\treturn out\n}\n"
	root := "\nfunc (ec *executionContext) _Query(ctx context.Context, sel ast.SelectionSet) graphql.Marshaler {\n\tout := " + gqlgenFieldSet + "\n" +
		"\tout.ResolveRootConcurrently(ctx, i, f)\n\tout.Dispatch(ctx)\n\treturn out\n}\n"
	exec := "package generated\n" + root + object + strings.ReplaceAll(object, "_X", "_Y")
	out, n, err := lightFieldSets([]byte(exec))
	if err != nil {
		t.Fatal(err)
	}
	want := "package generated\n" + root + strings.ReplaceAll(object+strings.ReplaceAll(object, "_X", "_Y"), gqlgenFieldSet, lightFieldSet)
	if n != 2 || string(out) != want {
		t.Errorf("rewrote %d:\n%s\nwant:\n%s", n, out, want)
	}
	for name, exec := range map[string]string{
		"no object":                     "package generated\n" + root,
		"a field resolved concurrently": strings.Replace(object, "\tout.Dispatch", "\tout.Concurrently(i, f)\n\tout.Dispatch", 1),
		"a field set elsewhere":         object + "\nvar v = " + gqlgenFieldSet + "\n",
	} {
		if _, _, err := lightFieldSets([]byte(exec)); err == nil {
			t.Errorf("%s: accepted", name)
		}
	}
}
