package main

import (
	"encoding/json"
	"fmt"
	"maps"
	"math/rand/v2"
	"slices"
	"sort"
	"strings"
)

// A generated query is a tree of selections whose arguments are plain Go values (maps,
// slices, strings, numbers, enumValue, varRef), printed as a GraphQL document. The tree,
// not the text, is what the shrinker (fuzz.go) cuts down, and what tells which lists the
// query totally orders (orderedPaths).

type sel struct {
	Name     string
	Alias    string // the response key when set
	Args     map[string]any
	Children []*sel
	On       string // the node type of the children (for a fragment)
	Frag     int    // the children spread from an inline (fragInline) or a named fragment (fragNamed)
	Dir      string // "include" or "skip": the field carries @include(if: If) or @skip(if: If)
	If       any    // bool or *varRef
}

const (
	fragInline = 1
	fragNamed  = 2
)

// key is the selection's response key.
func (s *sel) key() string {
	if s.Alias != "" {
		return s.Alias
	}
	return s.Name
}

// enumValue prints bare; varRef prints as $name and is declared with its type.
type enumValue string

type varRef struct {
	Name  string
	Type  string
	Value any
}

// fuzzQuery is one generated query.
type fuzzQuery struct {
	Seed  uint64
	Roots []*sel
	// PagePath: a connection asked again after its first page, with each system's own
	// cursor (the variable $after): the response keys of the path to it, the first
	// element of a list on the way (a root connection, or a connection below the one
	// node a root list keeps).
	PagePath []string
	// PageFrom: the cursor the next page starts after: 0 the page's endCursor (while
	// hasNextPage), k > 0 the cursor of its k-th edge. Pages: how many are asked (2 or 3).
	PageFrom, Pages int
}

// fuzzSamples holds, per owner ("Project", or "edge" for relationship properties) and
// property, distinct values found in the graph, sorted: filters draw from them so that
// they match something.
type fuzzSamples map[string]map[string][]any

type fuzzGen struct {
	s        *schemaModel
	r        *rand.Rand
	samples  fuzzSamples
	nvars    int
	naliases int
	rels     int             // relationship fields still allowed in the selection
	avoid    map[string]bool // filter keys not to generate (-fuzz-avoid): AND, OR, NOT, some, all, none, single
}

// generate builds the query of a seed: the same schema, samples, bounds and seed give
// the same query, within the bounds (fuzz_limits.go).
func generate(s *schemaModel, samples fuzzSamples, seed uint64, avoid map[string]bool, bounds fuzzBounds) *fuzzQuery {
	g := &fuzzGen{s: s, r: rand.New(rand.NewPCG(seed, 0x6d696e6572616c)), samples: samples, rels: 4, avoid: avoid}
	q := &fuzzQuery{Seed: seed}
	roots := g.rootFields()
	first := roots[g.r.IntN(len(roots))]
	if !g.chance(0.15) || !g.nestedPage(q, roots, bounds.maxDepth) {
		q.Roots = append(q.Roots, g.field(first, 0, true, bounds.maxDepth))
		if isConnection(s, first.Type.named()) && g.chance(0.3) {
			root := q.Roots[0]
			g.paged(q, root)
			q.PagePath = []string{root.key()}
		} else if g.chance(0.15) {
			other := roots[g.r.IntN(len(roots))]
			second := g.field(other, 0, true, bounds.maxDepth)
			if other.Name == first.Name || g.chance(0.2) {
				second.Alias = g.alias()
			}
			q.Roots = append(q.Roots, second)
		}
		if g.chance(0.1) {
			q.Roots[0].Alias = g.alias()
		}
	}
	bounds.fit(s, q)
	return q
}

// paged makes a connection selection the one asked again after its first page (a third
// now and then), from its endCursor or, when it selects edges, now and then from the
// cursor of one of them.
func (g *fuzzGen) paged(q *fuzzQuery, conn *sel) {
	conn.Args["after"] = &varRef{Name: "after", Type: "String"}
	conn.Children = appendChild(conn.Children, &sel{Name: "pageInfo", Children: []*sel{{Name: "endCursor"}, {Name: "hasNextPage"}}})
	q.Pages = 2
	if g.chance(0.3) {
		q.Pages = 3
	}
	for _, c := range conn.Children {
		if c.Name == "edges" && g.chance(0.3) {
			c.Children = appendChild(c.Children, &sel{Name: "cursor"})
			q.PageFrom = 1 + g.pick(3)
		}
	}
}

// nestedPage builds a root list kept to one node by its id, selecting a relationship
// connection that is asked again after its first page with its own endCursor. One node:
// a cursor is a position in the connection of the node it came from, and under another
// node the two systems page differently (this API from that position in the sort order,
// the library from the same offset).
func (g *fuzzGen) nestedPage(q *fuzzQuery, roots []*schemaField, room int) bool {
	for _, i := range g.r.Perm(len(roots)) {
		f := roots[i]
		nodeType := f.Type.named()
		ids := g.samples[nodeType]["id"]
		if !isNodeType(g.s, nodeType) || !hasArg(f, "where") || !hasArg(f, "limit") || len(ids) == 0 {
			continue
		}
		var conns []*schemaField
		for j, c := range g.s.Types[nodeType].Fields {
			if isConnection(g.s, c.Type.named()) && hasArg(&c, "after") && hasArg(&c, "first") {
				conns = append(conns, &g.s.Types[nodeType].Fields[j])
			}
		}
		if len(conns) == 0 {
			continue
		}
		conn := g.field(conns[g.pick(len(conns))], 1, false, room-1)
		g.paged(q, conn)
		root := &sel{Name: f.Name, Args: map[string]any{
			"where": map[string]any{"id": map[string]any{"eq": g.scalar(nodeType, "id", "eq", "ID")}},
			"limit": 1, "sort": []any{map[string]any{"id": enumValue("ASC")}},
		}, Children: []*sel{{Name: "id"}, conn}}
		q.Roots = []*sel{root}
		q.PagePath = []string{root.key(), conn.key()}
		return true
	}
	return false
}

func (g *fuzzGen) alias() string {
	g.naliases++
	return fmt.Sprintf("a%d", g.naliases)
}

func appendChild(children []*sel, c *sel) []*sel {
	for i, x := range children {
		if x.key() == c.key() {
			children[i] = c
			return children
		}
	}
	return append(children, c)
}

func (g *fuzzGen) chance(p float64) bool { return g.r.Float64() < p }

func (g *fuzzGen) pick(n int) int { return g.r.IntN(n) }

// rootFields are the query's lists and connections of node types (both systems have them).
func (g *fuzzGen) rootFields() []*schemaField {
	var out []*schemaField
	q := g.s.Types[g.s.Query]
	for i := range q.Fields {
		f := &q.Fields[i]
		if isNodeType(g.s, f.Type.named()) && f.Type.isList() || isConnection(g.s, f.Type.named()) {
			out = append(out, f)
		}
	}
	return out
}

// isNodeType: an object with an id whose list fields filter with `where`.
func isNodeType(s *schemaModel, name string) bool {
	t := s.Types[name]
	return t != nil && t.Kind == "OBJECT" && s.field(name, "id") != nil && s.input(name+"Where", "id") != nil
}

func isConnection(s *schemaModel, name string) bool {
	return strings.HasSuffix(name, "Connection") && s.field(name, "edges") != nil
}

func isLeaf(s *schemaModel, name string) bool {
	t := s.Types[name]
	return t != nil && (t.Kind == "SCALAR" || t.Kind == "ENUM")
}

// field selects a list or a connection of node type with arguments, nesting at most
// room levels (itself included, at least 2).
func (g *fuzzGen) field(f *schemaField, depth int, root bool, room int) *sel {
	out := &sel{Name: f.Name, Args: map[string]any{}}
	named := f.Type.named()
	if isConnection(g.s, named) {
		g.connection(f, out, depth, room)
		return out
	}
	nodeType := named
	limited := false
	if hasArg(f, "where") && g.chance(map[bool]float64{true: 0.85, false: 0.4}[root]) {
		if w := g.where(nodeType+"Where", 0); len(w) > 0 || g.chance(0.1) {
			out.Args["where"] = g.maybeVariable(w, findInput(f.Args, "where"))
		}
	}
	// This API answers at most 1000 nodes per list: a root list always has a limit.
	if hasArg(f, "limit") && (root || g.chance(0.5)) {
		out.Args["limit"] = g.intValue(1 + g.pick(12))
		limited = true
	}
	if hasArg(f, "offset") && g.chance(0.2) {
		offset := g.pick(5)
		if g.chance(0.15) {
			offset = []int{50, 1000, 100000}[g.pick(3)] // beyond the end
		}
		out.Args["offset"] = g.intValue(offset)
		limited = true
	}
	if hasArg(f, "sort") && (limited || g.chance(0.6)) {
		if s := g.sort(nodeType+"Sort", limited || g.chance(0.5), false); s != nil {
			out.Args["sort"] = g.maybeVariable(s, findInput(f.Args, "sort"))
		}
	}
	out.Children = g.nodeSelection(nodeType, depth, room-1)
	g.maybeFragment(out, nodeType)
	return out
}

// maybeVariable passes a where or sort object now and then as a variable of the
// argument's type (the scalars inside it as plain values: a variable holds no variable).
func (g *fuzzGen) maybeVariable(v any, arg *schemaInput) any {
	if arg == nil || !g.chance(0.25) {
		return v
	}
	g.nvars++
	return &varRef{Name: fmt.Sprintf("w%d", g.nvars), Type: printType(arg.Type), Value: inline(v)}
}

// inline is v as JSON carries it: variables replaced by their values, enums by names.
func inline(v any) any {
	switch x := v.(type) {
	case *varRef:
		return x.Value
	case enumValue:
		return string(x)
	case map[string]any:
		m := make(map[string]any, len(x))
		for k, e := range x {
			m[k] = inline(e)
		}
		return m
	case []any:
		l := make([]any, len(x))
		for i, e := range x {
			l[i] = inline(e)
		}
		return l
	}
	return v
}

// maybeFragment spreads the children of a node selection now and then from an inline or
// a named fragment on its type.
func (g *fuzzGen) maybeFragment(s *sel, nodeType string) {
	s.On = nodeType
	switch r := g.r.Float64(); {
	case r < 0.1:
		s.Frag = fragInline
	case r < 0.18:
		s.Frag = fragNamed
	}
}

func hasArg(f *schemaField, name string) bool { return findInput(f.Args, name) != nil }

func (g *fuzzGen) intValue(n int) any {
	if g.chance(0.3) {
		g.nvars++
		return &varRef{Name: fmt.Sprintf("v%d", g.nvars), Type: "Int", Value: n}
	}
	return n
}

// connection fills a connection field: first (always: the page must be determined, and
// the two systems' default page sizes differ), where, sort (total), and a selection of
// totalCount, pageInfo, edges and aggregate, those that fit in room levels (the
// connection's own included, at least 2: totalCount).
func (g *fuzzGen) connection(f *schemaField, out *sel, depth int, room int) {
	conn := f.Type.named()
	edgeType := g.s.field(conn, "edges").Type.named()
	nodeType := g.s.field(edgeType, "node").Type.named()
	whereType := findInput(f.Args, "where")
	if whereType != nil && g.chance(0.7) {
		if w := g.where(whereType.Type.named(), 0); len(w) > 0 || g.chance(0.1) {
			out.Args["where"] = g.maybeVariable(w, whereType)
		}
	}
	if hasArg(f, "first") {
		out.Args["first"] = g.intValue(1 + g.pick(10))
	}
	if s := findInput(f.Args, "sort"); s != nil {
		out.Args["sort"] = g.maybeVariable(g.sort(s.Type.named(), true, nodeType != "" && s.Type.named() != nodeType+"Sort"), s)
	}
	var children []*sel
	if g.chance(0.6) {
		children = append(children, &sel{Name: "totalCount"})
	}
	if g.chance(0.3) && room >= 3 {
		children = append(children, &sel{Name: "pageInfo", Children: g.leaves("PageInfo", 4)})
	}
	if a := g.s.field(conn, "aggregate"); a != nil && room >= 4 && g.chance(0.25) {
		if agg := g.generic(a.Type.named(), 0, room-2); len(agg) > 0 {
			children = append(children, &sel{Name: "aggregate", Children: agg})
		}
	}
	if room >= 4 && (g.chance(0.85) || len(children) == 0) {
		edge := &sel{Name: "edges"}
		if g.s.field(edgeType, "properties") != nil && g.chance(0.5) {
			edge.Children = append(edge.Children, &sel{Name: "properties", Children: g.leaves(g.s.field(edgeType, "properties").Type.named(), 3)})
		}
		node := &sel{Name: "node", Children: g.nodeSelection(nodeType, depth, room-3)}
		g.maybeFragment(node, nodeType)
		edge.Children = append(edge.Children, node)
		if g.chance(0.2) {
			edge.Children = append(edge.Children, &sel{Name: "cursor"})
		}
		children = append(children, edge)
	}
	if len(children) == 0 {
		children = append(children, &sel{Name: "totalCount"})
	}
	out.Children = children
	if slices.ContainsFunc(children, func(c *sel) bool { return c.Name == "aggregate" }) {
		if w, ok := out.Args["where"]; ok {
			oneSidedLogic(w)
			withoutEmptyNodes(w, false)
		}
	}
}

// oneSidedLogic removes the edge conditions of an AND, OR or NOT of a connection where
// that holds node conditions too: below an aggregate, the library takes such an operator's
// node and edge conditions apart (`OR: [{edge: A}, {node: B}]` as B AND A, `NOT: {edge: A,
// node: B}` as NOT B AND NOT A: a known difference, README, Querying).
func oneSidedLogic(w any) {
	if r, ok := w.(*varRef); ok {
		w = r.Value
	}
	m, _ := w.(map[string]any)
	for _, k := range []string{"AND", "OR", "NOT"} {
		if m[k] != nil && holds(m[k], "node") && holds(m[k], "edge") {
			withoutKey(m[k], "edge")
		}
	}
}

// holds says whether a where value has the key at any depth.
func holds(v any, key string) bool {
	switch x := v.(type) {
	case map[string]any:
		if _, ok := x[key]; ok {
			return true
		}
		for _, e := range x {
			if holds(e, key) {
				return true
			}
		}
	case []any:
		return slices.ContainsFunc(x, func(e any) bool { return holds(e, key) })
	}
	return false
}

// withoutKey deletes the key at any depth.
func withoutKey(v any, key string) {
	switch x := v.(type) {
	case map[string]any:
		delete(x, key)
		for _, e := range x {
			withoutKey(e, key)
		}
	case []any:
		for _, e := range x {
			withoutKey(e, key)
		}
	}
}

// withoutEmptyNodes removes `node: {}` from the AND, OR and NOT operands of a connection
// where: the library fails on it below an aggregate (a known difference, README, Querying).
func withoutEmptyNodes(w any, operand bool) {
	if r, ok := w.(*varRef); ok {
		w = r.Value
	}
	m, _ := w.(map[string]any)
	if m == nil {
		return
	}
	if n, ok := m["node"].(map[string]any); ok && operand && len(n) == 0 {
		delete(m, "node")
	}
	withoutEmptyNodes(m["NOT"], true)
	for _, k := range []string{"AND", "OR"} {
		list, _ := m[k].([]any)
		for _, x := range list {
			withoutEmptyNodes(x, true)
		}
	}
}

// leaves picks up to n leaf fields of an object type (at least one).
func (g *fuzzGen) leaves(typeName string, n int) []*sel {
	var names []string
	for _, f := range g.s.Types[typeName].Fields {
		if isLeaf(g.s, f.Type.named()) && len(f.Args) == 0 {
			names = append(names, f.Name)
		}
	}
	k := 1 + g.pick(min(n, len(names)))
	var out []*sel
	for _, i := range g.r.Perm(len(names))[:k] {
		out = append(out, &sel{Name: names[i]})
	}
	sortSels(out)
	return out
}

// generic selects some fields of an object that is neither a node nor a connection (an
// aggregate), recursively, in at most room levels.
func (g *fuzzGen) generic(typeName string, depth, room int) []*sel {
	var out []*sel
	for _, f := range g.s.Types[typeName].Fields {
		if len(f.Args) > 0 || !g.chance(0.5) {
			continue
		}
		named := f.Type.named()
		if isLeaf(g.s, named) {
			out = append(out, &sel{Name: f.Name})
		} else if depth < 3 && room >= 2 && !isNodeType(g.s, named) && !isConnection(g.s, named) {
			if c := g.generic(named, depth+1, room-1); len(c) > 0 {
				out = append(out, &sel{Name: f.Name, Children: c})
			}
		}
	}
	return out
}

func sortSels(s []*sel) {
	sort.Slice(s, func(i, j int) bool { return s[i].Name < s[j].Name })
}

// nodeSelection: id, some leaves, and below depth 3 some relationship lists and
// connections while the query's budget lasts, in room levels (at least 1).
func (g *fuzzGen) nodeSelection(nodeType string, depth, room int) []*sel {
	out := []*sel{{Name: "id"}}
	var leaves, rels []*schemaField
	for i, f := range g.s.Types[nodeType].Fields {
		named := f.Type.named()
		switch {
		case f.Name == "id":
		case isLeaf(g.s, named) && len(f.Args) == 0:
			leaves = append(leaves, &g.s.Types[nodeType].Fields[i])
		case isNodeType(g.s, named) && f.Type.isList() || isConnection(g.s, named):
			rels = append(rels, &g.s.Types[nodeType].Fields[i])
		}
	}
	for _, i := range g.r.Perm(len(leaves))[:min(len(leaves), g.pick(4))] {
		leaf := &sel{Name: leaves[i].Name}
		if g.chance(0.08) {
			leaf.Alias = g.alias()
		}
		out = append(out, leaf)
	}
	if depth < 3 && len(rels) > 0 && room >= 2 {
		for n := g.pick(3); n > 0 && g.rels > 0; n-- {
			f := rels[g.pick(len(rels))]
			s := g.field(f, depth+1, false, room)
			if slices.ContainsFunc(out, func(x *sel) bool { return x.key() == f.Name }) {
				if !g.chance(0.5) {
					continue
				}
				s.Alias = g.alias() // the same field again, other arguments
			}
			g.rels--
			out = append(out, s)
		}
	}
	for _, s := range out[1:] {
		if g.chance(0.08) {
			g.directive(s)
		}
	}
	if g.chance(0.05) {
		out = append(out, &sel{Name: "__typename"}) // a node type's name is the same in both
	}
	return out
}

// directive puts @include or @skip on a selection, its condition inline or a variable.
func (g *fuzzGen) directive(s *sel) {
	s.Dir = []string{"include", "skip"}[g.pick(2)]
	s.If = g.chance(0.5)
	if g.chance(0.5) {
		g.nvars++
		s.If = &varRef{Name: fmt.Sprintf("b%d", g.nvars), Type: "Boolean!", Value: s.If}
	}
}

// sort builds a sort list of a `<Type>Sort` or connection sort input: one or two keys,
// ended by the id (the node's id in a connection) when total.
func (g *fuzzGen) sort(typeName string, total, connection bool) []any {
	var out []any
	for n := g.pick(3); n > 0; n-- {
		if connection {
			side := "node"
			if g.s.input(typeName, "edge") != nil && g.chance(0.5) {
				side = "edge"
			}
			if e := g.sortEntry(g.s.input(typeName, side).Type.named()); e != nil {
				out = append(out, map[string]any{side: e})
			}
		} else if e := g.sortEntry(typeName); e != nil {
			out = append(out, e)
		}
	}
	if len(out) >= 2 && g.chance(0.3) {
		out = append([]any{mergeEntries(out[0].(map[string]any), out[1].(map[string]any))}, out[2:]...)
	}
	if g.chance(0.05) {
		i := g.pick(len(out) + 1)
		out = append(out[:i:i], append([]any{map[string]any{}}, out[i:]...)...)
	}
	if total {
		id := map[string]any{"id": enumValue(g.direction())}
		if connection {
			out = append(out, map[string]any{"node": id})
		} else {
			out = append(out, id)
		}
	}
	if len(out) == 0 {
		return nil
	}
	return out
}

// mergeEntries is one sort entry of the fields of a and b (their node and edge parts
// merged in a connection sort); a key of both keeps a's direction.
func mergeEntries(a, b map[string]any) map[string]any {
	out := map[string]any{}
	for _, e := range []map[string]any{b, a} {
		for k, v := range e {
			if inner, ok := v.(map[string]any); ok {
				if prev, ok := out[k].(map[string]any); ok {
					v = mergeEntries(inner, prev)
				}
			}
			out[k] = v
		}
	}
	return out
}

func (g *fuzzGen) direction() string { return []string{"ASC", "DESC"}[g.pick(2)] }

func (g *fuzzGen) sortEntry(typeName string) map[string]any {
	t := g.s.Types[typeName]
	if t == nil || len(t.InputFields) == 0 {
		return nil
	}
	f := t.InputFields[g.pick(len(t.InputFields))]
	if f.Name == "id" {
		return nil
	}
	return map[string]any{f.Name: enumValue(g.direction())}
}

// owner names whose samples a where type's properties draw from: the node type of
// `<Type>Where`, "edge" for the properties of relationships.
func (g *fuzzGen) owner(whereType string) string {
	if t, ok := strings.CutSuffix(whereType, "Where"); ok && isNodeType(g.s, t) {
		return t
	}
	return "edge"
}

// where builds a filter object of an input type: property operators, relationship
// quantifiers, connection filters (node and edge), AND/OR/NOT, null checks, and now and
// then an empty object (no filter, in both systems).
func (g *fuzzGen) where(typeName string, depth int) map[string]any {
	t := g.s.Types[typeName]
	out := map[string]any{}
	if t == nil || len(t.InputFields) == 0 || g.chance(0.06) {
		return out
	}
	keys := 1 + g.pick(2)
	if depth > 0 {
		keys = 1
	}
	if g.s.input(typeName, "node") != nil && g.s.input(typeName, "edge") != nil && g.chance(0.4) {
		// A connection where of both the node and the relationship.
		for _, f := range []string{"node", "edge"} {
			if v, ok := g.whereValue(typeName, *g.s.input(typeName, f), depth); ok {
				out[f] = v
			}
		}
		keys = len(out)
	}
	for tries := 0; len(out) < keys && tries < 10; tries++ {
		f := t.InputFields[g.pick(len(t.InputFields))]
		if _, dup := out[f.Name]; dup || g.avoid[f.Name] {
			continue
		}
		if v, ok := g.whereValue(typeName, f, depth); ok {
			out[f.Name] = v
		}
	}
	return out
}

func (g *fuzzGen) whereValue(owner string, f schemaInput, depth int) (any, bool) {
	named := f.Type.named()
	it := g.s.Types[named]
	switch {
	case f.Name == "AND" || f.Name == "OR":
		if depth >= 2 {
			return nil, false
		}
		list := []any{}
		for n := map[bool]int{false: 1 + g.pick(3)}[g.chance(0.06)]; n > 0; n-- {
			w := g.where(named, depth+1)
			if f.Name == "OR" && g.s.input(named, "node") != nil {
				w = firstKey(w) // a known difference: the library's OR takes a connection operand's keys as alternatives
			}
			list = append(list, w)
		}
		return list, true
	case f.Name == "NOT":
		if depth >= 2 {
			return nil, false
		}
		return g.where(named, depth+1), true
	case f.Name == "node" || f.Name == "edge": // a connection where
		return g.where(named, depth+1), true
	case it == nil || it.Kind != "INPUT_OBJECT":
		return nil, false
	case g.s.input(named, "some") != nil: // a relationship or connection quantifier
		if depth >= 2 {
			return nil, false
		}
		q := []string{"some", "all", "none", "single"}[g.pick(4)]
		if g.avoid[q] {
			return nil, false
		}
		if g.chance(0.05) {
			return map[string]any{q: nil}, true // some: null asks for a related node (none: null for none)
		}
		return map[string]any{q: g.where(g.s.input(named, q).Type.named(), depth+1)}, true
	default: // the operators of a property
		return g.operators(g.owner(owner), f.Name, it)
	}
}

// firstKey is w with its first key alone (w if it has at most one).
func firstKey(w map[string]any) map[string]any {
	if len(w) <= 1 {
		return w
	}
	k := slices.Min(slices.Collect(maps.Keys(w)))
	return map[string]any{k: w[k]}
}

// operators picks one operator of a property filter (two now and then) and its value.
func (g *fuzzGen) operators(owner, prop string, t *schemaType) (any, bool) {
	out := map[string]any{}
	if g.chance(0.03) {
		return out, true // {}: no filter
	}
	for n := 1 + map[bool]int{true: 1}[g.chance(0.15)]; n > 0; n-- {
		op := t.InputFields[g.pick(len(t.InputFields))]
		out[op.Name] = g.operand(owner, prop, op)
	}
	return out, true
}

func (g *fuzzGen) operand(owner, prop string, op schemaInput) any {
	named := op.Type.named()
	var v any
	switch et := g.s.Types[named]; {
	case et != nil && et.Kind == "ENUM":
		v = enumValue(et.EnumValues[g.pick(len(et.EnumValues))].Name)
		if op.Type.isList() {
			list := []any{v}
			for n := g.pick(3); n > 0; n-- {
				list = append(list, enumValue(et.EnumValues[g.pick(len(et.EnumValues))].Name))
			}
			v = list
		}
	case named == "Boolean":
		v = g.chance(0.5)
	default:
		v = g.scalar(owner, prop, op.Name, named)
		if op.Type.isList() {
			list := []any{v}
			for n := g.pick(3); n > 0; n-- {
				list = append(list, g.scalar(owner, prop, "eq", named))
			}
			v = list
		}
	}
	if op.Name == "eq" && !op.Type.isList() && g.chance(0.1) {
		v = nil // the null check
	}
	if op.Name == "in" && g.chance(0.05) {
		v = []any{} // in nothing
	}
	if v != nil && g.chance(0.3) {
		g.nvars++
		return &varRef{Name: fmt.Sprintf("v%d", g.nvars), Type: printType(op.Type), Value: inline(v)}
	}
	return v
}

// scalar draws a value of a property from the graph's samples, shaped for the operator
// (a prefix for startsWith, a part for contains…); a made-up one when there are none.
func (g *fuzzGen) scalar(owner, prop, op, typeName string) any {
	vals := g.samples[owner][prop]
	var v any
	if len(vals) > 0 && g.chance(0.9) {
		v = vals[g.pick(len(vals))]
	} else {
		v = map[string]any{"Int": 2020, "Float": 0.5, "PartialDate": []string{"2020", "2019-06", "2024-06-14"}[g.pick(3)]}[typeName]
		if v == nil {
			v = []string{"2020", "zz", "MSP", "2019-06"}[g.pick(4)]
		}
	}
	switch x := v.(type) {
	case string:
		r := []rune(x)
		n := 1 + g.pick(min(4, max(1, len(r))))
		n = min(n, len(r))
		switch op {
		case "startsWith":
			return string(r[:n])
		case "endsWith":
			return string(r[len(r)-n:])
		case "contains":
			i := g.pick(len(r) - n + 1)
			return string(r[i : i+n])
		}
		return x
	case float64:
		if typeName == "Int" {
			return int(x)
		}
		if typeName == "String" || typeName == "ID" || typeName == "PartialDate" {
			return fmt.Sprint(x)
		}
		return x
	case int:
		return x
	case int64:
		if typeName == "Float" {
			return float64(x)
		}
		if typeName == "String" || typeName == "ID" || typeName == "PartialDate" {
			return fmt.Sprint(x)
		}
		return int(x)
	case bool:
		return x
	}
	return fmt.Sprint(v)
}

func printType(t *typeRef) string {
	switch t.Kind {
	case "NON_NULL":
		return printType(t.OfType) + "!"
	case "LIST":
		return "[" + printType(t.OfType) + "]"
	}
	return t.Name
}

// document prints the query and its variables; cursor is the value of $after (when paged).
func (q *fuzzQuery) document(cursor any) (string, map[string]any) {
	vars := map[string]any{}
	var defs []string
	seen := map[string]bool{}
	var value func(b *strings.Builder, v any)
	value = func(b *strings.Builder, v any) {
		switch x := v.(type) {
		case *varRef:
			b.WriteString("$" + x.Name)
			if !seen[x.Name] {
				seen[x.Name] = true
				defs = append(defs, "$"+x.Name+": "+x.Type)
				vars[x.Name] = x.Value
				if x.Name == "after" {
					vars[x.Name] = cursor
				}
			}
		case enumValue:
			b.WriteString(string(x))
		case map[string]any:
			b.WriteString("{")
			for i, k := range sortedKeys(x) {
				if i > 0 {
					b.WriteString(", ")
				}
				b.WriteString(k + ": ")
				value(b, x[k])
			}
			b.WriteString("}")
		case []any:
			b.WriteString("[")
			for i, e := range x {
				if i > 0 {
					b.WriteString(", ")
				}
				value(b, e)
			}
			b.WriteString("]")
		default:
			j, _ := json.Marshal(x)
			b.Write(j)
		}
	}
	var fragments strings.Builder
	nfrag := 0
	var selection func(b *strings.Builder, s *sel, indent string)
	children := func(b *strings.Builder, cs []*sel, indent string) {
		for _, c := range cs {
			selection(b, c, indent)
		}
	}
	selection = func(b *strings.Builder, s *sel, indent string) {
		b.WriteString(indent)
		if s.Alias != "" {
			b.WriteString(s.Alias + ": ")
		}
		b.WriteString(s.Name)
		if len(s.Args) > 0 {
			b.WriteString("(")
			for i, k := range sortedKeys(s.Args) {
				if i > 0 {
					b.WriteString(", ")
				}
				b.WriteString(k + ": ")
				value(b, s.Args[k])
			}
			b.WriteString(")")
		}
		if s.Dir != "" {
			b.WriteString(" @" + s.Dir + "(if: ")
			value(b, s.If)
			b.WriteString(")")
		}
		if len(s.Children) > 0 {
			b.WriteString(" {\n")
			switch s.Frag {
			case fragInline:
				b.WriteString(indent + "  ... on " + s.On + " {\n")
				children(b, s.Children, indent+"    ")
				b.WriteString(indent + "  }\n")
			case fragNamed:
				nfrag++
				name := fmt.Sprintf("F%d", nfrag)
				b.WriteString(indent + "  ..." + name + "\n")
				var f strings.Builder
				f.WriteString("fragment " + name + " on " + s.On + " {\n")
				children(&f, s.Children, "  ")
				f.WriteString("}\n")
				fragments.WriteString(f.String())
			default:
				children(b, s.Children, indent+"  ")
			}
			b.WriteString(indent + "}")
		}
		b.WriteString("\n")
	}
	var b strings.Builder
	children(&b, q.Roots, "  ")
	head := "query Fuzz"
	if len(defs) > 0 {
		head += "(" + strings.Join(defs, ", ") + ")"
	}
	return head + " {\n" + b.String() + "}\n" + fragments.String(), vars
}

// orderedPaths are the response paths (keys joined by ".") of the lists whose order the
// query makes total: a sort ending on the id. determined is false when a list is cut
// (limit, offset, first) without a total order: which nodes it holds is then up to each
// system, and the answers cannot be compared.
func (q *fuzzQuery) orderedPaths() (ordered map[string]bool, determined bool) {
	ordered, determined = map[string]bool{}, true
	var walk func(s *sel, path string)
	walk = func(s *sel, path string) {
		p := path + s.key()
		if s.Args != nil {
			total := totalSort(s.Args["sort"])
			_, conn := s.Args["first"]
			target := p
			if conn || strings.HasSuffix(s.Name, "Connection") {
				target = p + ".edges"
			}
			ordered[target] = total
			_, lim := s.Args["limit"]
			_, off := s.Args["offset"]
			if (lim || off || conn) && !total {
				determined = false
			}
		}
		for _, c := range s.Children {
			walk(c, p+".")
		}
	}
	for _, r := range q.Roots {
		walk(r, "")
	}
	return ordered, determined
}

// totalSort: the sort list ends on the id (of the node, in a connection).
func totalSort(v any) bool {
	if r, ok := v.(*varRef); ok {
		v = r.Value
	}
	list, _ := v.([]any)
	if len(list) == 0 {
		return false
	}
	last, _ := list[len(list)-1].(map[string]any)
	if n, ok := last["node"].(map[string]any); ok {
		last = n
	}
	_, ok := last["id"]
	return ok && len(last) == 1
}
