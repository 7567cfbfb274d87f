package httpapi_test

import (
	"context"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"sync"
	"testing"
	"time"

	"github.com/mineralgraph/mineralgraph/internal/testenv"

	"github.com/mineralgraph/mineralgraph/graph/apperr"
	"github.com/mineralgraph/mineralgraph/graph/store"
	"github.com/mineralgraph/mineralgraph/graph/store/storetest"
)

// boltProxy forwards loopback TCP connections to the test Neo4j. cut is the outage as the
// driver sees it when Neo4j stops: open connections dropped, new ones refused; restore ends
// it on the same address. (A real stop and restart of Neo4j costs two JVM start-ups, over
// a minute on a busy machine; `make soak` restarts a real Neo4j half-way.)
type boltProxy struct {
	target, addr string
	mu           sync.Mutex
	ln           net.Listener
	conns        map[net.Conn]bool
}

func newBoltProxy(t *testing.T, target string) *boltProxy {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	p := &boltProxy{target: target, addr: ln.Addr().String(), conns: map[net.Conn]bool{}}
	p.serve(ln)
	t.Cleanup(p.cut)
	return p
}

func (p *boltProxy) serve(ln net.Listener) {
	p.mu.Lock()
	p.ln = ln
	p.mu.Unlock()
	go func() {
		for {
			client, err := ln.Accept()
			if err != nil {
				return // cut
			}
			go p.pipe(client)
		}
	}()
}

func (p *boltProxy) pipe(client net.Conn) {
	server, err := net.Dial("tcp", p.target)
	if err != nil {
		_ = client.Close()
		return
	}
	p.mu.Lock()
	if p.ln == nil { // cut while dialling
		p.mu.Unlock()
		_ = client.Close()
		_ = server.Close()
		return
	}
	p.conns[client], p.conns[server] = true, true
	p.mu.Unlock()
	go func() { _, _ = io.Copy(server, client); _ = server.Close() }()
	_, _ = io.Copy(client, server)
	_ = client.Close()
	p.mu.Lock()
	delete(p.conns, client)
	delete(p.conns, server)
	p.mu.Unlock()
}

func (p *boltProxy) cut() {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.ln != nil {
		_ = p.ln.Close()
		p.ln = nil
	}
	for c := range p.conns {
		_ = c.Close()
		delete(p.conns, c)
	}
}

func (p *boltProxy) restore(t *testing.T) {
	t.Helper()
	ln, err := net.Listen("tcp", p.addr)
	if err != nil {
		t.Fatalf("listen again on %s: %v", p.addr, err)
	}
	p.serve(ln)
}

// When Neo4j goes away the API answers SERVICE_UNAVAILABLE quickly and /readyz 503;
// when it comes back the same server answers again, with no restart.
func TestOutageAndRecovery(t *testing.T) {
	storetest.Tiny(t, storetest.New(t))
	neo4jURL, err := url.Parse(storetest.URI(t))
	if err != nil {
		t.Fatal(err)
	}
	proxy := newBoltProxy(t, neo4jURL.Host)

	ctx := context.Background()
	driver, err := store.Connect(ctx, "bolt://"+proxy.addr, "", "", 30*time.Second)
	if err != nil {
		t.Fatal(err)
	}
	defer driver.Close(ctx)
	st := store.New(driver, storetest.Database)
	defer st.Close()
	h := testenv.Over(t, st, driver)
	ready := func() int {
		return h.Do(t, httptest.NewRequest(http.MethodGet, "/readyz", nil)).Status
	}
	query := func() (*testenv.Response, time.Duration) {
		start := time.Now()
		resp := h.Post(t, `{ project(id: "p1") { name financiers { name } } }`, nil)
		return resp, time.Since(start)
	}
	if resp, _ := query(); len(resp.Errors) > 0 || ready() != http.StatusOK {
		t.Fatalf("before the outage: %+v", resp.Errors)
	}

	proxy.cut()
	resp, took := query()
	if resp.Code() != string(apperr.ServiceUnavailable) || took > 5*time.Second {
		t.Fatalf("first query in the outage: %+v after %s, want SERVICE_UNAVAILABLE within 5s", resp.Errors, took)
	}
	if resp, took := query(); resp.Code() != string(apperr.ServiceUnavailable) || took > 200*time.Millisecond {
		t.Errorf("later queries in the outage: %+v after %s, want SERVICE_UNAVAILABLE at once", resp.Errors, took)
	}
	if code := ready(); code != http.StatusServiceUnavailable {
		t.Errorf("/readyz during the outage: %d, want 503", code)
	}

	restored := time.Now()
	proxy.restore(t)
	deadline := time.Now().Add(30 * time.Second)
	for {
		resp, _ := query()
		if len(resp.Errors) == 0 {
			t.Logf("answering again %s after Neo4j came back", time.Since(restored))
			if string(resp.Data) != `{"project":{"name":"Graphite refinery","financiers":[{"name":"JOGMEC"}]}}` {
				t.Errorf("after recovery: %s", resp.Data)
			}
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("no recovery 30s after Neo4j came back: %+v", resp.Errors)
		}
		time.Sleep(200 * time.Millisecond)
	}
	if code := ready(); code != http.StatusOK {
		t.Errorf("/readyz after recovery: %d", code)
	}
}
