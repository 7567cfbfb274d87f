package main

import (
	"context"
	"fmt"
	"os"
	"slices"
	"strconv"
	"strings"
	"time"
)

// The units a run measures besides each query alone: the cold mix (the headline: every
// request asks its query with the next variables of the query's pool) and the hot mix
// (the same documents with the same variables again and again, what a response cache
// can answer).
const (
	unitMix    = "mix"
	unitHotMix = "mix-hot"
)

// runs reports whether system sys runs query q: the library has no such root field for
// this API's own queries, and the floor leaves out the analytics (seconds of database
// work each, where HTTP and JSON do not matter).
func runs(sys string, q *Query) bool {
	switch sys {
	case "library":
		return !q.OursOnly
	case "floor":
		return !q.Analytic
	}
	return true
}

// warmUp sends every system each of its queries o.warmup times (cold variants), or for at
// most o.warmupTime per query, whichever comes first: at scale 100 an analytic request
// takes seconds.
func warmUp(ctx context.Context, o options, systems []system, queries []Query, seq *sequence) {
	logf("warming up (%d requests or %s per system and query)", o.warmup, o.warmupTime)
	for _, s := range systems {
		for i := range queries {
			q := &queries[i]
			if !runs(s.name(), q) {
				continue
			}
			stop := time.Now().Add(o.warmupTime)
			for range o.warmup {
				v, _ := seq.pick(s.name(), q, false)
				if _, err := s.do(ctx, q, v); err != nil {
					logf("warm-up: %s on %s: %v", s.name(), q.Name, err)
					break
				}
				if time.Now().After(stop) {
					break
				}
			}
		}
	}
}

// measure runs the rounds: every cell once per round; the order of systems rotates from
// round to round, and within a round each unit runs on all systems back to back, so slow
// drift of the machine hits all systems alike. It returns the cells' statistics, units
// in order, and the mix's queries.
func measure(ctx context.Context, o options, systems []system, queries []Query, seq *sequence, pids map[string]int, npid int) ([]Stats, []*Query, error) {
	cells := map[string]*cell{}
	get := func(sys, q string) *cell {
		k := sys + "|" + q
		if cells[k] == nil {
			cells[k] = &cell{System: sys, Query: q}
		}
		return cells[k]
	}
	var mix []*Query
	for i := range queries {
		if !queries[i].OursOnly {
			mix = append(mix, &queries[i])
		}
	}
	var units []string
	if len(mix) > 0 {
		units = append(units, unitMix, unitHotMix)
	}
	for _, q := range queries {
		units = append(units, q.Name)
	}
	if o.units != "" {
		only := strings.Split(o.units, ",")
		units = slices.DeleteFunc(units, func(u string) bool { return !slices.Contains(only, u) })
	}
	total := o.rounds * len(units) * len(systems)
	done := 0
	start := time.Now()
	for r := range o.rounds {
		for _, u := range units {
			for k := range systems {
				s := systems[(k+r)%len(systems)]
				qs := mix
				if u != unitMix && u != unitHotMix {
					for i := range queries {
						if queries[i].Name == u {
							qs = []*Query{&queries[i]}
						}
					}
					if !runs(s.name(), qs[0]) {
						done++
						continue
					}
				}
				if ctx.Err() != nil {
					return nil, nil, ctx.Err()
				}
				run(ctx, s, qs, seq, u == unitHotMix, o.concurrency, o.duration, get(s.name(), u), pids[s.name()], npid)
				done++
				el := time.Since(start)
				eta := time.Duration(float64(el) / float64(done) * float64(total-done))
				fmt.Fprintf(os.Stderr, "\rbench: round %d/%d  %3d/%d cells  %-22s %-8s  eta %s   ", r+1, o.rounds, done, total, u, s.name(), eta.Round(time.Second))
			}
		}
	}
	fmt.Fprintln(os.Stderr)
	var stats []Stats
	for _, u := range units {
		for _, s := range systems {
			if c, ok := cells[s.name()+"|"+u]; ok {
				st := c.stats()
				if s.name() == "library" && st.Requests > 0 {
					st.RoundTrips = -1
				}
				stats = append(stats, st)
			}
		}
	}
	return stats, mix, nil
}

// libraryRoundTrips sends each query of a cell a few times and divides the library's
// Cypher statement count by the requests.
func libraryRoundTrips(ctx context.Context, lib *graphqlSystem, port int, queries []Query, mix []*Query, unit string) float64 {
	var qs []*Query
	if unit == unitMix || unit == unitHotMix {
		qs = mix
	} else {
		for i := range queries {
			if queries[i].Name == unit {
				qs = []*Query{&queries[i]}
			}
		}
	}
	before, err := libStats(port)
	if err != nil {
		return -1
	}
	for _, q := range qs {
		for range 3 {
			if _, err := lib.do(ctx, q, Variant{Vars: q.Vars, Params: q.Params}); err != nil {
				return -1
			}
		}
	}
	after, err := libStats(port)
	if err != nil || after.Requests == before.Requests {
		return -1
	}
	return float64(after.Cypher-before.Cypher) / float64(after.Requests-before.Requests)
}

const loadDuringKey = "loadavg during the rounds (1-min, sampled every 5 s: min / mean / max)"

// sampleLoad samples the 1-minute load average every interval until the returned
// function is called, which stops it and summarises the samples: how busy the machine
// was while the rounds ran (other processes included).
func sampleLoad(interval time.Duration) func() string {
	var samples []float64
	done := make(chan struct{})
	finished := make(chan struct{})
	go func() {
		defer close(finished)
		t := time.NewTicker(interval)
		defer t.Stop()
		for {
			if v, err := strconv.ParseFloat(loadAvg(), 64); err == nil {
				samples = append(samples, v)
			}
			select {
			case <-done:
				return
			case <-t.C:
			}
		}
	}()
	return func() string {
		close(done)
		<-finished
		if len(samples) == 0 {
			return "?"
		}
		lo, hi, sum := samples[0], samples[0], 0.0
		for _, v := range samples {
			lo, hi, sum = min(lo, v), max(hi, v), sum+v
		}
		return fmt.Sprintf("%.1f / %.1f / %.1f (%d samples)", lo, sum/float64(len(samples)), hi, len(samples))
	}
}
