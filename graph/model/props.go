package model

// Helpers of the generated SetProps methods (props_gen.go): Neo4j hands property values
// over as string, int64, float64, bool or []any; absent keys stay zero or nil.

func propString(v any) string {
	s, _ := v.(string)
	return s
}

func propStringPtr(v any) *string {
	if s, ok := v.(string); ok {
		return &s
	}
	return nil
}

func propStrings(v any) []string {
	if s, ok := v.([]string); ok {
		return s
	}
	list, _ := v.([]any)
	out := make([]string, 0, len(list))
	for _, e := range list {
		if s, ok := e.(string); ok {
			out = append(out, s)
		}
	}
	return out
}

func propFloat(v any) float64 {
	switch n := v.(type) {
	case float64:
		return n
	case int64:
		return float64(n)
	}
	return 0
}

func propFloatPtr(v any) *float64 {
	switch v.(type) {
	case float64, int64:
		f := propFloat(v)
		return &f
	}
	return nil
}

func propInt(v any) int {
	switch n := v.(type) {
	case int64:
		return int(n)
	case float64:
		return int(n)
	}
	return 0
}

func propIntPtr(v any) *int {
	switch v.(type) {
	case int64, float64:
		n := propInt(v)
		return &n
	}
	return nil
}

func propBoolPtr(v any) *bool {
	if b, ok := v.(bool); ok {
		return &b
	}
	return nil
}

func propNamedPtr[E ~string](v any) *E {
	if s, ok := v.(string); ok {
		e := E(s)
		return &e
	}
	return nil
}
