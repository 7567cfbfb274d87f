package main

import (
	"bytes"
	"fmt"
)

// gqlgen's template gives every object's marshaller a deferred group for the fields of
// its `@defer` fragments: graphql.NewDeferredGroup computes the object's path from the
// root (an allocation per level) and allocates a map. Only a field resolved concurrently
// adds to the group, and below the roots nothing is (sequencer), while the roots' own
// goroutines (ResolveRootConcurrently) take none: the group stays empty, and building it
// was a tenth of the server's CPU for the `dependency` answer's thousands of objects.
// dropDeferredGroups removes the group and the check of its size from every object.

const (
	deferredGroup = "\tdeferred := graphql.NewDeferredGroup(ctx)\n"
	deferredCheck = "\n\tif n := len(deferred.Defers); n > 0 {\n" +
		"\t\tatomic.AddInt32(&ec.Deferred, int32(min(n, math.MaxInt32)))\n" +
		"\t\tec.ProcessDeferredGroup(deferred)\n" +
		"\t}\n"
	mathImport = "\t\"math\"\n"
)

// dropDeferredGroups rewrites exec without the deferred groups. It fails when gqlgen's
// output is not what it expects: a group used otherwise than by its size check (a field
// that could add to it), or a group without its check.
func dropDeferredGroups(exec []byte) ([]byte, error) {
	groups, checks := bytes.Count(exec, []byte(deferredGroup)), bytes.Count(exec, []byte(deferredCheck))
	if groups == 0 || groups != checks {
		return nil, fmt.Errorf("deferred: %d deferred groups and %d checks of their size: gqlgen changed, see graph/gen/deferred.go", groups, checks)
	}
	out := bytes.ReplaceAll(exec, []byte(deferredGroup), nil)
	out = bytes.ReplaceAll(out, []byte(deferredCheck), nil)
	if n := bytes.Count(out, []byte("deferred")) - bytes.Count(out, []byte("deferredResults")); n > 0 {
		return nil, fmt.Errorf("deferred: %d uses of a deferred group besides its size check: a field may add to it, see graph/gen/deferred.go", n)
	}
	if !bytes.Contains(out, []byte("math.")) {
		out = bytes.Replace(out, []byte(mathImport), nil, 1)
	}
	return out, nil
}
