package testenv

import (
	"embed"
	"io/fs"
	"strings"
	"testing"
)

// queries are the GraphQL documents of the API tests, one per file.
//
//go:embed queries/*.graphql
var queries embed.FS

// Doc returns the document queries/<name>.graphql.
func Doc(t testing.TB, name string) string {
	t.Helper()
	b, err := queries.ReadFile("queries/" + name + ".graphql")
	if err != nil {
		t.Fatalf("load document: %v", err)
	}
	return string(b)
}

// Docs returns every document by name.
func Docs() map[string]string {
	out := map[string]string{}
	entries, _ := fs.ReadDir(queries, "queries")
	for _, e := range entries {
		b, _ := queries.ReadFile("queries/" + e.Name())
		out[strings.TrimSuffix(e.Name(), ".graphql")] = string(b)
	}
	return out
}
