package httpapi

import (
	"context"
	"encoding/binary"
	"encoding/hex"
	"encoding/json"
	"errors"
	"log/slog"
	"math/rand/v2"
	"net/http"
	"regexp"
	"runtime/debug"
	"time"

	"github.com/99designs/gqlgen/graphql"
	"github.com/99designs/gqlgen/graphql/handler"
	"github.com/99designs/gqlgen/graphql/handler/extension"
	"github.com/99designs/gqlgen/graphql/handler/lru"
	"github.com/prometheus/client_golang/prometheus/promhttp"
	"github.com/rs/cors"
	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/gqlerror"

	"github.com/mineralgraph/mineralgraph/graph/apperr"
	"github.com/mineralgraph/mineralgraph/graph/generated"
	"github.com/mineralgraph/mineralgraph/graph/loader"
	"github.com/mineralgraph/mineralgraph/graph/scalar"
	"github.com/mineralgraph/mineralgraph/graph/store"
	"github.com/mineralgraph/mineralgraph/httpapi/auth"
	"github.com/mineralgraph/mineralgraph/resolvers"
	"github.com/mineralgraph/mineralgraph/seed"
	"github.com/mineralgraph/mineralgraph/web"
)

// New wires the HTTP routes: /graphql, the playground, /metrics and the health probes.
func New(cfg Options, st *store.Store, logger *slog.Logger) http.Handler {
	registry := newRegistry()
	st.SetCallLimit(cfg.Limits.CallsTotal)
	st.SetCompileCache(cfg.Cache.CompileBytes)
	gql := handler.New(generated.NewExecutableSchema(generated.Config{Resolvers: resolvers.New(st, logger)}))
	gql.AddTransport(getTransport{})          // transport_get.go: gqlgen's GET, without compacting the answer again
	gql.AddTransport(postTransport{})         // transport_post.go: gqlgen's POST, without compacting the answer again
	docs := lru.New[*ast.QueryDocument](1000) // parsed and validated documents, by query text
	gql.SetQueryCache(docs)
	gql.SetParserTokenLimit(cfg.Limits.MaxTokens)
	gql.SetDisableSuggestion(true) // "did you mean" costs seconds of CPU on a megabyte-long name
	if cfg.Introspection {
		gql.Use(extension.Introspection{})
	}
	// The cost estimate's graph statistics: read now, then kept fresh (graph/store/stats.go).
	if err := st.KeepStats(cfg.Limits.StatsRefresh, cfg.Limits.StatsFullRefresh); err != nil {
		logger.Warn("no graph statistics yet: the cost estimate counts 1000 items a list until they are read", "err", err)
	}
	gql.Use(queryLimits{maxDepth: cfg.Limits.MaxDepth, maxComplexity: cfg.Limits.MaxComplexity, stats: st.Stats})
	gql.Use(extension.AutomaticPersistedQuery{Cache: newAPQCache(cfg.Cache.APQBytes)})
	// After the persisted-query extension, so that a query taken from its cache is checked too.
	gql.Use(selectionLimits{maxRootFields: cfg.Limits.MaxRootFields, maxSelections: cfg.Limits.MaxSelections, maxTokens: cfg.Limits.MaxTokens, docs: docs})
	gql.Use(&strictVariables{maxTokens: cfg.Limits.MaxTokens, docs: docs})
	gql.SetValidationRulesFn(cappedRules(cfg.Limits.MaxErrors))
	gql.Use(errorCap{max: cfg.Limits.MaxErrors})
	gql.Use(roundTripCounter{debug: cfg.Debug})
	gql.Use(timeoutResponse{})
	useResponseCache(gql, registry, cfg.Cache, st, logger) // cache.go: the innermost extension, after every limit
	gql.AroundFields(codeResolverErrors)
	gql.SetErrorPresenter(presentError(logger))
	gql.SetRecoverFunc(recoverPanic(logger))

	mux := http.NewServeMux()
	mux.Handle("/graphql", perClient(cfg.Limits.ClientRequests, cfg.Limits.RequestTimeout/4, withDeadline(cfg.Limits.RequestTimeout, graphqlTransport(
		limitBody(cfg.Limits.MaxBodyBytes, auth.Middleware(cfg.APIKeys, withCallLimit(cfg.Limits.CallsPerRequest, loader.Middleware(st, withCacheStatus(gql)))))))))
	webUI := web.Handler() // the playground, the explorer, their assets, and / redirecting to /graphiql
	for _, route := range web.Routes {
		mux.Handle(route, webUI)
	}
	mux.Handle("GET /sources/", web.Sources(seed.StoredSources())) // the source view's texts
	mux.Handle("GET /metrics", promhttp.HandlerFor(registry, promhttp.HandlerOpts{}))
	mux.HandleFunc("GET /healthz", func(w http.ResponseWriter, r *http.Request) {
		writeJSON(w, http.StatusOK, map[string]string{"status": "ok"})
	})
	mux.HandleFunc("GET /readyz", func(w http.ResponseWriter, r *http.Request) {
		ctx, cancel := context.WithTimeout(r.Context(), 2*time.Second)
		defer cancel()
		// 503 only when Neo4j is gone (the requests get SERVICE_UNAVAILABLE meanwhile): a
		// Neo4j slow to answer is load, and taking the instance out would not help it.
		switch err := st.Ping(ctx); apperr.CodeOf(err) {
		case "":
			writeJSON(w, http.StatusOK, map[string]string{"status": "ready"})
		case apperr.ServiceUnavailable:
			requestLogger(r.Context(), logger).Warn("not ready", "err", err)
			writeJSON(w, http.StatusServiceUnavailable, map[string]string{"status": "unavailable", "neo4j": "unreachable"})
		default:
			requestLogger(r.Context(), logger).Warn("Neo4j slow to answer", "err", err)
			writeJSON(w, http.StatusOK, map[string]string{"status": "ready", "neo4j": "slow"})
		}
	})

	c := cors.New(cors.Options{
		AllowedOrigins:   cfg.CORSAllowedOrigins,
		AllowedMethods:   []string{http.MethodGet, http.MethodPost, http.MethodOptions},
		AllowedHeaders:   []string{"Content-Type", "Authorization", "X-Request-Id"},
		ExposedHeaders:   []string{"X-Request-Id", CacheHeader},
		AllowCredentials: false,
		MaxAge:           600,
	})
	return withRequestID(logger, c.Handler(mux))
}

// presentError gives every error a code in extensions.code. An INTERNAL error reaches
// the client only as "internal error (request id …)"; its cause goes to the log with
// that request id. Errors with a cause (the database away or slow) are logged too.
func presentError(logger *slog.Logger) graphql.ErrorPresenterFunc {
	return func(ctx context.Context, err error) *gqlerror.Error {
		gqlErr := graphql.DefaultErrorPresenter(ctx, err)
		log := requestLogger(ctx, logger)
		var appErr *apperr.Error
		var parsed *gqlerror.Error
		switch {
		case errors.As(err, &appErr) && appErr.Code == apperr.Internal:
			// appErr, not err: a resolver's error reaches here wrapped, and the wrapper's
			// text is only the client-safe message.
			log.Error("internal error", "path", gqlErr.Path.String(), "err", appErr.Error())
			gqlErr.Message = internalMessage(ctx)
			setCode(gqlErr, apperr.Internal)
		case errors.As(err, &appErr):
			gqlErr.Message = appErr.Message
			setCode(gqlErr, appErr.Code)
			switch {
			case appErr.Code == apperr.Unauthenticated:
				log.Warn("authentication failed", "path", gqlErr.Path.String(), "reason", appErr.Message)
			case appErr.Cause != nil: // the database away or slow: expected, but worth seeing
				log.Warn("graphql error", "code", appErr.Code, "path", gqlErr.Path.String(), "err", appErr.Error())
			}
		case errors.As(err, &parsed) && parsed.Extensions["code"] != nil:
			// Parse and validation errors from gqlgen already carry their code.
		case errors.As(err, &parsed) && parsed.Rule == "":
			// Argument coercion errors (a malformed PartialDate, an unknown enum value);
			// a resolver's uncoded error was made INTERNAL by codeResolverErrors.
			setCode(gqlErr, apperr.BadUserInput)
		default:
			log.Error("internal error", "path", gqlErr.Path.String(), "err", err)
			gqlErr.Message = internalMessage(ctx)
			setCode(gqlErr, apperr.Internal)
		}
		gqlErr.Message = shorten(gqlErr.Message)
		for i, p := range gqlErr.Path {
			if name, ok := p.(ast.PathName); ok {
				gqlErr.Path[i] = ast.PathName(shorten(string(name)))
			}
		}
		return gqlErr
	}
}

// internalMessage is all a client learns of an internal error: the request id to
// quote, which finds the cause in the log.
func internalMessage(ctx context.Context) string {
	if id, ok := ctx.Value(requestIDKey{}).(string); ok {
		return apperr.InternalMessage + " (request id " + id + ")"
	}
	return apperr.InternalMessage
}

// codeResolverErrors makes an error of the project's resolvers that has no code
// INTERNAL. gqlgen hands the presenter a resolver's plain error wrapped just like its
// own argument errors, which are the client's; without this a server fault would be
// shown as BAD_USER_INPUT, its text sent to the client and nothing logged. gqlgen's own
// fields (introspection: "introspection disabled") are not resolvers and keep theirs.
// It runs around every field, so the common case allocates nothing: the targets of
// errors.As escape to the heap, and are declared only below, for an error.
func codeResolverErrors(ctx context.Context, next graphql.Resolver) (any, error) {
	res, err := next(ctx)
	if err != nil {
		err = codeResolverError(ctx, err)
	}
	return res, err
}

func codeResolverError(ctx context.Context, err error) error {
	var appErr *apperr.Error
	var gqlErr *gqlerror.Error
	if !errors.As(err, &appErr) && !errors.As(err, &gqlErr) {
		if fc := graphql.GetFieldContext(ctx); fc != nil && fc.IsResolver {
			return apperr.Internalf("%w", err)
		}
	}
	return err
}

// maxMessage bounds an error message: messages quote client input, which may be huge.
const maxMessage = 500

func shorten(msg string) string { return scalar.TruncateTo(msg, maxMessage) }

// setCode sets extensions.code, as a plain string: what clients and tests decode.
func setCode(e *gqlerror.Error, code apperr.Code) {
	if e.Extensions == nil {
		e.Extensions = map[string]any{}
	}
	e.Extensions["code"] = string(code)
}

// recoverPanic turns a resolver's panic into an INTERNAL error whose cause, logged once
// by the presenter with the request id, holds the panic and its stack.
func recoverPanic(logger *slog.Logger) graphql.RecoverFunc {
	return func(ctx context.Context, p any) error {
		return apperr.Internalf("panic in resolver: %v\n%s", p, debug.Stack())
	}
}

type requestIDKey struct{}

var validRequestID = regexp.MustCompile(`^[A-Za-z0-9._-]{1,64}$`)

// withRequestID gives each request an id (the caller's X-Request-Id when sane), echoes
// it in the response, and logs one line per request.
func withRequestID(logger *slog.Logger, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		id := r.Header.Get("X-Request-Id")
		if !validRequestID.MatchString(id) {
			// Not a secret, only unique enough to find a request's lines: a ChaCha8 draw
			// costs a tenth of crypto/rand's.
			var b [8]byte
			binary.BigEndian.PutUint64(b[:], rand.Uint64())
			id = hex.EncodeToString(b[:])
		}
		w.Header().Set("X-Request-Id", id)
		ctx := context.WithValue(r.Context(), requestIDKey{}, id)
		rec := &statusRecorder{ResponseWriter: w, status: http.StatusOK}
		start := time.Now()
		next.ServeHTTP(rec, r.WithContext(ctx))
		// LogAttrs: typed attributes, not boxed into an []any on every request.
		logger.LogAttrs(ctx, slog.LevelInfo, "request", slog.String("request_id", id), slog.String("method", r.Method),
			slog.String("path", r.URL.Path), slog.Int("status", rec.status), slog.Int64("duration_ms", time.Since(start).Milliseconds()))
	})
}

func requestLogger(ctx context.Context, logger *slog.Logger) *slog.Logger {
	if id, ok := ctx.Value(requestIDKey{}).(string); ok {
		return logger.With("request_id", id)
	}
	return logger
}

type statusRecorder struct {
	http.ResponseWriter
	status int
}

func (r *statusRecorder) WriteHeader(status int) {
	r.status = status
	r.ResponseWriter.WriteHeader(status)
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(v)
}
