package main

import (
	"context"
	"net/http"
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
