package main

import (
	"context"
	"sync/atomic"
	"testing"
	"time"
)

// slowSystem answers every request after a delay, counting them.
type slowSystem struct {
	delay time.Duration
	asked atomic.Int64
}

func (s *slowSystem) name() string { return "slow" }

func (s *slowSystem) do(ctx context.Context, q *Query, v Variant) (int, error) {
	time.Sleep(s.delay)
	s.asked.Add(1)
	return 1, nil
}

// A cell shorter than a request (the smoke run's) still gets one answer per client: the
// smoke run fails on a cell without any.
func TestEveryClientAsksOnceInACellShorterThanARequest(t *testing.T) {
	sys := &slowSystem{delay: 20 * time.Millisecond}
	var c cell
	run(context.Background(), sys, []*Query{{Name: "q"}}, &sequence{}, false, 4, 0, &c, 0, 0)
	if n := sys.asked.Load(); n != 4 || len(c.Latencies) != 4 {
		t.Errorf("%d requests sent, %d answered, want one per client (4)", n, len(c.Latencies))
	}
}
