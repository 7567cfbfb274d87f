package store

import (
	"slices"
	"strconv"
	"strings"
)

// This file writes the intermediate form (ir.go) as Cypher text: every boolean
// expression and relationship pattern the compiler emits is written here, and
// statements are lists of clauses whose subqueries the renderer indents.

// renderExpr writes e as a Cypher boolean expression.
func renderExpr(e expr) string {
	var b strings.Builder
	writeExpr(&b, e)
	return b.String()
}

func writeExpr(b *strings.Builder, e expr) {
	switch e := e.(type) {
	case constExpr:
		if e {
			b.WriteString("true")
		} else {
			b.WriteString("false")
		}
	case andExpr:
		writeJoined(b, e, " AND ")
	case orExpr:
		writeJoined(b, e, " OR ")
	case stagedExpr: // in one expression, its stages are one conjunction
		writeJoined(b, e, " AND ")
	case notExpr:
		b.WriteString("NOT (")
		writeExpr(b, e.x)
		b.WriteString(")")
	case cmpExpr:
		b.WriteString(e.left + " " + e.op)
		if e.right != "" {
			b.WriteString(" " + e.right)
		}
	case prefixExpr:
		if e.seek {
			b.WriteString(e.ref + " STARTS WITH " + e.param)
		} else {
			// coalesce of one operand is the operand, but no index seek
			b.WriteString("coalesce(" + e.ref + ") STARTS WITH " + e.param)
		}
	case existsExpr:
		if e.negated {
			b.WriteString("NOT ")
		}
		b.WriteString("EXISTS { ")
		writeSubquery(b, e.pat, e.where)
		b.WriteString(" }")
	case countExpr:
		// single over a pattern comprehension, as the library writes it: the planner
		// turns COUNT { … } = 1 (and size([…]) = 1) into an aggregation per row, which
		// costs more than the list it builds here (scale 100, medians of 15: 36 vs 49 ms
		// over 60,000 policies, 326 vs 384 ms over every project).
		b.WriteString("single(" + e.pat.to.v + " IN [")
		writePattern(b, e.pat)
		if !isTrue(e.where) {
			b.WriteString(" WHERE ")
			writeExpr(b, e.where)
		}
		b.WriteString(" | 1] WHERE true)")
	}
}

func writeJoined(b *strings.Builder, parts []expr, sep string) {
	b.WriteString("(")
	for i, p := range parts {
		if i > 0 {
			b.WriteString(sep)
		}
		writeExpr(b, p)
	}
	b.WriteString(")")
}

// writeSubquery writes the body of an EXISTS or COUNT subquery: MATCH, and WHERE unless
// the where is true.
func writeSubquery(b *strings.Builder, pat pattern, where expr) {
	b.WriteString("MATCH ")
	writePattern(b, pat)
	if !isTrue(where) {
		b.WriteString(" WHERE ")
		writeExpr(b, where)
	}
}

// renderPattern writes p, e.g. (n)<-[r:`FINANCES`]-(v0:`Organization`).
func renderPattern(p pattern) string {
	var b strings.Builder
	writePattern(&b, p)
	return b.String()
}

func writePattern(b *strings.Builder, p pattern) {
	writeNode(b, p.from)
	for hop := &p; hop != nil; hop = hop.next {
		rel := "[" + hop.relVar + ":" + quoteName(hop.relType) + "]"
		if hop.dir == IN {
			b.WriteString("<-" + rel + "-")
		} else {
			b.WriteString("-" + rel + "->")
		}
		writeNode(b, hop.to)
	}
}

// renderNode writes n, e.g. (n:`Project`) or (p:`Project` {id: id}).
func renderNode(n patNode) string {
	var b strings.Builder
	writeNode(&b, n)
	return b.String()
}

func writeNode(b *strings.Builder, n patNode) {
	b.WriteString("(" + n.v)
	if n.label != "" {
		b.WriteString(":" + quoteName(n.label))
	}
	if n.id != "" {
		b.WriteString(" {id: " + n.id + "}")
	}
	b.WriteString(")")
}

// stmt is a Cypher statement or subquery body, one clause a line. A CALL subquery is
// added as a stmt of its own and indented here, so no compiling code knows its depth.
type stmt []string

func (s *stmt) add(lines ...string) { *s = append(*s, lines...) }

// where adds a WHERE clause, none when p is true. A conjunction of tests with and
// without subqueries is split: the tests without stay here, those with move into a CALL
// after them. Neo4j 5.26 may plan a subquery predicate (a semi-apply) before the
// property tests beside it, whatever their order in the text, and then every row pays
// for the subquery; a CALL is planned after the clause it follows, so the property tests
// go first (a countries connection with sources: {includes} beside policiesConnection:
// {none} on the scale-100 graph, PROFILE: 93,134 db hits -> 588). The planner inlines
// the CALL back into a semi-apply: the same operators, in that order.
//
// Staged tests (stagedExpr) follow in a CALL each, in their order, which the planner keeps.
func (s *stmt) where(p expr) {
	if isTrue(p) {
		return
	}
	plain, sub := splitSubqueries(p)
	stages, staged := stagesOf(sub)
	switch {
	case staged && len(plain) > 0:
		stages = append([]expr{andOf(plain...)}, stages...)
	case !staged && len(plain) > 0 && len(sub) > 0:
		stages = []expr{andOf(plain...), andOf(sub...)}
	case !staged:
		stages = []expr{p}
	}
	s.add("WHERE " + renderExpr(stages[0]))
	for _, x := range stages[1:] {
		// The name of the CALL's one column is unique in the statement (a line number).
		s.call("*", stmt{"WITH * WHERE " + renderExpr(x), "RETURN true AS kept" + strconv.Itoa(len(*s))})
	}
}

// stagesOf is the stages of sub when it is one stagedExpr.
func stagesOf(sub []expr) ([]expr, bool) {
	if len(sub) != 1 {
		return nil, false
	}
	st, ok := sub[0].(stagedExpr)
	return slices.Clone([]expr(st)), ok
}

// conjuncts lists the operands of e's ANDs, nested ones flattened (e itself if no AND).
func conjuncts(e expr) []expr {
	and, ok := e.(andExpr)
	if !ok {
		return []expr{e}
	}
	var out []expr
	for _, x := range and {
		out = append(out, conjuncts(x)...)
	}
	return out
}

// call adds `CALL (scope) { body }`.
func (s *stmt) call(scope string, body stmt) {
	s.add("CALL (" + scope + ") {")
	for _, line := range body {
		s.add("  " + line)
	}
	s.add("}")
}

func (s stmt) text() string { return strings.Join(s, "\n") }
