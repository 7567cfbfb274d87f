package inorder

import (
	"context"
	"slices"
	"sync"

	lru "github.com/hashicorp/golang-lru/v2"
	"github.com/vektah/gqlparser/v2/ast"
)

// Args keeps the arguments of a field's occurrences for one operation. gqlgen converts a
// field's arguments for every object it is resolved for — the document's values with the
// operation's variables (ast.Field.ArgumentMap), then each argument's unmarshaller: a
// project list's `minerals(limit: 5)` twenty times for twenty projects, though an
// occurrence has one set of arguments for the whole operation. The generated executor
// (graph/gen/args.go) asks Args for the arguments of the fields of every object but the
// roots. The zero value is ready; an operation's executor has its own.
//
// Only converted arguments are kept: a conversion that fails runs again for each object,
// so that each reports its error on its own path. The maps and values are shared by the
// occurrence's resolvers, which read them.
type Args struct {
	mu   sync.Mutex
	kept map[argsKey]map[string]any
}

// literal keeps, across operations, the arguments of the occurrences that take no
// variable: gqlgen keeps a document's parse by its text, so such an occurrence converts
// to the same arguments for every request of the document. Bounded (an entry keeps its
// document alive) like the loader's plans.
var literal = func() *lru.Cache[argsKey, map[string]any] {
	c, _ := lru.New[argsKey, map[string]any](4096)
	return c
}()

// argsKey is an occurrence resolved for objects of one type: selected through an
// interface, one occurrence can be resolved for several, whose fields may convert their
// arguments differently (an implementation may add optional arguments).
type argsKey struct {
	object string
	field  *ast.Field
}

// Of returns the arguments of field, resolved for an object of type object, converted by
// convert from the document's values and vars the first time.
func (a *Args) Of(ctx context.Context, object string, field *ast.Field, vars map[string]any, convert func(context.Context, map[string]any) (map[string]any, error)) (map[string]any, error) {
	key := argsKey{object, field}
	a.mu.Lock()
	args, ok := a.kept[key]
	a.mu.Unlock()
	if ok {
		return args, nil
	}
	args, ok = literal.Get(key)
	if !ok {
		var err error
		if args, err = convert(ctx, field.ArgumentMap(vars)); err != nil {
			return nil, err
		}
		if !slices.ContainsFunc(field.Arguments, func(a *ast.Argument) bool { return takesVariable(a.Value) }) {
			literal.Add(key, args)
		}
	}
	a.mu.Lock()
	if a.kept == nil {
		a.kept = map[argsKey]map[string]any{}
	}
	a.kept[key] = args // a concurrent caller's equal conversion may be replaced: either serves
	a.mu.Unlock()
	return args, nil
}

func takesVariable(v *ast.Value) bool {
	return v != nil && (v.Kind == ast.Variable || slices.ContainsFunc(v.Children, func(c *ast.ChildValue) bool { return takesVariable(c.Value) }))
}
