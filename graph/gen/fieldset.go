package main

import (
	"bytes"
	"fmt"
	"regexp"
)

// gqlgen gathers every object's fields into a graphql.FieldSet, whose marshalling
// allocates a map of the names written and iterator closures for each object: an
// eighth of the bytes a request of the bench's mix allocated. Below the roots an
// object's fields resolve in order and nothing is deferred (order.go, deferred.go), so
// its marshaller only sets Values, counts Invalids and calls Dispatch, which then has
// nothing to do: lightFieldSets makes those objects use inorder.FieldSet, which writes
// the same bytes without those allocations. The roots (Query, whose fields resolve
// concurrently, and Mutation) keep gqlgen's.

const (
	gqlgenFieldSet = "graphql.NewFieldSet(fields)"
	lightFieldSet  = "newFieldSet(fields)"
	// fieldSetDecl goes into inorder_gen.go, which imports graph/inorder.
	fieldSetDecl = "\n// newFieldSet gathers the fields of the objects below the roots (graph/gen/fieldset.go).\nvar newFieldSet = inorder.NewFieldSet\n"
)

var (
	// objectMarshaller is an object's marshaller in gqlgen's executor, to its end; the
	// roots' take no obj.
	objectMarshaller = regexp.MustCompile(`(?s)\nfunc \(ec \*executionContext\) _\w+\(ctx context\.Context, sel ast\.SelectionSet(, obj [^)]+)?\) graphql\.Marshaler \{\n.*?\n\}\n`)
	// fieldSetUse is a use of the field set out; fieldSetUseInOrder one that an
	// inorder.FieldSet serves.
	fieldSetUse        = regexp.MustCompile(`\bout\.\w+`)
	fieldSetUseInOrder = map[string]bool{"out.Values": true, "out.Invalids": true, "out.Dispatch": true}
)

// lightFieldSets rewrites exec; n is how many objects it rewrote. It fails when gqlgen's
// output is not what it expects: none rewritten, a field set outside the objects'
// marshallers, or an object below the roots that uses its field set otherwise (a field
// resolved concurrently, a deferred one).
func lightFieldSets(exec []byte) (out []byte, n int, err error) {
	var errs []error
	kept := 0
	out = objectMarshaller.ReplaceAllFunc(exec, func(m []byte) []byte {
		if !bytes.Contains(m, []byte(gqlgenFieldSet)) {
			return m
		}
		if root := objectMarshaller.FindSubmatch(m)[1] == nil; root {
			kept++
			return m
		}
		for _, use := range fieldSetUse.FindAll(m, -1) {
			if !fieldSetUseInOrder[string(use)] {
				errs = append(errs, fmt.Errorf("fieldset: an object uses %s of its field set: %.80s", use, m[1:]))
				return m
			}
		}
		n++
		return bytes.Replace(m, []byte(gqlgenFieldSet), []byte(lightFieldSet), 1)
	})
	switch {
	case len(errs) > 0:
		return nil, 0, errs[0]
	case n == 0:
		return nil, 0, fmt.Errorf("fieldset: no object's fields gathered by %s: gqlgen changed, see graph/gen/fieldset.go", gqlgenFieldSet)
	case bytes.Count(out, []byte(gqlgenFieldSet)) != kept:
		return nil, 0, fmt.Errorf("fieldset: %d field sets outside the objects' marshallers: gqlgen changed, see graph/gen/fieldset.go", bytes.Count(out, []byte(gqlgenFieldSet))-kept)
	}
	return out, n, nil
}
