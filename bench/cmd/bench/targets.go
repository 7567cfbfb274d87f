package main

import (
	"fmt"
	"slices"
	"time"
)

// Targets of issue 18 point 5 (and 14 point 9 for the analytics).
const (
	targetThroughput = 4.0   // cold mix throughput, ours ÷ library, at least
	targetP99        = 0.25  // cold mix p99, ours ÷ library, at most
	targetP50Cypher  = 1.3   // p50 per query, ours ÷ raw Cypher, at most
	targetHotMix     = 1.5   // hot mix throughput, ours ÷ raw Cypher, at least
	targetRSSMB      = 150.0 // our peak RSS at scale 100, below
	targetLoad       = 3 * time.Minute
	targetAnalytic   = 2.0  // p50 per analytic query, ours ÷ raw Cypher, at most (issue 14)
	targetAnalyticMs = 20.0 // p50 per analytic query on the seed data set, at most (issue 14)
)

// ratios are the headline numbers of one run.
type ratios struct {
	throughput, p99  float64 // ours ÷ library on the cold mix; 0 when the library did not run
	hot              float64 // ours ÷ raw Cypher throughput on the hot mix; 0 when not measured
	worstP50         float64 // highest ours ÷ cypher p50 over the queries but the analytics
	worstQuery       string
	worstFloor       float64 // highest ours ÷ floor p50 over the same
	worstFloorQuery  string
	worstLib         float64 // highest ours ÷ library p50 over the queries both answer
	worstLibQuery    string
	worstAnalytic    float64 // ours ÷ cypher over the analytics
	worstAnalyticQ   string
	rssMB            float64
	load             time.Duration
	floorUnreachable []string // queries whose floor alone is above 1.3× raw Cypher
}

func (r *Result) ratios() ratios {
	var x ratios
	if o, ok := r.stat("ours", unitMix); ok {
		if l, ok := r.stat("library", unitMix); ok && l.Throughput > 0 && l.P99 > 0 {
			x.throughput, x.p99 = o.Throughput/l.Throughput, o.P99/l.P99
		}
	}
	if o, ok := r.stat("ours", unitHotMix); ok {
		if c, ok := r.stat("cypher", unitHotMix); ok && c.Throughput > 0 {
			x.hot = o.Throughput / c.Throughput
		}
	}
	worst := func(v float64, q string, at *float64, atQ *string) {
		if v > *at {
			*at, *atQ = v, q
		}
	}
	for _, q := range r.queries() {
		if q == unitMix || q == unitHotMix {
			continue
		}
		o, ok := r.stat("ours", q)
		if !ok || o.P50 <= 0 {
			continue
		}
		if c, ok := r.stat("cypher", q); ok && c.P50 > 0 {
			if r.analytic(q) {
				worst(o.P50/c.P50, q, &x.worstAnalytic, &x.worstAnalyticQ)
			} else {
				worst(o.P50/c.P50, q, &x.worstP50, &x.worstQuery)
			}
			if f, ok := r.stat("floor", q); ok && f.P50 > 0 {
				worst(o.P50/f.P50, q, &x.worstFloor, &x.worstFloorQuery)
				if f.P50/c.P50 > targetP50Cypher {
					x.floorUnreachable = append(x.floorUnreachable, q)
				}
			}
		}
		if l, ok := r.stat("library", q); ok && l.P50 > 0 {
			worst(o.P50/l.P50, q, &x.worstLib, &x.worstLibQuery)
		}
	}
	x.rssMB = r.PeakRSSMB["ours"]
	x.load, _ = loadDuration(r.Load)
	return x
}

// targetTable writes the targets of issue 18 point 5 with what this run measured.
func targetTable(w func(string, ...any), r *Result) {
	x := r.ratios()
	at100 := ""
	if r.Scale != 100 || r.Graph == "seed" {
		at100 = " (target at scale 100)"
	}
	w("## Targets (issue 18 point 5; the cold mix is the headline)\n\n| target | measured | |\n|---|---|---|\n")
	if x.throughput > 0 {
		w("| cold mix throughput ≥ %.0f× the library's | %.2f× | %s |\n", targetThroughput, x.throughput, mark(x.throughput >= targetThroughput))
		w("| cold mix p99 ≤ %.2f× the library's | %.2f× | %s |\n", targetP99, x.p99, mark(x.p99 <= targetP99))
	}
	if x.worstLibQuery != "" {
		w("| no query slower than the library (p50) | worst %.2f× (%s) | %s |\n", x.worstLib, x.worstLibQuery, mark(x.worstLib <= 1))
	}
	if x.worstQuery != "" {
		w("| p50 ≤ 1.3× raw Cypher, every query but the analytics | worst %.2f× (%s) | %s |\n", x.worstP50, x.worstQuery, mark(x.worstP50 <= targetP50Cypher))
	}
	if x.worstFloorQuery != "" {
		unreach := "none"
		if len(x.floorUnreachable) > 0 {
			unreach = fmt.Sprint(x.floorUnreachable)
		}
		w("| (the same against the floor: ours ÷ floor p50) | worst %.2f× (%s); queries whose floor alone is > 1.3× raw Cypher: %s | |\n", x.worstFloor, x.worstFloorQuery, unreach)
	}
	if x.hot > 0 {
		w("| hot mix throughput ≥ %.1f× raw Cypher's | %.2f× | %s |\n", targetHotMix, x.hot, mark(x.hot >= targetHotMix))
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
		w("| analytics: p50 ≤ 2× raw Cypher%s | worst %.2f× (%s) | %s |\n", at100, x.worstAnalytic, x.worstAnalyticQ, mark(x.worstAnalytic <= targetAnalytic))
	}
	w("| our peak RSS < 150 MB%s | %.0f MB | %s |\n", at100, x.rssMB, mark(x.rssMB < targetRSSMB))
	if x.load > 0 {
		w("| load < 3 min%s | %s | %s |\n", at100, x.load.Round(time.Second), mark(x.load < targetLoad))
	}
	w("\n")
}

// floorTable sets each query's raw Cypher, floor and our p50 side by side: the floor's
// overhead over raw Cypher is what HTTP + JSON cost at the least, so where floor ÷ raw
// is above 1.3 no API over HTTP can meet "p50 ≤ 1.3× raw Cypher" on this machine.
func floorTable(w func(string, ...any), r *Result) {
	if !slices.ContainsFunc(r.Stats, func(s Stats) bool { return s.System == "floor" }) {
		return
	}
	w("## The floor: HTTP + JSON over the same Cypher\n\n")
	w("`floor` is a minimal net/http server (a process of its own on loopback, like ours): it decodes a JSON body of Cypher parameters, runs the query's hand-written Cypher as the server's reads run (an auto-commit read over the Bolt client of `internal/bolt`; the Go driver for what it leaves to it), and encodes every record as JSON; the client decodes it. No GraphQL. Its answers were compared with the raw Cypher's rows (%d queries).\n\n", r.FloorCrossChecked)
	w("| query | raw Cypher p50 | floor p50 | floor ÷ raw | ours p50 | ours ÷ raw | ours ÷ floor | 1.3× raw reachable over HTTP? |\n|---|--:|--:|--:|--:|--:|--:|---|\n")
	for _, q := range r.queries() {
		if q == unitMix || q == unitHotMix {
			continue
		}
		c, ok1 := r.stat("cypher", q)
		f, ok2 := r.stat("floor", q)
		o, ok3 := r.stat("ours", q)
		if !ok1 || !ok2 || !ok3 || c.P50 <= 0 || f.P50 <= 0 {
			continue
		}
		reach := "yes"
		if f.P50/c.P50 > targetP50Cypher {
			reach = "no: the floor alone is above it"
		}
		w("| %s | %s | %s | %.2f× | %s | %.2f× | %.2f× | %s |\n", q, num(c.P50), num(f.P50), f.P50/c.P50, num(o.P50), o.P50/c.P50, o.P50/f.P50, reach)
	}
	w("\n")
}
