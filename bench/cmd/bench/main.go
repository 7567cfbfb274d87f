// Command bench runs the three-way benchmark of bench/README.md: this API (the
// `mineralgraph serve` binary), raw Cypher through the Go driver, and the Neo4j GraphQL
// Library (bench/neo4j-graphql), on one local Neo4j holding the synthetic graph of a
// scale, with the queries of bench/queries, interleaved in rounds at fixed
// concurrency. It writes bench/results/scale-N.{md,json} and redraws the latency plot.
//
//	go run ./bench/cmd/bench -scale 10            # what `make bench SCALE=10` runs
//	go run ./bench/cmd/bench -smoke               # what `make bench-smoke` runs
//
// Everything listens on 127.0.0.1 only, and every phase is bounded in time.
package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"net"
	"os"
	"os/signal"
	"path/filepath"
	"slices"
	"strings"
	"syscall"
	"time"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"github.com/mineralgraph/mineralgraph/graph/store"
	"github.com/mineralgraph/mineralgraph/internal/bolt"
)

type options struct {
	scale       int
	seed        uint64
	concurrency int
	duration    time.Duration
	rounds      int
	warmup      int
	systems     string
	out         string
	neo4jPort   int
	data        string
	reload      bool
	load        string
	keepNeo4j   bool
	smoke       bool
	timeout     time.Duration
	oursPort    int
	libPort     int
	npmCI       bool
	heap        string
	pagecache   string
	batch       int
	plans       bool
	graph       string
	queries     string
	floorPort   int
	serveFloor  string
	warmupTime  time.Duration
	checkVars   int
	oursEnv     string
	oursBin     string
	oursBBin    string
	oursBEnv    string
	units       string
	fuzz        int
	fuzzSeed    uint64
	fuzzPrint   bool
	fuzzAvoid   string
	fuzzSpeed   int
}

func main() {
	var o options
	flag.IntVar(&o.scale, "scale", 1, "graph scale: about 10,000 nodes per unit")
	flag.Uint64Var(&o.seed, "seed", 1, "generator seed")
	flag.IntVar(&o.concurrency, "c", 4, "concurrent clients (closed loop)")
	flag.DurationVar(&o.duration, "d", 2*time.Second, "time per cell (system × query) per round")
	flag.IntVar(&o.rounds, "rounds", 3, "rounds; each runs every cell once, systems in rotating order")
	flag.IntVar(&o.warmup, "warmup", 20, "warm-up requests per system and query before measuring")
	flag.DurationVar(&o.warmupTime, "warmup-time", 5*time.Second, "warm-up per system and query stops after this, even before -warmup requests")
	flag.StringVar(&o.systems, "systems", "ours,cypher,floor,library", "systems to run (library is skipped when its npm packages are missing; floor: a minimal net/http handler running the raw Cypher)")
	flag.IntVar(&o.checkVars, "check-variants", 3, "cross-check each query with this many of its variable sets (the canonical one first)")
	flag.StringVar(&o.oursEnv, "ours-env", "", "extra environment of `mineralgraph serve`, space-separated KEY=VALUE (e.g. to switch a cache off)")
	flag.StringVar(&o.oursBin, "ours-bin", "", "the `mineralgraph` binary run as ours (default: built from the working tree); with -ours-b-bin, the two swapped in a second run cancel the order's bias")
	flag.StringVar(&o.oursBBin, "ours-b-bin", "", "a second `mineralgraph` binary, run as the system ours-b beside ours (an A/B of a server change, alternated like every system); empty: the binary under test")
	flag.StringVar(&o.oursBEnv, "ours-b-env", "", "extra environment of ours-b, as -ours-env; setting this or -ours-b-bin adds the system ours-b")
	flag.StringVar(&o.units, "units", "", "measure only these comma-separated units (mix, mix-hot or query names; empty: all): an A/B of the mix alone")
	flag.StringVar(&o.out, "out", "bench/results", "directory for the results")
	flag.IntVar(&o.neo4jPort, "neo4j-port", 7691, "Bolt port of the benchmark's own Neo4j (127.0.0.1)")
	flag.StringVar(&o.data, "data", "", "Neo4j data dir (default .neo4j/bench-scale-N; reused when it holds this scale and seed)")
	flag.BoolVar(&o.reload, "reload", false, "wipe the data dir and load the graph again")
	flag.StringVar(&o.load, "load", "offline", "how -reload loads the synthetic graph: offline (Neo4j's offline importer of the generator's CSV files, then the schema and summaries over Bolt; at scale 100 0.85x the wall time and 0.76x the CPU of online, bench/results/load.md) or online (the store's bulk write path over Bolt, store.BulkLoad; faster below ~scale 30); -smoke always online")
	flag.BoolVar(&o.keepNeo4j, "keep-neo4j", false, "leave Neo4j running afterwards")
	flag.BoolVar(&o.smoke, "smoke", false, "a short check of the harness: scale 1, a fresh Neo4j in a temp dir, free ports, one request per client and cell; fails on any error or mismatch")
	flag.DurationVar(&o.timeout, "timeout", 90*time.Minute, "the whole run stops after this")
	flag.IntVar(&o.oursPort, "ours-port", 8791, "HTTP port of this API (0: a free one)")
	flag.IntVar(&o.libPort, "library-port", 4791, "HTTP port of the Neo4j GraphQL Library (0: a free one)")
	flag.IntVar(&o.floorPort, "floor-port", 0, "HTTP port of the floor server (0: a free one)")
	flag.StringVar(&o.serveFloor, "serve-floor", "", "internal: serve the floor on this address (the runner starts it)")
	flag.BoolVar(&o.npmCI, "npm-ci", false, "run `npm ci` in bench/neo4j-graphql when node_modules is missing")
	flag.StringVar(&o.heap, "heap", "", "Neo4j JVM heap, e.g. 4g (default: 1g up to scale 10, 4g above)")
	flag.StringVar(&o.pagecache, "pagecache", "", "Neo4j page cache, e.g. 3g (default: 256m up to scale 10, 4g above)")
	flag.IntVar(&o.batch, "batch", 5000, "rows per write transaction when loading")
	flag.BoolVar(&o.plans, "plans", true, "PROFILE each query's statements (ours, recorded in process) and its raw Cypher: db hits and rows")
	flag.StringVar(&o.queries, "queries", "", "run only the queries whose names contain one of these comma-separated words (e.g. supply,concentration)")
	flag.StringVar(&o.graph, "graph", "synth", "synth: the synthetic graph of -scale; seed: the seed data set (`mineralgraph seed`, the real USGS figures), the analytic queries only, results in seed.{md,json}")
	flag.IntVar(&o.fuzz, "fuzz", 0, "differential fuzzing instead of the benchmark: this many random read queries of the schema both GraphQL systems serve, each asked of this API and of the library and compared (bench/README.md); scale 1 unless -scale")
	flag.Uint64Var(&o.fuzzSeed, "fuzz-seed", 1, "seed of the first fuzzed query (query i has seed fuzz-seed+i)")
	flag.StringVar(&o.fuzzAvoid, "fuzz-avoid", "", "filter keys the fuzzer does not generate, comma-separated (AND, OR, NOT, some, all, none, single): to look past a known class of mismatches")
	flag.BoolVar(&o.fuzzPrint, "fuzz-print", false, "print every fuzzed query and its outcome")
	flag.IntVar(&o.fuzzSpeed, "fuzz-speed", 0, "with -fuzz: time each query both systems answer alike, this many asks of each, alternating, and report ours ÷ the library's median latency, the slowest first (0: answers only)")
	summariseOnly := flag.Bool("summarise", false, "only rewrite summary.md and latency-vs-scale.png of -out from its scale-N.json files")
	flag.Parse()
	if *summariseOnly {
		if err := summarise(o.out); err != nil {
			fmt.Fprintln(os.Stderr, "bench:", err)
			os.Exit(1)
		}
		return
	}
	if o.serveFloor != "" {
		if err := serveFloor(o.serveFloor, "bench/queries", os.Getenv("NEO4J_URI"), 2*o.concurrency); err != nil {
			fmt.Fprintln(os.Stderr, "bench floor:", err)
			os.Exit(1)
		}
		return
	}
	if o.load != "online" && o.load != "offline" {
		fmt.Fprintln(os.Stderr, "bench: -load must be online or offline")
		os.Exit(2)
	}
	if o.graph != "synth" && o.graph != "seed" {
		fmt.Fprintln(os.Stderr, "bench: -graph must be synth or seed")
		os.Exit(2)
	}
	if o.fuzz > 0 {
		// Only the two GraphQL systems, on free ports, a Neo4j of its own data dir.
		o.systems, o.plans, o.rounds = "ours,library", false, 0
		o.neo4jPort, o.oursPort, o.libPort = 0, 0, 0
		if o.data == "" {
			o.data = fmt.Sprintf(".neo4j/fuzz-scale-%d", o.scale)
		}
	}
	smokeDir := ""
	if o.smoke {
		// Free ports and a temp dir of its own: runs side by side do not collide. A cell
		// of a millisecond is one request per client (a client sends its first request
		// whatever the time): the smoke run checks that every system answers every cell
		// without error, not its speed, and its 0.2 s cells were a third of its Neo4j
		// CPU beside make test's Go tests.
		o.scale, o.rounds, o.duration, o.warmup, o.neo4jPort, o.reload = 1, 1, time.Millisecond, 1, 0, true
		o.oursPort, o.libPort, o.floorPort, o.warmupTime = 0, 0, 0, 2*time.Second
		// The online load, the API's own write path, as before: the offline one costs an
		// importer JVM more in make test's budget and has its own test (bench/synth's
		// TestOfflineImportStoresWhatTheOnlineLoadStores).
		o.load = "online"
		var err error
		if smokeDir, err = os.MkdirTemp("", "mineralgraph-bench-smoke-"); err != nil {
			fmt.Fprintln(os.Stderr, "bench:", err)
			os.Exit(1)
		}
		if o.data == "" {
			o.data = filepath.Join(smokeDir, "neo4j")
		}
		if o.out == "bench/results" {
			o.out = filepath.Join(smokeDir, "results")
		}
		// A guard against a hang, not a performance bound: on a busy 2-core machine loading
		// and warming up alone took over 4 minutes (make test, measured); with the analytics
		// and the plans, the whole smoke run took 11 minutes at a load average of 30.
		o.timeout = 16 * time.Minute
	}
	for _, port := range []*int{&o.oursPort, &o.libPort, &o.floorPort} {
		if *port == 0 {
			*port = freePort()
		}
	}
	if o.data == "" {
		o.data = fmt.Sprintf(".neo4j/bench-scale-%d", o.scale)
		if o.graph == "seed" {
			o.data = ".neo4j/bench-seed"
		}
	}
	if o.heap == "" {
		o.heap = map[bool]string{true: "4g", false: "1g"}[o.scale > 10]
	}
	if o.pagecache == "" {
		o.pagecache = map[bool]string{true: "4g", false: "256m"}[o.scale > 10]
	}
	ctx, cancel := signal.NotifyContext(context.Background(), syscall.SIGINT, syscall.SIGTERM)
	ctx, cancel2 := context.WithTimeout(ctx, o.timeout)
	err := benchmark(ctx, o)
	cancel2()
	cancel()
	if smokeDir != "" {
		os.RemoveAll(smokeDir) // after benchmark, which stops the Neo4j in it
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "bench:", err)
		os.Exit(1)
	}
}

// freePort is a loopback TCP port free at the time of asking.
func freePort() int {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		fmt.Fprintln(os.Stderr, "bench: no free port:", err)
		os.Exit(1)
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port
}

// loadAvg is the 1-minute load average: how busy the machine was (other processes included).
func loadAvg() string {
	b, err := os.ReadFile("/proc/loadavg")
	if err != nil {
		return "?"
	}
	return strings.Fields(string(b))[0]
}

func logf(format string, args ...any) {
	fmt.Fprintf(os.Stderr, "bench: "+format+"\n", args...)
}

// Result is everything one run measured, as written to scale-N.json.
type Result struct {
	Graph                      string // synth (the synthetic graph of Scale) or seed (the seed data set)
	Scale, Concurrency, Rounds int
	Seed                       uint64
	CellSeconds                float64
	Started                    string
	Machine                    map[string]string
	Load                       string // the generator's throughput line (or "reused …")
	Nodes, Relationships       int64
	Systems                    []string
	LibrarySkipped             string `json:",omitempty"`
	Stats                      []Stats
	CrossChecked               int            // queries whose answers ours and the library's were compared
	CypherCrossChecked         int            // queries whose answers ours and the raw Cypher's were compared
	FloorCrossChecked          int            // queries whose rows the floor and the raw Cypher returned were compared
	Commit                     string         `json:",omitempty"` // the code measured (git describe of the worktree)
	Pools                      map[string]int `json:",omitempty"` // cold variable sets per query
	Mismatches                 []Mismatch
	PeakRSSMB                  map[string]float64 // VmHWM at the end of the run
	Plans                      []Plan             `json:",omitempty"`
	Analytics                  []string           `json:",omitempty"` // the analytic queries (no library counterpart)
}

func benchmark(ctx context.Context, o options) error {
	root, err := os.Getwd()
	if err != nil {
		return err
	}
	if _, err := os.Stat(filepath.Join(root, "bench/queries")); err != nil {
		return fmt.Errorf("run from the repository root (bench/queries not found)")
	}
	tmp, err := os.MkdirTemp("", "mineralgraph-bench-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(tmp)
	res := &Result{Graph: o.graph, Scale: o.scale, Seed: o.seed, Concurrency: o.concurrency, Rounds: o.rounds,
		CellSeconds: o.duration.Seconds(), Started: time.Now().UTC().Format(time.RFC3339), PeakRSSMB: map[string]float64{}}
	res.Machine = machine(root)
	res.Commit = commitOf(root)

	want := map[string]bool{}
	for _, s := range strings.Split(o.systems, ",") {
		want[strings.TrimSpace(s)] = true
	}
	if o.graph == "seed" {
		delete(want, "library") // only the analytics run on the seed data set
	}
	libDir := filepath.Join(root, "bench/neo4j-graphql")
	if want["library"] {
		if _, err := os.Stat(filepath.Join(libDir, "node_modules/@neo4j/graphql")); err != nil {
			if o.npmCI {
				logf("npm ci in bench/neo4j-graphql")
				if _, err := runCmd(ctx, os.Stderr, nil, "npm", "ci", "--prefix", libDir, "--no-audit", "--no-fund"); err != nil {
					res.LibrarySkipped = "npm ci failed: " + err.Error()
				}
			} else {
				res.LibrarySkipped = "bench/neo4j-graphql/node_modules is missing (run `npm ci` there, or pass -npm-ci)"
			}
		}
		if res.LibrarySkipped != "" {
			logf("skipping the Neo4j GraphQL Library: %s", res.LibrarySkipped)
			delete(want, "library")
		}
	}

	// 1. The binary under test.
	bin := filepath.Join(tmp, "mineralgraph")
	logf("building mineralgraph")
	if _, err := runCmd(ctx, os.Stderr, nil, "go", "build", "-o", bin, "."); err != nil {
		return fmt.Errorf("go build: %w", err)
	}
	// The generator of the graph is a command of its own, outside the production binary.
	synthgraph := filepath.Join(tmp, "synthgraph")
	if _, err := runCmd(ctx, os.Stderr, nil, "go", "build", "-o", synthgraph, "./bench/cmd/synthgraph"); err != nil {
		return fmt.Errorf("go build synthgraph: %w", err)
	}

	// 2. Neo4j, and the graph of this scale.
	dataDir, _ := filepath.Abs(o.data)
	marker := filepath.Join(dataDir, "bench-graph.txt")
	wantMarker := fmt.Sprintf("scale=%d seed=%d", o.scale, o.seed)
	if o.graph == "seed" {
		wantMarker = "seed data set"
	}
	b, markerErr := os.ReadFile(marker)
	loaded := markerErr == nil && strings.HasPrefix(string(b), wantMarker+"\n") && !o.reload
	var uri, offlineLoad string
	var stopNeo4j func()
	if o.graph == "synth" && o.load == "offline" && !loaded {
		uri, stopNeo4j, offlineLoad, err = loadOffline(ctx, o, root, synthgraph) // load_offline.go
	} else {
		uri, stopNeo4j, err = startNeo4j(ctx, o, root)
	}
	if err != nil {
		return err
	}
	if !o.keepNeo4j {
		defer stopNeo4j()
	}
	npid := neo4jPid(dataDir)
	env := []string{"NEO4J_URI=" + uri, "NEO4J_PASSWORD=", "LOG_LEVEL=warn"}
	load := []string{synthgraph, "--scale", fmt.Sprint(o.scale), "--seed", fmt.Sprint(o.seed), "--wipe", "--batch", fmt.Sprint(o.batch)}
	if o.graph == "seed" {
		load = []string{bin, "seed", "--replace"}
	}
	if offlineLoad != "" {
		res.Load = offlineLoad
		os.WriteFile(marker, []byte(wantMarker+"\n"+res.Load+"\n"), 0o644)
	} else if loaded {
		res.Load = "reused: " + strings.TrimSpace(strings.TrimPrefix(string(b), wantMarker+"\n"))
		logf("graph of %s already loaded (%s)", wantMarker, res.Load)
	} else {
		logf("loading the graph of %s", wantMarker)
		cpu0, la0, t0 := cpuSeconds(npid), loadAvg(), time.Now()
		out, err := runCmd(ctx, os.Stderr, env, load...)
		if err != nil {
			return fmt.Errorf("%s: %w", filepath.Base(load[0]), err)
		}
		lines := strings.Split(strings.TrimSpace(out), "\n")
		res.Load = lines[len(lines)-1] + fmt.Sprintf(" [Neo4j CPU %.0f s over %.0f s wall; load average %s before, %s after]",
			cpuSeconds(npid)-cpu0, time.Since(t0).Seconds(), la0, loadAvg())
		os.WriteFile(marker, []byte(wantMarker+"\n"+res.Load+"\n"), 0o644)
	}
	driver, err := neo4j.NewDriverWithContext(uri, neo4j.NoAuth(), func(c *neo4j.Config) { c.MaxConnectionPoolSize = o.concurrency * 2 })
	if err != nil {
		return err
	}
	defer driver.Close(context.Background())
	if r, err := neo4j.ExecuteQuery(ctx, driver, "MATCH (n) WHERE NOT n:"+store.InternalLabels+" WITH count(n) AS n CALL () { MATCH ()-[r]->() RETURN count(r) AS r } RETURN n, r", nil, neo4j.EagerResultTransformer); err == nil && len(r.Records) == 1 {
		n, _ := r.Records[0].Get("n")
		rr, _ := r.Records[0].Get("r")
		res.Nodes, res.Relationships = n.(int64), rr.(int64)
	}
	logf("graph: %d nodes, %d relationships", res.Nodes, res.Relationships)

	queries, err := loadQueries(filepath.Join(root, "bench/queries"), o.graph, o.scale, o.seed)
	if err != nil {
		return err
	}
	if queries, err = filterQueries(queries, o.queries); err != nil {
		return err
	}
	if o.graph == "synth" && o.fuzz == 0 {
		drawPools(ctx, driver, queries, o.seed)
	}
	res.Pools = poolSizes(queries)
	logf("cold variables per query: %v", res.Pools)

	// 3. The systems.
	var systems []system
	pids := map[string]int{}
	var ours, lib *graphqlSystem
	var floor *floorSystem
	if want["ours"] {
		binA := bin
		if o.oursBin != "" {
			binA, _ = filepath.Abs(o.oursBin)
		}
		p, sys, err := startOurs(ctx, "ours", binA, o.oursPort, slices.Concat(env, strings.Fields(o.oursEnv)), root, tmp, o.concurrency)
		if err != nil {
			return err
		}
		defer p.stop()
		ours = sys
		systems = append(systems, sys)
		pids["ours"] = p.pid()
	}
	if o.oursBBin != "" || o.oursBEnv != "" {
		binB := bin
		if o.oursBBin != "" {
			binB, _ = filepath.Abs(o.oursBBin)
		}
		p, sys, err := startOurs(ctx, "ours-b", binB, freePort(), slices.Concat(env, strings.Fields(o.oursBEnv)), root, tmp, o.concurrency)
		if err != nil {
			return err
		}
		defer p.stop()
		systems = append(systems, sys)
		pids["ours-b"] = p.pid()
	}
	if want["cypher"] {
		lean, err := bolt.New(uri, "neo4j", "", "", o.concurrency*2)
		if err != nil {
			return err
		}
		defer lean.Close()
		systems = append(systems, &cypherSystem{driver: driver, lean: lean})
	}
	if want["floor"] && o.graph == "synth" {
		exe, err := os.Executable()
		if err != nil {
			return err
		}
		addr := fmt.Sprintf("127.0.0.1:%d", o.floorPort)
		p, err := startProc("floor", filepath.Join(tmp, "floor.log"), root, []string{"NEO4J_URI=" + uri},
			exe, "-serve-floor", addr, "-c", fmt.Sprint(o.concurrency))
		if err != nil {
			return err
		}
		defer p.stop()
		if err := waitHTTP(ctx, "http://"+addr+"/readyz", 60*time.Second, p); err != nil {
			return err
		}
		floor = newFloorSystem("http://"+addr, o.concurrency)
		systems = append(systems, floor)
		pids["floor"] = p.pid()
	}
	if want["library"] {
		typeDefs := filepath.Join(tmp, "typedefs.graphql")
		sdl, err := librarySDL(root)
		if err != nil {
			return err
		}
		if err := os.WriteFile(typeDefs, []byte(sdl), 0o644); err != nil {
			return err
		}
		p, err := startProc("@neo4j/graphql server", filepath.Join(tmp, "library.log"), libDir,
			[]string{"TYPEDEFS=" + typeDefs, "NEO4J_URI=" + uri, fmt.Sprintf("PORT=%d", o.libPort)}, "node", "server.mjs")
		if err != nil {
			return err
		}
		defer p.stop()
		if err := waitHTTP(ctx, fmt.Sprintf("http://127.0.0.1:%d/healthz", o.libPort), 120*time.Second, p); err != nil {
			return err
		}
		lib = newGraphQLSystem("library", fmt.Sprintf("http://127.0.0.1:%d/graphql", o.libPort), o.concurrency)
		systems = append(systems, lib)
		pids["library"] = p.pid()
	}
	for _, s := range systems {
		res.Systems = append(res.Systems, s.name())
	}
	for _, q := range queries {
		if q.Analytic {
			res.Analytics = append(res.Analytics, q.Name)
		}
	}

	if o.fuzz > 0 {
		return runFuzz(ctx, o, ours, lib, driver)
	}

	// 4. Cross-check, then warm up.
	if ours != nil && lib != nil {
		res.CrossChecked, res.Mismatches = crossCheck(ctx, ours, lib, queries, o.checkVars)
		logf("cross-check: %d queries compared (%d variants each at most), %d mismatches", res.CrossChecked, o.checkVars, len(res.Mismatches))
		logMismatches(res.Mismatches)
	}
	if ours != nil && want["cypher"] {
		n, ms := crossCheckCypher(ctx, ours, driver, queries, o.checkVars)
		res.CypherCrossChecked = n
		res.Mismatches = append(res.Mismatches, ms...)
		logf("cross-check with raw Cypher: %d queries compared, %d mismatches", n, len(ms))
		logMismatches(ms)
	}
	if floor != nil {
		n, ms := crossCheckFloor(ctx, floor, driver, queries, o.checkVars)
		res.FloorCrossChecked = n
		res.Mismatches = append(res.Mismatches, ms...)
		logf("cross-check of the floor with raw Cypher: %d queries compared, %d mismatches", n, len(ms))
		logMismatches(ms)
	}
	seq := &sequence{}
	warmUp(ctx, o, systems, queries, seq)

	// 5. Rounds.
	loads := sampleLoad(5 * time.Second)
	stats, mix, err := measure(ctx, o, systems, queries, seq, pids, npid)
	res.Machine[loadDuringKey] = loads()
	if err != nil {
		return err
	}
	res.Stats = stats
	// The library reports its Cypher statements in /stats; one pass per query after
	// the rounds gives statements per request.
	if lib != nil {
		for i, st := range res.Stats {
			if st.System != "library" {
				continue
			}
			res.Stats[i].RoundTrips = libraryRoundTrips(ctx, lib, o.libPort, queries, mix, st.Query)
		}
	}
	if o.plans && want["cypher"] {
		logf("profiling the plans (PROFILE of our statements and of the raw Cypher)")
		res.Plans = profilePlans(ctx, driver, queries)
		for _, p := range res.Plans {
			if p.Error != "" {
				logf("  plan of %s: %s", p.Query, p.Error)
			}
		}
	}
	res.Machine["loadavg at end"] = loadAvg()
	for name, pid := range pids {
		res.PeakRSSMB[name] = float64(memKB(pid, "VmHWM")) / 1024
	}
	if npid > 0 {
		res.PeakRSSMB["neo4j"] = float64(memKB(npid, "VmHWM")) / 1024
	}

	// 6. Report.
	if err := os.MkdirAll(o.out, 0o755); err != nil {
		return err
	}
	base := filepath.Join(o.out, fmt.Sprintf("scale-%d", o.scale))
	if o.graph == "seed" {
		base = filepath.Join(o.out, "seed")
	}
	js, _ := json.MarshalIndent(res, "", "  ")
	if err := os.WriteFile(base+".json", js, 0o644); err != nil {
		return err
	}
	md := markdown(res)
	if err := os.WriteFile(base+".md", []byte(md), 0o644); err != nil {
		return err
	}
	fmt.Println(md)
	if err := summarise(o.out); err != nil {
		return err
	}
	logf("wrote %s.md, %s.json, %s/summary.md and %s/latency-vs-scale.png", base, base, o.out, o.out)

	if o.smoke {
		problems := poolProblems(queries)
		for _, st := range res.Stats {
			if st.Errors > 0 {
				problems = append(problems, fmt.Sprintf("%s/%s: %d errors, first: %s", st.System, st.Query, st.Errors, st.FirstError))
			}
			if st.Requests == 0 {
				problems = append(problems, fmt.Sprintf("%s/%s: no request answered", st.System, st.Query))
			}
		}
		for _, m := range res.Mismatches {
			problems = append(problems, "mismatch "+m.Query+": "+m.Detail)
		}
		for _, p := range res.Plans {
			if p.Error != "" {
				problems = append(problems, "plan of "+p.Query+": "+p.Error)
			}
		}
		if len(problems) > 0 {
			return fmt.Errorf("smoke: %d problems:\n  %s", len(problems), strings.Join(problems, "\n  "))
		}
		logf("smoke: ok (%s)", strings.Join(res.Systems, ", "))
	}
	return nil
}

// startOurs starts `bin serve` as the system name on port and waits until it is ready.
// No warm-up of its own: the pages' saved queries name the seed's entities, and every
// system gets the same warm-up from the runner.
func startOurs(ctx context.Context, name, bin string, port int, env []string, root, tmp string, concurrency int) (*proc, *graphqlSystem, error) {
	addr := fmt.Sprintf("127.0.0.1:%d", port)
	p, err := startProc("mineralgraph serve ("+name+")", filepath.Join(tmp, name+".log"), root,
		append([]string{"HTTP_ADDR=" + addr, "GRAPHQL_DEBUG=true", "REQUEST_TIMEOUT=60s", "WARMUP=false"}, env...), bin, "serve")
	if err != nil {
		return nil, nil, err
	}
	if err := waitHTTP(ctx, "http://"+addr+"/readyz", 60*time.Second, p); err != nil {
		p.stop()
		return nil, nil, err
	}
	return p, newGraphQLSystem(name, "http://"+addr+"/graphql", concurrency), nil
}
