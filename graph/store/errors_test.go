package store

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"github.com/mineralgraph/mineralgraph/graph/apperr"
)

// lateTimer is a request context whose deadline has passed but whose timer has not run
// yet, as on a busy machine right when the driver's socket read gives up.
type lateTimer struct {
	context.Context
	deadline time.Time
}

func (c lateTimer) Deadline() (time.Time, bool) { return c.deadline, true }

func TestFailedCountsAPassedDeadlineAsATimeout(t *testing.T) {
	conn := &neo4j.ConnectivityError{Inner: errors.New("read tcp 127.0.0.1:1->127.0.0.1:2: i/o timeout")}
	for _, c := range []struct {
		name string
		ctx  context.Context
		want apperr.Code
	}{
		{"deadline passed, timer not yet run", lateTimer{context.Background(), time.Now().Add(-time.Millisecond)}, apperr.Timeout},
		{"deadline ahead", lateTimer{context.Background(), time.Now().Add(time.Hour)}, apperr.ServiceUnavailable},
		{"no deadline", context.Background(), apperr.ServiceUnavailable},
	} {
		if got := apperr.CodeOf(failed(c.ctx, conn)); got != c.want {
			t.Errorf("%s: a connectivity error is %s, want %s", c.name, got, c.want)
		}
	}
}
