package store

import (
	"slices"
	"strings"
)

// Projection names the properties an exploration reads of the nodes and the
// relationships it returns, nil meaning all of them; ids are always read. Names that no
// node type (relationship properties type) has are ignored: they never reach Cypher.
type Projection struct {
	Node, Edge []string
}

func (p Projection) nodes(v string) string {
	return projectAny(v, p.Node, func(name string) bool {
		for _, t := range NodeTypes {
			if _, ok := t.Property(name); ok {
				return true
			}
		}
		return false
	})
}

func (p Projection) edges(v string) string {
	return projectAny(v, p.Edge, func(name string) bool {
		for propsType := range RelationshipProperties {
			if _, ok := PropertyNamed(RelationshipProperties[propsType], name); ok {
				return true
			}
		}
		return false
	})
}

func projectAny(v string, props []string, known func(string) bool) string {
	if props == nil {
		return "properties(" + v + ")"
	}
	parts := []string{".id"}
	for _, name := range props {
		if name != "id" && known(name) && !slices.Contains(parts, "."+quoteName(name)) {
			parts = append(parts, "."+quoteName(name))
		}
	}
	return v + " {" + strings.Join(parts, ", ") + "}"
}
