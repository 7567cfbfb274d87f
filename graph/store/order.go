package store

import (
	"fmt"
	"maps"
	"slices"
	"strings"
)

// This file compiles sort inputs into ORDER BY keys and keyset (`after`) predicates.
//
// Order is total: a last key breaks the ties the sort leaves, the node's element id (in a
// relationship connection the relationship's, since two dated relationships may join the
// same two nodes); without a sort, lists are by id. Nulls keep Neo4j's native placement —
// last in ASC, first in DESC — and the keyset predicate reproduces exactly that
// placement, so a nullable property can be sorted on and paged through without sentinel
// values.

// sortKey is one ORDER BY key.
type sortKey struct {
	expr    string // Cypher expression, e.g. n.`name`
	name    string // name in the cursor signature, e.g. name, node.name, edge.amount
	typ     string // GraphQL type of the property, to decode cursor values
	desc    bool
	notNull bool // ids: never null, so the predicates need no null cases
}

// nodeSort compiles `[<Type>Sort!]` on the node bound to v.
func nodeSort(t *NodeType, v string, input []map[string]any, path string) ([]sortKey, error) {
	var keys []sortKey
	for i, elem := range input {
		ep := fmt.Sprintf("%s[%d]", path, i)
		for _, field := range entryFields(elem, propertyNames(t.Properties)) {
			k, err := propertySortKey(t.Properties, t.Name, v, field, elem[field], joinPath(ep, field), "")
			if err != nil {
				return nil, err
			}
			keys = appendKey(keys, k)
		}
	}
	switch {
	case len(keys) == 0: // the default order: by id
		return []sortKey{idKey(v, "id")}, nil
	case slices.ContainsFunc(keys, func(k sortKey) bool { return k.name == "id" }):
		return keys, nil // the id is unique: it decides every tie
	}
	// Ties the keys leave are broken by the node's element id, which costs no database
	// hit, where the id property costs one per matched row (most of what a sorted list
	// costs above the hand-written Cypher). Its order is fixed while the node lives but
	// says nothing; a sort that ends with id orders ties by id.
	return append(keys, sortKey{expr: "elementId(" + v + ")", name: "elementId", typ: "ID", notNull: true}), nil
}

// connectionSort compiles `[{node: {…}} | {edge: {…}}]` on the target node nv and the
// relationship ev of rel.
func connectionSort(rel Relation, nv, ev string, input []map[string]any, path string) ([]sortKey, error) {
	target := NodeTypes[rel.Target]
	var keys []sortKey
	for i, elem := range input {
		ep := fmt.Sprintf("%s[%d]", path, i)
		for _, side := range entryFields(elem, []string{"node", "edge"}) {
			sp := joinPath(ep, side)
			if side != "node" && side != "edge" {
				return nil, badInput(sp, "expected node or edge")
			}
			m, err := asMap(elem[side], sp)
			if err != nil {
				return nil, err
			}
			props, typeName, v, prefix := target.Properties, target.Name, nv, "node."
			if side == "edge" {
				props, typeName, v, prefix = RelationshipProperties[rel.Properties], rel.Properties, ev, "edge."
			}
			for _, field := range entryFields(m, propertyNames(props)) {
				k, err := propertySortKey(props, typeName, v, field, m[field], joinPath(sp, field), prefix)
				if err != nil {
					return nil, err
				}
				keys = appendKey(keys, k)
			}
		}
	}
	if len(keys) == 0 { // the default order: by node, then by relationship
		keys = append(keys, idKey(nv, "node.id"))
	}
	// The relationship alone makes the order total: a node id before it would be read
	// for every row and decide nothing more. Its element id is no property read (the
	// id property would cost a database hit per row, and the API shows neither).
	return appendKey(keys, sortKey{expr: "elementId(" + ev + ")", name: "edge", typ: "ID", notNull: true}), nil
}

func idKey(v, name string) sortKey {
	return sortKey{expr: propRef(v, "id"), name: name, typ: "ID", notNull: true}
}

// appendKey drops a key already sorted on: a repeated key can never decide an order.
func appendKey(keys []sortKey, k sortKey) []sortKey {
	for _, old := range keys {
		if old.name == k.name {
			return keys
		}
	}
	return append(keys, k)
}

// entryFields are the fields of one sort entry in the order the sort input declares them
// (order), whatever order the document wrote them in: GraphQL gives an input object's
// fields in its type's order, which is how the library sorts by an entry of several
// fields. Names order does not hold follow, sorted (the caller refuses them); an empty
// entry sorts on nothing, as in the library.
func entryFields(m map[string]any, order []string) []string {
	fields := slices.Sorted(maps.Keys(m))
	rank := func(f string) int {
		if i := slices.Index(order, f); i >= 0 {
			return i
		}
		return len(order)
	}
	slices.SortStableFunc(fields, func(a, b string) int { return rank(a) - rank(b) })
	return fields
}

func propertyNames(props []Property) []string {
	names := make([]string, len(props))
	for i, p := range props {
		names[i] = p.Name
	}
	return names
}

func propertySortKey(props []Property, typeName, v, field string, dirVal any, path, prefix string) (sortKey, error) {
	var prop Property
	found := false
	for _, p := range props {
		if p.Name == field {
			prop, found = p, true
		}
	}
	if !found {
		return sortKey{}, badInput(path, "%sSort has no field %q", typeName, truncate(field))
	}
	if prop.List {
		return sortKey{}, badInput(path, "cannot sort on the list property %s", field)
	}
	dir, _ := plain(dirVal).(string)
	if dir != "ASC" && dir != "DESC" {
		return sortKey{}, badInput(path, "expected ASC or DESC, got %s", describeValue(dirVal))
	}
	return sortKey{expr: propRef(v, field), name: prefix + field, typ: prop.Type, desc: dir == "DESC", notNull: field == "id"}, nil
}

func describeValue(v any) string {
	if s, ok := v.(string); ok {
		return fmt.Sprintf("%q", truncate(s))
	}
	return kindOf(v)
}

func orderBy(keys []sortKey) string {
	parts := make([]string, len(keys))
	for i, k := range keys {
		dir := " ASC"
		if k.desc {
			dir = " DESC"
		}
		parts[i] = k.expr + dir
	}
	return strings.Join(parts, ", ")
}

// keyList is the list expression returned with each row to build its cursor.
func keyList(keys []sortKey) string {
	parts := make([]string, len(keys))
	for i, k := range keys {
		parts[i] = k.expr
	}
	return "[" + strings.Join(parts, ", ") + "]"
}

// signature identifies the list and the sort a cursor belongs to.
func signature(list string, keys []sortKey) string {
	parts := make([]string, len(keys))
	for i, k := range keys {
		dir := "ASC"
		if k.desc {
			dir = "DESC"
		}
		parts[i] = k.name + ":" + dir
	}
	return list + "|" + strings.Join(parts, ",")
}

// keysetAfter is the predicate "the row comes strictly after the row whose sort-key
// values are vals", lexicographic over the keys: some key is after while all keys
// before it are equal. Null handling matches ORDER BY: ASC puts nulls last, DESC first.
func keysetAfter(c *cypherBuilder, keys []sortKey, vals []any) expr {
	refs := make([]string, len(vals))
	for i, v := range vals {
		if v != nil {
			refs[i] = c.param(v)
		}
	}
	equal := func(i int) expr {
		if vals[i] == nil {
			return cmpExpr{keys[i].expr, "IS NULL", ""}
		}
		return cmpExpr{keys[i].expr, "=", refs[i]}
	}
	after := func(i int) expr {
		k := keys[i]
		switch {
		case !k.desc && vals[i] == nil:
			return exprFalse // nothing sorts after null in ASC
		case !k.desc && k.notNull:
			return cmpExpr{k.expr, ">", refs[i]}
		case !k.desc:
			return orOf(cmpExpr{k.expr, ">", refs[i]}, cmpExpr{k.expr, "IS NULL", ""})
		case vals[i] == nil:
			return cmpExpr{k.expr, "IS NOT NULL", ""} // in DESC nulls come first
		}
		return cmpExpr{k.expr, "<", refs[i]}
	}
	alts := make([]expr, 0, len(keys))
	for i := range keys {
		conds := make([]expr, 0, i+1)
		for j := 0; j < i; j++ {
			conds = append(conds, equal(j))
		}
		alts = append(alts, andOf(append(conds, after(i))...))
	}
	return orOf(alts...)
}
