package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"regexp"
	"sort"
	"strings"
	"time"

	"github.com/mineralgraph/mineralgraph/graph/apperr"
	"github.com/mineralgraph/mineralgraph/graph/store"
	"github.com/neo4j/neo4j-go-driver/v5/neo4j"
)

// Differential fuzzing (-fuzz N -fuzz-seed S): N random read queries, seeds S … S+N-1,
// generated from the schema both GraphQL systems serve (fuzz_schema.go, fuzz_gen.go),
// each asked of this API and of the Neo4j GraphQL Library on the same graph, the answers
// compared after normalising what legitimately differs:
//   - the order of a list the query does not totally order (no sort ending on the id):
//     the library leaves it to Neo4j, this API orders ties by id;
//   - cursors, whose format is each system's own (a paged query follows each system's
//     own endCursor);
//   - numbers, to 9 significant digits (averages and sums add in another order);
//   - an aggregate's shortest and longest strings, by their length (of several as short,
//     either is right);
//   - this API refusing a query by its documented limits (limitCodes): counted, not a
//     mismatch.
// Every other difference, and an error on one side only, is a mismatch: the query is
// shrunk (parts removed while the mismatch stays) and reported with its seed.

// limitCodes are the codes of this API's documented request limits.
var limitCodes = map[string]bool{
	string(apperr.QueryTooDeep): true, string(apperr.QueryTooComplex): true,
	string(apperr.SelectionTooLarge): true, string(apperr.TooManyRootFields): true,
}

type fuzzOutcome struct {
	Kind   string // equal, both-errors, ours-limit, timeout, mismatch
	Class  string // for a mismatch: what differs, for grouping
	Detail string
}

type fuzzClass struct {
	Class, Detail, Document string
	Vars                    map[string]any
	Seeds                   []uint64
}

func runFuzz(ctx context.Context, o options, ours, lib *graphqlSystem, driver neo4j.DriverWithContext) error {
	if ours == nil || lib == nil {
		return fmt.Errorf("-fuzz needs both this API and the library (is bench/neo4j-graphql/node_modules there? -npm-ci)")
	}
	sa, err := introspect(ctx, ours.client, ours.url)
	if err != nil {
		return err
	}
	sb, err := introspect(ctx, lib.client, lib.url)
	if err != nil {
		return err
	}
	schema, oursOnly := intersect(sa, sb)
	_, libOnly := intersect(sb, sa)
	logf("fuzz: left out, as in one system only: %d schema elements of this API, %d of the library", len(oursOnly), len(libOnly))
	samples, err := fuzzSampleGraph(ctx, driver, schema)
	if err != nil {
		return err
	}
	stats, err := store.New(driver, "neo4j").ReadStats(ctx)
	if err != nil {
		return err
	}
	bounds := serverBounds(stats)
	logf("fuzz: queries generated within this API's limits: depth %d, estimated cost %.0f", bounds.maxDepth, bounds.maxCost)
	avoid := map[string]bool{}
	for _, w := range strings.Split(o.fuzzAvoid, ",") {
		avoid[strings.TrimSpace(w)] = w != ""
	}
	counts, limits := map[string]int{}, map[string]int{}
	var timeouts []uint64
	classes := map[string]*fuzzClass{}
	var order []string
	asked := 0
	var speeds []fuzzSpeed
	for i := 0; i < o.fuzz && ctx.Err() == nil; i++ {
		seed := o.fuzzSeed + uint64(i)
		q := generate(schema, samples, seed, avoid, bounds)
		out := fuzzRun(ctx, ours, lib, q)
		if ctx.Err() != nil {
			break // interrupted: this query's outcome is not one
		}
		asked++
		counts[out.Kind]++
		if (i+1)%200 == 0 {
			logf("fuzz: %d of %d queries asked: %v", i+1, o.fuzz, counts)
		}
		if o.fuzzPrint || out.Kind == "both-errors" && o.fuzz == 1 {
			doc, vars := q.document(nil)
			vj, _ := json.Marshal(vars)
			logf("seed %d: %s %s\n%s%s", seed, out.Kind, out.Detail, doc, vj)
		}
		if o.fuzzSpeed > 0 && out.Kind == "equal" {
			if a, b := fuzzTime(ctx, ours, lib, q, o.fuzzSpeed); a > 0 {
				doc, vars := q.document(nil)
				s := fuzzSpeed{seed: seed, ours: a, lib: b, doc: doc, vars: vars}
				speeds = append(speeds, s)
				if s.slower() {
					logf("fuzz: seed %d: slower than the library: ours %.2f ms, library %.2f ms", seed, ms(a), ms(b))
				}
			}
		}
		if out.Kind == "ours-limit" {
			limits[strings.Fields(out.Detail)[0]]++
		}
		if out.Kind == "timeout" {
			timeouts = append(timeouts, seed)
			logf("fuzz: seed %d: no answer within %s (%s)", seed, fuzzAskTimeout, out.Detail)
		}
		if out.Kind != "mismatch" {
			continue
		}
		c := classes[out.Class]
		if c == nil {
			logf("fuzz: seed %d: a mismatch (%s), shrinking it", seed, out.Class)
			small := fuzzShrink(ctx, ours, lib, q, out.Class)
			doc, vars := small.document(nil)
			c = &fuzzClass{Class: out.Class, Document: doc, Vars: vars, Detail: fuzzRun(ctx, ours, lib, small).Detail}
			classes[out.Class] = c
			order = append(order, out.Class)
			logf("fuzz: seed %d: new mismatch class %s", seed, out.Class)
		}
		c.Seeds = append(c.Seeds, seed)
	}
	fmt.Printf("# Differential fuzzing: this API against the Neo4j GraphQL Library\n\n")
	fmt.Printf("%d queries, seeds %d–%d, scale %d (graph seed %d). Outcomes: %d equal, %d refused by both, %d refused by this API's limits %v, %d not answered within %s %v, %d mismatches in %d classes.\n\n",
		asked, o.fuzzSeed, o.fuzzSeed+uint64(asked)-1, o.scale, o.seed, counts["equal"], counts["both-errors"], counts["ours-limit"], limits, counts["timeout"], fuzzAskTimeout, timeouts, counts["mismatch"], len(classes))
	fmt.Printf("Not generated, as only one system serves them (names after the type, counted over types):\n\n- this API only: %s\n- the library only: %s\n\n", leftOut(oursOnly), leftOut(libOnly))
	for _, k := range order {
		c := classes[k]
		vj, _ := json.Marshal(c.Vars)
		fmt.Printf("## %s\n\n%d queries, first seed %d (reproduce: `go run ./bench/cmd/bench -fuzz 1 -fuzz-seed %d -fuzz-print`). Shrunk:\n\n```graphql\n%s```\nvariables: `%s`\n\n%s\n\n", c.Class, len(c.Seeds), c.Seeds[0], c.Seeds[0], c.Document, vj, c.Detail)
	}
	printFuzzSpeed(speeds, o.fuzzSpeed)
	if len(classes) > 0 {
		return fmt.Errorf("fuzz: %d mismatches in %d classes", counts["mismatch"], len(classes))
	}
	return nil
}

// fuzzRun asks both systems (a paged query page after page, each system's next page
// after its own cursor) and compares.
func fuzzRun(ctx context.Context, ours, lib *graphqlSystem, q *fuzzQuery) fuzzOutcome {
	ordered, determined := q.orderedPaths()
	if !determined {
		return fuzzOutcome{Kind: "indeterminate"}
	}
	out, a, b := fuzzCompare(ctx, ours, lib, q, nil, nil, ordered)
	for page := 2; page <= q.Pages && out.Kind == "equal" && q.PagePath != nil; page++ {
		ca, cb := cursorAt(a, q.PagePath, q.PageFrom), cursorAt(b, q.PagePath, q.PageFrom)
		if (ca == nil) != (cb == nil) {
			return fuzzOutcome{Kind: "mismatch", Class: fmt.Sprintf("a cursor on one side only (page %d)", page-1),
				Detail: fmt.Sprintf("ours: %v; library: %v", ca, cb)}
		}
		if ca == nil {
			break
		}
		out, a, b = fuzzCompare(ctx, ours, lib, q, ca, cb, ordered)
		if out.Kind == "mismatch" {
			out.Class = "after a cursor: " + out.Class
		}
	}
	return out
}

// cursorAt is the cursor the next page of the connection at path (the first element of
// a list on the way) starts after: its endCursor (from 0; nil without a next page) or
// the cursor of its from-th edge (nil when it has fewer).
func cursorAt(data any, path []string, from int) any {
	for _, k := range path {
		if l, ok := data.([]any); ok && len(l) > 0 {
			data = l[0]
		}
		m, _ := data.(map[string]any)
		data = m[k]
	}
	r, _ := data.(map[string]any)
	if from > 0 {
		edges, _ := r["edges"].([]any)
		if len(edges) < from {
			return nil
		}
		e, _ := edges[from-1].(map[string]any)
		return e["cursor"]
	}
	p, _ := r["pageInfo"].(map[string]any)
	if has, _ := p["hasNextPage"].(bool); !has {
		return nil
	}
	return p["endCursor"]
}

type fuzzAnswer struct {
	data   any
	errors []struct {
		Message    string         `json:"message"`
		Extensions map[string]any `json:"extensions"`
	}
	err error
}

// fuzzShrinkBudget bounds the shrinking of one mismatch.
const fuzzShrinkBudget = 3 * time.Minute

// fuzzAskTimeout bounds one answer: a query one system takes minutes over is reported
// (timeout), not waited for.
const fuzzAskTimeout = 60 * time.Second

func fuzzAsk(ctx context.Context, s *graphqlSystem, q *fuzzQuery, cursor any) fuzzAnswer {
	doc, vars := q.document(cursor)
	var a fuzzAnswer
	ctx, cancel := context.WithTimeout(ctx, fuzzAskTimeout)
	defer cancel()
	body, err := postJSON(ctx, s.client, s.url, map[string]any{"query": doc, "variables": vars})
	if err != nil {
		a.err = err
		return a
	}
	var r struct {
		Data   any             `json:"data"`
		Errors json.RawMessage `json:"errors"`
	}
	if err := json.Unmarshal(body, &r); err != nil {
		a.err = err
		return a
	}
	a.data = r.Data
	if len(r.Errors) > 0 {
		json.Unmarshal(r.Errors, &a.errors)
	}
	return a
}

func (a fuzzAnswer) failure() string {
	if a.err != nil {
		return "transport: " + a.err.Error()
	}
	if len(a.errors) == 0 {
		return ""
	}
	code, _ := a.errors[0].Extensions["code"].(string)
	return strings.TrimSpace(code + " " + a.errors[0].Message)
}

var digits = regexp.MustCompile(`[0-9]+|"[^"]*"`)

func fuzzCompare(ctx context.Context, ours, lib *graphqlSystem, q *fuzzQuery, cursorA, cursorB any, ordered map[string]bool) (fuzzOutcome, any, any) {
	a := fuzzAsk(ctx, ours, q, cursorA)
	b := fuzzAsk(ctx, lib, q, cursorB)
	fa, fb := a.failure(), b.failure()
	switch {
	case errors.Is(a.err, context.DeadlineExceeded) || errors.Is(b.err, context.DeadlineExceeded):
		return fuzzOutcome{Kind: "timeout", Detail: "ours: " + fa + "; library: " + fb}, nil, nil
	case fa != "" && fb != "":
		return fuzzOutcome{Kind: "both-errors", Detail: "ours: " + fa + "; library: " + fb}, nil, nil
	case fa != "":
		code := strings.Fields(fa)[0]
		if limitCodes[code] {
			return fuzzOutcome{Kind: "ours-limit", Detail: fa}, nil, nil
		}
		return fuzzOutcome{Kind: "mismatch", Class: "ours fails: " + digits.ReplaceAllString(truncateText(fa, 90), "…"), Detail: "ours: " + fa}, nil, nil
	case fb != "":
		return fuzzOutcome{Kind: "mismatch", Class: "library fails: " + digits.ReplaceAllString(truncateText(fb, 90), "…"), Detail: "library: " + fb}, nil, nil
	}
	b.data = withinCap(a.data, b.data, "", ordered)
	na, nb := canonicalAt(a.data, "", ordered), canonicalAt(b.data, "", ordered)
	if na == nb {
		return fuzzOutcome{Kind: "equal"}, a.data, b.data
	}
	path := diffPath(a.data, b.data, "", ordered)
	return fuzzOutcome{Kind: "mismatch", Class: "answers differ at " + path, Detail: firstDifference(na, nb)}, a.data, b.data
}

func truncateText(s string, n int) string {
	if len(s) > n {
		return s[:n]
	}
	return s
}

// withinCap is lib with each of its lists longer than this API's cap on a list
// (store.MaxPageSize) replaced by ours where ours is cut at the cap and each of its
// elements is one of lib's (as many times): a nested list without a limit, which this API
// answers with its first MaxPageSize nodes and the library whole (seeds 1523 and 1717:
// thousands of measurements and projects below a country or a mineral), also below an
// unordered list (pairUnordered). Any other list is left for the comparison to judge.
func withinCap(ours, lib any, path string, ordered map[string]bool) any {
	switch x := ours.(type) {
	case map[string]any:
		y, ok := lib.(map[string]any)
		if !ok {
			return lib
		}
		out := make(map[string]any, len(y))
		for k, v := range y {
			out[k] = v
			if o, ok := x[k]; ok {
				out[k] = withinCap(o, v, join(path, k), ordered)
			}
		}
		return out
	case []any:
		y, ok := lib.([]any)
		if !ok {
			return lib
		}
		if len(x) == store.MaxPageSize && len(y) > len(x) {
			left := map[string]int{}
			for _, e := range y {
				left[canonicalAt(e, path, ordered)]++
			}
			for _, e := range x {
				k := canonicalAt(e, path, ordered)
				if left[k] == 0 {
					return lib
				}
				left[k]--
			}
			return ours
		}
		if len(x) != len(y) {
			return lib
		}
		if !ordered[path] {
			return pairUnordered(x, y, path, ordered)
		}
		out := make([]any, len(y))
		for i := range y {
			out[i] = withinCap(x[i], y[i], path, ordered)
		}
		return out
	}
	return lib
}

// pairUnordered is withinCap of the elements of an unordered list (each system's order
// its own): each of ours paired with the first unpaired one of lib's that it equals once
// lib's lists are cut as ours are (seed 2121: a mineral's thousands of measurements below
// an unsorted list of projects); lib itself where an element finds none. A greedy pairing
// may miss one that exists, a mismatch reported, never an equality made up.
func pairUnordered(ours, lib []any, path string, ordered map[string]bool) any {
	const most = 100 // each element against each: a bound on the quadratic work
	if len(ours) > most {
		return lib
	}
	used := make([]bool, len(lib))
	out := make([]any, len(lib))
	for i, o := range ours {
		want, found := canonicalAt(o, path, ordered), false
		for j, l := range lib {
			if used[j] {
				continue
			}
			if c := withinCap(o, l, path, ordered); canonicalAt(c, path, ordered) == want {
				used[j], out[i], found = true, c, true
				break
			}
		}
		if !found {
			return lib
		}
	}
	return out
}

// canonicalAt is canonical JSON with the lists of unordered paths sorted, numbers to 9
// significant digits and cursors left out.
func canonicalAt(v any, path string, ordered map[string]bool) string {
	switch v := v.(type) {
	case map[string]any:
		keys := sortedKeys(v)
		var parts []string
		for _, k := range keys {
			if k == "cursor" || k == "endCursor" || k == "startCursor" {
				continue
			}
			kb, _ := json.Marshal(k)
			if s, ok := v[k].(string); ok && (k == "shortest" || k == "longest") {
				// Which of several values of the same length is an aggregate's shortest
				// or longest is up to each system: compare the length.
				parts = append(parts, fmt.Sprintf("%s:%d", kb, len([]rune(s))))
				continue
			}
			parts = append(parts, string(kb)+":"+canonicalAt(v[k], join(path, k), ordered))
		}
		return "{" + strings.Join(parts, ",") + "}"
	case []any:
		parts := make([]string, len(v))
		for i, e := range v {
			parts[i] = canonicalAt(e, path, ordered)
		}
		if !ordered[path] {
			sort.Strings(parts)
		} else {
			sortParallelEdges(v, parts, path, ordered)
		}
		return "[" + strings.Join(parts, ",") + "]"
	case float64:
		if v == math.Trunc(v) && math.Abs(v) < 1e15 {
			return fmt.Sprintf("%d", int64(v))
		}
		return strconvG(v)
	default:
		b, _ := json.Marshal(v)
		return string(b)
	}
}

// sortParallelEdges sorts, within parts, each run of a connection's edges that lead to one
// node: a sort ending on the node's id orders nodes, not the parallel relationships between
// one pair of nodes (seed 4269: a partnership with two INVOLVES_MINERAL to one mineral),
// whose order is each system's.
func sortParallelEdges(edges []any, parts []string, path string, ordered map[string]bool) {
	nodeKey := func(e any) (string, bool) {
		m, _ := e.(map[string]any)
		n, ok := m["node"]
		if !ok {
			return "", false
		}
		return canonicalAt(n, join(path, "node"), ordered), true
	}
	for start := 0; start < len(edges); {
		key, ok := nodeKey(edges[start])
		if !ok {
			return
		}
		end := start + 1
		for end < len(edges) {
			if k, _ := nodeKey(edges[end]); k != key {
				break
			}
			end++
		}
		sort.Strings(parts[start:end])
		start = end
	}
}

func strconvG(v float64) string { return fmt.Sprintf("%.9g", v) }

func join(path, k string) string {
	if path == "" {
		return k
	}
	return path + "." + k
}

// diffPath is the response path (without list indexes) where two answers first differ,
// and how: "length", "value", "order" (same elements, another order).
func diffPath(a, b any, path string, ordered map[string]bool) string {
	switch x := a.(type) {
	case map[string]any:
		y, _ := b.(map[string]any)
		for _, k := range sortedKeys(x) {
			if k == "cursor" || k == "endCursor" || k == "startCursor" {
				continue
			}
			if canonicalAt(x[k], join(path, k), ordered) != canonicalAt(y[k], join(path, k), ordered) {
				return diffPath(x[k], y[k], join(path, k), ordered)
			}
		}
		return path + " (keys)"
	case []any:
		y, _ := b.([]any)
		if len(x) != len(y) {
			return path + " (length)"
		}
		if ordered[path] {
			unordered := map[string]bool{}
			for k, v := range ordered {
				unordered[k] = v && k != path
			}
			if canonicalAt(x, path, unordered) == canonicalAt(y, path, unordered) {
				return path + " (order)"
			}
			for i := range x {
				if canonicalAt(x[i], path, ordered) != canonicalAt(y[i], path, ordered) {
					return diffPath(x[i], y[i], path, ordered)
				}
			}
		}
		return path + " (elements)"
	}
	return path + " (value)"
}

// fuzzShrink removes parts of the query (selections, arguments, filter keys, AND/OR
// operands, sort keys) while it still mismatches in the same class.
func fuzzShrink(ctx context.Context, ours, lib *graphqlSystem, q *fuzzQuery, class string) *fuzzQuery {
	// A time budget too: on a large graph one system may take up to fuzzAskTimeout an
	// answer, and 200 such tries would stall the run for hours.
	ctx, cancel := context.WithTimeout(ctx, fuzzShrinkBudget)
	defer cancel()
	for i, tries := 0, 0; tries < 200 && ctx.Err() == nil; tries++ {
		c, ok := withRemoval(q, i)
		if !ok {
			break
		}
		if out := fuzzRun(ctx, ours, lib, c); ctx.Err() != nil {
			break // out of time: what was shrunk so far stands
		} else if out.Kind == "mismatch" && out.Class == class {
			q = c
		} else {
			i++
		}
	}
	return q
}

// withRemoval is a copy of q with its i-th removable part removed (false when there are
// fewer than i+1).
func withRemoval(q *fuzzQuery, i int) (*fuzzQuery, bool) {
	c := &fuzzQuery{Seed: q.Seed, PagePath: q.PagePath, PageFrom: q.PageFrom, Pages: q.Pages}
	for _, r := range q.Roots {
		c.Roots = append(c.Roots, copySel(r))
	}
	n := 0
	site := func() bool { n++; return n-1 == i }
	var value func(v any) any
	value = func(v any) any {
		switch x := v.(type) {
		case map[string]any:
			for _, k := range sortedKeys(x) {
				if len(x) > 1 && site() {
					delete(x, k)
					return x
				}
				x[k] = value(x[k])
			}
		case []any:
			for j := range x {
				if len(x) > 1 && site() {
					return append(x[:j:j], x[j+1:]...)
				}
				x[j] = value(x[j])
			}
		case *varRef:
			if _, ok := x.Value.(map[string]any); ok {
				x.Value = value(x.Value)
			} else if _, ok := x.Value.([]any); ok {
				x.Value = value(x.Value)
			}
		}
		return v
	}
	var walk func(s *sel)
	walk = func(s *sel) {
		if s.Dir != "" && site() {
			s.Dir, s.If = "", nil
			return
		}
		if s.Frag != 0 && site() {
			s.Frag = 0
			return
		}
		for _, k := range sortedKeys(s.Args) {
			if k == "first" || k == "limit" || k == "after" || k == "where" && len(q.PagePath) > 1 && s == c.Roots[0] {
				continue // the nested page's root keeps its one node
			}
			if site() {
				delete(s.Args, k)
				return
			}
			s.Args[k] = value(s.Args[k])
		}
		for j := 0; j < len(s.Children); j++ {
			if len(s.Children) > 1 && site() {
				s.Children = append(s.Children[:j:j], s.Children[j+1:]...)
				return
			}
			walk(s.Children[j])
		}
	}
	if len(c.Roots) > 1 && site() {
		c.Roots = c.Roots[:1]
	}
	for _, r := range c.Roots {
		walk(r)
	}
	return c, n > i
}

func copySel(s *sel) *sel {
	c := &sel{Name: s.Name, Alias: s.Alias, On: s.On, Frag: s.Frag, Dir: s.Dir, If: copyValue(s.If)}
	if s.Args != nil {
		c.Args = copyValue(s.Args).(map[string]any)
	}
	for _, x := range s.Children {
		c.Children = append(c.Children, copySel(x))
	}
	return c
}

func copyValue(v any) any {
	switch x := v.(type) {
	case *varRef:
		c := *x
		c.Value = copyValue(x.Value)
		return &c
	case map[string]any:
		m := make(map[string]any, len(x))
		for k, e := range x {
			m[k] = copyValue(e)
		}
		return m
	case []any:
		l := make([]any, len(x))
		for i, e := range x {
			l[i] = copyValue(e)
		}
		return l
	}
	return v
}

// fuzzSampleGraph reads the values of every property in the graph: per node type, and
// for relationships per property name ("edge"), distinct, sorted, thinned to 48 evenly
// spread (list properties contribute their elements).
func fuzzSampleGraph(ctx context.Context, driver neo4j.DriverWithContext, s *schemaModel) (fuzzSamples, error) {
	out := fuzzSamples{}
	collect := func(owner, cypher string) error {
		res, err := neo4j.ExecuteQuery(ctx, driver, cypher, nil, neo4j.EagerResultTransformer, neo4j.ExecuteQueryWithDatabase("neo4j"))
		if err != nil {
			return err
		}
		seen := map[string]map[string]any{}
		for _, rec := range res.Records {
			props, _ := rec.Values[0].(map[string]any)
			for k, v := range props {
				if seen[k] == nil {
					seen[k] = map[string]any{}
				}
				vs := []any{v}
				if l, ok := v.([]any); ok {
					vs = l
				}
				for _, e := range vs {
					seen[k][fmt.Sprintf("%T %v", e, e)] = e
				}
			}
		}
		out[owner] = map[string][]any{}
		for k, m := range seen {
			keys := sortedKeys(m)
			var vals []any
			for j := 0; j < 48 && j < len(keys); j++ {
				vals = append(vals, m[keys[j*len(keys)/min(48, len(keys))]])
			}
			out[owner][k] = vals
		}
		return nil
	}
	for _, name := range sortedKeys(s.Types) {
		if isNodeType(s, name) {
			if err := collect(name, "MATCH (n:"+quoteLabel(name)+") RETURN properties(n)"); err != nil {
				return nil, err
			}
		}
	}
	if err := collect("edge", "MATCH ()-[r]->() RETURN properties(r)"); err != nil {
		return nil, err
	}
	return out, nil
}

func quoteLabel(s string) string { return "`" + strings.ReplaceAll(s, "`", "``") + "`" }

// leftOut condenses "Type.field(arg)" names to the part after the type, with counts,
// and counts the types one system alone has.
func leftOut(names []string) string {
	n, types := map[string]int{}, 0
	for _, x := range names {
		if strings.HasSuffix(x, " (type)") {
			types++
			continue
		}
		if _, after, ok := strings.Cut(x, "."); ok {
			x = after
		}
		n[x]++
	}
	parts := []string{fmt.Sprintf("%d types", types)}
	for _, k := range sortedKeys(n) {
		parts = append(parts, fmt.Sprintf("`%s` ×%d", k, n[k]))
	}
	if len(parts) > 60 {
		parts = append(parts[:60], fmt.Sprintf("… %d more", len(parts)-60))
	}
	return strings.Join(parts, ", ")
}
