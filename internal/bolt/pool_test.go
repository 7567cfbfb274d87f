package bolt

import (
	"net"
	"testing"
)

// A connection kept for the next call lets go of a buffer a large answer or parameter
// grew, and keeps a small one.
func TestKeptConnectionsLetGoOfLargeBuffers(t *testing.T) {
	a, b := net.Pipe()
	defer b.Close()
	c := &Client{maxIdle: 1}
	defer c.Close()
	cn := &conn{nc: a, in: make([]byte, 0, 8<<20), out: make([]byte, 0, 64), msg: encoder{buf: make([]byte, 0, 4<<20)}}
	c.put(cn)
	if cap(cn.in) != 0 || cap(cn.msg.buf) != 0 {
		t.Errorf("kept buffers of %d and %d bytes", cap(cn.in), cap(cn.msg.buf))
	}
	if cap(cn.out) != 64 {
		t.Errorf("a small buffer was dropped (%d bytes left)", cap(cn.out))
	}
	if len(c.idle) != 1 {
		t.Fatalf("%d connections kept, want 1", len(c.idle))
	}
}
