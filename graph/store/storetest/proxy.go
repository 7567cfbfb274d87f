package storetest

import (
	"context"
	"net"
	"net/url"
	"sync"
	"testing"
	"time"

	"github.com/mineralgraph/mineralgraph/graph/store"
)

// Proxy forwards loopback TCP connections to the test Neo4j. Cut is an outage as the
// driver sees it when Neo4j stops: open connections dropped, new ones refused; Restore
// ends it on the same address. (A real stop and restart of Neo4j costs two JVM
// start-ups, over a minute on a busy machine.) Hold stalls the traffic without an error.
type Proxy struct {
	target, addr string
	mu           sync.Mutex
	ln           net.Listener
	conns        map[net.Conn]bool
	held         chan struct{} // closed by Release; nil when not held
	shakeHands   bool          // a connection's first chunk each way passes a hold
}

// NewProxy starts a proxy to the test Neo4j; it is cut when the test ends.
func NewProxy(t testing.TB) *Proxy {
	t.Helper()
	u, err := url.Parse(URI(t))
	if err != nil {
		t.Fatal(err)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	p := &Proxy{target: u.Host, addr: ln.Addr().String(), conns: map[net.Conn]bool{}}
	p.serve(ln)
	t.Cleanup(p.Cut)
	return p
}

// Store returns a store on the test database through the proxy, with the driver
// settings the server uses.
func (p *Proxy) Store(t testing.TB) *store.Store {
	t.Helper()
	ctx := context.Background()
	driver, err := store.Connect(ctx, "bolt://"+p.addr, "", "", 30*time.Second)
	if err != nil {
		t.Fatal(err)
	}
	st := store.New(driver, Database)
	st.ReadOverBolt("bolt://"+p.addr, "", "")
	t.Cleanup(func() { st.Close(); _ = driver.Close(ctx) })
	return st
}

func (p *Proxy) serve(ln net.Listener) {
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

func (p *Proxy) pipe(client net.Conn) {
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
	go func() { p.forward(server, client); _ = server.Close() }()
	p.forward(client, server)
	_ = client.Close()
	p.mu.Lock()
	delete(p.conns, client)
	delete(p.conns, server)
	p.mu.Unlock()
}

// forward copies src to dst, each chunk only while the proxy is not held.
func (p *Proxy) forward(dst, src net.Conn) {
	buf := make([]byte, 32<<10)
	for first := true; ; first = false {
		n, err := src.Read(buf)
		if n > 0 {
			p.mu.Lock()
			held := p.held
			if first && p.shakeHands {
				held = nil
			}
			p.mu.Unlock()
			if held != nil {
				<-held
			}
			if _, werr := dst.Write(buf[:n]); werr != nil {
				return
			}
		}
		if err != nil {
			return
		}
	}
}

// Hold stalls the traffic both ways until Release: a statement sent meanwhile waits, as
// behind a stalled network, neither answered nor failed.
func (p *Proxy) Hold() {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.held == nil {
		p.held = make(chan struct{})
	}
}

// HoldAfterHandshake is Hold, but new connections get through the Bolt handshake (each
// side's first chunk): a Neo4j alive but too slow to answer anything more, as a starved
// one is.
func (p *Proxy) HoldAfterHandshake() {
	p.Hold()
	p.mu.Lock()
	defer p.mu.Unlock()
	p.shakeHands = true
}

// Release forwards the traffic held since Hold, and what follows.
func (p *Proxy) Release() {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.release()
}

// release ends a Hold; p.mu is held.
func (p *Proxy) release() {
	if p.held != nil {
		close(p.held)
		p.held = nil
	}
	p.shakeHands = false
}

// Cut drops the open connections and refuses new ones (and ends a Hold).
func (p *Proxy) Cut() {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.release()
	if p.ln != nil {
		_ = p.ln.Close()
		p.ln = nil
	}
	for c := range p.conns {
		_ = c.Close()
		delete(p.conns, c)
	}
}

// Restore accepts connections again on the same address.
func (p *Proxy) Restore(t testing.TB) {
	t.Helper()
	ln, err := net.Listen("tcp", p.addr)
	if err != nil {
		t.Fatalf("listen again on %s: %v", p.addr, err)
	}
	p.serve(ln)
}
