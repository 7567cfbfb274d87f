package store

import (
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite testdata/compiled.golden from the compiler's output")

// TestCompiledGolden pins the text and parameters the compiler makes of every input of
// the fuzz seed corpus (a root list, or a relationship connection with its total and a
// nested list below it), so that a change of the compiled Cypher shows as a diff of
// testdata/compiled.golden. After a deliberate change: go test ./graph/store -run
// TestCompiledGolden -update, and read the diff.
func TestCompiledGolden(t *testing.T) {
	files, err := filepath.Glob("testdata/fuzz/FuzzCompileWhere/*")
	if err != nil || len(files) == 0 {
		t.Fatalf("no seed corpus: %v", err)
	}
	sort.Strings(files)
	var out strings.Builder
	for _, f := range files {
		pick, input := readSeed(t, f)
		dec := json.NewDecoder(bytes.NewReader(input))
		dec.UseNumber()
		var where map[string]any
		if dec.Decode(&where) != nil {
			continue
		}
		typeName, field := fuzzTarget(pick)
		targets := [][2]string{{typeName, field}}
		for _, other := range [][2]string{{"Project", ""}, {"Project", "financiersConnection"}} {
			if other != targets[0] {
				targets = append(targets, other)
			}
		}
		for _, tf := range targets {
			fmt.Fprintf(&out, "== %s: %s %s\n", filepath.Base(f), tf[0], tf[1])
			goldenCompile(&out, tf[0], tf[1], where)
		}
	}
	const golden = "testdata/compiled.golden"
	if *update {
		if err := os.WriteFile(golden, []byte(out.String()), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatalf("%v (run with -update to create it)", err)
	}
	if got := out.String(); got != string(want) {
		gotLines, wantLines := strings.Split(got, "\n"), strings.Split(string(want), "\n")
		for i := range min(len(gotLines), len(wantLines)) {
			if gotLines[i] != wantLines[i] {
				t.Fatalf("compiled text differs from %s at line %d:\n got %s\nwant %s\n(run with -update after a deliberate change)", golden, i+1, gotLines[i], wantLines[i])
			}
		}
		t.Fatalf("compiled text has %d lines, %s %d", len(gotLines), golden, len(wantLines))
	}
}

// goldenCompile writes the text and parameters the compiler makes of where on a root
// list of typeName (field empty) or on its connection field, or the error.
func goldenCompile(out *strings.Builder, typeName, field string, where map[string]any) {
	c := newCypherBuilder()
	var text string
	var err error
	if field == "" {
		c.stats = largeLabels()
		text, c.params, _, err = c.list(typeName, ListArgs{Where: where}, nil, nil)
	} else {
		_, rel, target, _ := lookupRelation(typeName, field)
		child := Fetch{Field: target.Relations[0].Field, List: &ListArgs{}}
		text, _, err = compileFetch(c, typeName, Fetch{Field: rel.Field + "Connection", Page: &PageArgs{Where: where}, WithTotal: true, Children: []Fetch{child}})
	}
	if err != nil {
		fmt.Fprintf(out, "error: %v\n", err)
		return
	}
	fmt.Fprintf(out, "%s\n", strings.TrimSuffix(text, "\n"))
	keys := make([]string, 0, len(c.params))
	for k := range c.params {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		fmt.Fprintf(out, "$%s = %#v\n", k, c.params[k])
	}
}

// largeLabels are statistics by which every node type has more nodes than a root list's
// walk reads (reach.go): root lists compile as on a large graph.
func largeLabels() *Stats {
	st := &Stats{nodes: map[string]int64{}}
	for name := range NodeTypes {
		st.nodes[name] = 1 << 30
	}
	return st
}

// readSeed reads a file of the fuzz corpus format: `go test fuzz v1`, then uint8(…) and
// []byte("…").
func readSeed(t *testing.T, path string) (uint8, []byte) {
	t.Helper()
	raw, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSpace(string(raw)), "\n")
	if len(lines) != 3 {
		t.Fatalf("%s: not a seed of FuzzCompileWhere", path)
	}
	pick, err := strconv.ParseUint(strings.TrimSuffix(strings.TrimPrefix(lines[1], "uint8("), ")"), 0, 8)
	if err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	input, err := strconv.Unquote(strings.TrimSuffix(strings.TrimPrefix(lines[2], "[]byte("), ")"))
	if err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	return uint8(pick), []byte(input)
}
