package store

import (
	"context"
	"errors"
	"net"
	"time"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"
	"github.com/neo4j/neo4j-go-driver/v5/neo4j/db"

	"github.com/mineralgraph/mineralgraph/graph/apperr"
)

// failed translates err in the light of ctx: once the request's deadline has passed,
// whatever the driver reports (often a connectivity error) is a timeout.
// The clock is asked too: the driver's socket deadline is the request's, and on a busy
// machine its read can fail before the context's own timer has run; reported as the
// database being away, that would mark Neo4j down for every other request.
func failed(ctx context.Context, err error) error {
	if err != nil && (errors.Is(ctx.Err(), context.DeadlineExceeded) || pastDeadline(ctx)) {
		return &apperr.Error{Code: apperr.Timeout, Message: "the request took longer than its deadline and was stopped", Cause: err}
	}
	return translate(err)
}

func pastDeadline(ctx context.Context) bool {
	dl, ok := ctx.Deadline()
	return ok && !time.Now().Before(dl)
}

// translate turns a driver error into an *Error with a code; nil stays nil.
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
	case errors.Is(err, context.Canceled):
		return &apperr.Error{Code: apperr.Timeout, Message: "the request was cancelled", Cause: err}
	case errors.As(err, &neoErr):
		switch {
		case neoErr.Code == "Neo.ClientError.Schema.ConstraintValidationFailed":
			return &apperr.Error{Code: apperr.Conflict, Message: "the write conflicts with an existing entity", Cause: err}
		case neoErr.Code == "Neo.ClientError.Transaction.TransactionTimedOut",
			neoErr.Code == "Neo.ClientError.Transaction.TransactionTimedOutClientConfiguration":
			return &apperr.Error{Code: apperr.Timeout, Message: "the query took too long and was stopped", Cause: err}
		case neo4j.IsRetryable(err):
			return &apperr.Error{Code: apperr.ServiceUnavailable, Message: "the database is temporarily unavailable", Cause: err}
		}
	case poolExhausted(err):
		return &apperr.Error{Code: apperr.DatabaseBusy, Message: "no database connection was free in time; retry shortly", Cause: err}
	case errors.As(err, &connErr), errors.As(err, &netErr), errors.As(err, &poolErr), neo4j.IsRetryable(err):
		return &apperr.Error{Code: apperr.ServiceUnavailable, Message: "the database is unavailable", Cause: err}
	}
	return apperr.Internalf("%w", err)
}
