package main

import (
	"net"
	"net/http"
	"testing"
	"time"

	"github.com/mineralgraph/mineralgraph/httpapi"
	"github.com/mineralgraph/mineralgraph/internal/testenv"
)

// patient gives a test server a minute per request, not the default 10 s, for the tests
// that check answers, not the deadline (httpapi's TestRequestDeadline does): at load 20
// analytics over the full graph took longer than 10 s.
var patient = testenv.Tune(func(o *httpapi.Options) { o.Limits.RequestTimeout = time.Minute })

func freeAddr(t *testing.T) string {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := l.Addr().String()
	_ = l.Close()
	return addr
}

func waitFor(t *testing.T, url string) {
	t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	for time.Now().Before(deadline) {
		if resp, err := http.Get(url); err == nil {
			_ = resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				return
			}
		}
		time.Sleep(100 * time.Millisecond)
	}
	t.Fatalf("%s did not answer 200 within 30s", url)
}

func testConfig(t testing.TB) Config {
	t.Helper()
	cfg, err := loadConfig(func(string) string { return "" })
	if err != nil {
		t.Fatal(err)
	}
	return cfg
}
