package scalar

import (
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"reflect"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
)

// Coerce turns a decoded GraphQL or JSON input value (string, bool, json.Number, any Go
// number, or a pointer to one) into the value stored for the kind, or says why it cannot.
// ID accepts integers, as GraphQL does; Float accepts integers; Int accepts integral
// floats. NaN and infinities are refused.
func (k Kind) Coerce(v any) (any, error) {
	v = Plain(v)
	if v == nil {
		return nil, fmt.Errorf("expected %s, got null", k.Want())
	}
	switch k.spec.class {
	case classBoolean:
		b, ok := v.(bool)
		if !ok {
			return nil, k.wrongKind(v)
		}
		return b, nil
	case classInt:
		n, ok := asInt(v)
		if !ok {
			return nil, k.wrongKind(v)
		}
		return n, nil
	case classFloat:
		f, ok := asFloat(v)
		if !ok {
			return nil, k.wrongKind(v)
		}
		return f, nil
	}
	s, ok := v.(string)
	if !ok && k.spec.class == classID {
		if n, isInt := asInt(v); isInt {
			return strconv.FormatInt(n, 10), nil
		}
	}
	if !ok {
		return nil, k.wrongKind(v)
	}
	return k.Parse(s)
}

func (k Kind) wrongKind(v any) error {
	return fmt.Errorf("expected %s, got %s", k.Want(), KindOf(v))
}

// Parse turns a text (a CSV cell, the text of a YAML scalar) into the value stored for
// the kind: the text itself for String and ID, a checked date or enum value, a decimal
// integer, a finite number, or a boolean as strconv.ParseBool reads it.
func (k Kind) Parse(text string) (any, error) {
	switch k.spec.class {
	case classInt:
		n, err := strconv.ParseInt(text, 10, 64)
		if err != nil {
			return nil, k.wrongText(text)
		}
		return n, nil
	case classFloat:
		f, err := strconv.ParseFloat(text, 64)
		if err != nil || math.IsNaN(f) || math.IsInf(f, 0) {
			return nil, k.wrongText(text)
		}
		return f, nil
	case classBoolean:
		b, err := strconv.ParseBool(text)
		if err != nil {
			return nil, k.wrongText(text)
		}
		return b, nil
	}
	if k.spec.class == classEnum {
		if !slices.Contains(k.Values, text) {
			return nil, fmt.Errorf("%q is not %s (expected one of %s)", Truncate(text), k.Want(), k.oneOf())
		}
		return text, nil
	}
	if !utf8.ValidString(text) {
		return nil, errors.New("the string is not valid UTF-8")
	}
	if k.spec.class == classPartialDate {
		return ParsePartialDate(text)
	}
	return text, nil
}

func (k Kind) wrongText(text string) error {
	return fmt.Errorf("expected %s, got %q", k.Want(), Truncate(text))
}

var partialDatePattern = regexp.MustCompile(`^\d{4}(-\d{2}(-\d{2})?)?$`)

// ParsePartialDate checks a PartialDate (YYYY, YYYY-MM or YYYY-MM-DD): the shape and, for
// full dates, the calendar.
func ParsePartialDate(s string) (string, error) {
	if !partialDatePattern.MatchString(s) {
		return "", fmt.Errorf("%q is not a date of the form YYYY, YYYY-MM or YYYY-MM-DD", Truncate(s))
	}
	layout := map[int]string{4: "2006", 7: "2006-01", 10: "2006-01-02"}[len(s)]
	if _, err := time.Parse(layout, s); err != nil {
		return "", fmt.Errorf("%q is not a calendar date", s)
	}
	return s, nil
}

// Plain unwraps what decoders hand over: pointers to values (a nullable ID arrives as
// *string from gqlgen) and named string or number types (enums), so that callers see the
// same shapes whether arguments came as literals or as JSON variables. A nil pointer, map
// or slice is nil.
func Plain(v any) any {
	if n, ok := v.(json.Number); ok {
		return n
	}
	rv := reflect.ValueOf(v)
	for rv.IsValid() && (rv.Kind() == reflect.Pointer || rv.Kind() == reflect.Interface) {
		if rv.IsNil() {
			return nil
		}
		rv = rv.Elem()
	}
	if !rv.IsValid() {
		return nil
	}
	if (rv.Kind() == reflect.Map || rv.Kind() == reflect.Slice) && rv.IsNil() {
		return nil // an explicit null arrives as a typed nil map or slice
	}
	if n, ok := rv.Interface().(json.Number); ok {
		return n
	}
	switch rv.Kind() {
	case reflect.String:
		return rv.String()
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return rv.Int()
	case reflect.Float32, reflect.Float64:
		return rv.Float()
	case reflect.Bool:
		return rv.Bool()
	}
	return rv.Interface()
}

// asInt accepts the integer forms a decoded GraphQL or JSON value can take.
func asInt(v any) (int64, bool) {
	switch n := v.(type) {
	case json.Number:
		if i, err := n.Int64(); err == nil {
			return i, true
		}
		f, err := n.Float64()
		if err != nil {
			return 0, false
		}
		return asInt(f)
	case float64:
		if n != math.Trunc(n) || math.IsInf(n, 0) || n < math.MinInt64 || n >= math.MaxInt64 {
			return 0, false
		}
		return int64(n), true
	case float32:
		return asInt(float64(n))
	}
	rv := reflect.ValueOf(v)
	switch rv.Kind() {
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return rv.Int(), true
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		if rv.Uint() > math.MaxInt64 {
			return 0, false
		}
		return int64(rv.Uint()), true
	}
	return 0, false
}

// asFloat accepts the finite numbers a decoded GraphQL or JSON value can take.
func asFloat(v any) (float64, bool) {
	var f float64
	switch n := v.(type) {
	case float64:
		f = n
	case float32:
		f = float64(n)
	case json.Number:
		var err error
		if f, err = n.Float64(); err != nil {
			return 0, false
		}
	default:
		i, ok := asInt(v)
		if !ok {
			return 0, false
		}
		f = float64(i)
	}
	if math.IsNaN(f) || math.IsInf(f, 0) {
		return 0, false
	}
	return f, true
}

// KindOf names the JSON kind of an input value for error messages: never a Go type
// name, since clients read it.
func KindOf(v any) string {
	switch v.(type) {
	case nil:
		return "null"
	case string:
		return "a string"
	case bool:
		return "a boolean"
	case json.Number, float32, float64:
		return "a number"
	case map[string]any:
		return "an object"
	}
	switch reflect.ValueOf(v).Kind() {
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		return "a number"
	case reflect.Slice, reflect.Array:
		return "a list"
	case reflect.Map:
		return "an object"
	case reflect.Pointer:
		if reflect.ValueOf(v).IsNil() {
			return "null"
		}
		return KindOf(reflect.ValueOf(v).Elem().Interface())
	}
	return "a value of another kind"
}

// Truncate keeps client-supplied text in error messages short: a 100 KB value is echoed
// as its first 64 bytes, cut at a rune boundary, invalid UTF-8 replaced.
func Truncate(s string) string { return TruncateTo(s, 64) }

// TruncateTo cuts s to at most max bytes at a character boundary, marking the cut with
// "…"; invalid UTF-8 is replaced first, so the result is always valid text.
func TruncateTo(s string, max int) string {
	s = strings.ToValidUTF8(s, "\uFFFD")
	if len(s) <= max {
		return s
	}
	cut := max
	for cut > 0 && !utf8.RuneStart(s[cut]) {
		cut--
	}
	return s[:cut] + "…"
}
