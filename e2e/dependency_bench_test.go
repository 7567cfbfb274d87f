package e2e

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/mineralgraph/mineralgraph/internal/testenv"
)

// BenchmarkDependency runs the benchmark's dependency query (bench/queries/16_dependency)
// in process through the whole HTTP handler, over the seed data set and the USGS releases
// (the benchmark's seed graph), with its cold variables (minReliance 50 to 59.5 by 0.5):
// ns/op, this process's CPU per request (cpu-µs/op: HTTP, GraphQL, the store, the
// driver's side) and, with NEO4J_PID naming the test Neo4j's JVM, Neo4j's CPU per
// request (neo4j-µs/op, all its threads); answer-bytes is the size of the first answer.
//
//	NEO4J_PID=$(cat DATA/neo4j.pid) go test -run '^$' -bench Dependency -benchtime 300x -cpuprofile cpu.out ./e2e/
func BenchmarkDependency(b *testing.B) {
	// A minute for the first requests, on a cold cache of a busy machine.
	h := testenv.Full(b, testenv.Patient())
	for deadline := time.Now().Add(5 * time.Minute); h.Store.Stats() == nil; time.Sleep(200 * time.Millisecond) {
		if time.Now().After(deadline) {
			b.Fatal("no graph statistics after 5 minutes")
		}
	}
	doc, err := os.ReadFile(filepath.Join("..", "bench", "queries", "16_dependency.graphql"))
	if err != nil {
		b.Fatal(err)
	}
	var bodies [][]byte
	for k := range 20 {
		body, err := json.Marshal(map[string]any{"query": string(doc),
			"variables": map[string]any{"country": "US", "minReliance": 50 + float64(k)*0.5, "partnership": "msp"}})
		if err != nil {
			b.Fatal(err)
		}
		bodies = append(bodies, body)
	}
	for _, body := range bodies { // warm: the document cache, the plan cache, the connections
		serve(b, h.Handler, "16_dependency", body)
	}
	pid, _ := strconv.Atoi(os.Getenv("NEO4J_PID"))
	b.ResetTimer()
	cpu, neo, i := processCPU(b), threadsCPU(pid), 0
	for b.Loop() {
		serve(b, h.Handler, "16_dependency", bodies[i%len(bodies)])
		i++
	}
	b.ReportMetric(float64((processCPU(b)-cpu).Microseconds())/float64(i), "cpu-µs/op")
	if pid > 0 {
		b.ReportMetric(float64((threadsCPU(pid)-neo).Microseconds())/float64(i), "neo4j-µs/op")
	}
	b.StopTimer()
	b.ReportMetric(float64(len(h.Do(b, testenv.Post(bodies[0])).Body)), "answer-bytes")
}

// threadsCPU is the run time of all the threads of process pid (0: none), from the
// scheduler's statistics: nanoseconds, where /proc/PID/stat counts ticks.
func threadsCPU(pid int) time.Duration {
	if pid <= 0 {
		return 0
	}
	dirs, _ := filepath.Glob(fmt.Sprintf("/proc/%d/task/*/schedstat", pid))
	var sum int64
	for _, d := range dirs {
		if b, err := os.ReadFile(d); err == nil {
			if f := strings.Fields(string(b)); len(f) > 0 {
				n, _ := strconv.ParseInt(f[0], 10, 64)
				sum += n
			}
		}
	}
	return time.Duration(sum)
}
