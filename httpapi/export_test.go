package httpapi

import "context"

// What the external tests (package httpapi_test, on the shared harness) check of the
// package's insides.
var (
	PresentError          = presentError
	RecoverPanic          = recoverPanic
	GraphQLTransport      = graphqlTransport
	ClientRequestsRefused = clientRequestsRefused
	CodeResolverErrors    = codeResolverErrors
)

const (
	ErrorCountKey = errorCountKey
	MaxErrorBody  = maxErrorBody
	DBCallCost    = dbCallCost
)

// WithRequestID is the context of a request whose id is id.
func WithRequestID(ctx context.Context, id string) context.Context {
	return context.WithValue(ctx, requestIDKey{}, id)
}
