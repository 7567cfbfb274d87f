package store

import (
	"encoding/json"
	"fmt"

	"github.com/mineralgraph/mineralgraph/graph/apperr"
)

// Decode maps stored properties onto a model struct: by its generated SetProps when it
// has one (every stored type does), otherwise through its JSON field names, which
// gqlgen generates from the same schema as the property keys.
func Decode[T any](props map[string]any) (*T, error) {
	out := new(T)
	if s, ok := any(out).(interface{ SetProps(map[string]any) }); ok {
		s.SetProps(props)
		return out, nil
	}
	raw, err := json.Marshal(props)
	if err != nil {
		return nil, &apperr.Error{Code: apperr.Internal, Message: "internal error", Cause: err}
	}
	if err := json.Unmarshal(raw, out); err != nil {
		return nil, &apperr.Error{Code: apperr.Internal, Message: "internal error", Cause: fmt.Errorf("decode %T: %w", out, err)}
	}
	return out, nil
}

// DecodeAll maps a list of nodes onto model structs.
func DecodeAll[T any](nodes []Node) ([]*T, error) {
	out := make([]*T, 0, len(nodes))
	for _, n := range nodes {
		v, err := Decode[T](n.Props)
		if err != nil {
			return nil, err
		}
		out = append(out, v)
	}
	return out, nil
}
