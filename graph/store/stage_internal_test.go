package store

import (
	"strings"
	"testing"
)

// The relationship tests of a root list, or of a list or a connection below its
// parents, run in the order of the relationships the statistics say they read, where one
// reads at least four times another: the cheaper in the WHERE, the dearer in a CALL after
// it. Otherwise, and without statistics, one WHERE holds both and the planner orders
// them. The compile cache's key follows the means.
func TestListTestsStagedByTheirReads(t *testing.T) {
	where := map[string]any{
		"name":         map[string]any{"contains": "a"},
		"measurements": map[string]any{"none": map[string]any{"year": map[string]any{"lt": 1990}}},
		"memberOf":     map[string]any{"some": map[string]any{"name": map[string]any{"eq": "MSP"}}},
	}
	countries := func(about, memberOf int64) *Stats {
		return &Stats{
			nodes: map[string]int64{"Country": 10, "Measurement": 400, "Partnership": 2},
			sides: map[relSide]int64{{"ABOUT", "Country", false}: about, {"MEMBER_OF", "Country", true}: memberOf},
		}
	}
	list := func(st *Stats) *compileInput {
		return &compileInput{kind: inputTree, typeName: "Policy", stats: st, fetches: []Fetch{
			{Field: "issuedByCountries", List: &ListArgs{Where: where}, Props: []string{"id"}}}}
	}
	connection := func(st *Stats) *compileInput {
		return &compileInput{kind: inputTree, typeName: "Policy", stats: st, fetches: []Fetch{
			{Field: "issuedByCountriesConnection", Page: &PageArgs{Where: map[string]any{"node": where}}, Props: []string{"id"}, WithTotal: true}}}
	}
	root := func(st *Stats) *compileInput {
		return &compileInput{kind: inputList, typeName: "Country", stats: st, list: ListArgs{Where: where}, props: []string{"id"}}
	}
	const about, member = "`ABOUT`", "`MEMBER_OF`"
	for _, tt := range []struct {
		name  string
		stats *Stats
		first string // the relationship test staged first, "" for both in one WHERE
	}{
		{"no statistics", nil, ""},
		{"measurements read 32 a country, memberships 1", countries(400, 3), member},
		{"memberships read 32, measurements 2", countries(20, 320), about},
		{"within four times", countries(40, 30), ""}, // 4 and 2 (means rounded down to powers of two)
		{"a mean not counted", &Stats{nodes: map[string]int64{"Country": 10}}, ""},
	} {
		for _, input := range []func(*Stats) *compileInput{list, connection, root} {
			c := newCypherBuilder()
			out, err := c.compile(input(tt.stats))
			if err != nil {
				t.Fatal(err)
			}
			// The filters of the countries, in the order written: the WHERE after their
			// MATCH, then each CALL's.
			var filters []string
			matched := false
			for _, l := range strings.Split(out.text, "\n") {
				l = strings.TrimSpace(l)
				switch {
				case strings.Contains(l, "`ISSUES`]-(") || strings.HasPrefix(l, "MATCH (n:`Country`)"):
					matched = true
				case matched && strings.HasPrefix(l, "WITH ") && !strings.HasPrefix(l, "WITH * WHERE "):
					matched = false
				case matched && (strings.HasPrefix(l, "WHERE ") || strings.HasPrefix(l, "WITH * WHERE ")):
					filters = append(filters, l)
				}
			}
			want := 2
			if tt.first != "" {
				want = 3
			}
			if len(filters) != want || !strings.Contains(filters[0], "CONTAINS") {
				t.Fatalf("%s: filters %q, want the name's then %d\n%s", tt.name, filters, want-1, out.text)
			}
			if tt.first == "" && !(strings.Contains(filters[1], about) && strings.Contains(filters[1], member)) {
				t.Errorf("%s: both tests in one WHERE wanted: %q", tt.name, filters)
			}
			if tt.first != "" && (!strings.Contains(filters[1], tt.first) || strings.Contains(filters[2], tt.first)) {
				t.Errorf("%s: %s first wanted: %q", tt.name, tt.first, filters)
			}
		}
	}
	var plain shape
	plain.input(list(countries(400, 3)))
	for _, st := range []*Stats{countries(20, 320), countries(500, 3)} {
		var other shape
		other.input(list(st))
		if same := string(other.b) == string(plain.b); same != (st.sides[relSide{"ABOUT", "Country", false}] == 500) {
			t.Errorf("keys of means %v and %v: equal %v", st.sides, countries(400, 3).sides, same)
		}
	}
}
