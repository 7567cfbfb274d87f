package httpapi_test

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"github.com/mineralgraph/mineralgraph/httpapi"
	"github.com/mineralgraph/mineralgraph/internal/testenv"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/gqlerror"

	"github.com/mineralgraph/mineralgraph/graph/store"
	"github.com/mineralgraph/mineralgraph/httpapi/auth"
)

// Issue 16: an INTERNAL error reached the log as "input:1:3: countries internal error",
// without its cause. The presenter gets it wrapped in the resolver's path, as here.
func TestInternalErrorsAreLoggedWithTheirCause(t *testing.T) {
	logs := &testenv.Logs{}
	present := httpapi.PresentError(slog.New(logs))
	cause := errors.New("the cause: integer overflow")
	wrapped := gqlerror.WrapPath(ast.Path{ast.PathName("countries")}, &store.Error{Code: store.Internal, Message: "internal error", Cause: cause})
	got := present(context.Background(), wrapped)
	if got.Message != "internal error" || got.Extensions["code"] != store.Internal {
		t.Errorf("the client sees %q %v", got.Message, got.Extensions)
	}
	if log := strings.Join(logs.Take(slog.LevelError), "\n"); !strings.Contains(log, cause.Error()) {
		t.Errorf("the log does not name the cause: %s", log)
	}
}

// Issue 16: low items that are refused before any database call.
func TestInputErrorsAreClientErrors(t *testing.T) {
	h := testenv.Dead(t)
	cases := []struct {
		name, query string
		vars        map[string]any
		code        string
		says, never string
	}{
		{"a huge offset", `{ countries(offset: 9223372036854775807) { id } }`, nil, store.BadUserInput, "offset", "internal"},
		{"a null sort direction", `{ countries(sort: [{name: null}]) { id } }`, nil, store.BadUserInput, "got null", "model."},
		{"an Int as a string", `query($n: Int) { countries(limit: $n) { id } }`, map[string]any{"n": "5"}, "GRAPHQL_VALIDATION_FAILED", `"5"`, ""},
		{"a fractional Int", `query($n: Int) { countries(limit: $n) { id } }`, map[string]any{"n": 1.5}, "GRAPHQL_VALIDATION_FAILED", "1.5", "value 0"},
		{"an Int as a string in an input object", `query($w: MeasurementWhere) { measurements(where: $w) { id } }`,
			map[string]any{"w": map[string]any{"year": map[string]any{"gt": "2020"}}}, "GRAPHQL_VALIDATION_FAILED", "year", ""},
		{"a Float as a string in a list", `query($w: MeasurementWhere) { measurements(where: $w) { id } }`,
			map[string]any{"w": map[string]any{"value": map[string]any{"in": []any{1.5, "2"}}}}, "GRAPHQL_VALIDATION_FAILED", "item 1", ""},
	}
	for _, tt := range cases {
		t.Run(tt.name, func(t *testing.T) {
			resp := h.Post(t, tt.query, tt.vars)
			if len(resp.Errors) != 1 {
				t.Fatalf("want one error, got %+v", resp.Errors)
			}
			e := resp.Errors[0]
			if e.Extensions["code"] != tt.code || !strings.Contains(e.Message, tt.says) || (tt.never != "" && strings.Contains(strings.ToLower(e.Message), tt.never)) {
				t.Errorf("got %q %v, want code %s saying %q and never %q", e.Message, e.Extensions["code"], tt.code, tt.says, tt.never)
			}
		})
	}
	// Well-typed numbers pass the check (and then meet the dead database).
	resp := h.Post(t, `query($n: Int) { countries(limit: $n) { id } }`, map[string]any{"n": 5})
	if len(resp.Errors) != 1 || resp.Errors[0].Extensions["code"] != store.ServiceUnavailable {
		t.Errorf("an Int 5: want only the database's error, got %+v", resp.Errors)
	}
}

// Issue 16: a body slower than the server's read timeout answered 200 with
// "read tcp …: i/o timeout"; it is a coded 408.
func TestSlowBodyIsRequestTimeout(t *testing.T) {
	srv := httptest.NewUnstartedServer(testenv.Dead(t).Handler)
	srv.Config.ReadTimeout = 300 * time.Millisecond
	srv.Start()
	defer srv.Close()
	conn, err := net.Dial("tcp", srv.Listener.Addr().String())
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	body := `{"query":"{ __typename }"}`
	fmt.Fprintf(conn, "POST /graphql HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: %d\r\n\r\n%s", len(body), body[:5])
	time.Sleep(600 * time.Millisecond)
	_, _ = conn.Write([]byte(body[5:]))
	_ = conn.SetReadDeadline(time.Now().Add(5 * time.Second))
	resp, err := http.ReadResponse(bufio.NewReader(conn), nil)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	out := testenv.Decode(resp.StatusCode, resp.Header, b)
	if resp.StatusCode != http.StatusRequestTimeout || len(out.Errors) != 1 || out.Errors[0].Extensions["code"] != "REQUEST_TIMEOUT" ||
		strings.Contains(out.Errors[0].Message, "tcp") {
		t.Fatalf("HTTP %d %+v, want 408 with one %s error", resp.StatusCode, out.Errors, "REQUEST_TIMEOUT")
	}
}

// Issue 16: "bearer" (any case) is the Bearer scheme; failed authentications are logged.
func TestBearerSchemeAndFailedAuthentications(t *testing.T) {
	env := testenv.Empty(t, testenv.WithKey("loader-1"))
	send := func(authorization string) *testenv.Response {
		return env.PostAuth(t, authorization, upsertDoc, map[string]any{"input": upsertInput(10)})
	}
	logged := func() string { return strings.Join(env.Logs.Take(slog.LevelWarn), "\n") }
	for _, scheme := range []string{"bearer", "BEARER"} {
		if resp := send(scheme + " " + env.Key); len(resp.Errors) > 0 {
			t.Errorf("%s <key>: %+v", scheme, resp.Errors)
		}
	}
	if nodes, _ := env.Totals(t); nodes == 0 {
		t.Error("nothing was written")
	}
	if log := logged(); strings.Contains(log, "authentication failed") {
		t.Errorf("a valid key was logged as failed: %s", log)
	}
	for _, header := range []string{"Bearer not-a-key", "Basic dXNlcjpwdw=="} {
		if resp := send(header); len(resp.Errors) != 1 || resp.Errors[0].Extensions["code"] != auth.Unauthenticated {
			t.Errorf("%s: want UNAUTHENTICATED, got %+v", header, resp.Errors)
		}
		if log := logged(); !strings.Contains(log, "authentication failed") || strings.Contains(log, "not-a-key") {
			t.Errorf("%s: want a log line without the key, got %s", header, log)
		}
	}
}
