package httpapi

import (
	"bytes"
	"fmt"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/mineralgraph/mineralgraph/graph/store"
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

// The answers the response cache keeps hold no more of the heap than its bytes, though
// the executor hands each one over in a buffer with up to as much room to spare.
func TestResponseCacheHoldsItsBytesOfTheHeap(t *testing.T) {
	const bound = 8 << 20
	c := &responseCache{flights: map[string]*flight{}, answers: newAnswers(bound, nil)}
	answer := func(i int) []byte { // as the executor writes one: ~9 KB in a buffer grown by doubling
		var buf bytes.Buffer
		for buf.Len() < 9000 {
			buf.WriteString(`{"id":"project-000001","name":"A project"},`)
		}
		fmt.Fprintf(&buf, "%d", i)
		return buf.Bytes()
	}
	if a := answer(0); cap(a) < len(a)*3/2 {
		t.Fatalf("the test's answer has %d bytes to spare of %d: not the case tested", cap(a)-len(a), cap(a))
	}
	heap := func() uint64 {
		runtime.GC()
		var m runtime.MemStats
		runtime.ReadMemStats(&m)
		return m.HeapAlloc
	}
	before := heap()
	for i := range 2000 {
		c.put(store.Version{}, fmt.Sprint(i), answer(i))
	}
	held := heap() - before
	if b, n := c.answers.usage(); b < bound*7/8 || n < 700 {
		t.Fatalf("the cache holds %d bytes in %d answers: not full", b, n)
	}
	if held > bound*9/8 {
		t.Errorf("the full cache holds %.1f MB of the heap; its bound is %.1f MB", float64(held)/(1<<20), float64(bound)/(1<<20))
	}
	runtime.KeepAlive(c)
}
