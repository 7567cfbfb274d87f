package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"syscall"
	"time"
)

// csvBytesPerScale bounds the offline load's CSV files per unit of scale (scale 1 wrote
// 15 MB with the fixups; twice that, for the margin).
const csvBytesPerScale = 30 << 20

// loadOffline loads the synthetic graph with Neo4j's offline importer: the generator
// writes the importer's CSV files into a temp dir (synthgraph --csv: the online load's
// checks and stored values), tools/neo4j/neo4j.sh import writes them into a fresh
// o.data, Neo4j starts on it, and synthgraph --finish-import creates the schema, sets
// what the importer cannot store, builds the summaries and replans. The temp dir is
// removed whatever the end. It returns Neo4j's URI, its stop and the load's line for the
// results, "… in <wall>: <phases>", which counts Neo4j's start on the imported store
// (the online load's Neo4j started before it, outside its time).
func loadOffline(ctx context.Context, o options, root, synthgraph string) (uri string, stop func(), line string, err error) {
	script := filepath.Join(root, "tools/neo4j/neo4j.sh")
	dir, err := os.MkdirTemp("", "mineralgraph-import-")
	if err != nil {
		return "", nil, "", err
	}
	defer os.RemoveAll(dir)
	if err := enoughDisk(dir, int64(o.scale)*csvBytesPerScale); err != nil {
		return "", nil, "", err
	}
	la0, t0 := loadAvg(), time.Now()
	var phases []string
	phase := func(name string, start time.Time, cpu float64, whose string) {
		phases = append(phases, fmt.Sprintf("%s %s (%s %.0f CPU-s)", name, time.Since(start).Round(100*time.Millisecond), whose, cpu))
	}

	logf("offline load: writing the importer's CSV files into %s", dir)
	t := time.Now()
	out, cpu, err := runTimed(ctx, nil, synthgraph, "--scale", fmt.Sprint(o.scale), "--seed", fmt.Sprint(o.seed),
		"--batch", fmt.Sprint(o.batch), "--csv", dir)
	if err != nil {
		return "", nil, "", fmt.Errorf("synthgraph --csv: %w", err)
	}
	phase("CSV", t, cpu, "generator")
	counts := regexp.MustCompile(`wrote (\d+) nodes \+ (\d+) relationships`).FindStringSubmatch(out)
	if counts == nil {
		return "", nil, "", fmt.Errorf("synthgraph --csv: no counts in its output")
	}
	args, err := os.ReadFile(filepath.Join(dir, "import.args"))
	if err != nil {
		return "", nil, "", err
	}

	// --fresh refuses a running instance: stop it first.
	runCmd(ctx, os.Stderr, nil, script, "stop", "--data", o.data)
	t = time.Now()
	importArgs := append([]string{script, "import", "--fresh", "--data", o.data}, strings.Fields(string(args))...)
	if _, cpu, err = runTimed(ctx, nil, importArgs...); err != nil {
		return "", nil, "", fmt.Errorf("neo4j.sh import: %w", err)
	}
	phase("import", t, cpu, "importer")

	t = time.Now()
	started := o
	started.reload = false // the imported store is the data dir's: no --fresh
	uri, stop, err = startNeo4j(ctx, started, root)
	if err != nil {
		return "", nil, "", err
	}
	dataDir, _ := filepath.Abs(o.data)
	npid := neo4jPid(dataDir)
	phase("Neo4j start", t, cpuSeconds(npid), "Neo4j")

	t = time.Now()
	cpu0 := cpuSeconds(npid)
	env := []string{"NEO4J_URI=" + uri, "NEO4J_PASSWORD="}
	if _, _, err := runTimed(ctx, env, synthgraph, "--finish-import", dir); err != nil {
		stop()
		return "", nil, "", fmt.Errorf("synthgraph --finish-import: %w", err)
	}
	phase("schema, fixups, summaries, replan", t, cpuSeconds(npid)-cpu0, "Neo4j")
	line = fmt.Sprintf("offline import: loaded %s nodes + %s relationships in %s: %s [load average %s before, %s after]",
		counts[1], counts[2], time.Since(t0).Round(100*time.Millisecond), strings.Join(phases, ", "), la0, loadAvg())
	logf("%s", line)
	return uri, stop, line, nil
}

// runTimed is runCmd that also returns the CPU-seconds of the command and of every
// descendant it waited for (a shell script's JVM included).
func runTimed(ctx context.Context, env []string, argv ...string) (string, float64, error) {
	cmd := exec.CommandContext(ctx, argv[0], argv[1:]...)
	cmd.Env = append(os.Environ(), env...)
	var out strings.Builder
	cmd.Stdout = io.MultiWriter(&out, os.Stderr)
	cmd.Stderr = os.Stderr
	err := cmd.Run()
	cpu := 0.0
	if cmd.ProcessState != nil {
		cpu = (cmd.ProcessState.UserTime() + cmd.ProcessState.SystemTime()).Seconds()
	}
	return out.String(), cpu, err
}

// enoughDisk refuses to start writing files of about need bytes into dir's file system
// when it has less free space.
func enoughDisk(dir string, need int64) error {
	var st syscall.Statfs_t
	if err := syscall.Statfs(dir, &st); err != nil {
		return err
	}
	if free := int64(st.Bavail) * int64(st.Bsize); free < need {
		return fmt.Errorf("offline load: %s has %d MB free, the CSV files need about %d MB (set TMPDIR elsewhere, or -load online)", dir, free>>20, need>>20)
	}
	return nil
}
