package scalar

import (
	"encoding/json"
	"math"
	"reflect"
	"strings"
	"testing"
)

var enums = map[string][]string{"Metric": {"PRODUCTION", "RESERVES"}}

func kind(t *testing.T, name string) Kind {
	t.Helper()
	k, ok := Lookup(name, enums)
	if !ok {
		t.Fatalf("no kind %s", name)
	}
	return k
}

func TestLookup(t *testing.T) {
	if _, ok := Lookup("Properties", enums); ok {
		t.Error("Properties (a custom scalar that is never stored) has a kind")
	}
	if _, ok := Lookup("Country", enums); ok {
		t.Error("an object type has a kind")
	}
	if got := Builtins(); !reflect.DeepEqual(got, []string{"String", "ID", "Int", "Float", "PartialDate", "Boolean"}) {
		t.Errorf("Builtins() = %v", got)
	}
	m := kind(t, "Metric")
	if !m.IsEnum() || m.FilterInput() != "MetricEnumScalarFilters" || m.Want() != "a Metric value" || !m.Named() || !m.Text() {
		t.Errorf("enum kind: %+v %s %s", m, m.FilterInput(), m.Want())
	}
}

// The operators are those of the filter inputs of graph/gen/api.graphqls.tmpl.
func TestOperators(t *testing.T) {
	for name, want := range map[string]string{
		"String": "eq in contains startsWith endsWith", "ID": "eq in contains startsWith endsWith",
		"Int": "eq in lt lte gt gte", "Float": "eq in lt lte gt gte", "PartialDate": "eq in lt lte gt gte",
		"Boolean": "eq", "Metric": "eq in",
	} {
		if got := strings.Join(kind(t, name).Operators(), " "); got != want {
			t.Errorf("%s operators = %s, want %s", name, got, want)
		}
	}
	for name, want := range map[string]string{"String": "StringListFilters", "ID": "IDListFilters", "Int": "", "Metric": ""} {
		if got := kind(t, name).ListFilterInput(); got != want {
			t.Errorf("%s list filter = %q, want %q", name, got, want)
		}
	}
}

func TestCoerce(t *testing.T) {
	n := func(s string) json.Number { return json.Number(s) }
	str := "x"
	for _, c := range []struct {
		kind string
		in   any
		want any
		err  string
	}{
		{"String", "a", "a", ""},
		{"String", &str, "x", ""},
		{"String", 3, nil, "expected a string, got a number"},
		{"String", "\xff", nil, "the string is not valid UTF-8"},
		{"String", nil, nil, "expected a string, got null"},
		{"ID", 42, "42", ""},
		{"ID", n("7"), "7", ""},
		{"ID", 1.5, nil, "expected an ID, got a number"},
		{"Int", n("12"), int64(12), ""},
		{"Int", 3.0, int64(3), ""},
		{"Int", 3.5, nil, "expected an integer, got a number"},
		{"Int", "3", nil, "expected an integer, got a string"},
		{"Float", 2, 2.0, ""},
		{"Float", n("1e3"), 1000.0, ""},
		{"Float", math.NaN(), nil, "expected a number, got a number"},
		{"Float", true, nil, "expected a number, got a boolean"},
		{"Boolean", false, false, ""},
		{"Boolean", "true", nil, "expected a boolean, got a string"},
		{"PartialDate", "2022-06", "2022-06", ""},
		{"PartialDate", "2022-13", nil, `"2022-13" is not a calendar date`},
		{"PartialDate", "June", nil, `"June" is not a date of the form YYYY, YYYY-MM or YYYY-MM-DD`},
		{"PartialDate", 2022, nil, "expected a PartialDate string (YYYY, YYYY-MM or YYYY-MM-DD), got a number"},
		{"Metric", "RESERVES", "RESERVES", ""},
		{"Metric", "SHARE", nil, `"SHARE" is not a Metric value (expected one of PRODUCTION, RESERVES)`},
		{"Metric", 1, nil, "expected a Metric value, got a number"},
		{"Metric", []any{"x"}, nil, "expected a Metric value, got a list"},
	} {
		got, err := kind(t, c.kind).Coerce(c.in)
		if c.err != "" {
			if err == nil || err.Error() != c.err {
				t.Errorf("%s.Coerce(%#v) error = %v, want %q", c.kind, c.in, err, c.err)
			}
			continue
		}
		if err != nil || got != c.want {
			t.Errorf("%s.Coerce(%#v) = %#v, %v; want %#v", c.kind, c.in, got, err, c.want)
		}
	}
}

func TestParse(t *testing.T) {
	for _, c := range []struct {
		kind, in string
		want     any
		err      string
	}{
		{"String", "2022", "2022", ""},
		{"Int", "2022", int64(2022), ""},
		{"Int", "20.5", nil, `expected an integer, got "20.5"`},
		{"Float", "0.25", 0.25, ""},
		{"Float", "NaN", nil, `expected a number, got "NaN"`},
		{"Float", "most", nil, `expected a number, got "most"`},
		{"Boolean", "true", true, ""},
		{"Boolean", "yes", nil, `expected a boolean, got "yes"`},
		{"PartialDate", "2024-02-29", "2024-02-29", ""},
		{"PartialDate", "2023-02-29", nil, `"2023-02-29" is not a calendar date`},
		{"Metric", "PRODUCTION", "PRODUCTION", ""},
		{"Metric", "5", nil, `"5" is not a Metric value`},
	} {
		got, err := kind(t, c.kind).Parse(c.in)
		if c.err != "" {
			if err == nil || !strings.HasPrefix(err.Error(), c.err) {
				t.Errorf("%s.Parse(%q) error = %v, want %q", c.kind, c.in, err, c.err)
			}
			continue
		}
		if err != nil || got != c.want {
			t.Errorf("%s.Parse(%q) = %#v, %v; want %#v", c.kind, c.in, got, err, c.want)
		}
	}
	long := strings.Repeat("é", 40) // 80 bytes: the cut must not split a character
	_, err := kind(t, "PartialDate").Parse(long)
	if want := `"` + strings.Repeat("é", 32) + `…" is not a date`; err == nil || !strings.HasPrefix(err.Error(), want) {
		t.Errorf("long date error = %v, want prefix %s", err, want)
	}
}

func TestList(t *testing.T) {
	if got := kind(t, "Int").List([]any{int64(1), int64(2)}); !reflect.DeepEqual(got, []int64{1, 2}) {
		t.Errorf("Int list = %#v", got)
	}
	if got := kind(t, "PartialDate").List(nil); !reflect.DeepEqual(got, []string{}) {
		t.Errorf("empty date list = %#v, want an empty []string", got)
	}
	if got := kind(t, "Boolean").List(nil); !reflect.DeepEqual(got, []bool{}) {
		t.Errorf("empty Boolean list = %#v, want an empty []bool", got)
	}
}

func TestDecode(t *testing.T) {
	if n, ok := Int(float64(3)); !ok || n != 3 {
		t.Errorf("Int(3.0) = %d, %v", n, ok)
	}
	if f, ok := Float(int64(3)); !ok || f != 3 {
		t.Errorf("Float(int64 3) = %v, %v", f, ok)
	}
	if _, ok := Float("3"); ok {
		t.Error("a string decodes as a Float")
	}
	if _, ok := Bool(nil); ok {
		t.Error("an absent value decodes as a Boolean")
	}
	if got := Strings([]any{"a", int64(1), "b"}); !reflect.DeepEqual(got, []string{"a", "b"}) {
		t.Errorf("Strings = %v", got)
	}
}

func TestTruncate(t *testing.T) {
	if got := Truncate(strings.Repeat("a", 63) + "é"); got != strings.Repeat("a", 63)+"…" {
		t.Errorf("Truncate split a character: %q", got)
	}
	if got := Truncate("short"); got != "short" {
		t.Errorf("Truncate(short) = %q", got)
	}
}
