// Command mineralgraph serves the critical-minerals knowledge graph over GraphQL and
// manages its Neo4j database: `serve` (default), `seed`, `migrate`.
package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"os/signal"
	"runtime/debug"
	"syscall"
	"time"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"github.com/mineralgraph/mineralgraph/graph/store"
	"github.com/mineralgraph/mineralgraph/httpapi"
	"github.com/mineralgraph/mineralgraph/httpapi/auth"
)

const usage = `usage: mineralgraph [command] [flags]

commands:
  serve     serve the GraphQL API (default)
  seed      validate the seed data set and load it into Neo4j (see seed -h)
  migrate   create the constraints and indexes, then exit
  import    check and write a CSV of facts in one transaction (see import -h)
  keygen    print a new write API key for NAME and its API_KEYS entry
`

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGINT, syscall.SIGTERM)
	err := run(ctx, os.Args[1:])
	stop()
	if err != nil {
		fmt.Fprintln(os.Stderr, "mineralgraph:", err)
		os.Exit(1)
	}
}

func run(ctx context.Context, args []string) error {
	command := "serve"
	if len(args) > 0 && args[0] != "" && args[0][0] != '-' {
		command, args = args[0], args[1:]
	}
	if command == "keygen" { // needs no configuration
		return keygen(args, os.Stdout)
	}
	cfg, err := loadConfig(nil)
	if err != nil {
		return err
	}
	logger := slog.New(slog.NewJSONHandler(os.Stderr, &slog.HandlerOptions{Level: cfg.LogLevel}))
	switch command {
	case "serve":
		return serve(ctx, cfg, logger)
	case "seed":
		return seedCommand(ctx, cfg, args, os.Stdout)
	case "import":
		return importCommand(ctx, cfg, args, os.Stdout)
	case "migrate":
		return withStore(ctx, cfg, func(s *store.Store) error {
			n, err := s.Migrate(ctx)
			if err == nil {
				fmt.Printf("migrate: %d constraints and indexes in place\n", n)
			}
			return err
		})
	case "help", "-h", "--help":
		fmt.Print(usage)
		return nil
	default:
		return fmt.Errorf("unknown command %q\n%s", command, usage)
	}
}

func keygen(args []string, out io.Writer) error {
	if len(args) != 1 {
		return fmt.Errorf("usage: mineralgraph keygen NAME")
	}
	secret, entry, err := auth.NewKey(args[0])
	if err != nil {
		return err
	}
	fmt.Fprintf(out, "key (give it to the writer; it is not stored): %s\nAPI_KEYS entry (configure the server with it): %s\n", secret, entry)
	return nil
}

// withStore connects to Neo4j for a one-shot command and closes the driver afterwards.
func withStore(ctx context.Context, cfg Config, fn func(*store.Store) error) error {
	driver, err := connect(ctx, cfg)
	if err != nil {
		return err
	}
	defer driver.Close(context.Background())
	st := newStore(driver, cfg)
	defer st.Close()
	return fn(st)
}

// newStore is the store on driver, its reads over its own Bolt client where the URI
// allows (store.ReadOverBolt).
func newStore(driver neo4j.DriverWithContext, cfg Config) *store.Store {
	st := store.New(driver, cfg.Neo4jDatabase)
	st.ReadOverBolt(cfg.Neo4jURI, cfg.Neo4jUsername, cfg.Neo4jPassword)
	return st
}

func connect(ctx context.Context, cfg Config) (neo4j.DriverWithContext, error) {
	return store.Connect(ctx, cfg.Neo4jURI, cfg.Neo4jUsername, cfg.Neo4jPassword, cfg.Neo4jConnectTimeout)
}

// serveGCPercent is the server's default GOGC. A request allocates about 200 KB and
// keeps next to none of it: on a live heap of a few megabytes Go's default of 100
// collected every few dozen requests, a fifth of the server's CPU
// (bench/results/profile.md). 400 collects a quarter as often, for a peak heap of five
// times the live one (~90 MB RSS on the bench's mix with the caches still small): on the
// scale-10 cold mix, side by side with 200, 6-7 % less server CPU and a p50 3-7 % lower
// (bench/results/tail.md). Once the caches fill, the memory limit (serverGC), not GOGC,
// decides when Go collects.
const serveGCPercent = 400

// serveHeadroom is the heap a server needs besides its caches: requests in flight,
// the driver's buffers, the schema.
const serveHeadroom = 48 << 20

// serverGC sets the server's GOGC unless the environment sets one, and a soft memory
// limit of the caches' bounds plus serveHeadroom unless GOMEMLIMIT is set (Go applies
// both variables itself). Without the limit a full response cache alone would let the
// heap reach GOGC/100+1 times its bytes (281 MB RSS at bench scale 10 at GOGC=200); near
// the limit Go collects more often instead.
func serverGC(getenv func(string) string, cache httpapi.Cache) {
	if getenv("GOGC") == "" {
		debug.SetGCPercent(serveGCPercent)
	}
	if getenv("GOMEMLIMIT") == "" {
		debug.SetMemoryLimit(serveMemoryLimit(cache))
	}
}

func serveMemoryLimit(cache httpapi.Cache) int64 {
	return max(cache.Bytes, 0) + max(cache.APQBytes, 0) + serveHeadroom
}

// newHTTPServer is the server of serve. Its write timeout outlasts the longest a
// request may take, a queue's wait (a quarter of REQUEST_TIMEOUT) and REQUEST_TIMEOUT
// itself, with room to write the timeout's error: a fixed 60 s closed the connection
// without an answer (EOF) under REQUEST_TIMEOUT=60s, where the client was owed a
// GraphQL error.
func newHTTPServer(cfg Config, h http.Handler, logger *slog.Logger) *http.Server {
	request := cfg.Limits.RequestTimeout
	return &http.Server{
		Addr:              cfg.HTTPAddr,
		Handler:           h,
		ReadHeaderTimeout: 5 * time.Second,
		ReadTimeout:       30 * time.Second,
		WriteTimeout:      max(60*time.Second, request+request/4+10*time.Second),
		IdleTimeout:       120 * time.Second,
		ErrorLog:          slog.NewLogLogger(logger.Handler(), slog.LevelWarn),
	}
}

// serve runs the HTTP server until ctx is cancelled, then drains in-flight requests
// and closes the driver.
func serve(ctx context.Context, cfg Config, logger *slog.Logger) error {
	driver, err := connect(ctx, cfg)
	if err != nil {
		return err
	}
	defer driver.Close(context.Background())
	if cfg.CursorSecret != "" {
		store.SetCursorSecret(cfg.CursorSecret)
	}
	st := newStore(driver, cfg)
	defer st.Close()
	if _, err := st.Migrate(ctx); err != nil {
		return fmt.Errorf("migrate schema: %w", err)
	}
	serverGC(os.Getenv, cfg.Cache)

	srv := newHTTPServer(cfg, httpapi.New(cfg.Options, st, logger), logger)
	// Listen before saying "serving": a taken port is one line with the way out.
	ln, err := net.Listen("tcp", cfg.HTTPAddr)
	if err != nil {
		return fmt.Errorf("cannot listen on %s (%v); serve on another address with HTTP_ADDR, e.g. HTTP_ADDR=127.0.0.1:8081", cfg.HTTPAddr, err)
	}
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	logger.Info("serving", "addr", "http://"+cfg.HTTPAddr, "neo4j", cfg.Neo4jURI, "database", cfg.Neo4jDatabase)
	warmedUp := make(chan struct{})
	if cfg.WarmUp {
		go func() { defer close(warmedUp); warmUp(ctx, ln.Addr(), cfg.Limits.RequestTimeout, logger) }()
	} else {
		close(warmedUp)
	}

	select {
	case err := <-errc:
		return fmt.Errorf("http server: %w", err)
	case <-ctx.Done():
	}
	logger.Info("shutting down: draining in-flight requests")
	shutdownCtx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	if err := srv.Shutdown(shutdownCtx); err != nil && !errors.Is(err, http.ErrServerClosed) {
		return fmt.Errorf("shutdown: %w", err)
	}
	<-warmedUp // its request was cancelled with ctx
	logger.Info("stopped")
	return nil
}
