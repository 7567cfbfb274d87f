package main

import (
	"context"
	"encoding/json"
	"fmt"
	"sort"
	"strconv"
	"strings"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"
)

// Mismatch is a query whose answer from the library differs from ours.
type Mismatch struct {
	Query  string
	Detail string
}

// crossCheck asks both GraphQL systems every query they both answer and compares the
// answers after normalising: lists sorted (by their canonical JSON), numbers as
// float64, cursors left out. Errors count as mismatches.
func crossCheck(ctx context.Context, ours, lib *graphqlSystem, queries []Query, variants int) (checked int, mismatches []Mismatch) {
	for i := range queries {
		q := &queries[i]
		if q.OursOnly {
			continue
		}
		checked++
		for _, v := range q.Pool[:min(variants, len(q.Pool))] {
			a, errA := ours.fetch(ctx, q, v)
			b, errB := lib.fetch(ctx, q, v)
			if errA != nil || errB != nil {
				mismatches = append(mismatches, Mismatch{q.Name, fmt.Sprintf("%s: ours: %v; library: %v", describeVariant(v), errA, errB)})
				break
			}
			if na, nb := normalise(a.Data), normalise(b.Data); na != nb {
				mismatches = append(mismatches, Mismatch{q.Name, describeVariant(v) + ": " + firstDifference(na, nb)})
				break
			}
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

// crossCheckCypher asks this API and the hand-written Cypher every query whose Cypher
// answers in the shape of the GraphQL data (one row, one column `data`): the analytics,
// which the library does not serve, so their Cypher is the independent computation their
// answers are checked against. Numbers are compared to 9 significant digits (the two sum
// the same shares in other orders).
func crossCheckCypher(ctx context.Context, ours *graphqlSystem, driver neo4j.DriverWithContext, queries []Query, variants int) (checked int, mismatches []Mismatch) {
	for i := range queries {
		q := &queries[i]
		for k, v := range q.Pool[:min(variants, len(q.Pool))] {
			ok, m := crossCheckCypherOnce(ctx, ours, driver, q, v)
			if k == 0 && ok {
				checked++
			}
			if !ok || m != nil {
				if m != nil {
					mismatches = append(mismatches, *m)
				}
				break
			}
		}
	}
	return checked, mismatches
}

// crossCheckCypherOnce compares one variant; ok is false when the query's Cypher does not
// answer in the shape of the GraphQL data (or failed: then m says so).
func crossCheckCypherOnce(ctx context.Context, ours *graphqlSystem, driver neo4j.DriverWithContext, q *Query, v Variant) (ok bool, m *Mismatch) {
	fail := func(name, detail string) (bool, *Mismatch) {
		return true, &Mismatch{name, describeVariant(v) + ": " + detail}
	}
	res, err := neo4j.ExecuteQuery(ctx, driver, q.Cypher, v.Params, neo4j.EagerResultTransformer,
		neo4j.ExecuteQueryWithDatabase("neo4j"), neo4j.ExecuteQueryWithReadersRouting())
	if err != nil {
		_, m := fail(q.Name, "raw Cypher: "+err.Error())
		return false, m
	}
	if len(res.Keys) != 1 || res.Keys[0] != "data" {
		return false, nil
	}
	if len(res.Records) != 1 {
		return fail(q.Name, fmt.Sprintf("raw Cypher: %d rows, want 1", len(res.Records)))
	}
	a, err := ours.fetch(ctx, q, v)
	if err != nil {
		return fail(q.Name, "ours: "+err.Error())
	}
	data, _ := res.Records[0].Get("data")
	b, err := json.Marshal(data)
	if err != nil {
		return fail(q.Name, "raw Cypher: "+err.Error())
	}
	if na, nb := normaliseRounded(a.Data), normaliseRounded(b); na != nb {
		return fail(q.Name+" (vs raw Cypher)", strings.Replace(firstDifference(na, nb), " library …", " raw Cypher …", 1))
	}
	return true, nil
}

func normaliseRounded(raw json.RawMessage) string {
	var v any
	if err := json.Unmarshal(raw, &v); err != nil {
		return "invalid JSON: " + err.Error()
	}
	return canonical(roundFloats(v))
}

// roundFloats rounds every number to 9 significant digits.
func roundFloats(v any) any {
	switch v := v.(type) {
	case map[string]any:
		for k, e := range v {
			v[k] = roundFloats(e)
		}
	case []any:
		for i, e := range v {
			v[i] = roundFloats(e)
		}
	case float64:
		f, _ := strconv.ParseFloat(strconv.FormatFloat(v, 'g', 9, 64), 64)
		return f
	}
	return v
}

func logMismatches(ms []Mismatch) {
	for _, m := range ms {
		logf("  MISMATCH %s: %s", m.Query, m.Detail)
	}
}
