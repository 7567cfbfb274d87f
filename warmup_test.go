package main

import (
	"bytes"
	"context"
	"encoding/json"
	"log/slog"
	"net"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/mineralgraph/mineralgraph/httpapi"
	"github.com/mineralgraph/mineralgraph/internal/testenv"
	"github.com/mineralgraph/mineralgraph/web"
)

// The warm-up sends every saved query of the pages once and each is answered without an
// error on the graph `make run` serves; afterwards the same requests are answered from
// the response cache, which only a request the server actually ran can have filled.
func TestWarmUpAnswersThePagesSavedQueries(t *testing.T) {
	examples, err := web.SavedExamples()
	if err != nil {
		t.Fatal(err)
	}
	insights := 0
	for _, ex := range examples {
		if strings.HasPrefix(ex.Title, "Insights:") {
			insights++
		}
	}
	if insights < 5 || len(examples)-insights < 5 {
		t.Fatalf("%d saved queries, %d of the Insights page: want the README's examples and the page's five", len(examples), insights)
	}
	h := testenv.Full(t, patient)
	srv := httptest.NewServer(h.Handler)
	defer srv.Close()
	var logs bytes.Buffer
	warmUp(context.Background(), srv.Listener.Addr(), time.Minute, slog.New(slog.NewJSONHandler(&logs, nil)))
	var summary struct {
		Msg                           string
		Queries, Answered, WithErrors int
	}
	for _, line := range strings.Split(strings.TrimSpace(logs.String()), "\n") {
		if err := json.Unmarshal([]byte(line), &summary); err != nil {
			t.Fatalf("log line %q: %v", line, err)
		}
		if summary.Msg != "warm-up done" {
			t.Errorf("warm-up logged %s", line)
		}
	}
	if summary.Queries != len(examples) || summary.Answered != len(examples) || summary.WithErrors != 0 {
		t.Errorf("warm-up summary %+v, want all %d answered", summary, len(examples))
	}
	for _, ex := range examples {
		resp := h.Post(t, ex.Query, ex.Variables)
		if got := resp.Header.Get(httpapi.CacheHeader); got != "hit" || len(resp.Errors) > 0 {
			t.Errorf("%s after the warm-up: cache %q, errors %+v", ex.Title, got, resp.Errors)
		}
	}
}

// A warm-up whose context ends (the server shutting down) stops, counts no failure and
// still says so.
func TestWarmUpStopsWithItsContext(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	var logs bytes.Buffer
	warmUp(ctx, &net.TCPAddr{IP: net.IPv4(127, 0, 0, 1), Port: 1}, time.Second, slog.New(slog.NewJSONHandler(&logs, nil)))
	if !strings.Contains(logs.String(), `"answered":0`) || strings.Contains(logs.String(), "failed") {
		t.Errorf("a cancelled warm-up logged %s", logs.String())
	}
}

// The warm-up asks the server where it listens: on a specific address there, on every
// interface on loopback.
func TestWarmUpURL(t *testing.T) {
	for _, c := range []struct {
		addr net.Addr
		want string
	}{
		{&net.TCPAddr{IP: net.IPv4zero, Port: 8080}, "http://127.0.0.1:8080/graphql"},
		{&net.TCPAddr{IP: net.IPv6unspecified, Port: 8080}, "http://127.0.0.1:8080/graphql"},
		{&net.TCPAddr{IP: net.ParseIP("10.1.2.3"), Port: 80}, "http://10.1.2.3:80/graphql"},
		{&net.TCPAddr{IP: net.IPv6loopback, Port: 8081}, "http://[::1]:8081/graphql"},
	} {
		if got := warmUpURL(c.addr); got != c.want {
			t.Errorf("%v: %s, want %s", c.addr, got, c.want)
		}
	}
}
