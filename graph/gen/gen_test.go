package main

import (
	"bytes"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/vektah/gqlparser/v2"
	"github.com/vektah/gqlparser/v2/ast"

	"github.com/mineralgraph/mineralgraph/graph/scalar"
)

// schemaCopy copies schema/*.graphqls into dir, with extra fields inserted at the start
// of the Membership relationship properties.
func schemaCopy(t *testing.T, dir, extra string) {
	t.Helper()
	files, err := filepath.Glob("../../" + schemaGlob)
	if err != nil || len(files) == 0 {
		t.Fatalf("no schema files: %v", err)
	}
	if err := os.MkdirAll(filepath.Join(dir, "schema"), 0o755); err != nil {
		t.Fatal(err)
	}
	const anchor = "type Membership @relationshipProperties {\n"
	inserted := false
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		if bytes.Contains(b, []byte(anchor)) {
			b = bytes.Replace(b, []byte(anchor), []byte(anchor+extra), 1)
			inserted = true
		}
		if err := os.WriteFile(filepath.Join(dir, "schema", filepath.Base(f)), b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if !inserted {
		t.Fatalf("no %q in the schema", anchor)
	}
}

// tree reads every file under dir, by path.
func tree(t *testing.T, dir string) map[string]string {
	t.Helper()
	out := map[string]string{}
	err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := os.ReadFile(path)
		out[path] = string(b)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// A schema the generator cannot serve is an error naming every offending field, and the
// tree is left as it was: no output is written, not even the ones that render.
func TestGenerateRefusesUnsupportedFieldsAndWritesNothing(t *testing.T) {
	dir := t.TempDir()
	schemaCopy(t, dir, "  \"A flag.\"\n  flagged: Boolean!\n  \"Counts.\"\n  counts: [Int!]\n  \"Free-form.\"\n  extra: Properties\n")
	for _, out := range []string{apiFile, metadataFile, decodersFile, setPropsFile} {
		path := filepath.Join(dir, out)
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte("previous "+out), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	before := tree(t, dir)
	t.Chdir(dir)
	err := generate()
	if err == nil {
		t.Fatal("generate accepted a list of integers and a property of type Properties")
	}
	t.Log(err)
	for _, want := range []string{"Membership.counts: a list of integers is not stored", "Membership.extra: a stored property of type Properties"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error %q does not say %q", err, want)
		}
	}
	if strings.Contains(err.Error(), "flagged") {
		t.Errorf("error %q refuses the Boolean! property, which the model stores", err)
	}
	after := tree(t, dir)
	for path, b := range after {
		if before[path] != b {
			t.Errorf("%s was written", path)
		}
	}
	if len(after) != len(before) {
		t.Errorf("%d files before, %d after", len(before), len(after))
	}
}

// A required Boolean on a relationship is stored, filtered and decoded like any other
// property (it used to make the generator panic).
func TestRenderRequiredBooleanEdgeProperty(t *testing.T) {
	dir := t.TempDir()
	schemaCopy(t, dir, "  \"A flag.\"\n  flagged: Boolean!\n")
	files, _, err := render(filepath.Join(dir, schemaGlob))
	if err != nil {
		t.Fatal(err)
	}
	for file, want := range map[string]string{
		setPropsFile: "\t\tcase \"flagged\":\n\t\t\tx.Flagged = propBool(v)\n",
		metadataFile: `{Name: "flagged", Type: "Boolean", List: false, Required: true}`,
		apiFile:      "  flagged: BooleanScalarFilters\n",
	} {
		if !strings.Contains(string(files[file]), want) {
			t.Errorf("%s lacks %q", file, want)
		}
	}
	if !strings.Contains(string(files[apiFile]), "  flagged: Boolean!\n") {
		t.Errorf("%s does not serve flagged as a Boolean!", apiFile)
	}
}

// The rendered files of the real schema are those committed (make check-generated runs
// gqlgen too; this is the quick form of it for graph/gen's own outputs).
func TestRenderMatchesCommitted(t *testing.T) {
	files, _, err := render("../../" + schemaGlob)
	if err != nil {
		t.Fatal(err)
	}
	for name, b := range files {
		committed, err := os.ReadFile("../../" + name)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(b, committed) {
			t.Errorf("%s differs from what graph/gen renders: run go generate ./...", name)
		}
	}
}

// A failed run puts back what it changed and removes what it created.
func TestSnapshotRestore(t *testing.T) {
	dir := t.TempDir()
	kept, gone := filepath.Join(dir, "kept.go"), filepath.Join(dir, "absent.go")
	sub := filepath.Join(dir, "resolvers")
	if err := os.MkdirAll(sub, 0o755); err != nil {
		t.Fatal(err)
	}
	old := filepath.Join(sub, "a.resolvers.go")
	for path, text := range map[string]string{kept: "kept", old: "old"} {
		if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	before := tree(t, dir)
	s, err := snapshot([]string{kept, gone}, sub)
	if err != nil {
		t.Fatal(err)
	}
	for path, text := range map[string]string{kept: "changed", gone: "created", old: "changed", filepath.Join(sub, "new.resolvers.go"): "new"} {
		if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if err := s.restore(); err != nil {
		t.Fatal(err)
	}
	after := tree(t, dir)
	if len(after) != len(before) {
		t.Errorf("files after restore: %v, want %v", after, before)
	}
	for path, b := range before {
		if after[path] != b {
			t.Errorf("%s = %q after restore, want %q", path, after[path], b)
		}
	}
}

// The filter inputs of the served schema offer exactly the operators of the scalar
// table, which the compiler accepts: the template and the table cannot drift apart.
func TestFilterInputsMatchScalarTable(t *testing.T) {
	files, m, err := render("../../" + schemaGlob)
	if err != nil {
		t.Fatal(err)
	}
	served, err := gqlparser.LoadSchema(&ast.Source{Name: apiFile, Input: string(files[apiFile])})
	if err != nil {
		t.Fatal(err)
	}
	fields := func(input string) string {
		def := served.Types[input]
		if def == nil || def.Kind != ast.InputObject {
			t.Errorf("no input %s in the served schema", input)
			return ""
		}
		var names []string
		for _, f := range def.Fields {
			names = append(names, f.Name)
		}
		return strings.Join(names, " ")
	}
	names := append(scalar.Builtins(), m.Enums[0].Name)
	for _, name := range names {
		k, _ := scalar.Lookup(name, m.enumValues())
		if got, want := fields(k.FilterInput()), strings.Join(k.Operators(), " "); got != want {
			t.Errorf("%s has %q, the table %q", k.FilterInput(), got, want)
		}
		if in := k.ListFilterInput(); in != "" {
			if got, want := fields(in), strings.Join(scalar.ListOperators, " "); got != want {
				t.Errorf("%s has %q, the table %q", in, got, want)
			}
		}
	}
}
