package model

import "github.com/mineralgraph/mineralgraph/graph/scalar"

// Helpers of the generated SetProps methods (props_gen.go), one pair per decoder of the
// scalar table (scalar.Kind.Decoder): prop<Decoder> for a required property,
// prop<Decoder>Ptr for an optional one; absent keys stay zero or nil.

func propString(v any) string {
	s, _ := scalar.String(v)
	return s
}

func propStringPtr(v any) *string { return ptr(scalar.String(v)) }

func propStrings(v any) []string { return scalar.Strings(v) }

func propFloat(v any) float64 {
	f, _ := scalar.Float(v)
	return f
}

func propFloatPtr(v any) *float64 { return ptr(scalar.Float(v)) }

func propInt(v any) int {
	n, _ := scalar.Int(v)
	return n
}

func propIntPtr(v any) *int { return ptr(scalar.Int(v)) }

func propBool(v any) bool {
	b, _ := scalar.Bool(v)
	return b
}

func propBoolPtr(v any) *bool { return ptr(scalar.Bool(v)) }

// propNamedPtr decodes an optional PartialDate or enum.
func propNamedPtr[E ~string](v any) *E {
	s, ok := scalar.String(v)
	return ptr(E(s), ok)
}

// ptr allocates only for a value present (&v would move v to the heap on every call).
func ptr[T any](v T, ok bool) *T {
	if !ok {
		return nil
	}
	p := new(T)
	*p = v
	return p
}
