package main

import (
	"fmt"
	"net"
	"net/http"
	"sync"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/mineralgraph/mineralgraph/graph/store"
)

const codeTooManyRequests = "TOO_MANY_REQUESTS"

var clientRequestsRefused = prometheus.NewCounter(prometheus.CounterOpts{
	Name: "mineralgraph_client_requests_refused_total",
	Help: "Requests refused with 429 because their client had CLIENT_MAX_CONCURRENT_REQUESTS running.",
})

// perClient refuses, with 429, a client's request while max of its requests are
// running: one client looping expensive documents over many connections then holds at
// most max × the per-request call bound of the process's database calls, and the
// others keep theirs. A client is its remote IP address (behind a proxy that is the
// proxy's: put the limit in the proxy there).
func perClient(max int, next http.Handler) http.Handler {
	var mu sync.Mutex
	running := map[string]int{}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		client, _, err := net.SplitHostPort(r.RemoteAddr)
		if err != nil {
			client = r.RemoteAddr
		}
		mu.Lock()
		admitted := running[client] < max
		if admitted {
			running[client]++
		}
		mu.Unlock()
		if !admitted {
			clientRequestsRefused.Inc()
			w.Header().Set("Retry-After", "1")
			writeErrors(w, r, http.StatusTooManyRequests, codeTooManyRequests,
				fmt.Sprintf("at most %d requests of one client run at once; retry when one has answered", max))
			return
		}
		defer func() {
			mu.Lock()
			if running[client]--; running[client] == 0 {
				delete(running, client) // the map holds only clients with requests running
			}
			mu.Unlock()
		}()
		next.ServeHTTP(w, r)
	})
}

// withCallLimit bounds the concurrent database calls of each request (see
// store.WithCallLimit).
func withCallLimit(n int, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		next.ServeHTTP(w, r.WithContext(store.WithCallLimit(r.Context(), n)))
	})
}
