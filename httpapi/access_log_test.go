package httpapi_test

import (
	"bytes"
	"encoding/json"
	"log/slog"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"

	"github.com/mineralgraph/mineralgraph/graph/store/storetest"
	"github.com/mineralgraph/mineralgraph/httpapi"
	"github.com/mineralgraph/mineralgraph/internal/testenv"
)

// lockedBuffer is a log destination safe for the server's background goroutines.
type lockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

// Each request is one access log line at level INFO, in the server's JSON format, with
// its request id, method, path, status and duration.
func TestOneAccessLogLinePerRequest(t *testing.T) {
	var out lockedBuffer
	h := httpapi.New(httpapi.Defaults(), storetest.Dead(t), slog.New(slog.NewJSONHandler(&out, nil)))
	for _, id := range []string{"req-log-1", "req-log-2"} {
		req := testenv.WithHeader(testenv.Post(testenv.Body(`{ __typename }`, nil)), "X-Request-Id", id)
		h.ServeHTTP(httptest.NewRecorder(), req)
	}
	req := testenv.WithHeader(testenv.Request("PUT", "/graphql", "application/json", nil), "X-Request-Id", "req-log-3")
	h.ServeHTTP(httptest.NewRecorder(), req)

	type line struct {
		Level      string   `json:"level"`
		Msg        string   `json:"msg"`
		RequestID  string   `json:"request_id"`
		Method     string   `json:"method"`
		Path       string   `json:"path"`
		Status     int      `json:"status"`
		DurationMS *float64 `json:"duration_ms"`
	}
	var got []line
	for _, text := range strings.Split(strings.TrimSpace(out.String()), "\n") {
		var l line
		if err := json.Unmarshal([]byte(text), &l); err != nil {
			t.Fatalf("a log line that is not JSON: %s", text)
		}
		if l.Msg == "request" {
			got = append(got, l)
		}
	}
	want := []line{
		{Level: "INFO", Msg: "request", RequestID: "req-log-1", Method: "POST", Path: "/graphql", Status: 200},
		{Level: "INFO", Msg: "request", RequestID: "req-log-2", Method: "POST", Path: "/graphql", Status: 200},
		{Level: "INFO", Msg: "request", RequestID: "req-log-3", Method: "PUT", Path: "/graphql", Status: 405},
	}
	if len(got) != len(want) {
		t.Fatalf("%d access lines, want %d:\n%s", len(got), len(want), out.String())
	}
	for i, g := range got {
		if g.DurationMS == nil {
			t.Errorf("line %d has no duration_ms", i)
		}
		g.DurationMS = nil
		if g != want[i] {
			t.Errorf("line %d is %+v, want %+v", i, g, want[i])
		}
	}
}
