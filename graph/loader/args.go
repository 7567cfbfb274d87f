package loader

import (
	"encoding/json"

	"github.com/mineralgraph/mineralgraph/graph/store"
)

// listArgs and pageArgs convert a nested field's arguments, as gqlgen collects them
// (literals and variables resolved), into the store's: the same values the field's
// resolver receives, so a field left out of the statement reads what it would have read.
func listArgs(args map[string]any) store.ListArgs {
	return store.ListArgs{Where: mapArg(args["where"]), Sort: sortArg(args["sort"]), Limit: intArg(args["limit"]), Offset: intArg(args["offset"]), AsOf: stringArg(args["asOf"])}
}

func pageArgs(args map[string]any) store.PageArgs {
	return store.PageArgs{Where: mapArg(args["where"]), Sort: sortArg(args["sort"]), First: intArg(args["first"]), After: stringArg(args["after"]), AsOf: stringArg(args["asOf"])}
}

func stringArg(v any) *string {
	if s, ok := v.(string); ok {
		return &s
	}
	return nil
}

func mapArg(v any) map[string]any {
	m, _ := v.(map[string]any)
	return m
}

func sortArg(v any) []map[string]any {
	list, ok := v.([]any)
	if !ok {
		if m, ok := v.(map[string]any); ok { // a single sort given without brackets
			return []map[string]any{m}
		}
		return nil
	}
	out := make([]map[string]any, 0, len(list))
	for _, e := range list {
		if m, ok := e.(map[string]any); ok {
			out = append(out, m)
		}
	}
	return out
}

func intArg(v any) *int {
	var n int
	switch x := v.(type) {
	case json.Number:
		i, err := x.Int64()
		if err != nil {
			return nil
		}
		n = int(i)
	case int64:
		n = int(x)
	case int:
		n = x
	case float64:
		n = int(x)
	default:
		return nil
	}
	return &n
}
