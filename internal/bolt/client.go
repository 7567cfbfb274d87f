// Package bolt runs read statements over Bolt with less work per statement than the
// official driver: a request is written in one write, the answer read through one
// buffered reader, and the request's deadline is the socket's (the driver races every
// socket read against a timer in a goroutine of its own, since Neo4j sends a receive
// timeout hint; bench/results/profile.md). It speaks only what the store's reads need —
// a direct bolt:// connection, auto-commit RUN and PULL, the values the store's
// statements return — and answers ErrUnsupported for the rest, which the caller then
// runs through the driver; so do connection problems, where the driver's retries and
// errors decide.
package bolt

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/url"
	"sync"
	"sync/atomic"
	"time"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"
)

// Client is a pool of Bolt connections to one server for auto-commit reads.
type Client struct {
	addr, database, user, password string
	maxIdle                        int
	dialer                         net.Dialer

	mu     sync.Mutex
	idle   []*conn
	closed bool

	foreign atomic.Bool // the server speaks no Bolt version this client does
}

// maxLifetime is how long a connection is reused, as the driver's default.
const maxLifetime = time.Hour

const userAgent = "mineralgraph"

// New returns a client for a bolt:// URI (other schemes — routing, TLS — are
// ErrUnsupported: the driver serves them). It connects on first use; maxIdle bounds the
// connections kept between calls.
func New(uri, database, user, password string, maxIdle int) (*Client, error) {
	u, err := url.Parse(uri)
	if err != nil {
		return nil, err
	}
	if u.Scheme != "bolt" || u.Host == "" {
		return nil, ErrUnsupported
	}
	addr := u.Host
	if u.Port() == "" {
		addr = net.JoinHostPort(u.Hostname(), "7687")
	}
	return &Client{addr: addr, database: database, user: user, password: password, maxIdle: maxIdle,
		dialer: net.Dialer{Timeout: 2 * time.Second}}, nil
}

// Read runs query as an auto-commit read transaction within ctx's deadline (which
// Neo4j gets as the transaction's timeout) and returns its keys and rows. A context
// without a deadline is ErrUnsupported: a read that may wait forever is the driver's,
// with its receive timeout.
func (c *Client) Read(ctx context.Context, query string, params map[string]any) ([]string, [][]any, error) {
	deadline, ok := ctx.Deadline()
	if !ok || c.foreign.Load() {
		return nil, nil, ErrUnsupported
	}
	if err := ctx.Err(); err != nil {
		return nil, nil, err
	}
	cn, err := c.get(ctx)
	if err != nil {
		return nil, nil, err
	}
	if err := cn.nc.SetDeadline(deadline); err != nil {
		cn.nc.Close()
		return nil, nil, err
	}
	// A cancelled request (its client gone) stops waiting too: the socket's deadline is
	// moved to the past, which fails the read in progress.
	stop := context.AfterFunc(ctx, func() { _ = cn.nc.SetDeadline(time.Unix(1, 0)) })
	extra := map[string]any{"mode": "r", "tx_timeout": max(time.Until(deadline), time.Millisecond).Milliseconds()}
	if c.database != "" {
		extra["db"] = c.database
	}
	keys, rows, err := cn.run(ctx, query, params, extra)
	fired := !stop()
	var u unsent
	switch {
	case fired: // whatever the read saw, the request ended
		cn.nc.Close()
		err = ctx.Err()
	case err == nil || errors.As(err, &u):
		c.put(cn)
	default:
		cn.nc.Close()
	}
	if err != nil {
		return nil, nil, err
	}
	return keys, rows, nil
}

// ReadResult is Read's answer in the driver's shape, for callers that read the driver's
// results too.
func (c *Client) ReadResult(ctx context.Context, query string, params map[string]any) (*neo4j.EagerResult, error) {
	keys, rows, err := c.Read(ctx, query, params)
	if err != nil {
		return nil, err
	}
	records := make([]*neo4j.Record, len(rows))
	for i, values := range rows {
		records[i] = &neo4j.Record{Keys: keys, Values: values}
	}
	return &neo4j.EagerResult{Keys: keys, Records: records}, nil
}

// get takes an idle connection or opens one.
func (c *Client) get(ctx context.Context) (*conn, error) {
	c.mu.Lock()
	for len(c.idle) > 0 {
		cn := c.idle[len(c.idle)-1]
		c.idle = c.idle[:len(c.idle)-1]
		if time.Since(cn.born) < maxLifetime {
			c.mu.Unlock()
			return cn, nil
		}
		cn.nc.Close()
	}
	closed := c.closed
	c.mu.Unlock()
	if closed {
		return nil, net.ErrClosed
	}
	nc, err := c.dialer.DialContext(ctx, "tcp", c.addr)
	if err != nil {
		return nil, err
	}
	if deadline, ok := ctx.Deadline(); ok {
		_ = nc.SetDeadline(deadline)
	}
	stop := context.AfterFunc(ctx, func() { _ = nc.SetDeadline(time.Unix(1, 0)) })
	cn, err := handshake(nc, c.user, c.password, userAgent)
	if !stop() {
		nc.Close()
		return nil, ctx.Err()
	}
	if err != nil {
		nc.Close()
		if errors.Is(err, ErrUnsupported) {
			c.foreign.Store(true)
		}
		// Not Neo4j's answer to a statement (a refused login is the driver's to report).
		return nil, fmt.Errorf("bolt: connect to %s: %v", c.addr, err)
	}
	return cn, nil
}

// keptBuffer is the largest buffer a kept connection holds on to: one large answer or
// parameter must not stay in memory for every pooled connection.
const keptBuffer = 1 << 20

// put keeps a connection for the next call, or closes it when enough are kept.
func (c *Client) put(cn *conn) {
	if cap(cn.in) > keptBuffer {
		cn.in = nil
	}
	if cap(cn.out) > keptBuffer {
		cn.out = nil
	}
	if cap(cn.msg.buf) > keptBuffer {
		cn.msg.buf = nil
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.closed || len(c.idle) >= c.maxIdle {
		cn.nc.Close()
		return
	}
	c.idle = append(c.idle, cn)
}

// Close closes the idle connections; calls in flight close theirs when they end.
func (c *Client) Close() {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.closed = true
	for _, cn := range c.idle {
		cn.nc.Close()
	}
	c.idle = nil
}

// unsent is a statement refused before anything was written: its connection is clean.
type unsent struct{ error }

func (u unsent) Unwrap() error { return u.error }
