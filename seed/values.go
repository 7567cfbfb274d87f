package seed

import (
	"fmt"
	"strings"

	"go.yaml.in/yaml/v3"

	"github.com/mineralgraph/mineralgraph/graph/scalar"
	"github.com/mineralgraph/mineralgraph/graph/store"
)

// kindNamed returns the row of the scalar table for the GraphQL type of a stored
// property of the model.
func kindNamed(typ string) (scalar.Kind, error) {
	k, ok := scalar.Lookup(typ, store.Enums)
	if !ok {
		return scalar.Kind{}, fmt.Errorf("unsupported type %s", typ)
	}
	return k, nil
}

// propValue checks a YAML value against a stored property of the model and returns it
// typed as it is stored: string (String, ID, enums, PartialDate), int64, float64, bool,
// or a slice of those for lists.
func propValue(p store.Property, n *yaml.Node) (any, error) {
	k, err := kindNamed(p.Type)
	if err != nil {
		return nil, err
	}
	if !p.List {
		return scalarValue(k, n)
	}
	if n.Kind != yaml.SequenceNode {
		return nil, fmt.Errorf("want a list of %s, got %s", k.Plural(), kindOf(n))
	}
	values := make([]any, 0, len(n.Content))
	for _, item := range n.Content {
		v, err := scalarValue(k, resolve(item))
		if err != nil {
			return nil, &atLine{line: item.Line, err: err}
		}
		values = append(values, v)
	}
	return k.List(values), nil
}

// atLine is an error about a value at another line than its key (an item of a list).
type atLine struct {
	line int
	err  error
}

func (e *atLine) Error() string { return e.err.Error() }

// scalarValue checks one scalar value of kind k. A kind stored as a string takes the
// text of the scalar, whatever YAML resolved it to (2022 is a date, 5 an enum value
// that does not exist); numbers and booleans take what YAML resolved.
func scalarValue(k scalar.Kind, n *yaml.Node) (any, error) {
	if n.Kind != yaml.ScalarNode {
		return nil, fmt.Errorf("want %s, got %s", k.Want(), kindOf(n))
	}
	switch tag := n.ShortTag(); {
	case tag == "!!null":
		return nil, fmt.Errorf("want %s, got nothing", k.Want())
	case k.Text() && (tag == "!!str" || tag == "!!int" || tag == "!!float" || tag == "!!timestamp"):
		if strings.TrimSpace(n.Value) == "" {
			return nil, fmt.Errorf("must not be empty")
		}
		return k.Parse(n.Value)
	case k.Text():
		return nil, fmt.Errorf("want %s, got %s (quote it)", k.Want(), kindOf(n))
	case tag == "!!int" || tag == "!!float" || tag == "!!bool":
		var v any
		if n.Decode(&v) == nil {
			if x, err := k.Coerce(v); err == nil {
				return x, nil
			}
		}
	}
	return nil, fmt.Errorf("want %s, got %q", k.Want(), n.Value)
}

// describe names what a property wants, with an enum's values: what a missing value
// should be.
func describe(k scalar.Kind) string {
	if k.IsEnum() {
		return k.Want() + ": one of " + strings.Join(k.Values, ", ")
	}
	return k.Want()
}

func kindOf(n *yaml.Node) string {
	switch n.Kind {
	case yaml.SequenceNode:
		return "a list"
	case yaml.MappingNode:
		return "a mapping"
	}
	switch n.ShortTag() {
	case "!!bool":
		return "a boolean " + n.Value
	case "!!int":
		return "an integer " + n.Value
	case "!!float":
		return "a number " + n.Value
	case "!!null":
		return "nothing"
	}
	return fmt.Sprintf("%q", n.Value)
}
