package httpapi

import (
	"fmt"
	"net"
	"net/http"
	"sync"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/mineralgraph/mineralgraph/graph/apperr"
	"github.com/mineralgraph/mineralgraph/graph/store"
)

const codeTooManyRequests = string(apperr.TooManyRequests)

var clientRequestsRefused = prometheus.NewCounter(prometheus.CounterOpts{
	Name: "mineralgraph_client_requests_refused_total",
	Help: "Requests refused with 429 because their client had CLIENT_MAX_CONCURRENT_REQUESTS running.",
})

// clientQueueFactor is how many requests of one client may wait per running one: a
// browser page sends a handful of queries at once and should get them all answered,
// while a client that opens dozens of connections is refused, not queued.
const clientQueueFactor = 4

// perClient runs at most max requests of one client at once; up to
// max × clientQueueFactor more wait for a slot, at most wait each, and the rest are
// refused with 429. One client looping expensive documents over many connections then
// holds at most max × the per-request call bound of the process's database calls, and
// the others keep theirs. A client is its remote IP address (behind a proxy that is the
// proxy's: put the limit in the proxy there).
func perClient(max int, wait time.Duration, next http.Handler) http.Handler {
	var mu sync.Mutex
	clients := map[string]*clientSlots{}
	refuse := func(w http.ResponseWriter, r *http.Request) {
		clientRequestsRefused.Inc()
		w.Header().Set("Retry-After", "1")
		writeErrors(w, r, http.StatusTooManyRequests, codeTooManyRequests,
			fmt.Sprintf("at most %d requests of one client run at once and %d wait; retry when one has answered", max, max*clientQueueFactor))
	}
	// leave forgets a client once nothing of it runs or waits; call it with mu held.
	leave := func(client string, c *clientSlots) {
		if c.waiting == 0 && len(c.running) == 0 {
			delete(clients, client)
		}
	}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		client, _, err := net.SplitHostPort(r.RemoteAddr)
		if err != nil {
			client = r.RemoteAddr
		}
		mu.Lock()
		c := clients[client]
		if c == nil {
			c = &clientSlots{running: make(chan struct{}, max)}
			clients[client] = c
		}
		if c.waiting >= max*clientQueueFactor {
			mu.Unlock()
			refuse(w, r)
			return
		}
		c.waiting++
		mu.Unlock()

		admitted := true
		select {
		case c.running <- struct{}{}: // a free slot is taken at once, however short wait is
		default:
			timer := time.NewTimer(wait)
			select {
			case c.running <- struct{}{}:
			case <-timer.C:
				admitted = false
			case <-r.Context().Done():
				admitted = false
			}
			timer.Stop()
		}
		mu.Lock()
		c.waiting--
		if !admitted {
			leave(client, c)
		}
		mu.Unlock()
		if !admitted {
			refuse(w, r)
			return
		}
		defer func() {
			mu.Lock()
			<-c.running
			leave(client, c)
			mu.Unlock()
		}()
		next.ServeHTTP(w, r)
	})
}

// clientSlots are one client's requests: running holds a token per running request.
type clientSlots struct {
	running chan struct{}
	waiting int
}

// withCallLimit bounds the concurrent database calls of each request (see
// store.WithCallLimit).
func withCallLimit(n int, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		next.ServeHTTP(w, r.WithContext(store.WithCallLimit(r.Context(), n)))
	})
}
