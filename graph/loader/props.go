package loader

import "context"

// PropsAt lists the stored properties that the selection of the field being resolved
// asks of the nodes of typeName at path below it (with those its provenance reads; id
// always): what an analytic returns of them. Nil outside a GraphQL operation: all.
func PropsAt(ctx context.Context, typeName string, path ...string) []string {
	op, sels, ok := selection(ctx, path...)
	if !ok {
		return nil
	}
	return storedProps(op, sels, typeName)
}
