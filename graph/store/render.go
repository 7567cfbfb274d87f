package store

import "strings"

// This file writes the intermediate form (ir.go) as Cypher text: every boolean
// expression and relationship pattern the compiler emits is written here, and
// statements are lists of clauses whose subqueries the renderer indents.

// renderExpr writes e as a Cypher boolean expression.
func renderExpr(e expr) string {
	var b strings.Builder
	writeExpr(&b, e)
	return b.String()
}

func writeExpr(b *strings.Builder, e expr) { writeIn(b, e, true) }

// writeIn writes e where positive tells whether null and false mean the same for it:
// in a WHERE, and under an even number of NOTs (a subquery's WHERE starts afresh).
func writeIn(b *strings.Builder, e expr, positive bool) {
	switch e := e.(type) {
	case constExpr:
		if e {
			b.WriteString("true")
		} else {
			b.WriteString("false")
		}
	case andExpr:
		if cheap, costly := splitCheap(e); positive && len(cheap) > 0 && len(costly) > 0 {
			writeGuarded(b, cheap, costly)
			return
		}
		writeJoined(b, e, " AND ", positive)
	case orExpr:
		writeJoined(b, e, " OR ", positive)
	case notExpr:
		b.WriteString("NOT (")
		writeIn(b, e.x, !positive)
		b.WriteString(")")
	case cmpExpr:
		b.WriteString(e.left + " " + e.op)
		if e.right != "" {
			b.WriteString(" " + e.right)
		}
	case existsExpr:
		if e.negated {
			b.WriteString("NOT ")
		}
		b.WriteString("EXISTS { ")
		writeSubquery(b, e.pat, e.where)
		b.WriteString(" }")
	case countExpr:
		b.WriteString("COUNT { ")
		writeSubquery(b, e.pat, e.where)
		b.WriteString(" } = 1")
	}
}

// splitCheap parts a conjunction into the operands without a subquery and those with.
func splitCheap(e andExpr) (cheap, costly []expr) {
	for _, x := range e {
		if subqueries(x) == 0 {
			cheap = append(cheap, x)
		} else {
			costly = append(costly, x)
		}
	}
	return cheap, costly
}

// writeGuarded writes `cheap AND costly` so that the subqueries run only for the rows
// the cheap operands keep: Neo4j 5 plans an EXISTS or COUNT of a WHERE before its
// property filters when it cannot read them from an index (a project's `$s IN
// n.sources` tested after an EXISTS on every project: 4× the db hits), but evaluates a
// CASE's branch only when taken. The cheap operands stay outside too, where the planner
// finds index predicates. Only where null and false mean the same: CASE turns a null
// condition into false.
func writeGuarded(b *strings.Builder, cheap, costly []expr) {
	b.WriteString("(")
	for _, x := range cheap {
		writeIn(b, x, true)
		b.WriteString(" AND ")
	}
	b.WriteString("CASE WHEN ")
	writeConjunction(b, cheap)
	b.WriteString(" THEN ")
	writeConjunction(b, costly)
	b.WriteString(" ELSE false END)")
}

func writeConjunction(b *strings.Builder, parts []expr) {
	if len(parts) == 1 {
		writeIn(b, parts[0], true)
		return
	}
	writeJoined(b, parts, " AND ", true)
}

func writeJoined[E ~[]expr](b *strings.Builder, parts E, sep string, positive bool) {
	b.WriteString("(")
	for i, p := range parts {
		if i > 0 {
			b.WriteString(sep)
		}
		writeIn(b, p, positive)
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

// where adds a WHERE clause, none when p is true.
func (s *stmt) where(p expr) {
	if !isTrue(p) {
		s.add("WHERE " + renderExpr(p))
	}
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
