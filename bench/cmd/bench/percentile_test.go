package main

import (
	"testing"
	"time"
)

// Nearest rank: the p-th percentile of n sorted values is the ⌈p·n⌉-th, counted from 1.
// Ten values 1..10 ms: p50 the 5th, p90 the 9th, p99 the 10th; one value is every
// percentile.
func TestPercentileIsTheNearestRank(t *testing.T) {
	var l []time.Duration
	for i := 1; i <= 10; i++ {
		l = append(l, time.Duration(i)*time.Millisecond)
	}
	for p, want := range map[float64]time.Duration{0.5: 5 * time.Millisecond, 0.9: 9 * time.Millisecond, 0.99: 10 * time.Millisecond, 0: time.Millisecond} {
		if got := percentile(l, p); got != want {
			t.Errorf("percentile(1..10 ms, %v) = %v, want %v", p, got, want)
		}
	}
	if got := percentile([]time.Duration{7}, 0.99); got != 7 {
		t.Errorf("percentile of one value = %v", got)
	}
	if got := ms(1500 * time.Microsecond); got != 1.5 {
		t.Errorf("ms(1.5 ms) = %v", got)
	}
}

// A query counts as slower than the library only beyond 1 ms and 10 % both.
func TestSlowerNeedsBothMargins(t *testing.T) {
	for _, c := range []struct {
		ours, lib time.Duration
		want      bool
	}{
		{70 * time.Millisecond, 65 * time.Millisecond, false},    // 5 ms but 7.7 %
		{1400 * time.Microsecond, 500 * time.Microsecond, false}, // 2.8× but 0.9 ms
		{1300 * time.Microsecond, 100 * time.Microsecond, true},  // 1.2 ms and 13×
		{900 * time.Microsecond, 100 * time.Microsecond, false},  // 9× but under 1 ms
		{80 * time.Millisecond, 70 * time.Millisecond, true},     // 10 ms and 14 %
	} {
		if got := (fuzzSpeed{ours: c.ours, lib: c.lib}).slower(); got != c.want {
			t.Errorf("slower(ours %v, library %v) = %v, want %v", c.ours, c.lib, got, c.want)
		}
	}
}
