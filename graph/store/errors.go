package store

import (
	"context"
	"errors"
	"fmt"
	"net"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"
	"github.com/neo4j/neo4j-go-driver/v5/neo4j/db"
)

// Error codes; they reach clients as `extensions.code`.
const (
	BadUserInput       = "BAD_USER_INPUT"
	NotFound           = "NOT_FOUND"
	Conflict           = "CONFLICT"
	ServiceUnavailable = "SERVICE_UNAVAILABLE"
	Timeout            = "TIMEOUT"
	Internal           = "INTERNAL"
)

// Error is the application error: a code and a message safe to show a client.
// Internal errors keep their cause for the log and never show it.
type Error struct {
	Code    string
	Message string
	Cause   error
}

func (e *Error) Error() string {
	if e.Cause != nil {
		return e.Code + ": " + e.Message + ": " + e.Cause.Error()
	}
	return e.Code + ": " + e.Message
}

func (e *Error) Unwrap() error { return e.Cause }

// Errorf returns an *Error with a formatted client-safe message.
func Errorf(code, format string, args ...any) *Error {
	return &Error{Code: code, Message: fmt.Sprintf(format, args...)}
}

// ErrorCode returns the code of err, or Internal for errors that are not *Error.
func ErrorCode(err error) string {
	var e *Error
	if errors.As(err, &e) {
		return e.Code
	}
	return Internal
}

// failed translates err in the light of ctx: once the request's deadline has passed,
// whatever the driver reports (often a connectivity error) is a timeout.
func failed(ctx context.Context, err error) error {
	if err != nil && errors.Is(ctx.Err(), context.DeadlineExceeded) {
		return &Error{Code: Timeout, Message: "the request took longer than its deadline and was stopped", Cause: err}
	}
	return translate(err)
}

// translate turns a driver error into an *Error with a code; nil stays nil.
func translate(err error) error {
	if err == nil {
		return nil
	}
	var appErr *Error
	if errors.As(err, &appErr) {
		return err
	}
	var limit *neo4j.TransactionExecutionLimit
	if errors.As(err, &limit) {
		// The driver gave up retrying: judge by the last attempt's error.
		if len(limit.Errors) > 0 {
			return translate(limit.Errors[len(limit.Errors)-1])
		}
		return &Error{Code: ServiceUnavailable, Message: "the database is unavailable", Cause: err}
	}
	var neoErr *neo4j.Neo4jError
	var connErr *neo4j.ConnectivityError
	var netErr net.Error
	var poolErr *db.ProtocolError
	switch {
	case errors.Is(err, context.DeadlineExceeded):
		return &Error{Code: Timeout, Message: "the database did not answer in time", Cause: err}
	case errors.Is(err, context.Canceled):
		return &Error{Code: Timeout, Message: "the request was cancelled", Cause: err}
	case errors.As(err, &neoErr):
		switch {
		case neoErr.Code == "Neo.ClientError.Schema.ConstraintValidationFailed":
			return &Error{Code: Conflict, Message: "the write conflicts with an existing entity", Cause: err}
		case neoErr.Code == "Neo.ClientError.Transaction.TransactionTimedOut",
			neoErr.Code == "Neo.ClientError.Transaction.TransactionTimedOutClientConfiguration":
			return &Error{Code: Timeout, Message: "the query took too long and was stopped", Cause: err}
		case neo4j.IsRetryable(err):
			return &Error{Code: ServiceUnavailable, Message: "the database is temporarily unavailable", Cause: err}
		}
	case poolExhausted(err):
		return &Error{Code: DatabaseBusy, Message: "no database connection was free in time; retry shortly", Cause: err}
	case errors.As(err, &connErr), errors.As(err, &netErr), errors.As(err, &poolErr), neo4j.IsRetryable(err):
		return &Error{Code: ServiceUnavailable, Message: "the database is unavailable", Cause: err}
	}
	return &Error{Code: Internal, Message: "internal error", Cause: err}
}
