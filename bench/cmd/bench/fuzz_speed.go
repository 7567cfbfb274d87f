package main

import (
	"cmp"
	"context"
	"encoding/json"
	"fmt"
	"math"
	"slices"
	"time"
)

// Speed fuzzing (-fuzz N -fuzz-speed K): each query both systems answer alike is asked K
// more times of each, alternating (one warm answer each already came from the
// comparison), and the medians compared. Queries the harness has never seen are where a
// compiler's weak plans show; the slowest ratios are printed with their documents.

type fuzzSpeed struct {
	seed      uint64
	ours, lib time.Duration // median latency
	doc       string
	vars      map[string]any
}

func (s fuzzSpeed) ratio() float64 { return float64(s.ours) / float64(s.lib) }

func (s fuzzSpeed) slower() bool { return s.ours > s.lib+slowerMargin && s.ratio() > slowerRatio }

// fuzzTime asks each system k times, alternating, and returns the two medians (0 when
// an ask failed: the comparison had just answered, so that is the machine, not the query).
func fuzzTime(ctx context.Context, ours, lib *graphqlSystem, q *fuzzQuery, k int) (time.Duration, time.Duration) {
	ctx = context.WithValue(ctx, coldKey{}, true) // computed each time, not our response cache's
	var a, b []time.Duration
	ask := func(s *graphqlSystem, into *[]time.Duration) bool {
		start := time.Now()
		if fuzzAsk(ctx, s, q, nil).failure() != "" {
			return false
		}
		*into = append(*into, time.Since(start))
		return true
	}
	for i := 0; i < k; i++ {
		// Which system goes first alternates: a query's first ask may find colder caches.
		first, second, fa, fb := ours, lib, &a, &b
		if i%2 == 1 {
			first, second, fa, fb = lib, ours, &b, &a
		}
		if !ask(first, fa) || !ask(second, fb) {
			return 0, 0
		}
	}
	slices.Sort(a)
	slices.Sort(b)
	return percentile(a, 0.5), percentile(b, 0.5)
}

// A median counts as slower than the library's only beyond both margins: below a
// millisecond the two HTTP stacks decide, and within a tenth the machine's noise
// (5 asks of a 70-ms query vary by more), not the plan.
const (
	slowerMargin = time.Millisecond
	slowerRatio  = 1.1
)

// printFuzzSpeed reports the ratios: their spread, the queries slower than the library,
// and the slowest ones with their documents.
func printFuzzSpeed(speeds []fuzzSpeed, k int) {
	if len(speeds) == 0 {
		return
	}
	slices.SortFunc(speeds, func(x, y fuzzSpeed) int { return cmp.Compare(y.ratio(), x.ratio()) })
	logSum, slower := 0.0, 0
	for _, s := range speeds {
		logSum += math.Log(s.ratio())
		if s.slower() {
			slower++
		}
	}
	q := func(p float64) float64 { return speeds[int(p*float64(len(speeds)-1))].ratio() }
	fmt.Printf("## Speed: ours ÷ the library (median of %d asks each, alternating)\n\n", k)
	fmt.Printf("%d queries timed: geometric mean %.2f×, median %.2f×, 90th percentile %.2f×, worst %.2f×; slower than the library by more than %s and %.0f %%: %d.\n\n",
		len(speeds), math.Exp(logSum/float64(len(speeds))), q(0.5), q(0.1), speeds[0].ratio(), slowerMargin, (slowerRatio-1)*100, slower)
	fmt.Printf("| seed | ours ms | library ms | ÷ |\n|--:|--:|--:|--:|\n")
	for _, s := range speeds[:min(20, len(speeds))] {
		fmt.Printf("| %d | %.2f | %.2f | %.2f× |\n", s.seed, ms(s.ours), ms(s.lib), s.ratio())
	}
	fmt.Println()
	for _, s := range speeds[:min(5, len(speeds))] {
		if s.ratio() <= 1 {
			break
		}
		vj, _ := json.Marshal(s.vars)
		fmt.Printf("Seed %d (%.2f×):\n\n```graphql\n%s```\nvariables: `%s`\n\n", s.seed, s.ratio(), s.doc, vj)
	}
}
