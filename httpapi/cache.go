package httpapi

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/binary"
	"encoding/json"
	"log/slog"
	"net/http"
	"strings"
	"sync"
	"time"

	"github.com/99designs/gqlgen/graphql"
	"github.com/99designs/gqlgen/graphql/handler"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/formatter"

	"github.com/mineralgraph/mineralgraph/graph/store"
	"github.com/mineralgraph/mineralgraph/httpapi/auth"
)

// CacheHeader tells whether an answer to a query came from the cache: hit, coalesced
// (the answer of an identical request that was executing when this one arrived), miss,
// or bypass (the data version is not known fresh, or the request's Cache-Control says
// no-cache or no-store, so the cache is not read).
const CacheHeader = "X-Cache"

// responseCache answers a query again from memory when nothing was written since: its
// key is the data version (graph/store/version.go), the parsed document, the operation,
// the variables and the caller. It is the innermost extension, so every limit, the
// cost estimate, the deadline, fairness and authentication run before an answer is
// served from it exactly as before one is computed. Only complete answers (no error,
// deadline not passed) of queries are kept. A miss executes once however many identical
// requests arrive meanwhile: they wait for its answer (cache_flight.go).
type responseCache struct {
	st     *store.Store
	maxAge time.Duration

	mu      sync.Mutex
	version store.Version // the version of every entry; another one clears them
	answers *sizedLRU[[]byte]
	docs    *sizedLRU[string]  // the hash of a raw document → the hash of its normalised form
	flights map[string]*flight // by key: the misses executing now

	hits, misses, coalesced, evictions prometheus.Counter
	waiting                            prometheus.Gauge
}

var _ interface {
	graphql.HandlerExtension
	graphql.ResponseInterceptor
} = (*responseCache)(nil)

// useResponseCache adds the cache as gql's innermost extension and its metrics to reg;
// with opt.Bytes 0 it does nothing.
func useResponseCache(gql *handler.Server, reg *prometheus.Registry, opt Cache, st *store.Store, logger *slog.Logger) {
	if opt.Bytes <= 0 {
		return
	}
	if err := st.WatchVersion(opt.VersionLag); err != nil {
		logger.Info("data version not read yet: queries bypass the cache until it is", "err", err)
	}
	c := &responseCache{st: st, maxAge: opt.MaxAge, flights: map[string]*flight{},
		hits:      prometheus.NewCounter(prometheus.CounterOpts{Name: "mineralgraph_response_cache_hits_total", Help: "Queries answered from the response cache."}),
		misses:    prometheus.NewCounter(prometheus.CounterOpts{Name: "mineralgraph_response_cache_misses_total", Help: "Queries the response cache could not answer."}),
		coalesced: prometheus.NewCounter(prometheus.CounterOpts{Name: "mineralgraph_response_cache_coalesced_total", Help: "Queries answered with the answer of an identical query that was executing when they arrived."}),
		evictions: prometheus.NewCounter(prometheus.CounterOpts{Name: "mineralgraph_response_cache_evictions_total", Help: "Answers evicted to keep the response cache within its bytes."}),
		waiting:   prometheus.NewGauge(prometheus.GaugeOpts{Name: "mineralgraph_response_cache_waiting", Help: "Queries waiting now for the answer of an identical query that is executing."}),
	}
	c.answers = newAnswers(opt.Bytes, c.evictions.Inc)
	c.docs = newSizedLRU(1<<20, func(s string) int { return len(s) }, nil)
	reg.MustRegister(c.hits, c.misses, c.coalesced, c.evictions, c.waiting,
		prometheus.NewGaugeFunc(prometheus.GaugeOpts{Name: "mineralgraph_response_cache_bytes", Help: "Bytes held by the response cache (keys, answers, bookkeeping)."},
			func() float64 { b, _ := c.answers.usage(); return float64(b) }),
		prometheus.NewGaugeFunc(prometheus.GaugeOpts{Name: "mineralgraph_response_cache_entries", Help: "Answers held by the response cache."},
			func() float64 { _, n := c.answers.usage(); return float64(n) }))
	gql.Use(c)
}

func (*responseCache) ExtensionName() string                          { return "ResponseCache" }
func (*responseCache) Validate(schema graphql.ExecutableSchema) error { return nil }

func (c *responseCache) InterceptResponse(ctx context.Context, next graphql.ResponseHandler) *graphql.Response {
	// A refusal (a malformed body, limits, validation) reaches the response interceptors
	// with its errors, and without an operation when the body could not be read.
	if !graphql.HasOperationContext(ctx) {
		return next(ctx)
	}
	op := graphql.GetOperationContext(ctx)
	if op.Operation == nil || op.Operation.Operation != ast.Query || len(graphql.GetErrors(ctx)) > 0 {
		return next(ctx)
	}
	v, fresh := c.st.DataVersion(ctx)
	if !fresh {
		exchange(ctx).setStatus("bypass")
		return next(ctx)
	}
	key := c.key(ctx, op, v)
	req := exchange(ctx)
	switch {
	case req.noCache:
		// The client asked for a fresh answer: compute it, and keep it for the next
		// request unless it said no-store.
		req.setStatus("bypass")
		return c.execute(ctx, v, key, req.noStore, next)
	case ctx.Err() != nil: // past its deadline, the request fails as it would uncached
		c.misses.Inc()
		req.setStatus("miss")
		return next(ctx)
	}
	data, f, leader := c.lookup(v, key)
	switch {
	case data != nil:
		c.hits.Inc()
		req.setStatus("hit")
		return &graphql.Response{Data: data}
	case leader:
		c.misses.Inc()
		req.setStatus("miss")
		return c.lead(ctx, v, key, f, next)
	}
	if data := c.wait(ctx, f); data != nil {
		c.coalesced.Inc()
		req.setStatus("coalesced")
		return &graphql.Response{Data: data}
	}
	c.misses.Inc()
	req.setStatus("miss")
	if ctx.Err() != nil {
		// Its own deadline ended the wait: nil is the answer gqlgen gives a request past
		// its deadline, which timeoutResponse turns into TIMEOUT. Nothing of the
		// leader's is shared, and Neo4j is not asked.
		return nil
	}
	// The leader had no complete answer to share: execute, as without the cache.
	return c.execute(ctx, v, key, false, next)
}

// execute answers without the cache's entries and keeps a complete answer unless the
// client said no-store.
func (c *responseCache) execute(ctx context.Context, v store.Version, key string, noStore bool, next graphql.ResponseHandler) *graphql.Response {
	resp := next(ctx)
	if complete(ctx, resp) && !noStore {
		c.put(v, key, resp.Data)
	}
	return resp
}

// put keeps an answer computed at v when v is still the entries' version (a lookup at a
// newer one cleared them).
func (c *responseCache) put(v store.Version, key string, data []byte) {
	data = kept(data)
	c.mu.Lock()
	defer c.mu.Unlock()
	if v == c.version {
		c.answers.add(key, data)
	}
}

// newAnswers is the LRU of the answers, bounded by what they hold of the heap: their
// capacity, not their length (see kept).
func newAnswers(bytes int64, evicted func()) *sizedLRU[[]byte] {
	return newSizedLRU(bytes, func(b []byte) int { return cap(b) }, evicted)
}

// kept is an answer as the cache keeps it. The executor writes an answer into a buffer
// that doubles as it grows, so its capacity is up to twice its length: kept whole, the
// answers held up to twice RESPONSE_CACHE_BYTES of the heap, and the live heap of full
// caches reached the memory limit serve derives from their bounds (GOMEMLIMIT), where Go
// collects again and again. An answer with more than an eighth to spare is copied to
// its length.
func kept(data []byte) []byte {
	if cap(data)-len(data) > len(data)/8 {
		return bytes.Clone(data)
	}
	return data
}

// key hashes what makes two answers the same: the version, the caller (reads do not
// depend on it today; kept so that one never could leak), the operation, the normalised
// document and the variables after coercion, in canonical JSON (sorted keys).
func (c *responseCache) key(ctx context.Context, op *graphql.OperationContext, v store.Version) string {
	vars, err := json.Marshal(op.Variables)
	if err != nil { // cannot happen for coerced JSON input; never share a key then
		vars = []byte(time.Now().String())
	}
	writer, _ := auth.Writer(ctx)
	b := make([]byte, 0, 128+len(op.Operation.Name)+len(vars))
	for _, part := range [...]string{v.String(), writer, op.Operation.Name, c.normalised(op)} {
		b = append(binary.BigEndian.AppendUint64(b, uint64(len(part))), part...)
	}
	b = append(binary.BigEndian.AppendUint64(b, uint64(len(vars))), vars...)
	sum := sha256.Sum256(b)
	return string(sum[:])
}

// normalised is the hash of the parsed document printed back: spacing, commas and
// comments do not make two documents differ.
func (c *responseCache) normalised(op *graphql.OperationContext) string {
	raw := sha256.Sum256([]byte(op.RawQuery))
	if n, ok := c.docs.get(string(raw[:]), 0); ok {
		return n
	}
	var buf bytes.Buffer
	formatter.NewFormatter(&buf).FormatQueryDocument(op.Doc)
	n := sha256.Sum256(buf.Bytes())
	c.docs.add(string(raw[:]), string(n[:]))
	return string(n[:])
}

type cacheStatusKey struct{}

// cacheRequest is what the cache needs of the HTTP exchange.
type cacheRequest struct {
	w       http.ResponseWriter
	noCache bool // the request's Cache-Control says no-cache or no-store: not read
	noStore bool // it says no-store: the answer is not kept either
}

// withCacheStatus lets the cache set CacheHeader on the response and read the request's
// Cache-Control.
func withCacheStatus(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		cc := strings.ToLower(r.Header.Get("Cache-Control"))
		noStore := strings.Contains(cc, "no-store")
		req := &cacheRequest{w: w, noCache: noStore || strings.Contains(cc, "no-cache"), noStore: noStore}
		next.ServeHTTP(w, r.WithContext(context.WithValue(r.Context(), cacheStatusKey{}, req)))
	})
}

// exchange is the request's cacheRequest; outside an HTTP exchange (in-process
// execution), an empty one whose status goes nowhere.
func exchange(ctx context.Context) *cacheRequest {
	if req, ok := ctx.Value(cacheStatusKey{}).(*cacheRequest); ok {
		return req
	}
	return &cacheRequest{}
}

func (req *cacheRequest) setStatus(status string) {
	if req.w != nil {
		req.w.Header().Set(CacheHeader, status)
	}
}
