package store

import "strings"

// quoteName backtick-quotes a label, relationship type or property key. Names only ever
// come from the generated metadata; quoting is defence in depth, not a licence.
func quoteName(name string) string {
	return "`" + strings.ReplaceAll(name, "`", "``") + "`"
}

func lower(s string) string { return strings.ToLower(s) }

func splitKey(key string) (string, string) {
	label, prop, _ := strings.Cut(key, ".")
	return label, prop
}
