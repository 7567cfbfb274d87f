package store

import (
	"bufio"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/mineralgraph/mineralgraph/graph/apperr"
)

// ImportWriter writes batches as the CSV files of Neo4j's offline importer (`neo4j-admin
// database import full`, tools/neo4j/neo4j.sh import) with exactly the values CreateNew
// stores (Export): one file per node type, with the type's labels, and one per (from
// type, relationship type, to type), whose ends are the ids of their types' id spaces.
// Every column is typed (long, double, boolean, string and their lists), so an Int stays
// an integer and a Float a float; strings are always quoted, so an empty one stays empty.
// The importer stores no empty list (neo4j/neo4j#13566) and, trimming list elements
// (--trim-strings, which leaves quoted strings alone), keeps no element's outer
// whitespace: such lists go to a file of their own, which FinishImport sets after the
// import. The trimming is what stores [""] (written " "), which every row without
// locators has.
type ImportWriter struct {
	dir       string
	export    *Export
	files     map[string]*csvFile
	order     []string // file keys in creation order
	fixups    *bufio.Writer
	fixupFile *os.File
	multiline bool // a string holds a line break: the importer must be told
	nodes     int
	relations int
	fixed     int
}

// ImportFiles is what an ImportWriter wrote.
type ImportFiles struct {
	// Args are the importer's arguments for the files: --nodes, --relationships and the
	// CSV dialect; they are also in the directory's import.args, one a line.
	Args                    []string
	Nodes, Relations, Fixed int // Fixed: values left to FinishImport
}

const (
	importArgsFile  = "import.args"
	importFixupFile = "fixups.jsonl"
	// arrayDelimiter separates list elements: the ASCII unit separator, which no text of
	// the model is expected to hold (a value that does is refused, not split).
	arrayDelimiter = '\x1f'
)

type csvFile struct {
	f       *os.File
	w       *bufio.Writer
	arg     string   // the importer argument naming it
	columns []string // property keys, in the header's order
	kinds   []string // the importer type of each column (long, string[], …)
}

// NewImportWriter writes into dir (created if missing; it should be empty), stamping the
// rows as written by writer at now, as CreateNew does.
func NewImportWriter(dir, writer string, now time.Time) (*ImportWriter, error) {
	dir, err := filepath.Abs(dir)
	if err != nil {
		return nil, err
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, err
	}
	f, err := os.Create(filepath.Join(dir, importFixupFile))
	if err != nil {
		return nil, err
	}
	return &ImportWriter{dir: dir, export: NewExport(writer, now), files: map[string]*csvFile{},
		fixups: bufio.NewWriterSize(f, 1<<16), fixupFile: f}, nil
}

// Add checks b as CreateNew does and appends its rows to the files.
func (w *ImportWriter) Add(b Batch) error {
	return w.export.Add(b, func(n ExportedNode) error {
		f, err := w.file("nodes-"+n.Type.Name, func() (string, []string, []string) {
			cols := nodeColumns(n.Type)
			return fmt.Sprintf("--nodes=%s=", strings.Join(n.Type.Labels, ":")), cols, importKinds(cols, n.Type.Properties)
		}, fmt.Sprintf("id:ID(%s)", n.Type.Name))
		if err != nil {
			return err
		}
		w.nodes++
		return w.row(f, nil, n.Props, fixupRow{Node: n.Type.Labels[0], ID: n.Props["id"].(string)})
	}, func(r ExportedRelation) error {
		f, err := w.file("rels-"+r.From+"-"+r.Type+"-"+r.To, func() (string, []string, []string) {
			decl, _ := RelationBetween(r.From, r.Type, r.To) // prepare checked it
			cols := relationColumns(decl)
			return "--relationships=" + r.Type + "=", cols, importKinds(cols, RelationshipProperties[decl.Properties])
		}, fmt.Sprintf(":START_ID(%s),:END_ID(%s)", r.From, r.To))
		if err != nil {
			return err
		}
		w.relations++
		return w.row(f, []string{r.FromID, r.ToID}, r.Props, fixupRow{Relation: r.Type, ID: r.Props["id"].(string)})
	})
}

// Close flushes the files and writes import.args.
func (w *ImportWriter) Close() (ImportFiles, error) {
	var args []string
	var first error
	for _, k := range w.order {
		f := w.files[k]
		if err := f.w.Flush(); err != nil && first == nil {
			first = err
		}
		if err := f.f.Close(); err != nil && first == nil {
			first = err
		}
		args = append(args, f.arg)
	}
	if err := w.fixups.Flush(); err != nil && first == nil {
		first = err
	}
	if err := w.fixupFile.Close(); err != nil && first == nil {
		first = err
	}
	if first != nil {
		return ImportFiles{}, first
	}
	args = append(args, "--array-delimiter=U+001F", "--quote=\"", "--delimiter=,", "--trim-strings=true",
		// Any bad row fails the import, as it fails CreateNew: a relationship whose end is
		// missing, an id twice in a type.
		"--bad-tolerance=0")
	if w.multiline {
		args = append(args, "--multiline-fields=true")
	}
	if err := os.WriteFile(filepath.Join(w.dir, importArgsFile), []byte(strings.Join(args, "\n")+"\n"), 0o644); err != nil {
		return ImportFiles{}, err
	}
	return ImportFiles{Args: args, Nodes: w.nodes, Relations: w.relations, Fixed: w.fixed}, nil
}

// file returns the file of key, creating it with its header on first use.
func (w *ImportWriter) file(key string, describe func() (arg string, columns, kinds []string), ends string) (*csvFile, error) {
	if f, ok := w.files[key]; ok {
		return f, nil
	}
	arg, cols, kinds := describe()
	path := filepath.Join(w.dir, key+".csv")
	fh, err := os.Create(path)
	if err != nil {
		return nil, err
	}
	f := &csvFile{f: fh, w: bufio.NewWriterSize(fh, 1<<16), arg: arg + path, columns: cols, kinds: kinds}
	var header []string
	for i, c := range cols {
		switch {
		case c == "id" && strings.HasPrefix(ends, "id:ID("):
			header = append(header, ends)
		default:
			header = append(header, c+":"+kinds[i])
		}
	}
	if !strings.HasPrefix(ends, "id:ID(") {
		header = append([]string{ends}, header...)
	}
	f.w.WriteString(strings.Join(header, ",") + "\n")
	w.files[key] = f
	w.order = append(w.order, key)
	return f, nil
}

// importKinds are the importer types of the columns: from the declared GraphQL type of
// each property (the scalar table's stored values: int64, float64, bool, string), string
// for the derived ones (id, aliasText) and the audit stamps.
func importKinds(cols []string, declared []Property) []string {
	kinds := make([]string, len(cols))
	for i, c := range cols {
		p, _ := PropertyNamed(declared, c)
		kind := "string"
		switch p.Type {
		case "Int":
			kind = "long"
		case "Float":
			kind = "double"
		case "Boolean":
			kind = "boolean"
		}
		if p.List {
			kind += "[]"
		}
		kinds[i] = kind
	}
	return kinds
}

// fixupRow is a value the importer cannot store, for FinishImport: Node (a primary
// label) or Relation (a type), the id, the property and its value.
type fixupRow struct {
	Node     string `json:"node,omitempty"`
	Relation string `json:"relation,omitempty"`
	ID       string `json:"id"`
	Key      string `json:"key"`
	Value    []any  `json:"value"`
}

func (w *ImportWriter) row(f *csvFile, ends []string, props map[string]any, fix fixupRow) error {
	var b strings.Builder
	for _, e := range ends {
		w.quoted(&b, e)
		b.WriteByte(',')
	}
	stored := 0
	for i, c := range f.columns {
		if i > 0 {
			b.WriteByte(',')
		}
		v, ok := props[c]
		if !ok {
			continue // an empty field: no property
		}
		stored++
		if list, isList := v.([]any); isList && !importable(list) {
			fix.Key, fix.Value = c, list
			line, err := json.Marshal(fix)
			if err != nil {
				return err
			}
			w.fixups.Write(append(line, '\n'))
			w.fixed++
			continue
		}
		if err := w.value(&b, v, f.kinds[i]); err != nil {
			return apperr.Internalf("import file %s, %s %q, property %s: %v", filepath.Base(f.f.Name()), fix.Node+fix.Relation, fix.ID, c, err)
		}
	}
	if stored != len(props) { // a key prepare added that the columns do not know
		return apperr.Internalf("import file %s: a row of %d properties has %d of the columns %v", filepath.Base(f.f.Name()), len(props), stored, f.columns)
	}
	b.WriteByte('\n')
	_, err := f.w.WriteString(b.String())
	return err
}

// value writes v as a field of the importer type kind; a value of another type is an
// error, never a silent conversion.
func (w *ImportWriter) value(b *strings.Builder, v any, kind string) error {
	if elem, isList := strings.CutSuffix(kind, "[]"); isList {
		list, ok := v.([]any)
		if !ok {
			return fmt.Errorf("%T in a %s column", v, kind)
		}
		var inner strings.Builder
		if len(list) == 1 && list[0] == "" {
			list = []any{" "} // one element, trimmed to ""
		}
		for i, e := range list {
			if i > 0 {
				inner.WriteByte(arrayDelimiter)
			}
			if s, ok := e.(string); ok && strings.ContainsRune(s, arrayDelimiter) {
				return fmt.Errorf("a list element holds the importer's array delimiter U+001F")
			}
			if err := w.scalar(&inner, e, elem, false); err != nil {
				return err
			}
		}
		w.quoted(b, inner.String())
		return nil
	}
	return w.scalar(b, v, kind, true)
}

func (w *ImportWriter) scalar(b *strings.Builder, v any, kind string, quote bool) error {
	switch x := v.(type) {
	case string:
		if kind == "string" {
			if quote {
				w.quoted(b, x)
			} else {
				w.noteLines(x)
				b.WriteString(x)
			}
			return nil
		}
	case int64:
		if kind == "long" {
			b.WriteString(strconv.FormatInt(x, 10))
			return nil
		}
	case float64:
		if kind == "double" {
			b.WriteString(strconv.FormatFloat(x, 'g', -1, 64))
			return nil
		}
	case bool:
		if kind == "boolean" {
			b.WriteString(strconv.FormatBool(x))
			return nil
		}
	}
	return fmt.Errorf("%T in a %s column", v, kind)
}

// importable reports whether the importer stores list as it is: not empty, and no
// element with whitespace at either end, which it trims.
func importable(list []any) bool {
	if len(list) == 0 {
		return false
	}
	for _, e := range list {
		s, ok := e.(string)
		if !ok || s == "" {
			continue
		}
		first, _ := utf8.DecodeRuneInString(s)
		last, _ := utf8.DecodeLastRuneInString(s)
		if first <= ' ' || last <= ' ' || unicode.IsSpace(first) || unicode.IsSpace(last) {
			return false
		}
	}
	return true
}

// quoted writes s as a quoted field: quotes doubled, line breaks kept (the importer then
// needs --multiline-fields).
func (w *ImportWriter) quoted(b *strings.Builder, s string) {
	w.noteLines(s)
	b.WriteByte('"')
	b.WriteString(strings.ReplaceAll(s, `"`, `""`))
	b.WriteByte('"')
}

func (w *ImportWriter) noteLines(s string) {
	if !w.multiline && strings.ContainsAny(s, "\r\n") {
		w.multiline = true
	}
}
