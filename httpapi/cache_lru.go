package httpapi

import (
	"container/list"
	"sync"
	"time"
)

// entryOverhead approximates the memory of one entry besides its key and value: the
// list element, the map slot, the time.
const entryOverhead = 128

// sizedLRU is a least-recently-used cache bounded by the bytes of its keys and values,
// exactly: an Add that would pass the bound first evicts the oldest entries. A value
// over an eighth of the bound is not kept (it would evict many small ones).
type sizedLRU[V any] struct {
	mu      sync.Mutex
	max     int64
	bytes   int64
	size    func(V) int
	order   *list.List // front: most recently used
	items   map[string]*list.Element
	evicted func() // called for each entry evicted to make room
}

type lruEntry[V any] struct {
	key   string
	value V
	added time.Time
	bytes int64
}

func newSizedLRU[V any](max int64, size func(V) int, evicted func()) *sizedLRU[V] {
	return &sizedLRU[V]{max: max, size: size, order: list.New(), items: map[string]*list.Element{}, evicted: evicted}
}

// get returns the value of key if it was added less than maxAge ago (any age when
// maxAge is 0).
func (c *sizedLRU[V]) get(key string, maxAge time.Duration) (V, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	var zero V
	el, ok := c.items[key]
	if !ok {
		return zero, false
	}
	e := el.Value.(*lruEntry[V])
	if maxAge > 0 && time.Since(e.added) >= maxAge {
		c.remove(el)
		return zero, false
	}
	c.order.MoveToFront(el)
	return e.value, true
}

func (c *sizedLRU[V]) add(key string, value V) {
	n := int64(len(key)+c.size(value)) + entryOverhead
	if n > c.max/8 {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if el, ok := c.items[key]; ok {
		c.remove(el)
	}
	for c.bytes+n > c.max {
		c.remove(c.order.Back())
		if c.evicted != nil {
			c.evicted()
		}
	}
	c.items[key] = c.order.PushFront(&lruEntry[V]{key: key, value: value, added: time.Now(), bytes: n})
	c.bytes += n
}

func (c *sizedLRU[V]) remove(el *list.Element) {
	e := c.order.Remove(el).(*lruEntry[V])
	delete(c.items, e.key)
	c.bytes -= e.bytes
}

// clear drops every entry.
func (c *sizedLRU[V]) clear() {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.order.Init()
	c.items = map[string]*list.Element{} // a new map: clear would keep the old one's buckets
	c.bytes = 0
}

func (c *sizedLRU[V]) usage() (bytes int64, entries int) {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.bytes, len(c.items)
}
