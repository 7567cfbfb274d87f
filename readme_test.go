package main

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"strings"
	"testing"

	"github.com/mineralgraph/mineralgraph/seed/seedtest"
)

// readmeExamples returns the README's example queries with the answers shown under them.
func readmeExamples(t *testing.T) [][2]string {
	t.Helper()
	readme, err := os.ReadFile("README.md")
	if err != nil {
		t.Fatal(err)
	}
	pair := regexp.MustCompile("```graphql\n([^`]*)```\\s*```json\n([^`]*)```") // a block without backticks: an unanswered query pairs with nothing
	var out [][2]string
	for _, m := range pair.FindAllStringSubmatch(string(readme), -1) {
		out = append(out, [2]string{m[1], m[2]})
	}
	return out
}

// The README's example queries give, on the seeded graph, exactly the answers it shows.
func TestREADMEExamples(t *testing.T) {
	examples := readmeExamples(t)
	if len(examples) < 5 {
		t.Fatalf("the README shows %d example queries with answers, want at least 5", len(examples))
	}
	st, _ := seedtest.Full(t) // the graph `make run` serves: the data set and the USGS releases
	h := newHandler(testConfig(t), st, quietLogger)
	for i, ex := range examples {
		_, resp := postQuery(t, h, ex[0], nil)
		got, err := json.Marshal(map[string]any{"data": json.RawMessage(resp.Data)})
		if err != nil || len(resp.Errors) > 0 {
			t.Fatalf("example %d: %v %+v", i+1, err, resp.Errors)
		}
		var gotV, wantV any
		if err := json.Unmarshal(got, &gotV); err != nil {
			t.Fatal(err)
		}
		if err := json.Unmarshal([]byte(ex[1]), &wantV); err != nil {
			t.Fatalf("example %d: the README's answer is not JSON: %v", i+1, err)
		}
		if !reflect.DeepEqual(gotV, wantV) {
			t.Errorf("example %d: the README shows\n%s\nthe API answers\n%s", i+1, ex[1], got)
		}
	}
}

// readmeText is the README.
func readmeText(t *testing.T) string {
	t.Helper()
	b, err := os.ReadFile("README.md")
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// The README's list of error codes names every code the server defines: the string
// constants of graph/store/errors.go and graph/auth, and every `code… = "…"` in package
// main; gqlgen's own codes are listed by hand.
func TestREADMEErrorCodes(t *testing.T) {
	readme := readmeText(t)
	codes := []string{"GRAPHQL_PARSE_FAILED", "GRAPHQL_VALIDATION_FAILED", "PERSISTED_QUERY_NOT_FOUND"}
	constant := regexp.MustCompile(`(?m)^\s*(?:const\s+)?(\w+)\s*(?:=|:=)\s*"([A-Z]+(?:_[A-Z]+)*)"`)
	files, _ := filepath.Glob("*.go")
	files = append(files, "graph/store/errors.go")
	authFiles, _ := filepath.Glob("graph/auth/*.go")
	files = append(files, authFiles...)
	for _, f := range files {
		if strings.HasSuffix(f, "_test.go") {
			continue
		}
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range constant.FindAllStringSubmatch(string(b), -1) {
			if filepath.Dir(f) != "." || strings.HasPrefix(strings.ToLower(m[1]), "code") {
				codes = append(codes, m[2])
			}
		}
	}
	if len(codes) < 14 {
		t.Fatalf("found only %d codes: %v", len(codes), codes)
	}
	for _, code := range codes {
		if !strings.Contains(readme, "`"+code+"`") {
			t.Errorf("the README does not list the error code %s", code)
		}
	}
}

// The README names every subcommand of the usage text.
func TestREADMESubcommands(t *testing.T) {
	readme := readmeText(t)
	_, commands, ok := strings.Cut(usage, "commands:\n")
	if !ok {
		t.Fatal("no commands: in the usage text")
	}
	n := 0
	for _, line := range strings.Split(commands, "\n") {
		if f := strings.Fields(line); len(f) > 1 {
			n++
			if !strings.Contains(readme, "`"+f[0]+"`") {
				t.Errorf("the README does not name the subcommand %s", f[0])
			}
		}
	}
	if n < 5 {
		t.Errorf("%d subcommands in the usage text, want at least 5", n)
	}
}

// make help lists every target: each has a `## ` description, which its pattern matches.
func TestMakeHelpListsEveryTarget(t *testing.T) {
	b, err := os.ReadFile("Makefile")
	if err != nil {
		t.Fatal(err)
	}
	target := regexp.MustCompile(`(?m)^([a-z][a-z0-9-]*):([^=].*)?$`)
	help := regexp.MustCompile(`^[a-z0-9-]+:.*## `) // the pattern of the help target
	n := 0
	for _, m := range target.FindAllString(string(b), -1) {
		n++
		if !help.MatchString(m) {
			t.Errorf("make help does not list: %s", m)
		}
	}
	if n < 20 {
		t.Errorf("%d targets in the Makefile, want at least 20", n)
	}
}

// The curl example of the README costs the Cypher round trips the README says it does.
func TestREADMECurlRoundTrips(t *testing.T) {
	readme := readmeText(t)
	m := regexp.MustCompile(`(?s)curl -s localhost:8080/graphql .*?-d '(\{.*?\})'`).FindStringSubmatch(readme)
	claim := regexp.MustCompile(`the\s+curl example above costs (\d+)`).FindStringSubmatch(readme)
	if m == nil || claim == nil {
		t.Fatalf("no curl example with a POST body, or no claim of its round trips, in the README")
	}
	var body struct{ Query string }
	if err := json.Unmarshal([]byte(m[1]), &body); err != nil {
		t.Fatalf("the curl example's body is not JSON: %v", err)
	}
	st, _ := seedtest.Store(t)
	cfg := testConfig(t)
	cfg.Debug = true
	_, resp := postQuery(t, newHandler(cfg, st, quietLogger), body.Query, nil)
	if len(resp.Errors) > 0 || len(resp.Data) < 20 {
		t.Fatalf("the curl example: %s %+v", resp.Data, resp.Errors)
	}
	if got := fmt.Sprint(resp.Extensions["cypherRoundTrips"]); got != claim[1] {
		t.Errorf("the curl example costs %s round trips; the README says %s", got, claim[1])
	}
}
