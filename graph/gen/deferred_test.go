package main

import (
	"bytes"
	"os"
	"strings"
	"testing"
)

// The committed executor builds no deferred group: none of its objects could fill one.
func TestCommittedExecutorBuildsNoDeferredGroup(t *testing.T) {
	exec, err := os.ReadFile("../../graph/generated/generated.go")
	if err != nil {
		t.Fatal(err)
	}
	for _, text := range []string{"NewDeferredGroup(", "deferred.Defers", "ProcessDeferredGroup("} {
		if bytes.Contains(exec, []byte(text)) {
			t.Errorf("generated.go contains %q", text)
		}
	}
}

func TestDropDeferredGroups(t *testing.T) {
	object := "func (ec *executionContext) _X(ctx context.Context) graphql.Marshaler {\n\tout := graphql.NewFieldSet(fields)\n" +
		deferredGroup + "\tfor i, field := range fields {\n\t}\n\tout.Dispatch(ctx)\n" + deferredCheck + "\n\treturn out\n}\n"
	file := "import (\n" + mathImport + "\t\"sync/atomic\"\n)\n\n" + object + object
	out, err := dropDeferredGroups([]byte(file))
	if err != nil {
		t.Fatal(err)
	}
	want := "import (\n\t\"sync/atomic\"\n)\n\n" + strings.Repeat("func (ec *executionContext) _X(ctx context.Context) graphql.Marshaler {\n\tout := graphql.NewFieldSet(fields)\n"+
		"\tfor i, field := range fields {\n\t}\n\tout.Dispatch(ctx)\n\n\treturn out\n}\n", 2)
	if string(out) != want {
		t.Errorf("rewritten:\n%s\nwant:\n%s", out, want)
	}
	// math stays imported where something else uses it.
	if out, err := dropDeferredGroups([]byte(file + "var _ = math.Pi\n")); err != nil || !bytes.Contains(out, []byte(mathImport)) {
		t.Errorf("math.Pi: %v\n%s", err, out)
	}
	for name, exec := range map[string]string{
		"no group":                  "func f() {}\n",
		"a group without its check": object + deferredGroup,
		"a field adding to a group": strings.Replace(object, "\tfor i", "\tout.ResolveConcurrently(ec.OperationContext, &deferred, 0, true, true, f)\n\tfor i", 1),
	} {
		if _, err := dropDeferredGroups([]byte(exec)); err == nil {
			t.Errorf("%s: accepted", name)
		}
	}
}
