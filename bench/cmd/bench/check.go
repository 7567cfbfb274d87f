package main

import (
	"context"
	"encoding/json"
	"fmt"
	"sort"
	"strings"
)

// Mismatch is a query whose answer from the library differs from ours.
type Mismatch struct {
	Query  string
	Detail string
}

// crossCheck asks both GraphQL systems every query they both answer and compares the
// answers after normalising: lists sorted (by their canonical JSON), numbers as
// float64, cursors left out. Errors count as mismatches.
func crossCheck(ctx context.Context, ours, lib *graphqlSystem, queries []Query) (checked int, mismatches []Mismatch) {
	for i := range queries {
		q := &queries[i]
		if q.OursOnly {
			continue
		}
		checked++
		a, errA := ours.fetch(ctx, q)
		b, errB := lib.fetch(ctx, q)
		if errA != nil || errB != nil {
			mismatches = append(mismatches, Mismatch{q.Name, fmt.Sprintf("ours: %v; library: %v", errA, errB)})
			continue
		}
		na, nb := normalise(a.Data), normalise(b.Data)
		if na != nb {
			mismatches = append(mismatches, Mismatch{q.Name, firstDifference(na, nb)})
		}
	}
	return checked, mismatches
}

// normalise returns the canonical JSON of a GraphQL answer with every list sorted.
func normalise(raw json.RawMessage) string {
	var v any
	if err := json.Unmarshal(raw, &v); err != nil {
		return "invalid JSON: " + err.Error()
	}
	return canonical(v)
}

func canonical(v any) string {
	switch v := v.(type) {
	case map[string]any:
		keys := make([]string, 0, len(v))
		for k := range v {
			if k == "cursor" || k == "endCursor" || k == "startCursor" {
				continue
			}
			keys = append(keys, k)
		}
		sort.Strings(keys)
		parts := make([]string, len(keys))
		for i, k := range keys {
			kb, _ := json.Marshal(k)
			parts[i] = string(kb) + ":" + canonical(v[k])
		}
		return "{" + strings.Join(parts, ",") + "}"
	case []any:
		parts := make([]string, len(v))
		for i, e := range v {
			parts[i] = canonical(e)
		}
		sort.Strings(parts)
		return "[" + strings.Join(parts, ",") + "]"
	case float64:
		return fmt.Sprintf("%g", v)
	default:
		b, _ := json.Marshal(v)
		return string(b)
	}
}

func firstDifference(a, b string) string {
	i := 0
	for i < len(a) && i < len(b) && a[i] == b[i] {
		i++
	}
	from := max(i-80, 0)
	cut := func(s string) string {
		return s[from:min(len(s), i+120)]
	}
	return fmt.Sprintf("at byte %d: ours …%s… library …%s…", i, cut(a), cut(b))
}
