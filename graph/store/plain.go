package store

import (
	"encoding/json"
	"reflect"
)

// plain unwraps what gqlgen hands over for map-bound inputs: pointers to values (a
// nullable ID arrives as *string) and named string types (enums), so the compiler sees
// the same shapes whether arguments came as literals or as JSON variables.
func plain(v any) any {
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
