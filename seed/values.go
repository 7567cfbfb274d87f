package seed

import (
	"fmt"
	"math"
	"strings"

	"go.yaml.in/yaml/v3"

	"github.com/mineralgraph/mineralgraph/graph/model"
	"github.com/mineralgraph/mineralgraph/graph/store"
)

// propValue checks a YAML value against a stored property of the model and returns it
// typed as it is stored: string (String, ID, enums, PartialDate), int64, float64, bool,
// or a slice of those for lists.
func propValue(p store.Property, n *yaml.Node) (any, error) {
	if !p.List {
		return scalarValue(p.Type, n)
	}
	if n.Kind != yaml.SequenceNode {
		return nil, fmt.Errorf("want a list of %s, got %s", plural(p.Type), kindOf(n))
	}
	var (
		strs   []string
		ints   []int64
		floats []float64
		bools  []bool
	)
	for _, item := range n.Content {
		v, err := scalarValue(p.Type, resolve(item))
		if err != nil {
			return nil, &atLine{line: item.Line, err: err}
		}
		switch v := v.(type) {
		case string:
			strs = append(strs, v)
		case int64:
			ints = append(ints, v)
		case float64:
			floats = append(floats, v)
		case bool:
			bools = append(bools, v)
		}
	}
	switch p.Type {
	case "Int":
		return nonNil(ints), nil
	case "Float":
		return nonNil(floats), nil
	case "Boolean":
		return nonNil(bools), nil
	}
	return nonNil(strs), nil
}

// atLine is an error about a value at another line than its key (an item of a list).
type atLine struct {
	line int
	err  error
}

func (e *atLine) Error() string { return e.err.Error() }

func nonNil[T any](s []T) []T {
	if s == nil {
		return []T{}
	}
	return s
}

// scalarValue checks one scalar value of GraphQL type typ.
func scalarValue(typ string, n *yaml.Node) (any, error) {
	if n.Kind != yaml.ScalarNode {
		return nil, fmt.Errorf("want %s, got %s", describe(typ), kindOf(n))
	}
	tag := n.ShortTag()
	if tag == "!!null" {
		return nil, fmt.Errorf("want %s, got nothing", describe(typ))
	}
	switch typ {
	case "String", "ID":
		switch tag {
		case "!!str", "!!int", "!!float", "!!timestamp":
		default:
			return nil, fmt.Errorf("want %s, got %s (quote it)", describe(typ), kindOf(n))
		}
		if strings.TrimSpace(n.Value) == "" {
			return nil, fmt.Errorf("must not be empty")
		}
		return n.Value, nil
	case "Int":
		var v int64
		if tag != "!!int" || n.Decode(&v) != nil {
			return nil, fmt.Errorf("want %s, got %q", describe(typ), n.Value)
		}
		return v, nil
	case "Float":
		var v float64
		if (tag != "!!int" && tag != "!!float") || n.Decode(&v) != nil || math.IsNaN(v) || math.IsInf(v, 0) {
			return nil, fmt.Errorf("want %s, got %q", describe(typ), n.Value)
		}
		return v, nil
	case "Boolean":
		var v bool
		if tag != "!!bool" || n.Decode(&v) != nil {
			return nil, fmt.Errorf("want %s, got %q", describe(typ), n.Value)
		}
		return v, nil
	case "PartialDate":
		switch tag {
		case "!!str", "!!int", "!!timestamp": // 2022 and 2022-06-14 resolve to these; keep their text
		default:
			return nil, fmt.Errorf("want %s, got %q", describe(typ), n.Value)
		}
		d, err := model.ParsePartialDate(n.Value)
		if err != nil {
			return nil, err
		}
		return string(d), nil
	}
	values, ok := store.Enums[typ]
	if !ok {
		return nil, fmt.Errorf("unsupported type %s", typ)
	}
	if tag == "!!str" {
		for _, v := range values {
			if n.Value == v {
				return v, nil
			}
		}
	}
	return nil, fmt.Errorf("%q is not a %s; want one of %s", n.Value, typ, strings.Join(values, ", "))
}

func describe(typ string) string {
	switch typ {
	case "String", "ID":
		return "a string"
	case "Int":
		return "an integer"
	case "Float":
		return "a number"
	case "Boolean":
		return "true or false"
	case "PartialDate":
		return `a date "YYYY", "YYYY-MM" or "YYYY-MM-DD"`
	}
	if values, ok := store.Enums[typ]; ok {
		return "one of " + strings.Join(values, ", ")
	}
	return typ
}

func plural(typ string) string {
	switch typ {
	case "String", "ID":
		return "strings"
	case "Int":
		return "integers"
	case "Float":
		return "numbers"
	case "Boolean":
		return "booleans"
	case "PartialDate":
		return "dates"
	}
	return "values of " + typ
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
