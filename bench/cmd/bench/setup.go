package main

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"strings"
	"time"
)

// startNeo4j starts the benchmark's own Neo4j with tools/neo4j/neo4j.sh (port and data
// dir of its own; fresh when reloading) and returns its URI and how to stop it.
func startNeo4j(ctx context.Context, o options, root string) (string, func(), error) {
	script := filepath.Join(root, "tools/neo4j/neo4j.sh")
	args := []string{script, "start", "--port", fmt.Sprint(o.neo4jPort), "--data", o.data}
	if o.reload {
		// --fresh refuses a running instance: stop it first.
		runCmd(ctx, os.Stderr, nil, script, "stop", "--port", fmt.Sprint(o.neo4jPort), "--data", o.data)
		args = append(args, "--fresh")
	}
	if o.smoke {
		// The smoke run checks the harness, not speed: the JVM's C2 compiles would cost
		// more CPU than they save in its few minutes (make test runs beside it).
		args = append(args, "--short-lived")
	}
	javaOpts := "-Xms" + o.heap + " -Xmx" + o.heap
	if !o.smoke {
		javaOpts += " " + neo4jServerFlags
	}
	env := []string{
		"NEO4J_LOCAL_JAVA_OPTS=" + javaOpts,
		"NEO4J_LOCAL_PAGECACHE=" + o.pagecache,
		"NEO4J_LOCAL_START_TIMEOUT=300",
	}
	logf("starting Neo4j on 127.0.0.1:%d (data %s, heap %s, page cache %s)", o.neo4jPort, o.data, o.heap, o.pagecache)
	out, err := runCmd(ctx, os.Stderr, env, args...)
	if err != nil {
		return "", nil, fmt.Errorf("neo4j start: %w", err)
	}
	uri := strings.TrimSpace(out)
	stop := func() {
		runCmd(context.Background(), os.Stderr, nil, script, "stop", "--port", fmt.Sprint(o.neo4jPort), "--data", o.data)
	}
	return uri, stop, nil
}

// neo4jServerFlags are JVM flags of the neo4j.conf that Neo4j 5.26 ships
// (server.jvm.additional), which a server started by Neo4j's own script has and the
// embedded launcher of tools/neo4j does not: the benchmark measures Neo4j as it is
// deployed. AlwaysPreTouch maps the whole heap at start instead of page by page during
// the load (the kernel's page faults were Neo4j CPU in the load's time); final fields
// trusted as constants let the JIT fold them, for every system the benchmark runs alike.
const neo4jServerFlags = "-XX:+AlwaysPreTouch -XX:+UnlockExperimentalVMOptions -XX:+TrustFinalNonStaticFields"

// librarySDL is the type definitions the Neo4j GraphQL Library serves: the annotated
// model of schema/ without directives.graphqls (the library declares its directives
// itself) and without this API's own root fields (query.graphqls, explore.graphqls,
// mutation.graphqls), which the library does not have. The model is fed as it is; no
// transformation was needed for @neo4j/graphql 7.
func librarySDL(root string) (string, error) {
	b, err := os.ReadFile(filepath.Join(root, "schema/model.graphqls"))
	return string(b), err
}

type libraryStats struct {
	Requests int64 `json:"requests"`
	Cypher   int64 `json:"cypher"`
}

func libStats(port int) (libraryStats, error) {
	var s libraryStats
	resp, err := http.Get(fmt.Sprintf("http://127.0.0.1:%d/stats", port))
	if err != nil {
		return s, err
	}
	defer resp.Body.Close()
	err = json.NewDecoder(resp.Body).Decode(&s)
	return s, err
}

// machine describes where the run happened: cores, memory, CPU, load and versions.
func machine(root string) map[string]string {
	m := map[string]string{}
	sh := func(argv ...string) string {
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		out, err := exec.CommandContext(ctx, argv[0], argv[1:]...).CombinedOutput()
		if err != nil {
			return "unknown"
		}
		return strings.TrimSpace(string(out))
	}
	m["nproc"] = sh("nproc")
	m["free -g"] = sh("free", "-g")
	if b, err := os.ReadFile("/proc/cpuinfo"); err == nil {
		if x := regexp.MustCompile(`model name\s*:\s*(.*)`).FindStringSubmatch(string(b)); x != nil {
			m["cpu"] = x[1]
		}
	}
	if b, err := os.ReadFile("/proc/loadavg"); err == nil {
		m["loadavg at start"] = strings.TrimSpace(string(b))
	}
	m["kernel"] = sh("uname", "-sr")
	m["go"] = runtime.Version()
	m["java"] = firstLine(sh("java", "-version"))
	m["node"] = sh("node", "--version")
	if b, err := os.ReadFile(filepath.Join(root, "tools/neo4j/pom.xml")); err == nil {
		if x := regexp.MustCompile(`<neo4j.version>(.*)</neo4j.version>`).FindStringSubmatch(string(b)); x != nil {
			m["neo4j"] = "Community " + x[1] + " (tools/neo4j, embedded, Bolt on loopback)"
		}
	}
	for _, pkg := range []string{"@neo4j/graphql", "@apollo/server", "neo4j-driver", "graphql"} {
		b, err := os.ReadFile(filepath.Join(root, "bench/neo4j-graphql/node_modules", pkg, "package.json"))
		if err != nil {
			continue
		}
		var p struct{ Version string }
		if json.Unmarshal(b, &p) == nil {
			m[pkg] = p.Version
		}
	}
	return m
}

func firstLine(s string) string {
	if i := strings.IndexByte(s, '\n'); i >= 0 {
		return s[:i]
	}
	return s
}

// commitOf names the code a run measured: the commit, its date and subject, and
// "+ uncommitted changes" when the worktree differs from it.
func commitOf(root string) string {
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	out, err := exec.CommandContext(ctx, "git", "-C", root, "log", "-1", "--format=%h %cs %s").Output()
	if err != nil {
		return "unknown"
	}
	c := strings.TrimSpace(string(out))
	if exec.CommandContext(ctx, "git", "-C", root, "diff", "--quiet", "HEAD").Run() != nil {
		c += " + uncommitted changes"
	}
	return c
}
