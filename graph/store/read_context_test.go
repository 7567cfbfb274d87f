package store

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"
)

// The driver is handed a read's context without its deadline, so that it writes
// directly; everything else about the request's context must reach it unchanged.
func TestWriteDirectlyKeepsTheRequestsEnd(t *testing.T) {
	type key struct{}
	parent, cancel := context.WithTimeout(context.WithValue(context.Background(), key{}, "v"), 50*time.Millisecond)
	defer cancel()
	ctx := writeDirectly(parent, "RETURN $p", map[string]any{"p": "x"})
	if _, ok := ctx.Deadline(); ok {
		t.Fatal("the driver's context still reports a deadline: the driver races its writes")
	}
	if ctx.Done() != parent.Done() || ctx.Value(key{}) != "v" {
		t.Fatal("the driver's context lost the request's Done or values")
	}
	// As the driver derives one for every socket read (Neo4j's read-timeout hint).
	derived, stop := context.WithTimeout(ctx, 2*time.Minute)
	defer stop()
	select {
	case <-derived.Done():
		if !errors.Is(derived.Err(), context.DeadlineExceeded) || !errors.Is(ctx.Err(), context.DeadlineExceeded) {
			t.Errorf("ended with %v and %v, want the request's deadline", derived.Err(), ctx.Err())
		}
	case <-time.After(5 * time.Second):
		t.Fatal("a context derived from the driver's did not end at the request's deadline")
	}

	// Too large for the socket buffers of a peer that stopped reading: the driver keeps
	// its race against the deadline.
	for _, params := range []map[string]any{
		{"p": strings.Repeat("x", directWriteMax)},
		{"ids": make([]string, directWriteMax/4)},
		{"in": make([]int64, directWriteMax/4)},
		{"where": map[string]any{"or": []any{map[string]any{"name": strings.Repeat("x", directWriteMax)}}}},
	} {
		if _, ok := writeDirectly(parent, "RETURN $p", params).Deadline(); !ok {
			t.Errorf("a large statement (%.40v…) is written without the driver's race", params)
		}
	}
	if _, ok := writeDirectly(parent, strings.Repeat(" ", directWriteMax+1), nil).Deadline(); !ok {
		t.Error("a long statement is written without the driver's race")
	}
	// No deadline: nothing to hide.
	if got := writeDirectly(context.Background(), "RETURN 1", nil); got != context.Background() {
		t.Errorf("a context without deadline was wrapped: %T", got)
	}
}
