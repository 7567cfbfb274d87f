package main

import (
	"encoding/json"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/99designs/gqlgen/graphql/errcode"

	"github.com/mineralgraph/mineralgraph/graph/apperr"
	"github.com/mineralgraph/mineralgraph/internal/testenv"
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
	h := testenv.Full(t, patient) // the graph `make run` serves: the data set and the USGS releases
	for i, ex := range examples {
		resp := h.Post(t, ex[0], nil)
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

// readmeErrorCodes returns the README's table of error codes: code → HTTP status.
func readmeErrorCodes(t *testing.T) map[apperr.Code]int {
	t.Helper()
	readme := readmeText(t)
	_, table, ok := strings.Cut(readme, "| code | HTTP (application/json) | when |\n|---|---|---|\n")
	if !ok {
		t.Fatal("the README has no table of error codes (| code | HTTP (application/json) | when |)")
	}
	table, _, _ = strings.Cut(table, "\n\n")
	row := regexp.MustCompile(`^\| ((?:` + "`[A-Z_]+`" + `(?:, )?)+) \| (\d{3}) \| .+ \|$`)
	out := map[apperr.Code]int{}
	for _, line := range strings.Split(table, "\n") {
		m := row.FindStringSubmatch(line)
		if m == nil {
			t.Errorf("a row of the README's error table does not read | `CODE` | status | when |: %q", line)
			continue
		}
		status, _ := strconv.Atoi(m[2])
		for _, code := range strings.Split(m[1], ", ") {
			code := apperr.Code(strings.Trim(code, "`"))
			if _, dup := out[code]; dup {
				t.Errorf("the README lists %s twice", code)
			}
			out[code] = status
		}
	}
	return out
}

// The README's table of error codes lists exactly apperr's codes, each with its HTTP
// status: a new code without a row fails, and so does a row for a code that is gone.
func TestREADMEErrorCodes(t *testing.T) {
	listed := readmeErrorCodes(t)
	codes := apperr.Codes()
	if len(codes) < 20 {
		t.Fatalf("apperr lists %d codes, want at least 20", len(codes))
	}
	for _, info := range codes {
		status, ok := listed[info.Code]
		switch {
		case !ok:
			t.Errorf("the README does not list the error code %s (HTTP %d: %s)", info.Code, info.Status, info.When)
		case status != info.Status:
			t.Errorf("the README gives %s HTTP %d, apperr %d", info.Code, status, info.Status)
		}
		delete(listed, info.Code)
	}
	for code := range listed {
		t.Errorf("the README lists %s, which is not in graph/apperr", code)
	}
	// gqlgen's codes are spelled in apperr too: they must stay gqlgen's.
	if apperr.GraphQLParseFailed != errcode.ParseFailed || apperr.GraphQLValidationFailed != errcode.ValidationFailed {
		t.Errorf("gqlgen's codes are %s and %s", errcode.ParseFailed, errcode.ValidationFailed)
	}
}

// Every code is spelled once, in graph/apperr: no other Go file of the server spells one
// (the environment variable REQUEST_TIMEOUT aside) or declares a code constant of its own.
func TestErrorCodesAreSpelledOnlyInApperr(t *testing.T) {
	isCode := map[string]bool{}
	for _, info := range apperr.Codes() {
		isCode[string(info.Code)] = true
	}
	isEnvVar := map[string]bool{}
	for _, v := range envVars {
		isEnvVar[v.Name] = true
	}
	literal := regexp.MustCompile(`"([A-Z][A-Z_]*[A-Z])"`)
	ownCode := regexp.MustCompile(`(?m)^\s*(?:const\s+)?((?i:code)\w*|\w*Code)\s*=\s*"[A-Z][A-Z_]+"`)
	files := 0
	err := filepath.WalkDir(".", func(path string, d fs.DirEntry, err error) error {
		switch {
		case err != nil:
			return err
		case d.IsDir() && (d.Name() == "node_modules" || strings.HasPrefix(d.Name(), ".") && path != "." ||
			path == filepath.Join("graph", "apperr") || path == filepath.Join("graph", "generated")):
			return filepath.SkipDir
		case d.IsDir() || !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go"):
			return nil
		}
		b, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		files++
		for _, m := range literal.FindAllStringSubmatch(string(b), -1) {
			if isCode[m[1]] && !isEnvVar[m[1]] {
				t.Errorf("%s spells the error code %s: use graph/apperr's constant", path, m[1])
			}
		}
		for _, m := range ownCode.FindAllString(string(b), -1) {
			t.Errorf("%s declares an error code of its own: %s (add it to graph/apperr)", path, strings.TrimSpace(m))
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if files < 50 {
		t.Fatalf("read %d Go files, want the whole server's", files)
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
	resp := testenv.Seeded(t, testenv.Debug()).Post(t, body.Query, nil)
	if len(resp.Errors) > 0 || len(resp.Data) < 20 {
		t.Fatalf("the curl example: %s %+v", resp.Data, resp.Errors)
	}
	if got := fmt.Sprint(resp.Extensions["cypherRoundTrips"]); got != claim[1] {
		t.Errorf("the curl example costs %s round trips; the README says %s", got, claim[1])
	}
}
