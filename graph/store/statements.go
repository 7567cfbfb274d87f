package store

import (
	"context"
	"maps"
	"sync"
)

// Statement is one Cypher statement a store call sent, with its parameters.
type Statement struct {
	Query  string
	Params map[string]any
}

// StatementLog records the read statements of the calls made with its context, for
// tools that profile what a request sends (bench/cmd/bench's plan report); the server
// does not use it.
type StatementLog struct {
	mu   sync.Mutex
	list []Statement
}

// Statements returns what was recorded so far, in the order sent.
func (l *StatementLog) Statements() []Statement {
	l.mu.Lock()
	defer l.mu.Unlock()
	return append([]Statement(nil), l.list...)
}

type statementLogKey struct{}

// WithStatementLog returns a context whose store reads are recorded in the returned log.
func WithStatementLog(ctx context.Context) (context.Context, *StatementLog) {
	l := &StatementLog{}
	return context.WithValue(ctx, statementLogKey{}, l), l
}

func recordStatement(ctx context.Context, query string, params map[string]any) {
	if l, ok := ctx.Value(statementLogKey{}).(*StatementLog); ok {
		l.mu.Lock()
		l.list = append(l.list, Statement{Query: query, Params: maps.Clone(params)})
		l.mu.Unlock()
	}
}
