package main

import (
	"fmt"
	"regexp"
	"slices"
	"sort"
	"strings"
	"time"
)

func (r *Result) analytic(q string) bool {
	for _, a := range r.Analytics {
		if a == q {
			return true
		}
	}
	return false
}

func (r *Result) stat(system, query string) (Stats, bool) {
	for _, s := range r.Stats {
		if s.System == system && s.Query == query {
			return s, true
		}
	}
	return Stats{}, false
}

func (r *Result) queries() []string {
	var qs []string
	seen := map[string]bool{}
	for _, s := range r.Stats {
		if !seen[s.Query] {
			seen[s.Query] = true
			qs = append(qs, s.Query)
		}
	}
	return qs
}

func mark(ok bool) string {
	if ok {
		return "✅"
	}
	return "❌"
}

func num(v float64) string {
	switch {
	case v < 0:
		return "–"
	case v >= 100:
		return fmt.Sprintf("%.0f", v)
	case v >= 10:
		return fmt.Sprintf("%.1f", v)
	}
	return fmt.Sprintf("%.2f", v)
}

// loadDuration parses the generator's line "… in 2m3.4s: …".
func loadDuration(line string) (time.Duration, bool) {
	m := regexp.MustCompile(` in ([0-9hms.µ]+): `).FindStringSubmatch(line)
	if m == nil {
		return 0, false
	}
	d, err := time.ParseDuration(m[1])
	return d, err == nil
}

func markdown(r *Result) string {
	var b strings.Builder
	w := func(format string, args ...any) { fmt.Fprintf(&b, format, args...) }
	if r.Graph == "seed" {
		w("# Benchmark on the seed data set (%d nodes, %d relationships): the analytics\n\n", r.Nodes, r.Relationships)
	} else {
		w("# Benchmark at scale %d (%d nodes, %d relationships)\n\n", r.Scale, r.Nodes, r.Relationships)
	}
	w("Started %s. Systems: %s, on one Neo4j with the same data; concurrency %d (closed loop), %d rounds of %.1f s per cell, cells interleaved (systems in rotating order within each round). Generator seed %d.\n\n",
		r.Started, strings.Join(r.Systems, ", "), r.Concurrency, r.Rounds, r.CellSeconds, r.Seed)
	if r.LibrarySkipped != "" {
		w("**The Neo4j GraphQL Library did not run**: %s.\n\n", r.LibrarySkipped)
	}
	w("Load: `%s`\n\n", r.Load)

	if r.Commit != "" {
		w("Code measured: `%s`.\n\n", r.Commit)
	}
	targetTable(w, r)
	w("## Per query\n\n")
	w("Latencies in ms; RT = Cypher round trips per request (ours: `extensions.cypherRoundTrips`; library: statements counted in its driver; raw Cypher: 1); CPU = server CPU ms per request (ours: the `mineralgraph serve` process; library: the Node process); Neo4j = Neo4j CPU ms per request; RSS = the server's highest RSS during the cell; rep. = the share of requests whose variables that system had been sent before in the run (what a response cache keyed on them could answer: 100 %% on the hot mix).\n\n")
	w("| query | system | req/s | p50 | p90 | p99 | RT | CPU ms/req | Neo4j ms/req | RSS MB | rep. %% | errors | ours p50 ÷ |\n|---|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|---|\n")
	for _, q := range r.queries() {
		for _, sys := range systemOrder {
			s, ok := r.stat(sys, q)
			if !ok {
				continue
			}
			rel := ""
			if sys != "ours" {
				if o, ok := r.stat("ours", q); ok && s.P50 > 0 {
					rel = fmt.Sprintf("%.2f×", o.P50/s.P50)
				}
			}
			cpu, rss := num(s.ServerCPUms), num(s.PeakRSSMB)
			if sys == "cypher" {
				cpu, rss = "–", "–"
			}
			w("| %s | %s | %.0f | %s | %s | %s | %s | %s | %s | %s | %.0f | %d | %s |\n",
				q, sys, s.Throughput, num(s.P50), num(s.P90), num(s.P99), num(s.RoundTrips), cpu, num(s.Neo4jCPUms), rss, s.RepeatPct, s.Errors, rel)
		}
		if _, ok := r.stat("library", q); !ok && r.LibrarySkipped == "" && slices.Contains(r.Systems, "library") && q != unitMix && q != unitHotMix {
			w("| %s | library | n/a | | | | | | | | | | no such root field |\n", q)
		}
	}
	w("\n`mix` (cold, the headline) = the %d queries both GraphQL systems answer, each client walking them round-robin, each request asking its query with the next variables of the query's pool (below), so a response cache keyed on the document and its variables cannot answer it from an earlier request until the pool is used up (`rep.` says how often that happened). `mix-hot` = the same documents with the same (canonical) variables every time: what a response cache can answer. Search, paths and neighborhood exist only in this API and are compared with raw Cypher only; the single-query cells are cold too.\n\n", countCommon(r))
	poolTable(w, r)
	slowestTable(w, r)
	tailTable(w, r)
	floorTable(w, r)

	w("## Cross-check with the Neo4j GraphQL Library\n\n")
	switch {
	case r.CrossChecked == 0:
		w("Not run (the library did not run).\n\n")
	case len(r.Mismatches) == 0:
		w("All %d queries both answer gave the same answers (lists sorted, numbers normalised, cursors left out).\n\n", r.CrossChecked)
	default:
		w("%d mismatches over %d queries:\n\n", len(r.Mismatches), r.CrossChecked)
		for _, m := range r.Mismatches {
			w("- `%s`: %s\n", m.Query, strings.ReplaceAll(m.Detail, "\n", " "))
		}
		w("\n")
	}
	if r.CypherCrossChecked > 0 {
		w("The analytics' raw Cypher answers in the shape of the GraphQL data; this API's answers to them were compared with it (numbers to 9 significant digits): %d queries, mismatches listed above (`vs raw Cypher`) if any.\n\n", r.CypherCrossChecked)
	}
	planTable(w, r.Plans)
	w("## Peak RSS over the run (VmHWM)\n\n| process | MB |\n|---|--:|\n")
	for _, k := range sortedKeys(r.PeakRSSMB) {
		w("| %s | %.0f |\n", k, r.PeakRSSMB[k])
	}
	w("\n## Machine\n\n| | |\n|---|---|\n")
	for _, k := range sortedKeys(r.Machine) {
		w("| %s | %s |\n", k, strings.ReplaceAll(r.Machine[k], "\n", "<br>"))
	}
	return b.String()
}

func countCommon(r *Result) int {
	n := 0
	for _, q := range r.queries() {
		if _, ok := r.stat("library", q); ok && q != unitMix && q != unitHotMix {
			n++
		}
	}
	if n == 0 {
		for _, q := range r.queries() {
			if !strings.HasPrefix(q, "1") && q != unitMix && q != unitHotMix {
				n++
			}
		}
	}
	return n
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// planTable writes the PROFILE comparison: total db hits and rows of our statements
// beside the raw Cypher's, query by query.
func planTable(w func(string, ...any), plans []Plan) {
	if len(plans) == 0 {
		return
	}
	w("## Plans (PROFILE: database hits and rows, deterministic)\n\n")
	w("Each query once under PROFILE: the statements this API sends for it (recorded in process, the same resolvers and store as the server) and the hand-written Cypher. Database hits do not depend on the machine's load or the page cache. Rows: records the statements return (ours answers a whole selection in one row).\n\n")
	w("| query | our statements | our db hits | raw Cypher db hits | ours ÷ raw | our rows | raw rows | our costliest operators | raw costliest operators |\n|---|--:|--:|--:|--:|--:|--:|---|---|\n")
	for _, p := range plans {
		if p.Error != "" {
			w("| %s | | | | | | | %s | |\n", p.Query, strings.ReplaceAll(p.Error, "|", "/"))
			continue
		}
		ratio := "–"
		if p.CypherDBHits > 0 {
			ratio = fmt.Sprintf("%.2f×", float64(p.OursDBHits)/float64(p.CypherDBHits))
		}
		w("| %s | %d | %d | %d | %s | %d | %d | %s | %s |\n", p.Query, p.Statements, p.OursDBHits, p.CypherDBHits, ratio,
			p.OursRows, p.CypherRows, strings.Join(p.OursOperators, ", "), strings.Join(p.CypherOperator, ", "))
	}
	w("\n")
}

// systemOrder is the order of the systems in tables and the plot.
var systemOrder = []string{"ours", "ours-b", "cypher", "floor", "library"}

// poolTable says how many sets of variables each query's cold requests draw from.
func poolTable(w func(string, ...any), r *Result) {
	if len(r.Pools) == 0 {
		return
	}
	w("Cold variables per query (the canonical ones and the others of the same kind drawn from the graph: the anchor's degree, or the rows the prefix matches, within 4× of the canonical's; the analytics' limit or threshold varies where the computation does not depend on it):\n\n| query | sets |\n|---|--:|\n")
	for _, q := range sortedKeys(r.Pools) {
		w("| %s | %d |\n", q, r.Pools[q])
	}
	w("\n")
}

// slowestTable lists, per query, this API's slowest request beside raw Cypher's: with
// variables drawn from the graph, a query that is slow for some arguments only shows here.
func slowestTable(w func(string, ...any), r *Result) {
	if len(r.Pools) == 0 {
		return
	}
	w("Slowest request of each cell (ms: its variables), this API and raw Cypher:\n\n| query | ours | raw Cypher |\n|---|---|---|\n")
	for _, q := range r.queries() {
		o, ok := r.stat("ours", q)
		if !ok {
			continue
		}
		c, _ := r.stat("cypher", q)
		w("| %s | %s | %s |\n", q, o.Slowest, c.Slowest)
	}
	w("\n")
}

// tailTable says which queries the cold mix's slowest 1 % are, system by system: the
// share of each query among the requests at or above the mix's p99, and the query's own
// p99 within the mix.
func tailTable(w func(string, ...any), r *Result) {
	var systems []string
	var mixes []Stats
	for _, sys := range systemOrder {
		if s, ok := r.stat(sys, unitMix); ok && len(s.Tail) > 0 {
			systems, mixes = append(systems, sys), append(mixes, s)
		}
	}
	if len(systems) == 0 {
		return
	}
	w("The cold mix's tail: each query's share of the requests at or above the mix's p99 (its slowest 1 %%), and the query's own p50 / p99 within the mix (ms):\n\n| query |")
	for _, sys := range systems {
		w(" %s: share of the slowest 1 %% | %s: p50 / p99 |", sys, sys)
	}
	w("\n|---|")
	for range systems {
		w("--:|--:|")
	}
	w("\n")
	for _, t := range mixes[0].Tail {
		w("| %s |", t.Query)
		for _, s := range mixes {
			tail := 0
			for _, u := range s.Tail {
				tail += u.InTail
			}
			cells := " | |"
			for _, u := range s.Tail {
				if u.Query == t.Query && tail > 0 {
					cells = fmt.Sprintf(" %.0f %% | %s / %s |", 100*float64(u.InTail)/float64(tail), num(u.P50), num(u.P99))
				}
			}
			w("%s", cells)
		}
		w("\n")
	}
	w("\n")
}
