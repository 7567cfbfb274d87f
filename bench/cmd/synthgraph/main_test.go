package main

import (
	"bytes"
	"context"
	"runtime/debug"
	"strings"
	"testing"
)

func noEnv(string) string { return "" }

// The command counts what it would write without Neo4j (--dry-run); the real load
// through the store is exercised by `make bench-smoke`.
func TestDryRun(t *testing.T) {
	var out bytes.Buffer
	if err := run(context.Background(), []string{"--scale", "1", "--seed", "3", "--dry-run"}, noEnv, &out); err != nil {
		t.Fatal(err)
	}
	s := out.String()
	for _, want := range []string{"synthgraph: scale 1, seed 3: ", "Country                   249", "FINANCES", "MEMBER_OF", "Measurement"} {
		if !strings.Contains(s, want) {
			t.Errorf("output lacks %q:\n%s", want, s)
		}
	}
}

func TestRejectsBadFlags(t *testing.T) {
	for _, args := range [][]string{{"--scale", "0"}, {"--scale", "1", "--batch", "0"}, {"extra"}} {
		var out bytes.Buffer
		if err := run(context.Background(), args, noEnv, &out); err == nil {
			t.Errorf("%v: no error", args)
		}
	}
}

func TestLoadGCUnlessGOGCIsSet(t *testing.T) {
	prev := debug.SetGCPercent(100)
	defer debug.SetGCPercent(prev)
	loadGC(noEnv)
	if got := debug.SetGCPercent(100); got != loadGCPercent {
		t.Errorf("without GOGC: GC percent %d, want %d", got, loadGCPercent)
	}
	loadGC(func(k string) string { return map[string]string{"GOGC": "50"}[k] })
	if got := debug.SetGCPercent(100); got != 100 {
		t.Errorf("with GOGC set: GC percent changed to %d; Go's reading of GOGC must stand", got)
	}
}
