package inorder_test

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2/ast"

	"github.com/mineralgraph/mineralgraph/graph/inorder"
)

var roots = inorder.Roots{"projects": true}

// listContext is the context of the list field `root` being marshalled below the root
// field of that name, with gqlgen's response context (errors, panic recovery).
func listContext(root string) (context.Context, *graphql.FieldContext) {
	ctx := graphql.WithResponseContext(context.Background(), graphql.DefaultErrorPresenter,
		func(_ context.Context, p any) error { return fmt.Errorf("recovered: %v", p) })
	field := graphql.CollectedField{Field: &ast.Field{Name: root, Alias: root}}
	ctx = graphql.WithRootFieldContext(ctx, &graphql.RootFieldContext{Object: root, Field: field})
	list := &graphql.FieldContext{Object: "Query", Field: field}
	return graphql.WithFieldContext(ctx, list), list
}

// Below a root of Roots the elements are marshalled one after another, in order, each
// with its index on its path below the list; a panicking element is an error on its path
// and null, and only it.
func TestInOrderElementsKeepTheirPathAndPanicsNullOnlyTheirElement(t *testing.T) {
	ctx, list := listContext("projects")
	var running, overlap atomic.Int32
	var order []int
	ret := roots.MarshalSlice(ctx, 4, 0, false, func(ctx context.Context, i int) graphql.Marshaler {
		if running.Add(1) > 1 {
			overlap.Add(1)
		}
		defer running.Add(-1)
		order = append(order, i)
		fc := graphql.GetFieldContext(ctx)
		if fc.Index == nil || *fc.Index != i || fc.Parent != list {
			t.Errorf("element %d: field context index %v, parent %p (want the list's %p)", i, fc.Index, fc.Parent, list)
		}
		if i == 2 {
			panic("element 2")
		}
		return graphql.MarshalInt(i)
	})
	if overlap.Load() != 0 {
		t.Errorf("elements overlapped %d times", overlap.Load())
	}
	if !slices.Equal(order, []int{0, 1, 2, 3}) {
		t.Errorf("marshalled in the order %v", order)
	}
	for i, m := range ret {
		if (m == graphql.Null) != (i == 2) {
			t.Errorf("element %d = %v", i, m)
		}
	}
	errs := graphql.GetErrors(ctx)
	if len(errs) != 1 || errs[0].Path.String() != "projects[2]" || errs[0].Message != "recovered: element 2" {
		t.Errorf("errors %v, want one, at projects[2]", errs)
	}
}

// Below a root not in Roots (an analytics field), the elements run concurrently, as
// gqlgen runs them: batching loaders gather the keys of concurrent callers. Each element
// waits for all the others to start, which elements in order never would.
func TestOtherRootsKeepConcurrentElements(t *testing.T) {
	ctx, _ := listContext("supply")
	const n = 3
	var started sync.WaitGroup
	started.Add(n)
	all := make(chan struct{})
	go func() { started.Wait(); close(all) }()
	ret := roots.MarshalSlice(ctx, n, 0, false, func(_ context.Context, i int) graphql.Marshaler {
		started.Done()
		select {
		case <-all:
			return graphql.MarshalInt(i)
		case <-time.After(10 * time.Second):
			return graphql.Null
		}
	})
	for i, m := range ret {
		if m == graphql.Null {
			t.Errorf("element %d did not see the others start: marshalled in order below a root outside Roots", i)
		}
	}
}

// With omitPanicHandler the panic is the caller's, as in gqlgen's own marshaller.
func TestOmitPanicHandlerLetsThePanicThrough(t *testing.T) {
	ctx, _ := listContext("projects")
	defer func() {
		if p := recover(); p == nil || !errors.Is(p.(error), errBoom) {
			t.Errorf("recovered %v, want the element's panic", p)
		}
	}()
	roots.MarshalSlice(ctx, 2, 0, true, func(context.Context, int) graphql.Marshaler { panic(errBoom) })
	t.Error("no panic")
}

var errBoom = errors.New("boom")
