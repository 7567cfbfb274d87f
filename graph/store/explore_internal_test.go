package store

import (
	"fmt"
	"strings"
	"testing"
)

// The Lucene query is built from words of letters and digits only, each escaped: no
// character of the user's text can become Lucene syntax. (The behaviour against the
// real index is tested in explore_test.go.)
func TestSearchLuceneQuery(t *testing.T) {
	for _, tc := range []struct {
		text string
		want string
		ok   bool
	}{
		{"Lynas", `(lynas^4 lynas*^1.5 lynas~1^2)`, true},
		{"AU", `(au^4 au*^1.5)`, true},
		{"a", `(a^4)`, true},
		{"graphites", `(graphites^4 graphites*^1.5 graphites~2^2)`, true},
		{"Minerals  Security", `(minerals^4 minerals*^1.5 minerals~2^2 security^4 security*^1.5 security~2^2 "minerals security"^6)`, true},
		{`name:* "unbalanced`, `(name^4 name*^1.5 name~1^2 unbalanced^4 unbalanced*^1.5 unbalanced~2^2 "name unbalanced"^6)`, true},
		{`}) DETACH DELETE n //`, `(detach^4 detach*^1.5 detach~1^2 delete^4 delete*^1.5 delete~1^2 n^4 "detach delete n"^6)`, true},
		{"lynas lynas LYNAS", `(lynas^4 lynas*^1.5 lynas~1^2)`, true},
		{"2022", `(2022^4 2022*^1.5)`, true},
		{"45X", `(45x^4 45x*^1.5)`, true},
		{"Gécamines", `(gécamines^4 gécamines*^1.5 gécamines~2^2)`, true},
		{`\ * ? ~ ^ : / " ( ) [ ] { } + - && || !`, "", false},
		{"", "", false},
	} {
		got, ok := luceneQuery(tc.text)
		if got != tc.want || ok != tc.ok {
			t.Errorf("luceneQuery(%q) = %q, %v; want %q, %v", tc.text, got, ok, tc.want, tc.ok)
		}
	}

	if got := strings.Count(exploreLuceneOf(t, strings.Repeat("w ", 40)+"x"), "^4"); got != 2 {
		t.Errorf("repeated words: %d exact clauses, want 2", got)
	}
	var many []string
	for i := 0; i < 30; i++ {
		many = append(many, fmt.Sprintf("w%02d", i))
	}
	if got := strings.Count(exploreLuceneOf(t, strings.Join(many, " ")), "^4"); got != searchMaxTerms {
		t.Errorf("%d words: %d exact clauses, want %d", len(many), got, searchMaxTerms)
	}
}

func exploreLuceneOf(t *testing.T, text string) string {
	t.Helper()
	q, ok := luceneQuery(text)
	if !ok {
		t.Fatalf("luceneQuery(%q): no query", text)
	}
	return q
}

func TestSearchEscapeLucene(t *testing.T) {
	const specials = `+-&|!(){}[]^"~*?:\/`
	for _, r := range specials {
		if got, want := escapeLucene(string(r)), `\`+string(r); got != want {
			t.Errorf("escapeLucene(%q) = %q, want %q", r, got, want)
		}
	}
	if got, want := escapeLucene(`a&&b||c d`), `a\&\&b\|\|c\ d`; got != want {
		t.Errorf("escapeLucene = %q, want %q", got, want)
	}
	if got := escapeLucene("lynas"); got != "lynas" {
		t.Errorf("escapeLucene(lynas) = %q", got)
	}
}

// The terms the benchmark's raw Cypher sends are those of the API's search.
func TestNewSearchTerms(t *testing.T) {
	terms, ok := NewSearchTerms("Kolwezi  lithum")
	want := SearchTerms{
		Name:        `name:(kolwezi^4 kolwezi*^1.5 kolwezi~1^2 lithum^4 lithum*^1.5 lithum~1^2 "kolwezi lithum"^6)`,
		Alias:       `aliasText:(kolwezi^4 kolwezi*^1.5 kolwezi~1^2 lithum^4 lithum*^1.5 lithum~1^2 "kolwezi lithum"^6)`,
		Description: `description:(kolwezi^4 kolwezi*^1.5 kolwezi~1^2 lithum^4 lithum*^1.5 lithum~1^2 "kolwezi lithum"^6)`,
		Exact:       "kolwezi lithum",
	}
	if !ok || terms != want {
		t.Fatalf("got %+v, %v\nwant %+v", terms, ok, want)
	}
	if _, ok := NewSearchTerms("?! "); ok {
		t.Error("a text without letters or digits gave terms")
	}
}
