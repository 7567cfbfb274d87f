package synth

import (
	"context"
	"sync"

	"github.com/mineralgraph/mineralgraph/graph/store"
)

// writeFunc writes one batch in one transaction, calling progress with the rows it has
// written so far (from 0 again if the transaction is retried).
type writeFunc func(ctx context.Context, b store.Batch, progress func(rows int)) error

// inFlight is a batch being written: done closes when its transaction has ended.
type inFlight struct {
	done    chan struct{}
	nodes   bool // it creates nodes: relationships of later batches may end at them
	barrier bool // every later batch waits for it (Sources, the data-version node)
}

// writeConcurrently writes g's batches of size rows, generated one batch ahead, with
// up to writers transactions at once, so that Neo4j uses more than one core and the
// client's work on one batch (validation, encoding) overlaps the database's on
// another. Every batch is still one transaction of its own. A batch starts only when
// what it refers to is committed: a batch with relationships waits for every earlier
// batch that creates nodes, and every batch waits for the first one (which creates
// the data-version node, unconstrained during a bulk load, and the first Sources) and
// for any batch with Sources, which later nodes cite. beforeRelations, if not nil, runs
// once between the nodes and the relationships: after every earlier batch has ended and
// before the first batch with relationships starts. The first error stops the writing
// and is returned; batches already running finish or fail on their own.
func writeConcurrently(ctx context.Context, g *Generator, size, writers int, write writeFunc, progress func(done int), beforeRelations func(context.Context) error) error {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	batches := make(chan store.Batch, 1)
	genErr := make(chan error, 1)
	go func() {
		defer close(batches)
		genErr <- g.Batches(size, func(b store.Batch) error {
			select {
			case batches <- b:
				return nil
			case <-ctx.Done():
				return ctx.Err()
			}
		})
	}()

	var (
		mu       sync.Mutex
		firstErr error
		written  int             // rows of committed batches
		partial  = map[int]int{} // rows written so far by each running batch
		wg       sync.WaitGroup
	)
	report := func() {
		sum := written
		for _, n := range partial {
			sum += n
		}
		progress(sum)
	}
	slots := make(chan struct{}, max(writers, 1))
	var running []*inFlight
	seq := 0
	for b := range batches {
		if ctx.Err() != nil {
			break
		}
		f := &inFlight{done: make(chan struct{}), nodes: len(b.Nodes) > 0, barrier: seq == 0}
		for _, n := range b.Nodes {
			if n.Type == "Source" {
				f.barrier = true
				break
			}
		}
		if len(b.Relations) > 0 && beforeRelations != nil {
			for _, r := range running { // every batch so far, not only those with nodes
				select {
				case <-r.done:
				case <-ctx.Done():
				}
			}
			if ctx.Err() != nil { // a batch failed (it cancels before it ends)
				break
			}
			if err := beforeRelations(ctx); err != nil {
				mu.Lock()
				firstErr = err
				mu.Unlock()
				break
			}
			beforeRelations = nil
		}
		// Wait for what this batch depends on, and forget the batches that have ended.
		kept := running[:0]
		for _, r := range running {
			if r.barrier || (r.nodes && len(b.Relations) > 0) {
				select {
				case <-r.done:
				case <-ctx.Done():
				}
			}
			select {
			case <-r.done:
			default:
				kept = append(kept, r)
			}
		}
		running = kept
		select {
		case slots <- struct{}{}:
		case <-ctx.Done():
		}
		if ctx.Err() != nil {
			break
		}
		running = append(running, f)
		id, rows := seq, len(b.Nodes)+len(b.Relations)
		seq++
		wg.Add(1)
		go func() {
			defer wg.Done()
			defer close(f.done)
			defer func() { <-slots }()
			err := write(ctx, b, func(n int) {
				mu.Lock()
				defer mu.Unlock()
				partial[id] = n
				report()
			})
			mu.Lock()
			defer mu.Unlock()
			delete(partial, id)
			if err != nil {
				if firstErr == nil {
					firstErr = err
					cancel() // before done closes: no batch that waits for this one starts
				}
				return
			}
			written += rows
			report()
		}()
	}
	wg.Wait()
	cancel()
	for range batches { // let the generator see the cancellation and stop
	}
	if firstErr != nil {
		return firstErr
	}
	return <-genErr
}
