package store

import (
	"context"
	"errors"
	"testing"

	"github.com/mineralgraph/mineralgraph/graph/apperr"
)

// A call whose deadline has passed takes a free slot (and fails on its deadline later);
// only a call that finds none is refused with the gate's error.
func TestGateTakesAFreeSlotAfterTheDeadline(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	busy := func() *apperr.Error { return &apperr.Error{Code: apperr.DatabaseBusy} }
	g := make(gate, 1)
	for range 100 { // a select of both cases would pick the ended context about half the time
		if err := g.enter(ctx, busy); err != nil {
			t.Fatalf("a free slot refused: %v", err)
		}
		g.leave()
	}
	g <- struct{}{} // the gate is full
	var ae *apperr.Error
	if err := g.enter(ctx, busy); !errors.As(err, &ae) || ae.Code != apperr.DatabaseBusy || !errors.Is(ae.Cause, context.Canceled) {
		t.Fatalf("a full gate: %v, want the busy error caused by the context", err)
	}
}
