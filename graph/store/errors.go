package store

import (
	"context"
	"errors"
	"net"
	"strings"
	"time"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"
	"github.com/neo4j/neo4j-go-driver/v5/neo4j/db"

	"github.com/mineralgraph/mineralgraph/graph/apperr"
)

// failed translates err in the light of ctx: once the request's deadline has passed or
// it was cancelled (its client gone), whatever the driver reports (often a connectivity
// error) is a timeout, never Neo4j gone.
// The clock is asked too: the driver's socket deadline is the request's, and on a busy
// machine its read can fail before the context's own timer has run; reported as the
// database being away, that would mark Neo4j down for every other request.
func failed(ctx context.Context, err error) error {
	switch {
	case err == nil:
		return nil
	case errors.Is(ctx.Err(), context.Canceled):
		return &apperr.Error{Code: apperr.Timeout, Message: "the request was cancelled", Cause: err}
	case ctx.Err() != nil || pastDeadline(ctx):
		return &apperr.Error{Code: apperr.Timeout, Message: "the request took longer than its deadline and was stopped", Cause: err}
	}
	return translate(err)
}

func pastDeadline(ctx context.Context) bool {
	dl, ok := ctx.Deadline()
	return ok && !time.Now().Before(dl)
}

// translate turns a driver error into an *Error with a code; nil stays nil. Only an
// error that shows Neo4j gone (a connection refused, reset or closed) is
// SERVICE_UNAVAILABLE, which switches the outage on (outage.go): Neo4j slow to answer is
// a TIMEOUT, and an error Neo4j sent is its answer.
func translate(err error) error {
	if err == nil {
		return nil
	}
	var appErr *apperr.Error
	if errors.As(err, &appErr) {
		return err
	}
	var limit *neo4j.TransactionExecutionLimit
	if errors.As(err, &limit) {
		// The driver gave up retrying: judge by the last attempt's error.
		if len(limit.Errors) > 0 {
			return translate(limit.Errors[len(limit.Errors)-1])
		}
		return &apperr.Error{Code: apperr.ServiceUnavailable, Message: "the database is unavailable", Cause: err}
	}
	var neoErr *neo4j.Neo4jError
	var connErr *neo4j.ConnectivityError
	var netErr net.Error
	var poolErr *db.ProtocolError
	switch {
	case errors.Is(err, context.DeadlineExceeded):
		return &apperr.Error{Code: apperr.Timeout, Message: "the database did not answer in time", Cause: err}
	case errors.Is(err, context.Canceled), cancelled(err):
		return &apperr.Error{Code: apperr.Timeout, Message: "the request was cancelled", Cause: err}
	case errors.As(err, &neoErr):
		switch {
		case neoErr.Code == "Neo.ClientError.Schema.ConstraintValidationFailed":
			return &apperr.Error{Code: apperr.Conflict, Message: "the write conflicts with an existing entity", Cause: err}
		case neoErr.Code == "Neo.ClientError.Transaction.TransactionTimedOut",
			neoErr.Code == "Neo.ClientError.Transaction.TransactionTimedOutClientConfiguration":
			return &apperr.Error{Code: apperr.Timeout, Message: "the query took too long and was stopped", Cause: err}
		case neo4j.IsRetryable(err):
			// A deadlock, a full memory pool: Neo4j answered, under load.
			return &apperr.Error{Code: apperr.DatabaseBusy, Message: "the database is busy; retry shortly", Cause: err}
		}
	case poolExhausted(err):
		return &apperr.Error{Code: apperr.DatabaseBusy, Message: "no database connection was free in time; retry shortly", Cause: err}
	case noAnswer(err):
		return &apperr.Error{Code: apperr.Timeout, Message: "the database did not answer in time", Cause: err}
	case errors.As(err, &connErr), errors.As(err, &netErr), errors.As(err, &poolErr), neo4j.IsRetryable(err):
		return &apperr.Error{Code: apperr.ServiceUnavailable, Message: "the database is unavailable", Cause: err}
	}
	return apperr.Internalf("%w", err)
}

// noAnswer tells a connection on which Neo4j did not answer in time (a socket timeout,
// the driver's read or write timeout) from one it closed: slow, not gone. The driver's
// timeout errors are internal types without Unwrap, known by their text.
func noAnswer(err error) bool {
	var netErr net.Error
	if errors.As(err, &netErr) && netErr.Timeout() {
		return true
	}
	var conn *neo4j.ConnectivityError
	if !errors.As(err, &conn) || conn.Inner == nil {
		return false
	}
	if errors.As(conn.Inner, &netErr) && netErr.Timeout() {
		return true
	}
	msg := conn.Inner.Error()
	return strings.HasPrefix(msg, "Timeout while reading from connection") || strings.HasPrefix(msg, "Timeout while writing to connection")
}

// cancelled is the driver's error for a socket read or write stopped by the caller's
// context being cancelled (an internal type, without Unwrap, bare or wrapped).
func cancelled(err error) bool {
	msg := err.Error()
	return strings.Contains(msg, "from connection has been canceled") || strings.Contains(msg, "to connection has been canceled")
}
