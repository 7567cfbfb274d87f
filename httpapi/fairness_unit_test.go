package httpapi

import (
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"
	"time"
)

// TestPerClientQueuesABurstAndRefusesTheRest: a client's burst up to its running and
// waiting share is answered in full, the request past it is refused at once, and
// another client is not held up by the first one's queue.
func TestPerClientQueuesABurstAndRefusesTheRest(t *testing.T) {
	const limit = 2
	release := make(chan struct{})
	var mu sync.Mutex
	running, peak := 0, 0
	h := perClient(limit, 5*time.Second, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		running++
		peak = max(peak, running)
		mu.Unlock()
		if r.RemoteAddr != "10.0.0.2:1" {
			<-release
		}
		mu.Lock()
		running--
		mu.Unlock()
		w.WriteHeader(http.StatusNoContent)
	}))
	send := func(addr string) int {
		r := httptest.NewRequest(http.MethodPost, "/graphql", nil)
		r.RemoteAddr = addr
		w := httptest.NewRecorder()
		h.ServeHTTP(w, r)
		return w.Code
	}

	burst := limit * (1 + clientQueueFactor)
	codes := make(chan int, burst)
	for range burst {
		go func() { codes <- send("10.0.0.1:1") }()
	}
	waitUntil(t, func() bool { mu.Lock(); defer mu.Unlock(); return running == limit })
	time.Sleep(50 * time.Millisecond) // let the rest of the burst reach the queue
	if got := send("10.0.0.1:2"); got != http.StatusTooManyRequests {
		t.Errorf("request past the running and waiting share: status %d, want 429", got)
	}
	if got := send("10.0.0.2:1"); got != http.StatusNoContent {
		t.Errorf("another client while the first one's queue is full: status %d, want 204", got)
	}
	close(release)
	for range burst {
		if code := <-codes; code != http.StatusNoContent {
			t.Errorf("a request of the burst got %d, want 204 (queued, then answered)", code)
		}
	}
	if peak > limit+1 { // the other client's one request may run beside the first's max
		t.Errorf("peak of %d requests running at once, want at most %d of one client", peak, limit)
	}
}

func TestPerClientRefusesAfterWaiting(t *testing.T) {
	release := make(chan struct{})
	defer close(release)
	h := perClient(1, 50*time.Millisecond, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { <-release }))
	go h.ServeHTTP(httptest.NewRecorder(), httptest.NewRequest(http.MethodPost, "/graphql", nil))
	time.Sleep(20 * time.Millisecond)
	w := httptest.NewRecorder()
	start := time.Now()
	h.ServeHTTP(w, httptest.NewRequest(http.MethodPost, "/graphql", nil))
	if w.Code != http.StatusTooManyRequests || w.Header().Get("Retry-After") == "" {
		t.Errorf("after waiting its bound: status %d, Retry-After %q; want 429 with Retry-After", w.Code, w.Header().Get("Retry-After"))
	}
	if waited := time.Since(start); waited < 50*time.Millisecond {
		t.Errorf("refused after %v, want after the 50ms wait", waited)
	}
}

func waitUntil(t *testing.T, ok func() bool) {
	t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for !ok() {
		if time.Now().After(deadline) {
			t.Fatal("condition not reached in 5s")
		}
		time.Sleep(5 * time.Millisecond)
	}
}

// A free slot is taken however short the wait bound (a select between a ready slot and
// an expired timer would pick either).
func TestPerClientFreeSlotWithoutWaiting(t *testing.T) {
	h := perClient(1, time.Nanosecond, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { w.WriteHeader(http.StatusNoContent) }))
	for i := range 200 {
		w := httptest.NewRecorder()
		h.ServeHTTP(w, httptest.NewRequest(http.MethodPost, "/graphql", nil))
		if w.Code != http.StatusNoContent {
			t.Fatalf("request %d with its slot free: status %d, want 204", i, w.Code)
		}
	}
}
