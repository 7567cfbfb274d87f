package httpapi

import (
	"fmt"
	"strings"
	"testing"
	"time"
)

// The LRU keeps within its bytes exactly, evicts the least recently used first, drops
// entries past their age, and keeps no value over an eighth of its bytes.
func TestSizedLRU(t *testing.T) {
	const max = 10 * (entryOverhead + 100)
	evicted := 0
	c := newSizedLRU(max, func(s string) int { return len(s) }, func() { evicted++ })
	value := strings.Repeat("v", 100-2) // with a two-byte key: 100 bytes
	for i := range 10 {
		c.add(fmt.Sprintf("%02d", i), value)
	}
	if b, n := c.usage(); b != max || n != 10 || evicted != 0 {
		t.Fatalf("full: %d bytes, %d entries, %d evicted", b, n, evicted)
	}
	c.get("00", 0) // now the most recently used
	c.add("10", value)
	if _, ok := c.get("01", 0); ok || evicted != 1 {
		t.Errorf("the least recently used entry stayed (%d evicted)", evicted)
	}
	if _, ok := c.get("00", 0); !ok {
		t.Error("a recently used entry was evicted")
	}
	if b, _ := c.usage(); b > max {
		t.Errorf("%d bytes over the bound %d", b, max)
	}
	c.add("big", strings.Repeat("x", max/8))
	if _, ok := c.get("big", 0); ok {
		t.Error("a value over an eighth of the bytes was kept")
	}
	time.Sleep(10 * time.Millisecond)
	if _, ok := c.get("00", 5*time.Millisecond); ok {
		t.Error("an entry past its age was returned")
	}
	c.clear()
	if b, n := c.usage(); b != 0 || n != 0 {
		t.Errorf("after clear: %d bytes, %d entries", b, n)
	}
}
