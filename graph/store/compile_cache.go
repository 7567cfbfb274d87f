package store

import (
	"container/list"
	"maps"
	"reflect"
	"slices"
	"sync"
	"sync/atomic"

	"github.com/prometheus/client_golang/prometheus"
)

// The compile cache keeps the read statements compiled for the shapes of input seen
// lately (compile_shape.go): a document sent again with other variables has its
// statement bound, not compiled again. An entry is the text, the plan that reads the
// answer, the parameters the shape fixes, and the slots: which parameter each filter
// operand or asOf date of the input becomes, and as what type. A hit coerces the new
// input's values into those slots, as the compiler would (bind, bindList); a value that
// does not coerce sends the input to the compiler, which reports it.
//
// Sound because of the shape and of a check: the shape writes out everything the
// compiler reads but the values it binds as parameters, and an entry is kept only when
// the compile bound every one of those values (at the path where the shape found it,
// with the value the shape found), so no value the compiler read for anything else was
// left out of the key. The rest is the invariant of cypherBuilder.bind.

// DefaultCompileCacheBytes is the compile cache's bound when nothing sets one
// (COMPILE_CACHE_BYTES): room for a few thousand statements.
const DefaultCompileCacheBytes = 4 << 20

// CompileCacheTotal counts the read statements by how their text was made, for /metrics.
var CompileCacheTotal = prometheus.NewCounterVec(prometheus.CounterOpts{
	Name: "mineralgraph_compile_cache_total",
	Help: "Read statements by how their Cypher was made: hit (a statement compiled before, bound to the new values), miss (compiled and kept), bypass (compiled, not kept: an after cursor, an input the compiler refused or reads more of).",
}, []string{"outcome"})

var (
	compileHits     = CompileCacheTotal.WithLabelValues("hit")
	compileMisses   = CompileCacheTotal.WithLabelValues("miss")
	compileBypasses = CompileCacheTotal.WithLabelValues("bypass")
)

// compileInput is what one read statement is compiled from.
type compileInput struct {
	kind      byte
	typeName  string
	list      ListArgs // inputList
	page      PageArgs // inputPage
	withTotal bool     // inputPage
	props     []string // inputList, inputPage
	fetches   []Fetch  // inputOne: exactly one
	sized     bool     // the node types' sizes are parameters (the store has statistics: hub.go)
	stats     *Stats   // the store's statistics, nil without: which lists have many rows per parent (manyPerParent)
}

const (
	inputList byte = 'l' // a root list (compileList)
	inputPage byte = 'p' // a root connection (compilePage)
	inputTree byte = 't' // fetches below nodes given by id (RelatedTree)
	inputOne  byte = 'o' // one fetch below nodes given by id, its errors reported (relatedOne)
)

// compiled is a compiled statement: what the store reads its answer with and, in the
// cache, what it takes to bind it to another input of the same shape.
type compiled struct {
	text  string
	plans []fetchPlan
	page  *pageQuery // inputPage: the plan of the page (its text and params are the statement's)
	sizes []string   // the node types whose sizes the statement takes as parameters (hub.go)

	key    string
	consts map[string]any // the parameters the shape fixes
	slots  []slot         // the parameters bound from the input's values
	leaves int
	size   int64
}

// compile compiles in with c.
func (c *cypherBuilder) compile(in *compileInput) (compiled, error) {
	c.sized, c.stats = in.sized, in.stats
	out, err := c.compileInput(in)
	out.sizes = c.sizes
	return out, err
}

func (c *cypherBuilder) compileInput(in *compileInput) (compiled, error) {
	switch in.kind {
	case inputList:
		text, _, plans, err := c.list(in.typeName, in.list, in.props, in.fetches)
		return compiled{text: text, plans: plans}, err
	case inputPage:
		pq, plans, err := c.page(in.typeName, in.page, in.withTotal, in.props, in.fetches)
		if err != nil {
			return compiled{}, err
		}
		return compiled{text: pq.text, plans: plans, page: pq}, nil
	}
	t, err := lookupType(in.typeName)
	if err != nil {
		return compiled{}, err
	}
	if in.kind == inputOne {
		call, plan, err := c.fetchCall(t, "p", in.fetches[0])
		if err != nil {
			return compiled{}, err
		}
		plans := []fetchPlan{plan}
		return compiled{text: treeText(t, call, plans), plans: plans}, nil
	}
	calls, plans := c.fetchCalls(t, "p", in.fetches)
	return compiled{text: treeText(t, calls, plans), plans: plans}, nil
}

// compileCache is an LRU of compiled statements bounded by an estimate of their bytes.
// A nil cache compiles every input.
type compileCache struct {
	max int64

	mu      sync.Mutex
	used    int64
	entries map[string]*list.Element
	order   list.List // of *compiled, most recently used first

	hits, misses, bypasses atomic.Int64
}

func newCompileCache(maxBytes int64) *compileCache {
	if maxBytes <= 0 {
		return nil
	}
	return &compileCache{max: maxBytes, entries: map[string]*list.Element{}}
}

// get returns the statement of in and its parameters: bound into a cached statement of
// the same shape, or compiled (and kept, when it can stand for its shape).
func (cc *compileCache) get(in *compileInput) (compiled, map[string]any, error) {
	c := newCypherBuilder()
	if cc == nil {
		out, err := c.compile(in)
		return out, c.params, err
	}
	s := shape{b: make([]byte, 0, 512), leaves: make([]leaf, 0, 4)} // room for most keys: no regrowth
	s.input(in)
	if !s.bad {
		if e := cc.lookup(s.b); e != nil {
			if params, ok := e.bind(s.leaves); ok {
				cc.hits.Add(1)
				compileHits.Inc()
				return *e, params, nil
			}
		}
	}
	c.record = !s.bad
	out, err := c.compile(in)
	if err != nil || s.bad || !cc.keep(in, c, out) {
		cc.bypasses.Add(1)
		compileBypasses.Inc()
		return out, c.params, err
	}
	cc.misses.Add(1)
	compileMisses.Inc()
	return out, c.params, nil
}

// bind makes the parameters of the entry for the input values leaves; ok is false when
// one does not coerce.
func (e *compiled) bind(leaves []leaf) (map[string]any, bool) {
	if len(leaves) != e.leaves {
		return nil, false
	}
	params := make(map[string]any, len(e.consts)+len(e.slots)+1)
	maps.Copy(params, e.consts)
	for _, sl := range e.slots {
		x, err := sl.coerce(leaves[sl.leaf].v)
		if err != nil {
			return nil, false
		}
		params[sl.name] = x
	}
	return params, true
}

// coerce is what bind or bindList made of v.
func (sl slot) coerce(v any) (any, error) {
	if sl.list {
		return coerceList(sl.typ, v, sl.path)
	}
	return coerceValue(sl.typ, v, sl.path)
}

// keep adds the statement c compiled from in to the cache, unless its shape cannot
// stand for it: a value of the shape's leaves that the compile did not bind exactly as
// that value, at the path where the shape found it. It reports whether it kept it.
func (cc *compileCache) keep(in *compileInput, c *cypherBuilder, out compiled) bool {
	s := shape{paths: true}
	s.input(in)
	at := make(map[string]int, len(s.leaves))
	for i, l := range s.leaves {
		k := l.scope + "\x00" + l.path
		if _, dup := at[k]; dup {
			return false
		}
		at[k] = i
	}
	bound := make([]bool, len(s.leaves))
	e := &compiled{text: out.text, plans: out.plans, sizes: out.sizes, key: string(s.b), consts: maps.Clone(c.params), leaves: len(s.leaves)}
	for _, sl := range c.slots {
		i, ok := at[sl.scope+"\x00"+sl.path]
		if !ok {
			continue // bound from a value the key holds: the same for every input of this shape
		}
		x, err := sl.coerce(s.leaves[i].v)
		if err != nil || sl.list != s.leaves[i].list || !reflect.DeepEqual(x, c.params[sl.name]) {
			return false
		}
		bound[i] = true
		delete(e.consts, sl.name)
		e.slots = append(e.slots, slot{name: sl.name, typ: sl.typ, list: sl.list, leaf: i})
	}
	if slices.Contains(bound, false) {
		return false // a value the compiler read for more than a parameter
	}
	if out.page != nil {
		p := *out.page
		p.text, p.params = "", nil
		e.page = &p
	}
	// The strings twice (the plans and the renderer's pieces hold more of them), and
	// room for the maps, slots and plans.
	e.size = int64(2*(len(e.key)+len(e.text)) + 64*(len(e.consts)+len(e.slots)) + 256*countPlans(e.plans) + 512)
	cc.put(e)
	return true
}

func countPlans(plans []fetchPlan) int {
	n := len(plans)
	for _, p := range plans {
		n += countPlans(p.children)
	}
	return n
}

func (cc *compileCache) lookup(key []byte) *compiled {
	cc.mu.Lock()
	defer cc.mu.Unlock()
	el, ok := cc.entries[string(key)]
	if !ok {
		return nil
	}
	cc.order.MoveToFront(el)
	return el.Value.(*compiled)
}

// put adds e, evicting the least recently used entries beyond the bound; a statement
// larger than a sixteenth of it is not kept.
func (cc *compileCache) put(e *compiled) {
	if e.size > cc.max/16 {
		return
	}
	cc.mu.Lock()
	defer cc.mu.Unlock()
	if _, ok := cc.entries[e.key]; ok {
		return // kept meanwhile by a concurrent compile of the same shape
	}
	cc.entries[e.key] = cc.order.PushFront(e)
	cc.used += e.size
	for cc.used > cc.max {
		old := cc.order.Remove(cc.order.Back()).(*compiled)
		delete(cc.entries, old.key)
		cc.used -= old.size
	}
}

// CompileCacheStats counts the compile cache's answers since it was set: statements
// bound into a cached one (hits), compiled and kept (misses), compiled and not kept
// (bypasses).
type CompileCacheStats struct{ Hits, Misses, Bypasses int64 }

// SetCompileCache keeps compiled read statements up to an estimate of maxBytes, in a
// new empty cache; 0 keeps none. Call it before serving.
func (s *Store) SetCompileCache(maxBytes int64) {
	s.compiles.Store(newCompileCache(maxBytes))
}

// CompileCacheStats returns the counts of the compile cache (zero without one).
func (s *Store) CompileCacheStats() CompileCacheStats { return s.compiles.Load().stats() }

func (cc *compileCache) stats() CompileCacheStats {
	if cc == nil {
		return CompileCacheStats{}
	}
	return CompileCacheStats{Hits: cc.hits.Load(), Misses: cc.misses.Load(), Bypasses: cc.bypasses.Load()}
}

func (s *Store) compileCache() *compileCache { return s.compiles.Load() }
