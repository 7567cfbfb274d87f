package store

import "slices"

// Direction is the direction of a relationship as seen from the type that declares it.
type Direction int

const (
	// OUT means the relationship starts at the declaring node.
	OUT Direction = iota
	// IN means the relationship ends at the declaring node.
	IN
)

// NodeType is a @node type of the model: its labels, stored properties and relationships.
type NodeType struct {
	Name       string
	Labels     []string
	Properties []Property
	Relations  []Relation
}

// Property is a stored property; Type is the GraphQL named type (ID, String, an enum…).
type Property struct {
	Name     string
	Type     string
	List     bool
	Required bool
}

// Relation is a relationship field of a node type.
type Relation struct {
	Field      string
	Type       string
	Direction  Direction
	Target     string
	Properties string
}

// Property returns the stored property called name, if the type has one.
func (t *NodeType) Property(name string) (Property, bool) { return PropertyNamed(t.Properties, name) }

// PropertyNamed finds the property called name in a declared list (a node type's, or a
// relationship's properties).
func PropertyNamed(props []Property, name string) (Property, bool) {
	i := slices.IndexFunc(props, func(p Property) bool { return p.Name == name })
	if i < 0 {
		return Property{}, false
	}
	return props[i], true
}

// Relation returns the relationship field called field, if the type has one.
func (t *NodeType) Relation(field string) (Relation, bool) {
	for _, r := range t.Relations {
		if r.Field == field {
			return r, true
		}
	}
	return Relation{}, false
}

// RelationBetween returns the declaration of a relationship of type relType from a node
// of type from to a node of type to, declared on either end.
func RelationBetween(from, relType, to string) (Relation, bool) {
	if t, ok := NodeTypes[from]; ok {
		for _, r := range t.Relations {
			if r.Type == relType && r.Direction == OUT && r.Target == to {
				return r, true
			}
		}
	}
	if t, ok := NodeTypes[to]; ok {
		for _, r := range t.Relations {
			if r.Type == relType && r.Direction == IN && r.Target == from {
				return r, true
			}
		}
	}
	return Relation{}, false
}
