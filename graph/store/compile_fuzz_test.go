package store

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"regexp"
	"sort"
	"strings"
	"testing"

	"github.com/mineralgraph/mineralgraph/graph/apperr"
)

// FuzzCompileWhere feeds arbitrary JSON, as the filter of a list or of a relationship
// connection of a type chosen by the first input, to the compiler the API uses
// (compileList, and fetchCall for a relationship connection). Whatever the input, it must not panic, the
// compile cache must answer as the compiler alone (fuzzCacheIdentity), and it must
// either refuse with a BAD_USER_INPUT *apperr.Error or produce Cypher in which values only
// travel as parameters: the text is made of metadata names, Cypher keywords, variables
// and punctuation only, shows none of the input's strings, and every $pN it uses is a
// parameter it provides. The seed corpus is testdata/fuzz/FuzzCompileWhere.
func FuzzCompileWhere(f *testing.F) {
	f.Fuzz(func(t *testing.T, pick uint8, input []byte) {
		dec := json.NewDecoder(bytes.NewReader(input))
		dec.UseNumber() // as gqlgen decodes variables
		var where map[string]any
		if dec.Decode(&where) != nil {
			t.Skip("not a JSON object")
		}
		typeName, field := fuzzTarget(pick)
		var (
			text   string
			params map[string]any
			err    error
		)
		if field == "" {
			c := newCypherBuilder()
			c.stats = largeLabels()
			text, params, _, err = c.list(typeName, ListArgs{Where: where}, nil, nil)
		} else {
			c := newCypherBuilder()
			text, _, err = compileFetch(c, typeName, Fetch{Field: field, Page: &PageArgs{Where: where}, WithTotal: true})
			params = c.params
		}
		fuzzCacheIdentity(t, typeName, field, where)
		if err != nil {
			var e *apperr.Error
			if !errors.As(err, &e) || e.Code != apperr.BadUserInput {
				t.Fatalf("%s %s: want a BAD_USER_INPUT *apperr.Error, got %T %v", typeName, field, err, err)
			}
			if len(e.Message) > 4096 {
				t.Errorf("the message quotes %d bytes of input: %.300q", len(e.Message), e.Message)
			}
			return
		}
		for _, problem := range cypherProblems(text, params) {
			t.Errorf("%s %s: %s\n%s", typeName, field, problem, text)
		}
		// The input's strings travel as parameters only: none shows in the text, unless
		// it is a metadata name or part of a word the text is made of anyway.
		for _, v := range fuzzStrings(where) {
			if len(v) > 3 && !fuzzStructural(v) && strings.Contains(text, v) {
				t.Errorf("%s %s: the input string %q is in the Cypher text:\n%s", typeName, field, v, text)
			}
		}
	})
}

// fuzzCacheIdentity checks that the compile cache answers as the compiler alone, for
// where and for variants of it with other values of the same kinds, whichever of the two
// it compiled first: a variant of the same shape is bound into the statement of the
// other, which must then be the variant's own.
func fuzzCacheIdentity(t *testing.T, typeName, field string, where map[string]any) {
	t.Helper()
	input := func(w map[string]any) *compileInput {
		if field == "" {
			return &compileInput{kind: inputList, typeName: typeName, list: ListArgs{Where: w}}
		}
		return &compileInput{kind: inputOne, typeName: typeName, fetches: []Fetch{{Field: field, Page: &PageArgs{Where: w}, WithTotal: true}}}
	}
	for _, r := range fuzzReplacements {
		variant, _ := fuzzVariant(where, r).(map[string]any)
		for _, order := range [][2]map[string]any{{where, variant}, {variant, where}} {
			cc := newCompileCache(1 << 20)
			sameAsCompiler(t, cc, input(order[0]))
			sameAsCompiler(t, cc, input(order[1]))
		}
	}
}

// fuzzReplacements are the values a variant puts in place of every string, number and
// boolean of an input: some that coerce to an ID, an enum, a date, a year, some not.
var fuzzReplacements = [][3]any{
	{"b", json.Number("2"), false},
	{"", json.Number("-1.5"), true},
	{"MINING", json.Number("2021"), true},
	{"2021-03", int64(0), false},
	{"AU", 7.25, true},
}

// fuzzVariant copies v with its scalars replaced by those of r, kind for kind.
func fuzzVariant(v any, r [3]any) any {
	switch x := v.(type) {
	case string:
		return r[0]
	case json.Number, int64, float64:
		return r[1]
	case bool:
		return r[2]
	case []any:
		out := make([]any, len(x))
		for i, e := range x {
			out[i] = fuzzVariant(e, r)
		}
		return out
	case map[string]any:
		out := make(map[string]any, len(x))
		for k, e := range x {
			out[k] = fuzzVariant(e, r)
		}
		return out
	}
	return v
}

// fuzzTypes lists the node types in a fixed order.
var fuzzTypes = func() []string {
	names := make([]string, 0, len(NodeTypes))
	for name := range NodeTypes {
		names = append(names, name)
	}
	sort.Strings(names)
	return names
}()

// fuzzTarget picks a node type by the low bits of pick; with the high bit set, one of
// its relationship connections (field non-empty), whose where is a connection where.
func fuzzTarget(pick uint8) (typeName, field string) {
	t := NodeTypes[fuzzTypes[int(pick&0x7f)%len(fuzzTypes)]]
	if pick&0x80 == 0 || len(t.Relations) == 0 {
		return t.Name, ""
	}
	return t.Name, t.Relations[int(pick&0x7f)/len(fuzzTypes)%len(t.Relations)].Field + "Connection"
}

// fuzzVocabulary is every name of the metadata: the only words the compiler may put in
// backticks, and input strings that may legitimately show in the text.
var fuzzVocabulary = func() map[string]bool {
	v := map[string]bool{}
	addProps := func(ps []Property) {
		for _, p := range ps {
			v[p.Name], v[p.Type] = true, true
		}
	}
	for name, t := range NodeTypes {
		v[name] = true
		for _, l := range t.Labels {
			v[l] = true
		}
		addProps(t.Properties)
		for _, r := range t.Relations {
			v[r.Field], v[r.Type], v[r.Target], v[r.Properties] = true, true, true, true
		}
	}
	for name, ps := range RelationshipProperties {
		v[name] = true
		addProps(ps)
	}
	for name, values := range Enums {
		v[name] = true
		for _, x := range values {
			v[x] = true
		}
	}
	return v
}()

// fuzzKeywords are the bare words of the compiled queries: Cypher keywords and functions,
// and the names of the fixed result columns.
var fuzzKeywords = map[string]bool{}

func init() {
	for _, w := range strings.Fields(`MATCH WHERE WITH ORDER BY ASC DESC SKIP LIMIT RETURN AS CALL UNWIND DISTINCT
		AND OR NOT IN IS NULL CONTAINS STARTS ENDS EXISTS COUNT coalesce count collect properties false true
		props total rows nodes node edge keys matched elementId UNION ALL size last single`) {
		fuzzKeywords[w] = true
	}
}

// fuzzVariable matches the variables the compiler binds: n, r, p, id, v0, e1, m4, x5, h6,
// kept3, found4, decided5, …
var fuzzVariable = regexp.MustCompile(`^(n|r|p|id|[venrfmxh][0-9]+|f[0-9]+[tn]|kept[0-9]+|found[0-9]+|decided[0-9]+)$`)

// cypherProblems tokenizes a compiled query and reports every token it cannot account
// for: a string literal, a number other than the 1 of `single(v IN […| 1] WHERE true)`, a backticked
// name outside the metadata, an unknown bare word, a parameter not provided.
func cypherProblems(text string, params map[string]any) []string {
	var problems []string
	for i := 0; i < len(text); {
		c := text[i]
		switch {
		case c == ' ' || c == '\n':
			i++
		case c == '`':
			j := i + 1
			var name strings.Builder
			for ; j < len(text); j++ {
				if text[j] == '`' {
					if j+1 < len(text) && text[j+1] == '`' {
						name.WriteByte('`')
						j++
						continue
					}
					break
				}
				name.WriteByte(text[j])
			}
			if j >= len(text) {
				return append(problems, fmt.Sprintf("unterminated backtick at %d", i))
			}
			if !fuzzVocabulary[name.String()] {
				problems = append(problems, fmt.Sprintf("the quoted name %q is not in the metadata", name.String()))
			}
			i = j + 1
		case c == '$':
			j := i + 1
			for j < len(text) && isIdentByte(text[j]) {
				j++
			}
			name := text[i+1 : j]
			if _, ok := params[name]; !ok && name != "ids" {
				problems = append(problems, fmt.Sprintf("$%s is not a parameter", name))
			}
			i = j
		case isIdentByte(c) && !(c >= '0' && c <= '9'):
			j := i
			for j < len(text) && isIdentByte(text[j]) {
				j++
			}
			if w := text[i:j]; !fuzzKeywords[w] && !fuzzVariable.MatchString(w) {
				problems = append(problems, fmt.Sprintf("unexpected word %q", w))
			}
			i = j
		case c >= '0' && c <= '9':
			j := i
			for j < len(text) && isIdentByte(text[j]) {
				j++
			}
			if w := text[i:j]; w != "1" {
				problems = append(problems, fmt.Sprintf("unexpected number %q", w))
			}
			i = j
		case strings.IndexByte("(){}[]:.,=<>-*|", c) >= 0:
			i++
		default:
			problems = append(problems, fmt.Sprintf("unexpected character %q at %d", c, i))
			i++
		}
	}
	return problems
}

func isIdentByte(c byte) bool {
	return c == '_' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
}

// fuzzStructural reports whether s could be a piece of the text of any compiled query
// (not only of this one): a metadata name or a part of one, or a run of keywords,
// variables, parameters, quoted metadata names and punctuation, possibly cut at both
// ends. Such strings may show in the text without having been interpolated.
func fuzzStructural(s string) bool {
	if fuzzPartOfWord(s) {
		return true
	}
	// s may start inside or outside backticks: try both.
	for _, quotedFirst := range []bool{false, true} {
		parts := strings.Split(s, "`")
		ok := true
		for i, part := range parts {
			first, last := i == 0, i == len(parts)-1
			if quoted := (i%2 == 1) != quotedFirst; quoted {
				ok = part == "" || (first || last) && fuzzPartOfWord(part) || fuzzVocabulary[part]
			} else {
				ok = fuzzPlainStructural(part, first, last)
			}
			if !ok {
				break
			}
		}
		if ok {
			return true
		}
	}
	return false
}

// fuzzPartOfWord reports whether s is a part of a metadata name, a keyword or the name
// of a fixed parameter.
func fuzzPartOfWord(s string) bool {
	for _, words := range []map[string]bool{fuzzVocabulary, fuzzKeywords, {"$skip": true, "$limit": true, "$ids": true}} {
		for w := range words {
			if strings.Contains(w, s) {
				return true
			}
		}
	}
	return false
}

var (
	fuzzWord  = regexp.MustCompile(`\$?[A-Za-z_0-9]+`)
	fuzzParam = regexp.MustCompile(`^(p[0-9]+|skip|limit|ids)$`)
)

// fuzzPlainStructural reports whether text outside backticks is made of keywords,
// variables, parameters, the number 1 and punctuation; a word cut by the start or end
// of the string need only be part of one.
func fuzzPlainStructural(part string, first, last bool) bool {
	if strings.Trim(fuzzWord.ReplaceAllString(part, ""), " \n(){}[]:.,=<>-|") != "" {
		return false
	}
	for _, loc := range fuzzWord.FindAllStringIndex(part, -1) {
		w := strings.TrimPrefix(part[loc[0]:loc[1]], "$")
		cut := first && loc[0] == 0 || last && loc[1] == len(part)
		switch {
		case fuzzKeywords[w], fuzzVariable.MatchString(w), w == "1", fuzzParam.MatchString(w):
		case cut && (fuzzPartOfWord(w) || fuzzVariable.MatchString("v"+w) && len(w) <= 3):
		default:
			return false
		}
	}
	return true
}

// fuzzStrings returns the strings of a decoded JSON value: map keys and string values.
func fuzzStrings(v any) []string {
	var out []string
	var walk func(any)
	walk = func(v any) {
		switch x := v.(type) {
		case string:
			out = append(out, x)
		case json.Number:
			out = append(out, string(x))
		case []any:
			for _, e := range x {
				walk(e)
			}
		case map[string]any:
			for k, e := range x {
				out = append(out, k)
				walk(e)
			}
		}
	}
	walk(v)
	return out
}

// TestCypherProblemsCatchesInterpolation checks the fuzz target's oracle: a value spliced
// into the text instead of a parameter is caught.
func TestCypherProblemsCatchesInterpolation(t *testing.T) {
	good := "MATCH (n:`Project`)\nWHERE (n.`name` CONTAINS $p0 AND single(v0 IN [(n)<-[e1:`FINANCES`]-(v0:`Organization`) | 1] WHERE true))\nWITH n ORDER BY n.`id` ASC\nSKIP $skip LIMIT $limit\nRETURN properties(n) AS props"
	params := map[string]any{"p0": "x", "skip": 0, "limit": 10}
	if p := cypherProblems(good, params); len(p) > 0 {
		t.Errorf("a well-formed query is flagged: %v", p)
	}
	for _, bad := range []string{
		"MATCH (n:`Project`) WHERE n.`name` = 'acme' RETURN n",
		"MATCH (n:`Project`) WHERE n.`name` = \"acme\" RETURN n",
		"MATCH (n:`Project`) WHERE n.`name` = $p1 RETURN n",
		"MATCH (n:`Project`) WHERE n.`year` = 2024 RETURN n",
		"MATCH (n:`Project`) WHERE n.`x} DETACH DELETE n //` = $p0 RETURN n",
		"MATCH (n:`Project`) DETACH DELETE n",
		"MATCH (n:`Project`) WHERE n.`name` = $p0 // comment",
		"MATCH (n:`Project`) WHERE n.`name` = $p0 RETURN n AS acme",
	} {
		if len(cypherProblems(bad, params)) == 0 {
			t.Errorf("not flagged: %s", bad)
		}
	}
	for s, want := range map[string]bool{"Project": true, "roject": true, "$limit": true, "id` = $p0": true, "`id` ASC\nSKIP": true,
		"acme": false, "2024": false, "Acme `tick` })": false, "x'}) DETACH": false, "n.`colour`": false} {
		if got := fuzzStructural(s); got != want {
			t.Errorf("fuzzStructural(%q) = %v, want %v", s, got, want)
		}
	}
}
