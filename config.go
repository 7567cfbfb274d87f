package main

import (
	"fmt"
	"log/slog"
	"net"
	"net/url"
	"os"
	"strconv"
	"strings"
	"time"

	"github.com/mineralgraph/mineralgraph/graph/store"
	"github.com/mineralgraph/mineralgraph/httpapi"
	"github.com/mineralgraph/mineralgraph/httpapi/auth"
)

// Config is the whole runtime configuration, read from the environment once at start.
type Config struct {
	Neo4jURI            string
	Neo4jUsername       string
	Neo4jPassword       string
	Neo4jDatabase       string
	CursorSecret        string // signs pagination cursors (store.SetCursorSecret)
	Neo4jConnectTimeout time.Duration
	HTTPAddr            string
	LogLevel            slog.Level
	WarmUp              bool // serve sends the pages' saved queries to itself at start
	httpapi.Options          // what the HTTP layer is given: limits, keys, CORS, introspection, debug
}

// envVar documents one environment variable; the README table and the
// docker-compose test are checked against this list.
type envVar struct {
	Name, Default, Help string
}

var envVars = []envVar{
	{"NEO4J_URI", "bolt://127.0.0.1:7687", "Bolt URI of Neo4j (bolt://, neo4j://, with +s or +ssc for TLS; on bolt:// the reads use the server's own Bolt client)."},
	{"NEO4J_USERNAME", "neo4j", "Neo4j user."},
	{"NEO4J_PASSWORD", "", "Neo4j password; empty means no authentication (the local Neo4j runs without)."},
	{"NEO4J_DATABASE", "neo4j", "Database name (Community edition has one user database, neo4j)."},
	{"NEO4J_CONNECT_TIMEOUT", "30s", "How long start-up retries to reach Neo4j before giving up."},
	{"HTTP_ADDR", "127.0.0.1:8080", "Address the HTTP server listens on (host:port)."},
	{"CORS_ALLOWED_ORIGINS", "http://localhost:8080,http://127.0.0.1:8080", "Comma-separated exact origins allowed by CORS (no wildcard)."},
	{"LOG_LEVEL", "info", "debug, info, warn or error."},
	{"WARMUP", "true", "At start, `serve` sends the pages' saved queries (the playground's README examples, the Insights page's queries with its default variables) to itself once, one at a time, so Neo4j has planned them before a researcher asks: planning an analytic statement the first time takes seconds. false: off."},
	{"GOGC", "400", "Go's garbage collection target for `serve`, in percent of the live heap: 400 collects a quarter as often as Go's own default of 100, for less CPU per request and a larger peak heap, bounded by GOMEMLIMIT (bench/results/tail.md)."},
	{"GOMEMLIMIT", "caches + 48MiB", "Go's soft memory limit for `serve`: by default `RESPONSE_CACHE_BYTES` + `APQ_CACHE_BYTES` + 48 MiB (120 MiB), so full caches do not let the heap grow to five times their size at GOGC=400; near it Go collects more often."},
	{"GRAPHQL_INTROSPECTION", "true", "false turns schema introspection off (the playground needs it)."},
	{"API_KEYS", "", "Write API keys as comma-separated name:sha256hex entries (`mineralgraph keygen NAME` makes one); none means no writes."},
	{"API_KEYS_FILE", "", "File with more name:sha256hex entries, one per line (# comments)."},
	{"CURSOR_SECRET", "", "Secret that signs pagination cursors; give every instance the same one so cursors survive restarts and work across instances. Empty: a random secret per process."},
	{"REQUEST_TIMEOUT", "10s", "Deadline of a request; Neo4j transactions are given what remains of it and are stopped in Neo4j when it passes."},
	{"GRAPHQL_MAX_DEPTH", "10", "Deepest selection nesting a query may have."},
	{"GRAPHQL_MAX_COMPLEXITY", "200000", "Highest estimated cost of a query: each field costs 1 for each time it is resolved, bounded by the page sizes (limit/first) of the lists above it and the graph's statistics (nodes of a type, relationships of a field)."},
	{"COST_STATS_REFRESH", "30s", "How old the graph statistics behind the cost estimate may get: older, the next query refreshes them in the background (writes of this process refresh them at once), so other instances' writes are seen."},
	{"COST_STATS_FULL_REFRESH", "10m", "How long the most relationships at one node, read in a pass over every relationship, are kept while no count changes: a refresh after COST_STATS_REFRESH reads only the counts (cheap) and repeats the pass when a count changed, this process wrote, or the pass is older than this, but not sooner than ten times the last pass's duration after it (the bounds grow with the counts meanwhile). A delete and a create by another instance that keep every count equal can change a degree unseen until then."},
	{"GRAPHQL_MAX_BODY_BYTES", "1048576", "Largest request body accepted."},
	{"GRAPHQL_MAX_TOKENS", "10000", "Most tokens the GraphQL parser reads in one document."},
	{"GRAPHQL_MAX_ROOT_FIELDS", "20", "Most root fields (aliases included) in one operation."},
	{"GRAPHQL_MAX_SELECTIONS", "100", "Most fields in one selection set (fragments spread into it), checked before validation."},
	{"GRAPHQL_MAX_ERRORS", "20", "Most errors in one response; `extensions.errorCount` then gives the full count."},
	{"STORE_CALLS_PER_REQUEST", "4", "Database calls of one request that run at once; the request's other root fields wait their turn within its deadline."},
	{"STORE_CALLS_TOTAL", "64", "Database calls of the whole process that run at once; must stay below the driver's pool of 100 connections."},
	{"CLIENT_MAX_CONCURRENT_REQUESTS", "4", "Requests of one client (remote address) that run at once; four times as many more wait their turn (at most a quarter of REQUEST_TIMEOUT), the rest are refused with 429."},
	{"RESPONSE_CACHE_BYTES", "67108864", "Most bytes of cached answers to queries (keyed by the parsed document, the variables and the data version, which every write advances); 0 turns the cache off."},
	{"RESPONSE_CACHE_MAX_AGE", "1m", "How long a cached answer is served at most: the bound on how long a write made outside the API (raw Cypher, which leaves the data version alone) can go unseen."},
	{"DATA_VERSION_LAG", "1s", "How long another instance's write can go unseen by this instance's cache: the data version is read again when older than half of this, and cached answers are not served while it is older than this."},
	{"COMPILE_CACHE_BYTES", "4194304", "Most bytes (estimated) of compiled Cypher statements kept, by the shape of their input: a query sent again with other variables has its statement bound, not compiled again; 0 compiles every statement."},
	{"APQ_CACHE_BYTES", "8388608", "Most bytes of the documents kept for automatic persisted queries (a client sends their hash instead)."},
	{"GRAPHQL_DEBUG", "false", "true adds `cypherRoundTrips` (Cypher statements sent for the operation) to every response's extensions."},
}

// loadConfig reads the configuration from getenv and reports every invalid value at once.
func loadConfig(getenv func(string) string) (Config, error) {
	get := func(name string) string {
		if v, ok := lookup(getenv, name); ok {
			return v
		}
		for _, e := range envVars {
			if e.Name == name {
				return e.Default
			}
		}
		panic("undocumented environment variable " + name)
	}
	var problems []string
	cfg := Config{
		Neo4jURI:      get("NEO4J_URI"),
		Neo4jUsername: get("NEO4J_USERNAME"),
		Neo4jPassword: get("NEO4J_PASSWORD"),
		Neo4jDatabase: get("NEO4J_DATABASE"),
		HTTPAddr:      get("HTTP_ADDR"),
		CursorSecret:  get("CURSOR_SECRET"),
	}
	if u, err := url.Parse(cfg.Neo4jURI); err != nil || !validNeo4jScheme(u.Scheme) || u.Host == "" {
		problems = append(problems, fmt.Sprintf("NEO4J_URI %q must look like bolt://host:7687 or neo4j://host:7687", cfg.Neo4jURI))
	}
	if cfg.Neo4jDatabase == "" {
		problems = append(problems, "NEO4J_DATABASE must not be empty")
	}
	cfg.Neo4jConnectTimeout = parseDuration(get, "NEO4J_CONNECT_TIMEOUT", &problems)
	if _, port, err := net.SplitHostPort(cfg.HTTPAddr); err != nil || port == "" {
		problems = append(problems, fmt.Sprintf("HTTP_ADDR %q must be host:port, e.g. 127.0.0.1:8080", cfg.HTTPAddr))
	}
	for _, o := range strings.Split(get("CORS_ALLOWED_ORIGINS"), ",") {
		o = strings.TrimSpace(o)
		if o == "" {
			continue
		}
		if u, err := url.Parse(o); err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || (u.Path != "" && u.Path != "/") {
			problems = append(problems, fmt.Sprintf("CORS_ALLOWED_ORIGINS entry %q must be an exact origin such as https://app.example.org (no wildcard, no path)", o))
			continue
		}
		cfg.CORSAllowedOrigins = append(cfg.CORSAllowedOrigins, strings.TrimSuffix(o, "/"))
	}
	if err := cfg.LogLevel.UnmarshalText([]byte(get("LOG_LEVEL"))); err != nil {
		problems = append(problems, fmt.Sprintf("LOG_LEVEL %q must be debug, info, warn or error", get("LOG_LEVEL")))
	}
	cfg.Debug = parseBool(get, "GRAPHQL_DEBUG", &problems)
	cfg.WarmUp = parseBool(get, "WARMUP", &problems)
	cfg.Introspection = parseBool(get, "GRAPHQL_INTROSPECTION", &problems)
	cfg.Limits = httpapi.Limits{
		RequestTimeout:   parseDuration(get, "REQUEST_TIMEOUT", &problems),
		MaxDepth:         int(parsePositive(get, "GRAPHQL_MAX_DEPTH", &problems)),
		MaxComplexity:    int(parsePositive(get, "GRAPHQL_MAX_COMPLEXITY", &problems)),
		StatsRefresh:     parseDuration(get, "COST_STATS_REFRESH", &problems),
		StatsFullRefresh: parseDuration(get, "COST_STATS_FULL_REFRESH", &problems),
		MaxBodyBytes:     parsePositive(get, "GRAPHQL_MAX_BODY_BYTES", &problems),
		MaxTokens:        int(parsePositive(get, "GRAPHQL_MAX_TOKENS", &problems)),
		MaxRootFields:    int(parsePositive(get, "GRAPHQL_MAX_ROOT_FIELDS", &problems)),
		MaxSelections:    int(parsePositive(get, "GRAPHQL_MAX_SELECTIONS", &problems)),
		MaxErrors:        int(parsePositive(get, "GRAPHQL_MAX_ERRORS", &problems)),
		CallsPerRequest:  int(parsePositive(get, "STORE_CALLS_PER_REQUEST", &problems)),
		CallsTotal:       int(parsePositive(get, "STORE_CALLS_TOTAL", &problems)),
		ClientRequests:   int(parsePositive(get, "CLIENT_MAX_CONCURRENT_REQUESTS", &problems)),
	}
	cfg.Cache = httpapi.Cache{
		Bytes:        parseNonNegative(get, "RESPONSE_CACHE_BYTES", &problems),
		MaxAge:       parseDuration(get, "RESPONSE_CACHE_MAX_AGE", &problems),
		VersionLag:   parseDuration(get, "DATA_VERSION_LAG", &problems),
		APQBytes:     parsePositive(get, "APQ_CACHE_BYTES", &problems),
		CompileBytes: parseNonNegative(get, "COMPILE_CACHE_BYTES", &problems),
	}
	if cfg.Limits.CallsTotal >= store.PoolSize {
		problems = append(problems, fmt.Sprintf("STORE_CALLS_TOTAL %d must be below the driver's pool of %d connections", cfg.Limits.CallsTotal, store.PoolSize))
	}
	keys, err := auth.ParseKeys(strings.NewReader(get("API_KEYS")))
	if err != nil {
		problems = append(problems, "API_KEYS: "+err.Error())
	}
	cfg.APIKeys = keys
	if path := get("API_KEYS_FILE"); path != "" {
		f, err := os.Open(path)
		if err != nil {
			problems = append(problems, fmt.Sprintf("API_KEYS_FILE: %v", err))
		} else {
			more, err := auth.ParseKeys(f)
			_ = f.Close()
			if err != nil {
				problems = append(problems, fmt.Sprintf("API_KEYS_FILE %s: %v", path, err))
			}
			cfg.APIKeys = append(cfg.APIKeys, more...)
		}
	}
	if len(problems) > 0 {
		return cfg, fmt.Errorf("invalid configuration: %s", strings.Join(problems, "; "))
	}
	return cfg, nil
}

func lookup(getenv func(string) string, name string) (string, bool) {
	if getenv == nil {
		return os.LookupEnv(name)
	}
	v := getenv(name)
	return v, v != ""
}

func parseBool(get func(string) string, name string, problems *[]string) bool {
	v, err := strconv.ParseBool(get(name))
	if err != nil {
		*problems = append(*problems, fmt.Sprintf("%s %q must be true or false", name, get(name)))
	}
	return v
}

func parseDuration(get func(string) string, name string, problems *[]string) time.Duration {
	d, err := time.ParseDuration(get(name))
	if err != nil || d <= 0 {
		*problems = append(*problems, fmt.Sprintf("%s %q must be a positive duration such as 30s", name, get(name)))
	}
	return d
}

func parsePositive(get func(string) string, name string, problems *[]string) int64 {
	n, err := strconv.ParseInt(get(name), 10, 64)
	if err != nil || n <= 0 {
		*problems = append(*problems, fmt.Sprintf("%s %q must be a positive whole number", name, get(name)))
	}
	return n
}

func parseNonNegative(get func(string) string, name string, problems *[]string) int64 {
	n, err := strconv.ParseInt(get(name), 10, 64)
	if err != nil || n < 0 {
		*problems = append(*problems, fmt.Sprintf("%s %q must be a whole number, 0 or more", name, get(name)))
	}
	return n
}

func validNeo4jScheme(s string) bool {
	switch s {
	case "bolt", "bolt+s", "bolt+ssc", "neo4j", "neo4j+s", "neo4j+ssc":
		return true
	}
	return false
}
