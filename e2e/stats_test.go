package e2e

import (
	"testing"
	"time"

	"github.com/mineralgraph/mineralgraph/internal/testenv"
)

// withStats waits until the server's store holds the graph statistics its cost estimate
// reads, and returns the server. httpapi.New reads them within 30 s; on a loaded machine
// (load average 25) the first read of the full graph took longer, and without them a list
// counts 1000 items, so an analytic ranking of 100 was refused as too costly. Stats()
// retries the read in the background, once a second at most.
func withStats(t *testing.T, h *testenv.Server) *testenv.Server {
	t.Helper()
	for deadline := time.Now().Add(5 * time.Minute); h.Store.Stats() == nil; time.Sleep(200 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatal("no graph statistics 5 minutes after the server started: the cost estimate would count 1000 items a list")
		}
	}
	return h
}
