package httpapi

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"strings"
	"time"

	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/gqlerror"

	"github.com/mineralgraph/mineralgraph/graph/apperr"
	"github.com/mineralgraph/mineralgraph/graph/store"
)

// Error codes of the limits.
const (
	codeTooDeep     = string(apperr.QueryTooDeep)
	codeTooComplex  = string(apperr.QueryTooComplex)
	codeTooLarge    = string(apperr.RequestTooLarge)
	codeBodyTimeout = string(apperr.RequestTimeout)
	codeBadRequest  = string(apperr.BadRequest)
)

// Estimated sizes of lists of nodes whose query gives no limit (the real caps are 1000
// items a list, 20 a connection page by default): typical sizes, so that ordinary
// questions pass and nested fan-outs do not. Counting the cap instead (1000 at each
// level) would refuse the project's own article questions (tested in questions_test.go)
// while a list's real size is the graph's fan-out; what such a list reads is bounded by
// the request's deadline, which Neo4j enforces as the transaction timeout, and by the
// per-request bound on database calls. A client that wants an exact estimate gives
// `limit`. Other lists (provenance, aliases, a connection's edges, counted at the
// connection) count once.
const (
	rootListSize   = 100
	nestedListSize = 10
	connectionSize = 20
)

// dbCallCost is what a root field costs besides its items: each is at least one
// database call (the relationship fields below it are read in the same statement), and
// a call's round trip, planning and transaction cost Neo4j far more than a field.
const dbCallCost = 1000

// queryLimits refuses, before anything runs, operations deeper or costlier than the
// limits. Cost: every field costs 1 for each time it is resolved, i.e. the product of
// the page sizes (limit/first, or the estimates above) of the lists above it.
// Introspection is left out: GraphiQL's introspection query nests deeply and is cheap.
type queryLimits struct {
	maxDepth, maxComplexity int
}

var _ interface {
	graphql.HandlerExtension
	graphql.OperationContextMutator
} = queryLimits{}

func (queryLimits) ExtensionName() string                          { return "QueryLimits" }
func (queryLimits) Validate(schema graphql.ExecutableSchema) error { return nil }

func (l queryLimits) MutateOperationContext(ctx context.Context, op *graphql.OperationContext) *gqlerror.Error {
	if op.Operation.Operation == ast.Mutation {
		// Each mutation field is its own transaction: a document with two could write the
		// first and fail the second. One field a request keeps "a request is one
		// transaction" true; upsert and delete take many nodes and relations each.
		writes := 0
		for _, f := range graphql.CollectFields(op, op.Operation.SelectionSet, nil) {
			if !strings.HasPrefix(f.Name, "__") {
				writes++
			}
		}
		if writes > 1 {
			return coded(codeOneMutation, fmt.Sprintf("the mutation has %d fields; send one mutation field a request (each request is one transaction)", writes))
		}
	}
	w := walker{op: op, fragments: map[string]*shape{}}
	s := w.selection(op.Operation.SelectionSet, true)
	if s.depth > l.maxDepth {
		return coded(codeTooDeep, fmt.Sprintf("the query nests %d levels deep; the limit is %d", s.depth, l.maxDepth))
	}
	if s.cost > float64(l.maxComplexity) {
		return coded(codeTooComplex, fmt.Sprintf("the query's estimated cost is %.0f; the limit is %d: ask for smaller pages (limit, first) or fewer nested lists", s.cost, l.maxComplexity))
	}
	return nil
}

// shape is the depth of a selection set and its cost when resolved once; cost scales
// with the number of resolutions, so a fragment's shape is worked out once and reused
// (re-walking each spread would let nested spreads multiply the work exponentially).
type shape struct {
	depth int
	cost  float64
}

type walker struct {
	op        *graphql.OperationContext
	fragments map[string]*shape // nil value: being walked (a cycle, refused by validation)
}

func (w walker) selection(set ast.SelectionSet, root bool) shape {
	var total shape
	add := func(s shape) {
		total.depth, total.cost = max(total.depth, s.depth), total.cost+s.cost
	}
	for _, sel := range set {
		switch s := sel.(type) {
		case *ast.Field:
			if strings.HasPrefix(s.Name, "__") {
				continue
			}
			child := w.selection(s.SelectionSet, false)
			cost := 1 + w.listSize(s, root)*child.cost
			if root {
				cost += dbCallCost * float64(1+w.prefetchCalls(s))
			}
			add(shape{depth: child.depth + 1, cost: cost})
		case *ast.InlineFragment:
			add(w.selection(s.SelectionSet, root))
		case *ast.FragmentSpread:
			known, seen := w.fragments[s.Name]
			if !seen && s.Definition != nil {
				w.fragments[s.Name] = nil
				walked := w.selection(s.Definition.SelectionSet, root)
				known = &walked
				w.fragments[s.Name] = known
			}
			if known != nil {
				add(*known)
			}
		}
	}
	return total
}

// prefetchCalls is how many more database calls an explore field (search,
// neighborhood, paths) makes for what its results nest: the resolvers read the
// relationship fields below entity, nodes and edges in one call per node type found,
// so at most one per node type and place.
func (w walker) prefetchCalls(f *ast.Field) int {
	if f.Name != "search" && f.Name != "neighborhood" && f.Name != "paths" {
		return 0
	}
	calls := 0
	for _, child := range graphql.CollectFields(w.op, f.SelectionSet, nil) {
		if child.Name != "entity" && child.Name != "nodes" && child.Name != "edges" {
			continue
		}
		if w.selection(child.Selections, false).depth > 1 { // a field below nests a selection
			calls += len(store.NodeTypes)
		}
	}
	return calls
}

// listSize is how many times the children of field f are resolved per f.
func (w walker) listSize(f *ast.Field, root bool) float64 {
	args := f.ArgumentMap(w.op.Variables)
	for _, name := range []string{"limit", "first"} {
		if n, ok := asNumber(args[name]); ok {
			// Out-of-range sizes are refused by the store with a message naming the
			// argument; the estimate only needs the largest size allowed.
			return min(max(n, 1), store.MaxPageSize)
		}
	}
	if ids, ok := args["ids"].([]any); ok {
		return max(float64(len(ids)), 1)
	}
	switch {
	case strings.HasSuffix(f.Name, "Connection"):
		return connectionSize
	case f.Definition == nil || f.Definition.Type.Elem == nil || store.NodeTypes[f.Definition.Type.Name()] == nil:
		return 1
	case root:
		return rootListSize
	default:
		return nestedListSize
	}
}

func asNumber(v any) (float64, bool) {
	switch n := v.(type) {
	case int64:
		return float64(n), true
	case int:
		return float64(n), true
	case float64:
		return n, true
	case json.Number:
		f, err := n.Float64()
		return f, err == nil
	}
	return 0, false
}

func coded(code, msg string) *gqlerror.Error {
	return &gqlerror.Error{Message: msg, Extensions: map[string]any{"code": code}}
}

// limitBody reads the body before GraphQL sees it: a body over max bytes, whether its
// length is declared or it is streamed, is refused with 413, and one that cannot be
// read (a client too slow for the server's read timeout, a broken connection) with 408
// or 400, each with a coded GraphQL error.
func limitBody(max int64, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.ContentLength > max {
			writeErrors(w, r, http.StatusRequestEntityTooLarge, codeTooLarge, fmt.Sprintf("the request body is over %d bytes", max))
			return
		}
		if r.Body != nil && r.Body != http.NoBody {
			body, err := io.ReadAll(io.LimitReader(r.Body, max+1))
			var netErr net.Error
			switch {
			case errors.As(err, &netErr) && netErr.Timeout():
				w.Header().Set("Connection", "close")
				writeErrors(w, r, http.StatusRequestTimeout, codeBodyTimeout, "the request body did not arrive within the server's read timeout")
				return
			case err != nil:
				w.Header().Set("Connection", "close")
				writeErrors(w, r, http.StatusBadRequest, codeBadRequest, "the request body could not be read")
				return
			case int64(len(body)) > max:
				writeErrors(w, r, http.StatusRequestEntityTooLarge, codeTooLarge, fmt.Sprintf("the request body is over %d bytes", max))
				return
			}
			r.Body, r.ContentLength = io.NopCloser(bytes.NewReader(body)), int64(len(body))
		}
		next.ServeHTTP(w, r)
	})
}

// withDeadline gives each request the configured deadline; the store passes what
// remains of it to Neo4j as the transaction timeout.
func withDeadline(timeout time.Duration, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ctx, cancel := context.WithTimeout(r.Context(), timeout)
		defer cancel()
		next.ServeHTTP(w, r.WithContext(ctx))
	})
}

// timeoutResponse answers with a coded TIMEOUT error when the request's deadline ran out
// before a response was produced (gqlgen then produces none: the body would be `null`).
type timeoutResponse struct{}

var _ interface {
	graphql.HandlerExtension
	graphql.OperationInterceptor
} = timeoutResponse{}

func (timeoutResponse) ExtensionName() string                          { return "TimeoutResponse" }
func (timeoutResponse) Validate(schema graphql.ExecutableSchema) error { return nil }

func (timeoutResponse) InterceptOperation(ctx context.Context, next graphql.OperationHandler) graphql.ResponseHandler {
	handle := next(ctx)
	return func(ctx context.Context) *graphql.Response {
		resp := handle(ctx)
		if resp == nil && ctx.Err() != nil {
			return &graphql.Response{Errors: gqlerror.List{coded(string(apperr.Timeout), "the request took longer than its deadline and was stopped")}}
		}
		return resp
	}
}
