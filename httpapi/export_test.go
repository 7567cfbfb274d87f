package httpapi

// What the external tests (package httpapi_test, on the shared harness) check of the
// package's insides.
var (
	PresentError          = presentError
	RecoverPanic          = recoverPanic
	GraphQLTransport      = graphqlTransport
	ClientRequestsRefused = clientRequestsRefused
)

const (
	ErrorCountKey = errorCountKey
	MaxErrorBody  = maxErrorBody
	DBCallCost    = dbCallCost
)
