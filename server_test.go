package main

import (
	"context"
	"net/http"
	"runtime/debug"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/mineralgraph/mineralgraph/graph/store/storetest"
)

func TestStartWithoutNeo4jFailsWithOneLine(t *testing.T) {
	t.Setenv("NEO4J_URI", "bolt://127.0.0.1:1")
	t.Setenv("NEO4J_CONNECT_TIMEOUT", "1s")
	err := run(context.Background(), []string{"serve"})
	if err == nil {
		t.Fatal("serve started without Neo4j")
	}
	msg := err.Error()
	if !strings.Contains(msg, "bolt://127.0.0.1:1") || strings.Contains(msg, "\n") {
		t.Errorf("want one line naming the URI, got %q", msg)
	}
}

func TestServeShutsDownOnSignal(t *testing.T) {
	st := storetest.New(t)
	_ = st
	ln := freeAddr(t)
	t.Setenv("NEO4J_URI", storetest.URI(t))
	t.Setenv("HTTP_ADDR", ln)
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- run(ctx, []string{"serve"}) }()
	waitFor(t, "http://"+ln+"/readyz")
	cancel()
	select {
	case err := <-done:
		if err != nil {
			t.Fatalf("serve: %v", err)
		}
	case <-time.After(30 * time.Second):
		t.Fatal("serve did not stop")
	}
	if _, err := http.Get("http://" + ln + "/healthz"); err == nil {
		t.Error("server still answers after shutdown")
	}
}

// serve collects garbage at GOGC=200 unless the environment sets GOGC, as the README's
// configuration table says.
func TestServerGCDefault(t *testing.T) {
	prev := debug.SetGCPercent(100)
	defer debug.SetGCPercent(prev)
	serverGC(func(string) string { return "" })
	if got := debug.SetGCPercent(100); got != serveGCPercent {
		t.Errorf("without GOGC: GC percent %d, want %d", got, serveGCPercent)
	}
	serverGC(func(name string) string { return map[string]string{"GOGC": "50"}[name] })
	if got := debug.SetGCPercent(100); got != 100 {
		t.Errorf("with GOGC set: GC percent changed to %d; Go's reading of GOGC must stand", got)
	}
	for _, v := range envVars {
		if v.Name == "GOGC" && v.Default != strconv.Itoa(serveGCPercent) {
			t.Errorf("envVars documents GOGC default %s, serve uses %d", v.Default, serveGCPercent)
		}
	}
}
