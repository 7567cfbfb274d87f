package scalar

// Decoding of values read back from Neo4j: the driver hands property values over as
// string, int64, float64, bool or []any. ok is false when the value is absent (nil) or
// of another type; numbers convert between int64 and float64.

// String decodes a String, ID, PartialDate or enum value.
func String(v any) (string, bool) {
	s, ok := v.(string)
	return s, ok
}

// Strings decodes a list of strings; elements of another type are dropped, and an
// absent list is empty.
func Strings(v any) []string {
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

// Int decodes an Int value.
func Int(v any) (int, bool) {
	switch n := v.(type) {
	case int64:
		return int(n), true
	case float64:
		return int(n), true
	}
	return 0, false
}

// Float decodes a Float value.
func Float(v any) (float64, bool) {
	switch n := v.(type) {
	case float64:
		return n, true
	case int64:
		return float64(n), true
	}
	return 0, false
}

// Bool decodes a Boolean value.
func Bool(v any) (bool, bool) {
	b, ok := v.(bool)
	return b, ok
}
