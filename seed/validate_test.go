package seed

import (
	"bufio"
	"os"
	"path"
	"path/filepath"
	"reflect"
	"sort"
	"strconv"
	"strings"
	"testing"
	"testing/fstest"
)

// TestInvalidFixtures loads each directory of testdata/invalid and checks that the
// problems are exactly those announced by `# want:` comments, at their file and line.
func TestInvalidFixtures(t *testing.T) {
	dirs, err := os.ReadDir("testdata/invalid")
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range dirs {
		if !d.IsDir() {
			continue
		}
		t.Run(d.Name(), func(t *testing.T) {
			display := "seed/testdata/invalid/" + d.Name()
			_, got := load(os.DirFS("testdata/invalid"), d.Name(), display)
			want := wantedProblems(t, filepath.Join("testdata/invalid", d.Name()), display)
			checkProblems(t, got, want)
		})
	}
}

// expectation is a problem announced in a fixture: its file:line and a part of its message.
type expectation struct {
	at   string
	text string
}

func wantedProblems(t *testing.T, dir, display string) []expectation {
	t.Helper()
	files, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var out []expectation
	for _, f := range files {
		if f.IsDir() {
			continue
		}
		if strings.HasSuffix(f.Name(), ".yml") {
			// Wrongly named files are reported, not read.
			out = append(out, expectation{path.Join(display, f.Name()), "ignored: data files must end in .yaml"})
			continue
		}
		fh, err := os.Open(filepath.Join(dir, f.Name()))
		if err != nil {
			t.Fatal(err)
		}
		sc := bufio.NewScanner(fh)
		for line := 1; sc.Scan(); line++ {
			parts := strings.Split(sc.Text(), "# want: ")
			for _, p := range parts[1:] {
				out = append(out, expectation{at: path.Join(display, f.Name()) + ":" + strconv.Itoa(line), text: strings.TrimSpace(p)})
			}
		}
		fh.Close()
	}
	return out
}

// checkProblems matches each expectation with exactly one problem at its place.
func checkProblems(t *testing.T, got []Problem, want []expectation) {
	t.Helper()
	used := make([]bool, len(got))
	for _, w := range want {
		found := false
		for i, p := range got {
			if used[i] {
				continue
			}
			s := p.String()
			if (strings.HasPrefix(s, w.at+": ")) && strings.Contains(s, w.text) {
				used[i], found = true, true
				break
			}
		}
		if !found {
			t.Errorf("missing problem %s: …%s…", w.at, w.text)
		}
	}
	for i, p := range got {
		if !used[i] {
			t.Errorf("unexpected problem %s", p)
		}
	}
}

// TestLoadMapFS checks the file naming (seed/data/<name>.yaml) and YAML syntax errors.
func TestLoadMapFS(t *testing.T) {
	fsys := fstest.MapFS{
		"seed/data/README.md": {Data: []byte("not data")},
		"seed/data/a.yaml":    {Data: []byte("nodes:\n  - type: Country\n    id: JP\n    name: a: b\n")},
		"seed/data/b.yaml":    {Data: []byte("nodes: []\n---\nnodes: []\n")},
	}
	_, got := Load(fsys, "seed/data")
	var s []string
	for _, p := range got {
		s = append(s, p.String())
	}
	want := []string{
		"seed/data/a.yaml:4: invalid YAML: mapping values are not allowed in this context",
		"seed/data/b.yaml:2: only one YAML document per file",
	}
	if !reflect.DeepEqual(s, want) {
		t.Errorf("problems:\n%s\nwant:\n%s", strings.Join(s, "\n"), strings.Join(want, "\n"))
	}
}

func TestLoadEmptyDirectory(t *testing.T) {
	_, got := Load(fstest.MapFS{"seed/data/README.md": {Data: []byte("x")}}, "seed/data")
	if len(got) != 1 || got[0].String() != "seed/data: no *.yaml data files" {
		t.Errorf("problems = %v, want one about no data files", got)
	}
}

// TestValidFixture checks typed values: dates given unquoted (!!timestamp, !!int) keep
// their text, numbers are int64/float64, lists []string, and provenance becomes the
// parallel sources/quotes arrays of the batch.
func TestValidFixture(t *testing.T) {
	ds, problems := LoadDir("testdata/valid")
	for _, p := range problems {
		t.Error(p)
	}
	b := ds.Batch()
	if len(b.Nodes) != 4 || len(b.Relations) != 2 {
		t.Fatalf("batch has %d nodes, %d relations; want 4, 2", len(b.Nodes), len(b.Relations))
	}
	if b.Nodes[0].Type != "Source" {
		t.Errorf("first node is a %s, want the Source first", b.Nodes[0].Type)
	}
	byID := map[string]map[string]any{}
	for _, n := range b.Nodes {
		byID[n.ID] = n.Props
	}
	checks := []struct {
		id, key string
		want    any
	}{
		{"src-a", "published", "2024-05-01"},
		{"src-a", "sources", []string{"src-a"}},
		{"src-a", "quotes", []string{"Source A"}},
		{"JP", "aliases", []string{}},
		{"msp", "aliases", []string{"MSP", "Mineral Security Partnership"}},
		{"msp", "validFrom", "2022-06"},
		{"msp", "kind", "INITIATIVE"},
		{"msp", "sources", []string{"src-a", "src-a"}},
		{"msp", "quotes", []string{"the MSP", "launched in June 2022"}},
		{"m-msp-project-count-2024", "value", float64(32)},
		{"m-msp-project-count-2024", "year", int64(2024)},
	}
	for _, c := range checks {
		if got := byID[c.id][c.key]; !reflect.DeepEqual(got, c.want) {
			t.Errorf("%s.%s = %#v, want %#v", c.id, c.key, got, c.want)
		}
	}
	r := b.Relations[0]
	if r.Type != "MEMBER_OF" || r.FromType != "Country" || r.ToType != "Partnership" || r.Props["validFrom"] != "2022-06-14" || r.Props["role"] != "FOUNDING_PARTNER" {
		t.Errorf("relation = %+v", r)
	}
	if got := b.Relations[1].Props["validFrom"]; got != "2024" {
		t.Errorf("a date given as a YAML integer = %#v, want \"2024\"", got)
	}
	if _, ok := r.Props["id"]; ok {
		t.Errorf("relation props carry an id; the store derives it")
	}
	var counts []string
	for _, c := range ds.NodeCounts() {
		counts = append(counts, c.Type+"="+strconv.Itoa(c.N))
	}
	sort.Strings(counts)
	if got := strings.Join(counts, " "); got != "Country=1 Measurement=1 Partnership=1 Source=1" {
		t.Errorf("node counts = %s", got)
	}
}

// TestBrokenReference: one dangling id is reported at its file and line.
func TestBrokenReference(t *testing.T) {
	_, got := LoadDir("testdata/broken-ref")
	if len(got) != 1 || got[0].String() != `testdata/broken-ref/graph.yaml:41: to: unknown id "nowhere"` {
		t.Errorf("problems = %v", got)
	}
}
