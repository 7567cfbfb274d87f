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

// dbCallCost is what a root field costs besides its items: each is at least one
// database call (the relationship fields below it are read in the same statement), and
// a call's round trip, planning and transaction cost Neo4j far more than a field.
const dbCallCost = 1000

// queryLimits refuses, before anything runs, operations deeper or costlier than the
// limits. Cost: every field costs 1 for each time it is resolved, bounded by the graph's
// statistics (cost_bounds.go). Introspection is left out: GraphiQL's introspection
// query nests deeply and is cheap.
type queryLimits struct {
	maxDepth, maxComplexity int
	stats                   func() *store.Stats // the latest snapshot, nil when there is none
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
	s := estimate(op, l.stats)
	if s.depth > l.maxDepth {
		return coded(codeTooDeep, fmt.Sprintf("the query nests %d levels deep; the limit is %d", s.depth, l.maxDepth))
	}
	if s.cost > float64(l.maxComplexity) {
		return coded(codeTooComplex, fmt.Sprintf("the query's estimated cost is %.0f; the limit is %d: ask for smaller pages (limit, first) or fewer nested lists", s.cost, l.maxComplexity))
	}
	return nil
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
