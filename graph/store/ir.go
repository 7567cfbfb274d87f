package store

import "slices"

// This file is the compiler's intermediate form: filters become boolean expressions and
// relationship patterns as values, which render.go turns into Cypher in one place. The
// constructors fold constants (true and false are values, never text), and the cost of
// an operand is read off the tree, not guessed from rendered text.

// expr is a Cypher boolean expression.
type expr interface{ isExpr() }

type (
	constExpr bool // true or false

	// andExpr / orExpr hold two or more operands, cheapest first (see cheapFirst).
	andExpr []expr
	orExpr  []expr

	// notExpr is Cypher's NOT: of a null operand (a missing property) it is null, so
	// the row is not kept, as the library translates NOT.
	notExpr struct{ x expr }

	// cmpExpr is an atomic predicate `left op right`; right is empty for postfix
	// operators (IS NULL). Its operands are property references and parameters only.
	cmpExpr struct{ left, op, right string }

	// prefixExpr is `ref STARTS WITH param`. Only where seek is set (the root's own
	// match, read once) may an index answer it: elsewhere it runs once per row (in a
	// subquery, in a list below each parent), and the planner, which guesses a prefix's
	// selectivity from its length, seeked the index for every row and expanded into it
	// (countries party to an agreement whose id starts with "ag", PROFILE at scale 10:
	// 747,000 index entries and 5,026,837 db hits, where expanding from each country
	// reads 26,806).
	prefixExpr struct {
		ref, param string
		seek       bool
	}

	// existsExpr is `EXISTS { MATCH pattern WHERE where }`, or NOT EXISTS when negated.
	existsExpr struct {
		pat     pattern
		where   expr
		negated bool
	}

	// countExpr is true when exactly one match of pattern passes where: it counts
	// relationships (render.go writes it).
	countExpr struct {
		pat   pattern
		where expr
	}

	// stagedExpr is the conjunction of its stages, tests with subqueries, to be tested
	// in that order (stage.go): stmt.where writes each after the one before.
	stagedExpr []expr
)

func (constExpr) isExpr()  {}
func (andExpr) isExpr()    {}
func (orExpr) isExpr()     {}
func (notExpr) isExpr()    {}
func (cmpExpr) isExpr()    {}
func (prefixExpr) isExpr() {}
func (existsExpr) isExpr() {}
func (countExpr) isExpr()  {}
func (stagedExpr) isExpr() {}

var (
	exprTrue  expr = constExpr(true)
	exprFalse expr = constExpr(false)
)

func isTrue(e expr) bool  { c, ok := e.(constExpr); return ok && bool(c) }
func isFalse(e expr) bool { c, ok := e.(constExpr); return ok && !bool(c) }

// andOf is the conjunction of parts: true operands drop out, a false one decides.
func andOf(parts ...expr) expr {
	var kept []expr
	for _, p := range parts {
		switch {
		case isTrue(p):
			continue
		case isFalse(p):
			return exprFalse
		}
		kept = append(kept, p)
	}
	switch len(kept) {
	case 0:
		return exprTrue
	case 1:
		return kept[0]
	}
	return andExpr(cheapFirst(kept))
}

// orOf is the disjunction of parts: false operands drop out, a true one decides.
func orOf(parts ...expr) expr {
	var kept []expr
	for _, p := range parts {
		switch {
		case isFalse(p):
			continue
		case isTrue(p):
			return exprTrue
		}
		kept = append(kept, p)
	}
	switch len(kept) {
	case 0:
		return exprFalse
	case 1:
		return kept[0]
	}
	return orExpr(cheapFirst(kept))
}

// notOf negates x (three-valued, as Cypher); see the null semantics in where.go.
func notOf(x expr) expr {
	switch x := x.(type) {
	case constExpr:
		return !x
	case existsExpr:
		// EXISTS is never null: NOT EXISTS needs no coalesce, and the planner turns it
		// into an anti-semi-apply, where NOT coalesce(EXISTS …) is tested row by row.
		x.negated = !x.negated
		return x
	}
	return notExpr{x}
}

// existsOf is `some` (negated false) or `none` (negated true) over pat: with a false
// where no row can match, so no subquery is needed.
func existsOf(pat pattern, where expr, negated bool) expr {
	if isFalse(where) {
		return constExpr(negated)
	}
	if inner, ok := where.(existsExpr); ok && !inner.negated && chainable(pat, inner.pat) {
		// some over some: one path pattern, which the planner can match from either
		// end (e.g. from an indexed id at the far end), where the nested subqueries
		// expand from the near end only.
		pat.next = &inner.pat
		return existsExpr{pat: pat, where: inner.where, negated: negated}
	}
	return existsExpr{pat: pat, where: where, negated: negated}
}

// chainable reports whether next continues pat from its far node with a relationship
// type pat does not use: within one pattern Neo4j matches each relationship at most
// once, which nested subqueries do not require, so only distinct types chain without
// changing the answer.
func chainable(pat, next pattern) bool {
	last := &pat
	for last.next != nil {
		last = last.next
	}
	if next.from.v != last.to.v || next.from.v == "" {
		return false
	}
	for p := &pat; p != nil; p = p.next {
		for q := &next; q != nil; q = q.next {
			if p.relType == q.relType {
				return false
			}
		}
	}
	return true
}

// seekable returns e with its prefix tests outside subqueries left to the indexes: for
// the tests of a match that runs once.
func seekable(e expr) expr {
	switch x := e.(type) {
	case prefixExpr:
		x.seek = true
		return x
	case andExpr:
		out := make(andExpr, len(x))
		for i, y := range x {
			out[i] = seekable(y)
		}
		return out
	case orExpr:
		out := make(orExpr, len(x))
		for i, y := range x {
			out[i] = seekable(y)
		}
		return out
	case notExpr:
		return notExpr{seekable(x.x)}
	}
	return e
}

// countOneOf is `single` over pat: with a false where the count is 0.
func countOneOf(pat pattern, where expr) expr {
	if isFalse(where) {
		return exprFalse
	}
	return countExpr{pat: pat, where: where}
}

// cheapFirst orders the operands of AND and OR by their number of subqueries, stably.
// Neo4j evaluates subquery predicates in the order written, so a property comparison
// placed first spares the pattern expansions of the rows it rejects (or, in an OR,
// accepts).
func cheapFirst(parts []expr) []expr {
	slices.SortStableFunc(parts, func(a, b expr) int { return subqueries(a) - subqueries(b) })
	return parts
}

// splitSubqueries is e's conjuncts without a subquery and those with one.
func splitSubqueries(e expr) (plain, sub []expr) {
	for _, x := range conjuncts(e) {
		if subqueries(x) == 0 {
			plain = append(plain, x)
		} else {
			sub = append(sub, x)
		}
	}
	return plain, sub
}

// subqueries counts the EXISTS and COUNT subqueries of e, nested ones included.
func subqueries(e expr) int {
	n := 0
	switch e := e.(type) {
	case andExpr:
		for _, x := range e {
			n += subqueries(x)
		}
	case orExpr:
		for _, x := range e {
			n += subqueries(x)
		}
	case notExpr:
		n = subqueries(e.x)
	case existsExpr:
		n = 1 + subqueries(e.where)
	case countExpr:
		n = 1 + subqueries(e.where)
	case stagedExpr:
		for _, x := range e {
			n += subqueries(x)
		}
	}
	return n
}

// pattern is `(from)-[rel:TYPE]->(to:Label)` (or <-…- for IN), from the metadata of one
// relationship: the type and the labels come from the generated allowlists only.
type pattern struct {
	from, to patNode
	relVar   string // may be empty
	relType  string
	dir      Direction
	next     *pattern // the pattern continues from to (next.from is to)
}

// patNode is one end of a pattern: a variable, a label, an id parameter, any of them
// possibly empty.
type patNode struct {
	v, label, id string
}

// relPattern is the pattern from the node from through rel to the node to, which gets
// the label of rel's target type; relVar may be empty.
func relPattern(from patNode, relVar string, rel Relation, to patNode) pattern {
	to.label = NodeTypes[rel.Target].Labels[0]
	return pattern{from: from, to: to, relVar: relVar, relType: rel.Type, dir: rel.Direction}
}
