package store

import (
	"fmt"

	"github.com/mineralgraph/mineralgraph/graph/apperr"
)

// auditKeys are stamped by Apply on what a write changes; they are not part of the
// fact, so they do not count when telling an update from an unchanged write.
var auditKeys = []string{"updatedBy", "updatedAt"}

// typedProps checks every value against its declared GraphQL type (enums, dates,
// numbers…) and returns the values to store; writers that send JSON (the write API)
// get the same checks as the seed loader. what names the node or relation in errors.
func typedProps(declared []Property, in map[string]any, what string) (map[string]any, error) {
	out := make(map[string]any, len(in)+3)
	for k, v := range in {
		v = plain(v)
		if v == nil {
			continue
		}
		p, ok := PropertyNamed(declared, k)
		if !ok {
			return nil, apperr.Errorf(apperr.BadUserInput, "%s: unknown property %q", what, k)
		}
		if isAuditKey(k) {
			return nil, apperr.Errorf(apperr.BadUserInput, "%s: %s is set by the server", what, k)
		}
		path := what + "." + k
		if !p.List {
			x, err := coerceValue(p.Type, v, path)
			if err != nil {
				return nil, err
			}
			out[k] = x
			continue
		}
		list, err := asList(v, path)
		if err != nil {
			return nil, err
		}
		values := make([]any, 0, len(list))
		for i, e := range list {
			x, err := coerceValue(p.Type, e, path)
			if err != nil { // the element's path only for the message: per element, 7% of a bulk load's client CPU
				_, err = coerceValue(p.Type, e, fmt.Sprintf("%s[%d]", path, i))
				return nil, err
			}
			values = append(values, x)
		}
		out[k] = values
	}
	for _, p := range declared {
		if _, ok := out[p.Name]; ok || !p.Required || p.Name == "id" {
			continue
		}
		if p.List {
			out[p.Name] = []any{} // an absent list is an empty one
			continue
		}
		return nil, apperr.Errorf(apperr.BadUserInput, "%s: required property %q is missing", what, p.Name)
	}
	sources, _ := out["sources"].([]any)
	quotes, _ := out["quotes"].([]any)
	if len(sources) == 0 || len(sources) != len(quotes) {
		return nil, apperr.Errorf(apperr.BadUserInput, "%s: provenance is required: at least one source, each with a quote", what)
	}
	for _, q := range quotes {
		if q == "" {
			return nil, apperr.Errorf(apperr.BadUserInput, "%s: provenance quotes must not be empty", what)
		}
	}
	locators, _ := out["locators"].([]any)
	switch {
	case len(locators) == 0: // none given: "" for each source
		locators = make([]any, len(sources))
		for i := range locators {
			locators[i] = ""
		}
		out["locators"] = locators
	case len(locators) != len(sources):
		return nil, apperr.Errorf(apperr.BadUserInput, "%s: provenance locators must be parallel to sources (%d sources, %d locators)", what, len(sources), len(locators))
	}
	return out, nil
}

func isAuditKey(k string) bool {
	for _, a := range auditKeys {
		if a == k {
			return true
		}
	}
	return false
}
