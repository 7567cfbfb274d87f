package store

import (
	"maps"
	"slices"
)

// anchoredMatch starts a root query from the most selective place it can: when the
// filter asks for nodes related to one node given by id (`country: {some: {id: {eq:
// "AU"}}}`), the match expands from that node through its index instead of scanning
// every node of the type and testing each for the relationship. It returns the MATCH
// clause, whether several rows may hold the same node (several relationships can join
// the same two nodes: the caller makes them DISTINCT after filtering) and the filter left
// to compile.
func (c *cypherBuilder) anchoredMatch(t *NodeType, v string, input any) (string, bool, any, error) {
	self := patNode{v: v, label: t.Labels[0]}
	plainMatch := "MATCH " + renderNode(self)
	w, ok := plain(input).(map[string]any)
	if !ok {
		return plainMatch, false, input, nil
	}
	for _, key := range slices.Sorted(maps.Keys(w)) {
		rel, ok := t.Relation(key)
		if !ok {
			continue
		}
		id, ok := someIDEq(w[key])
		if !ok {
			continue
		}
		param, err := c.bind("ID", id, joinPath(joinPath(joinPath(joinPath("where", key), "some"), "id"), "eq"))
		if err != nil {
			return "", false, nil, err
		}
		rest := make(map[string]any, len(w)-1)
		for k, x := range w {
			if k != key {
				rest[k] = x
			}
		}
		pat := relPattern(self, "", rel, patNode{id: param})
		return "MATCH " + renderPattern(pat), true, rest, nil
	}
	return plainMatch, false, input, nil
}

// someIDEq recognises `{some: {id: {eq: X}}}` exactly, X not null.
func someIDEq(v any) (any, bool) {
	q, ok := plain(v).(map[string]any)
	if !ok || len(q) != 1 {
		return nil, false
	}
	inner, ok := plain(q["some"]).(map[string]any)
	if !ok || len(inner) != 1 {
		return nil, false
	}
	ops, ok := plain(inner["id"]).(map[string]any)
	if !ok || len(ops) != 1 {
		return nil, false
	}
	id := plain(ops["eq"])
	return id, id != nil
}
