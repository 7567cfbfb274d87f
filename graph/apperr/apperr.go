// Package apperr is the application's error: a code from one list, a message safe to
// show a client, and a cause kept for the log. It imports only the standard library so
// that every package may use it.
package apperr

import (
	"errors"
	"fmt"
)

// Code is an error code; it reaches clients as `extensions.code`.
type Code string

// The codes a client can be given, each with its HTTP status for an application/json
// client. The README's table lists exactly these (readme_test.go checks it, from Codes).
const (
	// BadUserInput: an argument, filter, cursor or written value the model does not allow (HTTP 200).
	BadUserInput Code = "BAD_USER_INPUT"
	// NotFound: an entity, or figures, that a write, a path or an analytics question names do not exist (HTTP 200).
	NotFound Code = "NOT_FOUND"
	// Conflict: a write would put an id under a second label or break a uniqueness constraint (HTTP 200).
	Conflict Code = "CONFLICT"
	// Unauthenticated: a mutation without a valid API key (HTTP 200).
	Unauthenticated Code = "UNAUTHENTICATED"
	// QueryTooDeep: nesting deeper than GRAPHQL_MAX_DEPTH (HTTP 200).
	QueryTooDeep Code = "QUERY_TOO_DEEP"
	// QueryTooComplex: an estimated cost over GRAPHQL_MAX_COMPLEXITY (HTTP 200).
	QueryTooComplex Code = "QUERY_TOO_COMPLEX"
	// TooManyRootFields: more root fields than GRAPHQL_MAX_ROOT_FIELDS, refused before validation (HTTP 200).
	TooManyRootFields Code = "TOO_MANY_ROOT_FIELDS"
	// SelectionTooLarge: a selection set over GRAPHQL_MAX_SELECTIONS fields, refused before validation (HTTP 200).
	SelectionTooLarge Code = "SELECTION_TOO_LARGE"
	// OneMutationPerRequest: a mutation document with more than one field (HTTP 200).
	OneMutationPerRequest Code = "ONE_MUTATION_PER_REQUEST"
	// RequestTooLarge: a body over GRAPHQL_MAX_BODY_BYTES (HTTP 413).
	RequestTooLarge Code = "REQUEST_TOO_LARGE"
	// RequestTimeout: the body did not arrive within the server's read timeout (HTTP 408).
	RequestTimeout Code = "REQUEST_TIMEOUT"
	// BadRequest: the request body could not be read (HTTP 400).
	BadRequest Code = "BAD_REQUEST"
	// MethodNotAllowed: a method other than GET and POST, or a mutation over GET (HTTP 405).
	MethodNotAllowed Code = "METHOD_NOT_ALLOWED"
	// UnsupportedMediaType: a POST body that is not application/json (HTTP 415).
	UnsupportedMediaType Code = "UNSUPPORTED_MEDIA_TYPE"
	// TooManyRequests: the client already has its share of requests running and waiting (HTTP 429).
	TooManyRequests Code = "TOO_MANY_REQUESTS"
	// ServiceUnavailable: Neo4j cannot be reached; /readyz answers 503 meanwhile (HTTP 200).
	ServiceUnavailable Code = "SERVICE_UNAVAILABLE"
	// DatabaseBusy: no database connection was free within the deadline, or Neo4j refused a statement for now (a deadlock, its memory pool full): load and not an outage (HTTP 200).
	DatabaseBusy Code = "DATABASE_BUSY"
	// Timeout: the request ran past REQUEST_TIMEOUT and was stopped in Neo4j (HTTP 200).
	Timeout Code = "TIMEOUT"
	// Internal: anything else, a fault of the server; the cause is in the log only (HTTP 200).
	Internal Code = "INTERNAL"
	// GraphQLParseFailed: gqlgen's, a document that does not parse or has more than GRAPHQL_MAX_TOKENS tokens (HTTP 200).
	GraphQLParseFailed Code = "GRAPHQL_PARSE_FAILED"
	// GraphQLValidationFailed: gqlgen's, a document that does not fit the schema (HTTP 200).
	GraphQLValidationFailed Code = "GRAPHQL_VALIDATION_FAILED"
	// PersistedQueryNotFound: gqlgen's automatic persisted queries, a hash the server has not seen yet (HTTP 200).
	PersistedQueryNotFound Code = "PERSISTED_QUERY_NOT_FOUND"
)

// Info says what a code means and the HTTP status an application/json client gets with it.
type Info struct {
	Code   Code
	Status int
	When   string
}

// codes is the table of every code; apperr_test.go checks it against the constants and
// their comments.
var codes = []Info{
	{BadUserInput, 200, "an argument, filter, cursor or written value the model does not allow"},
	{NotFound, 200, "an entity, or figures, that a write, a path or an analytics question names do not exist"},
	{Conflict, 200, "a write would put an id under a second label or break a uniqueness constraint"},
	{Unauthenticated, 200, "a mutation without a valid API key"},
	{QueryTooDeep, 200, "nesting deeper than GRAPHQL_MAX_DEPTH"},
	{QueryTooComplex, 200, "an estimated cost over GRAPHQL_MAX_COMPLEXITY"},
	{TooManyRootFields, 200, "more root fields than GRAPHQL_MAX_ROOT_FIELDS, refused before validation"},
	{SelectionTooLarge, 200, "a selection set over GRAPHQL_MAX_SELECTIONS fields, refused before validation"},
	{OneMutationPerRequest, 200, "a mutation document with more than one field"},
	{RequestTooLarge, 413, "a body over GRAPHQL_MAX_BODY_BYTES"},
	{RequestTimeout, 408, "the body did not arrive within the server's read timeout"},
	{BadRequest, 400, "the request body could not be read"},
	{MethodNotAllowed, 405, "a method other than GET and POST, or a mutation over GET"},
	{UnsupportedMediaType, 415, "a POST body that is not application/json"},
	{TooManyRequests, 429, "the client already has its share of requests running and waiting"},
	{ServiceUnavailable, 200, "Neo4j cannot be reached; /readyz answers 503 meanwhile"},
	{DatabaseBusy, 200, "no database connection was free within the deadline, or Neo4j refused a statement for now (a deadlock, its memory pool full): load and not an outage"},
	{Timeout, 200, "the request ran past REQUEST_TIMEOUT and was stopped in Neo4j"},
	{Internal, 200, "anything else, a fault of the server; the cause is in the log only"},
	{GraphQLParseFailed, 200, "gqlgen's, a document that does not parse or has more than GRAPHQL_MAX_TOKENS tokens"},
	{GraphQLValidationFailed, 200, "gqlgen's, a document that does not fit the schema"},
	{PersistedQueryNotFound, 200, "gqlgen's automatic persisted queries, a hash the server has not seen yet"},
}

// Codes returns every code with its HTTP status and meaning, in the order of the README.
func Codes() []Info { return append([]Info(nil), codes...) }

// Status returns the HTTP status an application/json client gets with c; 200 for a code
// not in the list.
func (c Code) Status() int {
	for _, i := range codes {
		if i.Code == c {
			return i.Status
		}
	}
	return 200
}

// Error is the application error: a code and a message safe to show a client. The
// cause is for the log; an INTERNAL error never shows it.
type Error struct {
	Code    Code
	Message string
	Cause   error
}

func (e *Error) Error() string {
	if e.Cause != nil {
		return string(e.Code) + ": " + e.Message + ": " + e.Cause.Error()
	}
	return string(e.Code) + ": " + e.Message
}

func (e *Error) Unwrap() error { return e.Cause }

// Errorf returns an error with a formatted message a client may read. For Internal it
// is Internalf: the message is detail for the log, never for the client.
func Errorf(code Code, format string, args ...any) *Error {
	if code == Internal {
		return Internalf(format, args...)
	}
	return &Error{Code: code, Message: fmt.Sprintf(format, args...)}
}

// InternalMessage is all a client is told of an INTERNAL error (with the request id).
const InternalMessage = "internal error"

// Internalf is the one constructor of an INTERNAL error: the client reads only
// InternalMessage, the formatted cause (%w wraps an error) goes to the log.
func Internalf(format string, args ...any) *Error {
	return &Error{Code: Internal, Message: InternalMessage, Cause: fmt.Errorf(format, args...)}
}

// CodeOf returns the code of err: its *Error's, Internal for any other error, and ""
// for nil.
func CodeOf(err error) Code {
	if err == nil {
		return ""
	}
	var e *Error
	if errors.As(err, &e) {
		return e.Code
	}
	return Internal
}
