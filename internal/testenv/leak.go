package testenv

import (
	"regexp"
	"strings"
)

// leak matches what an error message must never show: the database, its address, its
// query language or its error codes, a connection error, a position in a query text, a
// Go stack or panic.
var leak = regexp.MustCompile(`(?i)dial tcp|127\.0\.0\.1:1\b|bolt://|connection refused|connectivity|neo4j|cypher|\bNeo\.|at line|goroutine|\.go:\d|panic|runtime error|nil pointer`)

// GoTypes matches Go type names in a message.
var GoTypes = regexp.MustCompile(`Go (value|struct field)|graphql\.RawParams|map\[string\]interface`)

// Leak returns the first thing msg shows of the server's internals, "" when none; a
// term that input (the request, lower case) contains itself does not count, since
// messages may quote the request.
func Leak(msg, input string) string {
	for _, m := range leak.FindAllString(msg, -1) {
		if input == "" || !strings.Contains(input, strings.ToLower(m)) {
			return m
		}
	}
	return ""
}
