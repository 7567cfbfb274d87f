// Command testsummary reads `go test -json` on stdin and prints what a plain `go test`
// would (each package's result line, the output of failing tests), then the slowest
// tests and packages, the time tests spent waiting for and preparing their test
// databases (storetest's log lines), and one summary line. It exits 1 when a test or package failed, or when the
// stream holds no test at all, and says so: a -run that matches nothing (a typo, a
// renamed test) tested nothing and must not look green, as it would with go test alone.
//
//	go test -json ./... | testsummary [FLAGS]   (FLAGS: the run's go test flags, for that message)
package main

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"time"
)

// event is one line of `go test -json` (cmd/test2json).
type event struct {
	Action  string
	Package string
	Test    string
	Elapsed float64
	Output  string
}

type counts struct{ run, passed, failed, skipped int }

func (c *counts) add(action string) {
	c.run++
	switch action {
	case "pass":
		c.passed++
	case "fail":
		c.failed++
	case "skip":
		c.skipped++
	}
}

type timed struct {
	name    string
	elapsed float64
}

// dbTime is what storetest logs for each test that took a test database.
var dbTime = regexp.MustCompile(`storetest: (\w+): waited ([0-9.]+)s, prepared ([0-9.]+)s`)

// waits totals those lines by kind of database (writers, fixture).
type waits map[string]*struct {
	tests            int
	waited, prepared float64
}

func (w waits) add(line string) {
	m := dbTime.FindStringSubmatch(line)
	if m == nil {
		return
	}
	waited, _ := strconv.ParseFloat(m[2], 64)
	prepared, _ := strconv.ParseFloat(m[3], 64)
	if w[m[1]] == nil {
		w[m[1]] = &struct {
			tests            int
			waited, prepared float64
		}{}
	}
	w[m[1]].tests++
	w[m[1]].waited += waited
	w[m[1]].prepared += prepared
}

// slowest sorts ts by time, slowest first, and keeps n.
func slowest(ts []timed, n int) []timed {
	sort.Slice(ts, func(i, j int) bool { return ts[i].elapsed > ts[j].elapsed })
	return ts[:min(n, len(ts))]
}

func main() {
	flags := ""
	if len(os.Args) > 1 {
		flags = os.Args[1]
	}
	ok, err := summarize(os.Stdin, os.Stdout, time.Now(), flags)
	if err != nil {
		fmt.Fprintln(os.Stderr, "testsummary:", err)
		os.Exit(2)
	}
	if !ok {
		os.Exit(1)
	}
}

func summarize(in io.Reader, out io.Writer, start time.Time, flags string) (bool, error) {
	var tests, subtests, packages counts
	var slowTests, slowPackages []timed
	dbWaits := waits{}
	output := map[string][]string{} // package + test → its output so far
	sc := bufio.NewScanner(in)
	sc.Buffer(make([]byte, 1<<20), 16<<20)
	for sc.Scan() {
		line := sc.Bytes()
		var e event
		if len(line) == 0 || line[0] != '{' || json.Unmarshal(line, &e) != nil {
			fmt.Fprintf(out, "%s\n", line) // build errors and the like come as plain text
			continue
		}
		key := e.Package + " " + e.Test
		switch e.Action {
		case "output":
			if e.Test == "" {
				// A package's own lines: its result, a timeout panic, a build failure.
				if !strings.HasPrefix(e.Output, "PASS") && !strings.HasPrefix(e.Output, "=== ") {
					fmt.Fprint(out, e.Output)
				}
				continue
			}
			output[key] = append(output[key], e.Output)
			dbWaits.add(e.Output)
		case "pass", "fail", "skip":
			switch {
			case e.Test == "":
				packages.add(e.Action)
				slowPackages = append(slowPackages, timed{e.Package, e.Elapsed})
			case strings.Contains(e.Test, "/"):
				subtests.add(e.Action)
			default:
				tests.add(e.Action)
				slowTests = append(slowTests, timed{e.Package + " " + e.Test, e.Elapsed})
			}
			if e.Action == "fail" && e.Test != "" {
				fmt.Fprint(out, strings.Join(output[key], ""))
			}
			delete(output, key)
		}
	}
	if err := sc.Err(); err != nil {
		return false, err
	}
	// Tests still running when the stream ended (a timeout, a crash): show what they said.
	for key, lines := range output {
		fmt.Fprintf(out, "--- unfinished: %s\n%s", key, strings.Join(lines, ""))
	}
	for _, s := range slowest(slowTests, 5) {
		fmt.Fprintf(out, "slow: %6.1fs %s\n", s.elapsed, s.name)
	}
	for _, s := range slowest(slowPackages, 3) {
		fmt.Fprintf(out, "slow package: %6.1fs %s\n", s.elapsed, s.name)
	}
	for _, kind := range []string{"writers", "fixture"} {
		if w := dbWaits[kind]; w != nil {
			fmt.Fprintf(out, "test databases (%s): %d tests waited %.0fs for them in all, %.0fs preparing them\n", kind, w.tests, w.waited, w.prepared)
		}
	}
	fmt.Fprintf(out, "go test: %d tests (%d with subtests) in %d packages: %d passed, %d failed, %d skipped (%d subtests skipped); %d packages failed; %s\n",
		tests.run, tests.run+subtests.run, packages.run, tests.passed+subtests.passed, tests.failed+subtests.failed,
		tests.skipped, subtests.skipped, packages.failed, time.Since(start).Round(time.Second))
	if tests.run == 0 && packages.failed == 0 {
		fmt.Fprintf(out, "go test: no test ran%s: nothing was tested, so this run fails\n", matching(flags))
	}
	return tests.run > 0 && tests.failed+subtests.failed+packages.failed == 0 && len(output) == 0, nil
}

// matching names the flags that selected no test, when the run had any.
func matching(flags string) string {
	if strings.TrimSpace(flags) == "" {
		return ""
	}
	return fmt.Sprintf(" (no test matches %s)", strings.TrimSpace(flags))
}
