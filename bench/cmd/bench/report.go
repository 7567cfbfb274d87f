package main

import (
	"encoding/json"
	"fmt"
	"image/color"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"sort"
	"strings"
	"time"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// Targets of issue 7.
const (
	targetThroughput = 2.0   // mix throughput, ours ÷ library, at least
	targetP99        = 0.5   // mix p99, ours ÷ library, at most
	targetP50Cypher  = 1.3   // p50 per query, ours ÷ raw Cypher, at most
	targetRSSMB      = 150.0 // our peak RSS at scale 100, below
	targetLoad       = 5 * time.Minute
	targetAnalytic   = 2.0  // p50 per analytic query, ours ÷ raw Cypher, at most (issue 14)
	targetAnalyticMs = 20.0 // p50 per analytic query on the seed data set, at most (issue 14)
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

// ratios are the headline numbers of one run.
type ratios struct {
	throughput, p99 float64 // ours ÷ library on the mix; 0 when the library did not run
	worstP50        float64 // highest ours ÷ cypher p50 over the queries but the analytics
	worstQuery      string
	worstAnalytic   float64 // the same over the analytics
	worstAnalyticQ  string
	rssMB           float64
	load            time.Duration
}

func (r *Result) ratios() ratios {
	var x ratios
	if o, ok := r.stat("ours", "mix"); ok {
		if l, ok := r.stat("library", "mix"); ok && l.Throughput > 0 && l.P99 > 0 {
			x.throughput, x.p99 = o.Throughput/l.Throughput, o.P99/l.P99
		}
	}
	for _, q := range r.queries() {
		if q == "mix" {
			continue
		}
		o, ok1 := r.stat("ours", q)
		c, ok2 := r.stat("cypher", q)
		if ok1 && ok2 && c.P50 > 0 {
			v := o.P50 / c.P50
			if r.analytic(q) {
				if v > x.worstAnalytic {
					x.worstAnalytic, x.worstAnalyticQ = v, q
				}
			} else if v > x.worstP50 {
				x.worstP50, x.worstQuery = v, q
			}
		}
	}
	x.rssMB = r.PeakRSSMB["ours"]
	x.load, _ = loadDuration(r.Load)
	return x
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

	x := r.ratios()
	w("## Targets\n\n| target | measured | |\n|---|---|---|\n")
	if x.throughput > 0 {
		w("| mix throughput ≥ 2× the library's | %.2f× | %s |\n", x.throughput, mark(x.throughput >= targetThroughput))
		w("| mix p99 ≤ ½ the library's | %.2f× | %s |\n", x.p99, mark(x.p99 <= targetP99))
	}
	if x.worstQuery != "" {
		w("| p50 ≤ 1.3× raw Cypher, every query but the analytics | worst %.2f× (%s) | %s |\n", x.worstP50, x.worstQuery, mark(x.worstP50 <= targetP50Cypher))
	}
	if r.Graph == "seed" {
		worst, which := 0.0, ""
		for _, q := range r.Analytics {
			if o, ok := r.stat("ours", q); ok && o.P50 > worst {
				worst, which = o.P50, q
			}
		}
		if which != "" {
			w("| analytics: p50 ≤ %.0f ms on the seed data set | worst %s ms (%s) | %s |\n", targetAnalyticMs, num(worst), which, mark(worst <= targetAnalyticMs))
		}
	}
	if x.worstAnalyticQ != "" {
		w("| analytics: p50 ≤ 2× raw Cypher (target at scale 100) | worst %.2f× (%s) | %s |\n", x.worstAnalytic, x.worstAnalyticQ, mark(x.worstAnalytic <= targetAnalytic))
	}
	w("| our peak RSS < 150 MB (target at scale 100) | %.0f MB | %s |\n", x.rssMB, mark(x.rssMB < targetRSSMB))
	if x.load > 0 {
		w("| load < 5 min (target at scale 100) | %s | %s |\n", x.load.Round(time.Second), mark(x.load < targetLoad))
	}
	w("\n")

	w("## Per query\n\n")
	w("Latencies in ms; RT = Cypher round trips per request (ours: `extensions.cypherRoundTrips`; library: statements counted in its driver; raw Cypher: 1); CPU = server CPU ms per request (ours: the `mineralgraph serve` process; library: the Node process); Neo4j = Neo4j CPU ms per request; RSS = the server's highest RSS during the cell.\n\n")
	w("| query | system | req/s | p50 | p90 | p99 | RT | CPU ms/req | Neo4j ms/req | RSS MB | errors | ours p50 ÷ |\n|---|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|---|\n")
	for _, q := range r.queries() {
		for _, sys := range []string{"ours", "cypher", "library"} {
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
			w("| %s | %s | %.0f | %s | %s | %s | %s | %s | %s | %s | %d | %s |\n",
				q, sys, s.Throughput, num(s.P50), num(s.P90), num(s.P99), num(s.RoundTrips), cpu, num(s.Neo4jCPUms), rss, s.Errors, rel)
		}
		if _, ok := r.stat("library", q); !ok && r.LibrarySkipped == "" && slices.Contains(r.Systems, "library") && q != "mix" {
			w("| %s | library | n/a | | | | | | | | | no such root field |\n", q)
		}
	}
	w("\n`mix` = the %d queries both GraphQL systems answer, each client walking them round-robin; search, paths and neighborhood exist only in this API and are compared with raw Cypher only.\n\n", countCommon(r))

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
		if _, ok := r.stat("library", q); ok && q != "mix" {
			n++
		}
	}
	if n == 0 {
		for _, q := range r.queries() {
			if !strings.HasPrefix(q, "1") && q != "mix" {
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

// summarise reads every scale-N.json of dir, writes summary.md (ratios and p50 per
// query across scales) and latency-vs-scale.png.
func summarise(dir string) error {
	files, _ := filepath.Glob(filepath.Join(dir, "scale-*.json"))
	var results []*Result
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			return err
		}
		var r Result
		if err := json.Unmarshal(b, &r); err != nil {
			return fmt.Errorf("%s: %w", f, err)
		}
		results = append(results, &r)
	}
	sort.Slice(results, func(i, j int) bool { return results[i].Scale < results[j].Scale })
	if len(results) == 0 {
		return nil
	}
	var b strings.Builder
	w := func(format string, args ...any) { fmt.Fprintf(&b, format, args...) }
	w("# Benchmark summary\n\nGenerated by `go run ./bench/cmd/bench` from the scale-N.json files beside this one; see scale-N.md for every number and the machine.\n\n")
	w("| scale | nodes | relationships | load | mix req/s ours / library / Cypher | ours ÷ library throughput (≥ 2) | mix p99 ours / library ms | ours ÷ library p99 (≤ 0.5) | worst ours ÷ Cypher p50 (≤ 1.3) | our peak RSS MB |\n|--:|--:|--:|---|---|--:|---|--:|---|--:|\n")
	for _, r := range results {
		x := r.ratios()
		o, _ := r.stat("ours", "mix")
		l, _ := r.stat("library", "mix")
		c, _ := r.stat("cypher", "mix")
		load := "–"
		if x.load > 0 {
			load = x.load.Round(time.Second).String()
		} else if strings.HasPrefix(r.Load, "reused") {
			if d, ok := loadDuration(r.Load); ok {
				load = d.Round(time.Second).String()
			}
		}
		w("| %d | %d | %d | %s | %.0f / %.0f / %.0f | %.2f× | %s / %s | %.2f× | %.2f× (%s) | %.0f |\n",
			r.Scale, r.Nodes, r.Relationships, load, o.Throughput, l.Throughput, c.Throughput, x.throughput,
			num(o.P99), num(l.P99), x.p99, x.worstP50, x.worstQuery, x.rssMB)
	}
	w("\n## p50 latency (ms) per query and scale: ours / raw Cypher / library\n\n| query |")
	for _, r := range results {
		w(" scale %d |", r.Scale)
	}
	w("\n|---|")
	for range results {
		w("---|")
	}
	w("\n")
	for _, q := range results[len(results)-1].queries() {
		w("| %s |", q)
		for _, r := range results {
			o, _ := r.stat("ours", q)
			c, _ := r.stat("cypher", q)
			l, ok := r.stat("library", q)
			lib := "–"
			if ok {
				lib = num(l.P50)
			}
			w(" %s / %s / %s |", num(o.P50), num(c.P50), lib)
		}
		w("\n")
	}
	w("\n![latency vs scale](latency-vs-scale.png)\n")
	if err := os.WriteFile(filepath.Join(dir, "summary.md"), []byte(b.String()), 0o644); err != nil {
		return err
	}
	return plotLatency(results, filepath.Join(dir, "latency-vs-scale.png"))
}

// plotLatency draws the mix's p50 (solid) and p99 (dashed) per system against the scale,
// both axes logarithmic, with gonum/plot (pure Go: no Python or system libraries needed
// on CI, and it writes PNG directly).
func plotLatency(results []*Result, path string) error {
	p := plot.New()
	p.Title.Text = "Query mix latency vs graph size"
	p.X.Label.Text = "scale (×10,000 nodes)"
	p.Y.Label.Text = "latency (ms)"
	p.X.Scale, p.Y.Scale = plot.LogScale{}, plot.LogScale{}
	p.X.Tick.Marker, p.Y.Tick.Marker = plot.LogTicks{Prec: -1}, plot.LogTicks{Prec: -1}
	p.Legend.Top, p.Legend.Left = true, true
	colours := map[string]color.RGBA{
		"ours":    {R: 0x1f, G: 0x77, B: 0xb4, A: 0xff},
		"cypher":  {R: 0x2c, G: 0xa0, B: 0x2c, A: 0xff},
		"library": {R: 0xd6, G: 0x27, B: 0x28, A: 0xff},
	}
	labels := map[string]string{"ours": "this API", "cypher": "raw Cypher", "library": "@neo4j/graphql"}
	for _, sys := range []string{"ours", "cypher", "library"} {
		for _, pct := range []string{"p50", "p99"} {
			var pts plotter.XYs
			for _, r := range results {
				s, ok := r.stat(sys, "mix")
				if !ok || s.Requests == 0 {
					continue
				}
				v := s.P50
				if pct == "p99" {
					v = s.P99
				}
				pts = append(pts, plotter.XY{X: float64(r.Scale), Y: max(v, 0.01)})
			}
			if len(pts) == 0 {
				continue
			}
			line, points, err := plotter.NewLinePoints(pts)
			if err != nil {
				return err
			}
			line.Color, points.Color = colours[sys], colours[sys]
			line.Width = vg.Points(1.5)
			if pct == "p99" {
				line.Dashes = []vg.Length{vg.Points(5), vg.Points(3)}
				points.Shape = draw.TriangleGlyph{}
			}
			p.Add(line, points)
			p.Legend.Add(labels[sys]+" "+pct, line, points)
		}
	}
	// Log axes need a range: pad it so that a single scale (the smoke run) still draws.
	lo, hi := float64(results[0].Scale), float64(results[len(results)-1].Scale)
	p.X.Min, p.X.Max = lo/2, hi*2
	if p.Y.Min <= 0 || p.Y.Min == p.Y.Max {
		p.Y.Min, p.Y.Max = 0.1, 10000
	} else {
		p.Y.Min, p.Y.Max = p.Y.Min/2, p.Y.Max*2
	}
	return p.Save(7*vg.Inch, 4.5*vg.Inch, path)
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
