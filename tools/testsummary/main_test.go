package main

import (
	"strings"
	"testing"
	"time"
)

func TestSummarize(t *testing.T) {
	const (
		run      = `{"Action":"run","Package":"p","Test":"TestA"}` + "\n"
		said     = `{"Action":"output","Package":"p","Test":"TestA","Output":"a says hello\n"}` + "\n"
		passA    = `{"Action":"pass","Package":"p","Test":"TestA","Elapsed":1.5}` + "\n"
		failA    = `{"Action":"fail","Package":"p","Test":"TestA","Elapsed":1.5}` + "\n"
		skipSub  = `{"Action":"skip","Package":"p","Test":"TestA/sub","Elapsed":0}` + "\n"
		okLine   = `{"Action":"output","Package":"p","Output":"ok  \tp\t1.6s\n"}` + "\n"
		passP    = `{"Action":"pass","Package":"p","Elapsed":1.6}` + "\n"
		failP    = `{"Action":"fail","Package":"p","Elapsed":1.6}` + "\n"
		timedOut = `{"Action":"output","Package":"p","Output":"panic: test timed out after 25m0s\n"}` + "\n"
	)
	for _, tc := range []struct {
		name, in string
		ok       bool
		says     []string
		hides    string
	}{
		{"pass", run + said + skipSub + passA + okLine + passP, true,
			[]string{"ok  \tp", "go test: 1 tests (2 with subtests) in 1 packages: 1 passed, 0 failed, 0 skipped (1 subtests skipped)"}, "a says hello"},
		{"a failing test shows its output", run + said + failA + failP, false, []string{"a says hello", "1 failed"}, ""},
		{"a timeout shows the unfinished test", run + said + timedOut + failP, false, []string{"panic: test timed out", "unfinished: p TestA", "a says hello"}, ""},
		{"no tests at all is no pass", passP, false, []string{"go test: 0 tests", "go test: no test ran: nothing was tested"}, ""},
		{"a build failure in plain text", "# p\nx.go:1: syntax error\n" + failP, false, []string{"x.go:1: syntax error"}, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var out strings.Builder
			ok, err := summarize(strings.NewReader(tc.in), &out, time.Now(), "")
			if err != nil || ok != tc.ok {
				t.Errorf("ok=%v err=%v, want ok=%v", ok, err, tc.ok)
			}
			for _, s := range tc.says {
				if !strings.Contains(out.String(), s) {
					t.Errorf("output lacks %q:\n%s", s, out.String())
				}
			}
			if tc.hides != "" && strings.Contains(out.String(), tc.hides) {
				t.Errorf("output of a passing test shown:\n%s", out.String())
			}
		})
	}
}

// A -run that matches no test: every package passes with nothing to run; the run fails
// and names the flags.
func TestSummarizeNoTestMatched(t *testing.T) {
	const in = `{"Action":"output","Package":"p","Output":"testing: warning: no tests to run\n"}` + "\n" +
		`{"Action":"output","Package":"p","Output":"ok  \tp\t0.1s [no tests to run]\n"}` + "\n" +
		`{"Action":"pass","Package":"p","Elapsed":0.1}` + "\n"
	var out strings.Builder
	ok, err := summarize(strings.NewReader(in), &out, time.Now(), "-run TestNope ")
	if err != nil || ok {
		t.Errorf("ok=%v err=%v, want a failure", ok, err)
	}
	if want := "go test: no test ran (no test matches -run TestNope): nothing was tested"; !strings.Contains(out.String(), want) {
		t.Errorf("output lacks %q:\n%s", want, out.String())
	}
}

// storetest's lines are totalled per kind of database; the slowest package is named.
func TestSummarizeDatabaseWaits(t *testing.T) {
	const in = `{"Action":"output","Package":"p","Test":"TestA","Output":"    x_test.go:9: storetest: writers: waited 1.500s, prepared 0.250s\n"}` + "\n" +
		`{"Action":"pass","Package":"p","Test":"TestA","Elapsed":2}` + "\n" +
		`{"Action":"output","Package":"p","Test":"TestB","Output":"    x_test.go:9: storetest: writers: waited 2.000s, prepared 0.750s\n"}` + "\n" +
		`{"Action":"output","Package":"p","Test":"TestB","Output":"    x_test.go:9: storetest: fixture: waited 0.000s, prepared 30.000s\n"}` + "\n" +
		`{"Action":"pass","Package":"p","Test":"TestB","Elapsed":33}` + "\n" +
		`{"Action":"pass","Package":"p","Elapsed":35.5}` + "\n"
	var out strings.Builder
	if ok, err := summarize(strings.NewReader(in), &out, time.Now(), ""); !ok || err != nil {
		t.Fatalf("ok=%v err=%v:\n%s", ok, err, out.String())
	}
	for _, want := range []string{
		"slow package:   35.5s p\n",
		"test databases (writers): 2 tests waited 4s for them in all, 1s preparing them\n",
		"test databases (fixture): 1 tests waited 0s for them in all, 30s preparing them\n",
	} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("output lacks %q:\n%s", want, out.String())
		}
	}
}
