package seed

import (
	"errors"
	"fmt"
	"maps"
	"regexp"
	"slices"
	"strings"

	"go.yaml.in/yaml/v3"

	"github.com/mineralgraph/mineralgraph/graph/store"
)

// DataSet is a parsed data set: every node (Source nodes included) and relation, with
// typed properties and provenance, in file order.
type DataSet struct {
	Nodes     []*Node
	Relations []*Relation
}

// Pos is where an item is defined.
type Pos struct {
	File string
	Line int
}

func (p Pos) String() string { return fmt.Sprintf("%s:%d", p.File, p.Line) }

// Node is a node of the data set: the store's node with its provenance and place. Props
// hold the typed stored properties except id, sources, quotes and locators, which come
// from ID and Provenance (Batch adds them).
type Node struct {
	store.NodeInput
	Provenance []Provenance
	Pos
}

// Relation is a relation of the data set between two nodes of the given types: the
// store's relationship with its provenance and place; Props as for Node.
type Relation struct {
	store.RelationInput
	// PropertiesType is the @relationshipProperties type of the relation (Fact…).
	PropertiesType string
	Provenance     []Provenance
	Pos
}

// Provenance is a source id with the text it supports a fact with (a verbatim quote, a
// data row, or a compiled note, as the source's evidence level says) and where in the
// source that text is ("" where none).
type Provenance struct {
	Source  string
	Quote   string
	Locator string
	Pos
}

// idPattern is the shape of node ids and relation keys.
var idPattern = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9._-]*$`)

// structural keys are not properties: they describe the item itself.
const (
	keyType       = "type"
	keyID         = "id"
	keyProvenance = "provenance"
	keyFrom       = "from"
	keyTo         = "to"
	keyKey        = "key"
)

type idDef struct {
	typ string // "" when the node's type is unknown
	pos Pos
}

type validator struct {
	ps  *problems
	ids map[string]idDef
}

func (v *validator) add(file string, line int, format string, args ...any) {
	v.ps.add(file, line, format, args...)
}

// validate checks the entries of all files together and builds the data set.
func validate(entries []entry, ps *problems) *DataSet {
	v := &validator{ps: ps, ids: map[string]idDef{}}
	ds := &DataSet{}
	type nodeEntry struct {
		e  *entry
		t  *store.NodeType
		id string
	}
	var nodes []nodeEntry
	// Pass 1: every id with its type, so that references can point forwards and across files.
	for i := range entries {
		e := &entries[i]
		if e.section == sectionRelations {
			continue
		}
		t := v.nodeType(e)
		id := v.nodeID(e)
		if id != "" {
			typ := ""
			if t != nil {
				typ = t.Name
			}
			if first, dup := v.ids[id]; dup {
				v.add(e.pos.File, e.pos.Line, "duplicate id %q (first defined at %s)", id, first.pos)
			} else {
				v.ids[id] = idDef{typ: typ, pos: e.pos}
			}
		}
		nodes = append(nodes, nodeEntry{e, t, id})
	}
	for _, n := range nodes {
		if node := v.node(n.e, n.t, n.id); node != nil {
			ds.Nodes = append(ds.Nodes, node)
		}
	}
	seen := map[string]Pos{}
	for i := range entries {
		e := &entries[i]
		if e.section != sectionRelations {
			continue
		}
		if r := v.relation(e); r != nil {
			identity := store.RelationID(r.From, r.Type, r.To, r.Key)
			if first, dup := seen[identity]; dup {
				keyNote := ""
				if r.Key != "" {
					keyNote = fmt.Sprintf(" with key %q", r.Key)
				}
				v.add(e.pos.File, e.pos.Line, "duplicate relation %s from %q to %q%s (first defined at %s); add a distinct key to tell them apart",
					r.Type, r.From, r.To, keyNote, first)
				continue
			}
			seen[identity] = e.pos
			ds.Relations = append(ds.Relations, r)
		}
	}
	v.evidence(ds)
	return ds
}

// evidence sets on every node and relation but a Source the strongest evidence level of
// the sources it cites, as the write path does, and reports data rows without a locator.
func (v *validator) evidence(ds *DataSet) {
	levels := map[string]string{}
	for _, n := range ds.Nodes {
		if n.Type == "Source" {
			levels[n.ID], _ = n.Props["evidence"].(string)
		}
	}
	set := func(props map[string]any, prov []Provenance, isSource bool) {
		var entry []string
		for _, p := range prov {
			entry = append(entry, levels[p.Source])
			if levels[p.Source] == store.DataRow && p.Locator == "" && !isSource { // a source cites its own title
				v.add(p.File, p.Line, "%s is a data file: the entry needs a locator (<file>:<line>)", p.Source)
			}
		}
		if level := store.StrongestEvidence(entry); level != "" && !isSource {
			props["evidence"] = level
		}
	}
	for _, n := range ds.Nodes {
		set(n.Props, n.Provenance, n.Type == "Source")
	}
	for _, r := range ds.Relations {
		set(r.Props, r.Provenance, false)
	}
}

// nodeType returns the node type of an entry of sources or nodes, or nil if unknown.
func (v *validator) nodeType(e *entry) *store.NodeType {
	f, ok := e.get(keyType)
	if e.section == sectionSources {
		if ok && (f.value.Kind != yaml.ScalarNode || f.value.Value != "Source") {
			v.add(e.pos.File, f.line, "entries under sources are Source nodes: drop type, or move the entry under nodes")
		}
		return store.NodeTypes["Source"]
	}
	if !ok {
		v.add(e.pos.File, e.pos.Line, "missing type (one of %s)", strings.Join(nodeTypeNames(), ", "))
		return nil
	}
	name := f.value.Value
	t, known := store.NodeTypes[name]
	switch {
	case f.value.Kind != yaml.ScalarNode || !known:
		v.add(e.pos.File, f.line, "unknown node type %q (want one of %s)", name, strings.Join(nodeTypeNames(), ", "))
		return nil
	case name == "Source":
		v.add(e.pos.File, f.line, "Source nodes go under sources:, not nodes:")
	}
	return t
}

// nodeID returns the id of an entry, or "" if it has none usable.
func (v *validator) nodeID(e *entry) string {
	f, ok := e.get(keyID)
	if !ok {
		v.add(e.pos.File, e.pos.Line, "missing id")
		return ""
	}
	return v.idValue(e.pos.File, f, "id")
}

// idValue checks an id-shaped scalar (an id, a reference, a key).
func (v *validator) idValue(file string, f field, what string) string {
	n := f.value
	if n.Kind != yaml.ScalarNode || isNull(n) || strings.TrimSpace(n.Value) == "" {
		v.add(file, f.line, "%s must not be empty", what)
		return ""
	}
	if !idPattern.MatchString(n.Value) {
		v.add(file, n.Line, "%s %q must match %s (letters, digits, '.', '_', '-')", what, n.Value, idPattern)
	}
	return n.Value
}

// node checks the properties and provenance of a node entry.
func (v *validator) node(e *entry, t *store.NodeType, id string) *Node {
	node := &Node{NodeInput: store.NodeInput{ID: id, Props: map[string]any{}}, Pos: e.pos}
	if t != nil {
		node.Type = t.Name
	}
	var provField *field
	for i := range e.fields {
		f := &e.fields[i]
		switch f.key {
		case keyType, keyID:
			continue
		case keyProvenance:
			provField = f
			continue
		case "sources", "quotes", "locators":
			v.add(e.pos.File, f.line, "%s is derived from provenance: do not write it by hand", f.key)
			continue
		case "evidence":
			if t != nil && t.Name != "Source" {
				v.add(e.pos.File, f.line, "evidence is derived from the cited sources: do not write it by hand")
				continue
			}
		}
		if t == nil {
			continue // unknown type: its properties cannot be checked
		}
		p, ok := t.Property(f.key)
		if !ok {
			v.add(e.pos.File, f.line, "unknown property %q for type %s", f.key, t.Name)
			continue
		}
		v.property(e.pos.File, f, p, node.Props)
	}
	if t != nil {
		v.required(e, t.Properties, node.Props)
	}
	if provField == nil && t != nil && t.Name == "Source" {
		// A source is its own provenance: it quotes its own title.
		if title, ok := node.Props["title"].(string); ok && id != "" {
			node.Provenance = []Provenance{{Source: id, Quote: title, Pos: e.pos}}
		}
		return node
	}
	node.Provenance = v.provenance(e, provField)
	return node
}

// property checks one property value and stores the typed value in props.
func (v *validator) property(file string, f *field, p store.Property, props map[string]any) {
	if isNull(f.value) {
		if p.Required {
			v.add(file, f.line, "%s must not be empty", f.key)
		}
		return // an optional property left empty is absent
	}
	val, err := propValue(p, f.value)
	if err != nil {
		line := f.value.Line
		var al *atLine
		if errors.As(err, &al) {
			line = al.line
		}
		v.add(file, line, "%s: %v", f.key, err)
		return
	}
	props[f.key] = val
}

// required reports required scalar properties that are missing. Required lists
// (aliases) default to empty; id, sources and quotes are not written as properties.
func (v *validator) required(e *entry, properties []store.Property, props map[string]any) {
	for _, p := range properties {
		if !p.Required || p.Name == keyID || p.Name == "sources" || p.Name == "quotes" {
			continue
		}
		if _, present := e.get(p.Name); present {
			continue // reported by property if empty or invalid
		}
		k, err := kindNamed(p.Type)
		switch {
		case err != nil:
			v.add(e.pos.File, e.pos.Line, "property %s: %v", p.Name, err)
		case p.List:
			props[p.Name] = k.List(nil)
		default:
			v.add(e.pos.File, e.pos.Line, "missing required property %s (%s)", p.Name, describe(k))
		}
	}
}

// provenance checks the provenance list of an entry: at least one entry, each with a
// source that is a Source node and a non-empty quote.
func (v *validator) provenance(e *entry, f *field) []Provenance {
	file := e.pos.File
	if f == nil {
		v.add(file, e.pos.Line, "missing provenance: every fact needs at least one source with a verbatim quote")
		return nil
	}
	if f.value.Kind != yaml.SequenceNode || len(f.value.Content) == 0 {
		v.add(file, f.line, "provenance must be a non-empty list of entries with source and quote")
		return nil
	}
	var out []Provenance
	seen := map[[2]string]int{}
	for _, item := range f.value.Content {
		item = resolve(item)
		if item.Kind != yaml.MappingNode {
			v.add(file, item.Line, "a provenance entry is a mapping with source and quote")
			continue
		}
		p := Provenance{Pos: Pos{file, item.Line}}
		ok := true
		fields := mapping(file, item, v.ps)
		for _, pf := range fields {
			switch pf.key {
			case "source", "quote":
			case "locator":
				if pf.value.Kind != yaml.ScalarNode || strings.TrimSpace(pf.value.Value) == "" {
					v.add(file, pf.line, "locator must be a non-empty string (<file>:<line>)")
					ok = false
				} else {
					p.Locator = pf.value.Value
				}
			default:
				v.add(file, pf.line, "unknown key %q in a provenance entry (want source, quote and locator)", pf.key)
			}
		}
		entryOf := entry{pos: Pos{file, item.Line}, fields: fields}
		if sf, has := entryOf.get("source"); !has {
			v.add(file, item.Line, "provenance entry without source")
			ok = false
		} else if p.Source = v.idValue(file, sf, "source"); p.Source == "" {
			ok = false
		} else if def, exists := v.ids[p.Source]; !exists {
			v.add(file, sf.value.Line, "unknown source %q", p.Source)
			ok = false
		} else if def.typ != "Source" && def.typ != "" {
			v.add(file, sf.value.Line, "source %q is a %s, not a Source", p.Source, def.typ)
			ok = false
		}
		if qf, has := entryOf.get("quote"); !has {
			v.add(file, item.Line, "provenance entry without quote")
			ok = false
		} else if qf.value.Kind != yaml.ScalarNode || isNull(qf.value) || strings.TrimSpace(qf.value.Value) == "" {
			v.add(file, qf.line, "quote must be a non-empty string")
			ok = false
		} else {
			p.Quote = qf.value.Value
		}
		if !ok {
			continue
		}
		k := [2]string{p.Source, p.Quote}
		if first, dup := seen[k]; dup {
			v.add(file, item.Line, "duplicate provenance entry (same source and quote as at line %d)", first)
			continue
		}
		seen[k] = item.Line
		out = append(out, p)
	}
	return out
}

// relation checks a relation entry; it returns nil when the relation cannot be identified.
func (v *validator) relation(e *entry) *Relation {
	file := e.pos.File
	r := &Relation{RelationInput: store.RelationInput{Props: map[string]any{}}, Pos: e.pos}
	identified := true
	tf, ok := e.get(keyType)
	switch {
	case !ok:
		v.add(file, e.pos.Line, "missing type (a relationship type such as MEMBER_OF)")
		identified = false
	case tf.value.Kind != yaml.ScalarNode || !relationTypes()[tf.value.Value]:
		v.add(file, tf.line, "unknown relation type %q (want one of %s)", tf.value.Value, strings.Join(slices.Sorted(maps.Keys(relationTypes())), ", "))
		identified = false
	default:
		r.Type = tf.value.Value
	}
	ends := [2]*string{&r.From, &r.To}
	types := [2]*string{&r.FromType, &r.ToType}
	for i, key := range []string{keyFrom, keyTo} {
		f, ok := e.get(key)
		if !ok {
			v.add(file, e.pos.Line, "missing %s (a node id)", key)
			identified = false
			continue
		}
		id := v.idValue(file, f, key)
		if id == "" {
			identified = false
			continue
		}
		*ends[i] = id
		def, exists := v.ids[id]
		if !exists {
			v.add(file, f.value.Line, "%s: unknown id %q", key, id)
			continue
		}
		*types[i] = def.typ
	}
	if kf, ok := e.get(keyKey); ok {
		r.Key = v.idValue(file, kf, "key")
	}
	if !identified {
		return nil
	}
	if r.From == r.To {
		v.add(file, e.pos.Line, "relation %s from %q to itself", r.Type, r.From)
	}
	var decl *store.Relation
	if r.FromType != "" && r.ToType != "" {
		if d, ok := store.RelationBetween(r.FromType, r.Type, r.ToType); ok {
			decl = &d
			r.PropertiesType = d.Properties
		} else {
			v.add(file, tf.line, "relation %s is not declared from %s to %s in the schema (declared: %s)",
				r.Type, r.FromType, r.ToType, strings.Join(declaredPairs(r.Type), ", "))
		}
	}
	var provField *field
	var properties []store.Property
	if decl != nil {
		properties = store.RelationshipProperties[decl.Properties]
	}
	for i := range e.fields {
		f := &e.fields[i]
		switch f.key {
		case keyType, keyFrom, keyTo, keyKey:
			continue
		case keyProvenance:
			provField = f
			continue
		case "sources", "quotes", "locators", "evidence", keyID:
			if f.key == keyID {
				v.add(file, f.line, "relations have no id: it is derived from from, type, to and key")
			} else {
				v.add(file, f.line, "%s is derived from provenance: do not write it by hand", f.key)
			}
			continue
		}
		if decl == nil {
			continue // undeclared relation: its properties cannot be checked
		}
		p, ok := store.PropertyNamed(properties, f.key)
		if !ok {
			v.add(file, f.line, "unknown property %q for relation %s (properties type %s)", f.key, r.Type, decl.Properties)
			continue
		}
		v.property(file, f, p, r.Props)
	}
	if decl != nil {
		v.required(e, properties, r.Props)
	}
	r.Provenance = v.provenance(e, provField)
	return r
}

// nodeTypeNames lists the node types a nodes: entry may have (all but Source).
func nodeTypeNames() []string {
	return slices.DeleteFunc(slices.Sorted(maps.Keys(store.NodeTypes)), func(name string) bool { return name == "Source" })
}

func relationTypes() map[string]bool {
	out := map[string]bool{}
	for _, t := range store.NodeTypes {
		for _, r := range t.Relations {
			out[r.Type] = true
		}
	}
	return out
}

// declaredPairs lists the (from type, to type) pairs a relationship type is declared between.
func declaredPairs(relType string) []string {
	set := map[string]bool{}
	for _, t := range store.NodeTypes {
		for _, r := range t.Relations {
			if r.Type != relType {
				continue
			}
			if r.Direction == store.OUT {
				set[t.Name+"→"+r.Target] = true
			} else {
				set[r.Target+"→"+t.Name] = true
			}
		}
	}
	return slices.Sorted(maps.Keys(set))
}
