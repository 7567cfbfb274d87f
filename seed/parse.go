package seed

import (
	"bytes"
	"errors"
	"io"
	"io/fs"
	"path"
	"regexp"
	"strconv"
	"strings"

	"go.yaml.in/yaml/v3"
)

// section is a top-level key of a data file.
type section string

const (
	sectionSources   section = "sources"
	sectionNodes     section = "nodes"
	sectionRelations section = "relations"
)

// entry is one item of a section: a mapping of keys to YAML values.
type entry struct {
	section section
	pos     Pos
	fields  []field
}

type field struct {
	key   string
	line  int
	value *yaml.Node
}

// get returns the field called key, if present.
func (e *entry) get(key string) (field, bool) {
	for _, f := range e.fields {
		if f.key == key {
			return f, true
		}
	}
	return field{}, false
}

// parseDir parses every *.yaml file of dir, in name order, into entries.
func parseDir(fsys fs.FS, dir, display string, ps *problems) []entry {
	dirEntries, err := fs.ReadDir(fsys, dir)
	if err != nil {
		ps.add(display, 0, "cannot read the data directory: %v", err)
		return nil
	}
	var entries []entry
	yamlFiles := 0
	for _, de := range dirEntries {
		name := de.Name()
		file := path.Join(display, name)
		switch {
		case de.IsDir():
			continue
		case strings.HasSuffix(name, ".yml"):
			ps.add(file, 0, "ignored: data files must end in .yaml")
			continue
		case !strings.HasSuffix(name, ".yaml"):
			continue
		}
		yamlFiles++
		content, err := fs.ReadFile(fsys, path.Join(dir, name))
		if err != nil {
			ps.add(file, 0, "cannot read: %v", err)
			continue
		}
		entries = append(entries, parseFile(file, content, ps)...)
	}
	if yamlFiles == 0 {
		ps.add(display, 0, "no *.yaml data files")
	}
	return entries
}

var yamlErrLine = regexp.MustCompile(`^yaml: line (\d+): (.*)$`)

// yamlError reports a YAML syntax error at the line the parser gives.
func yamlError(file string, err error, ps *problems) {
	msg := err.Error()
	if m := yamlErrLine.FindStringSubmatch(msg); m != nil {
		line, _ := strconv.Atoi(m[1])
		ps.add(file, line, "invalid YAML: %s", m[2])
		return
	}
	ps.add(file, 0, "invalid YAML: %s", strings.TrimPrefix(msg, "yaml: "))
}

func parseFile(file string, content []byte, ps *problems) []entry {
	dec := yaml.NewDecoder(bytes.NewReader(content))
	var doc yaml.Node
	if err := dec.Decode(&doc); err != nil {
		if !errors.Is(err, io.EOF) {
			yamlError(file, err, ps)
		}
		return nil // an empty file holds nothing
	}
	var more yaml.Node
	if err := dec.Decode(&more); err == nil {
		ps.add(file, more.Line, "only one YAML document per file")
	} else if !errors.Is(err, io.EOF) {
		yamlError(file, err, ps)
	}
	if len(doc.Content) == 0 {
		return nil
	}
	root := resolve(doc.Content[0])
	if isNull(root) {
		return nil
	}
	if root.Kind != yaml.MappingNode {
		ps.add(file, root.Line, "a data file is a mapping with the keys sources, nodes and relations")
		return nil
	}
	var entries []entry
	for _, f := range mapping(file, root, ps) {
		sec := section(f.key)
		switch sec {
		case sectionSources, sectionNodes, sectionRelations:
		default:
			ps.add(file, f.line, "unknown top-level key %q (want sources, nodes or relations)", f.key)
			continue
		}
		if isNull(f.value) {
			continue
		}
		if f.value.Kind != yaml.SequenceNode {
			ps.add(file, f.value.Line, "%s must be a list", f.key)
			continue
		}
		for _, item := range f.value.Content {
			item = resolve(item)
			if item.Kind != yaml.MappingNode {
				ps.add(file, item.Line, "each item of %s must be a mapping of keys to values", f.key)
				continue
			}
			entries = append(entries, entry{section: sec, pos: Pos{file, item.Line}, fields: mapping(file, item, ps)})
		}
	}
	return entries
}

// mapping returns the fields of a mapping node in order, reporting duplicate and
// non-scalar keys.
func mapping(file string, n *yaml.Node, ps *problems) []field {
	var out []field
	seen := map[string]int{}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := resolve(n.Content[i]), resolve(n.Content[i+1])
		if k.Kind != yaml.ScalarNode {
			ps.add(file, k.Line, "keys must be plain names")
			continue
		}
		if first, dup := seen[k.Value]; dup {
			ps.add(file, k.Line, "duplicate key %q (first at line %d)", k.Value, first)
			continue
		}
		seen[k.Value] = k.Line
		out = append(out, field{key: k.Value, line: k.Line, value: v})
	}
	return out
}

// resolve follows YAML aliases (*anchor) to the node they stand for.
func resolve(n *yaml.Node) *yaml.Node {
	for n.Kind == yaml.AliasNode && n.Alias != nil {
		n = n.Alias
	}
	return n
}

func isNull(n *yaml.Node) bool {
	return n.Kind == yaml.ScalarNode && n.ShortTag() == "!!null"
}
