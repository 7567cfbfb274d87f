package store

import (
	"context"
	"errors"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"
	"github.com/prometheus/client_golang/prometheus"

	"github.com/mineralgraph/mineralgraph/internal/bolt"
)

// Node is a node as read from Neo4j: its model type name and its stored properties.
type Node struct {
	Type  string
	Props map[string]any
}

// ID is the node's id property.
func (n Node) ID() string {
	id, _ := n.Props["id"].(string)
	return id
}

// typeOf maps a node's labels back to its model type, by the primary label.
func typeOf(labels []string) string {
	for _, l := range labels {
		if t, ok := NodeTypes[l]; ok && t.Labels[0] == l {
			return t.Name
		}
	}
	return ""
}

// NodesByID returns the Entity nodes with these ids, keyed by id; ids that match
// nothing are absent. One round trip.
func (s *Store) NodesByID(ctx context.Context, ids []string) (map[string]Node, error) {
	return s.byID(ctx, "Entity", ids)
}

// SourcesByID returns the Source nodes with these ids, keyed by id. One round trip.
func (s *Store) SourcesByID(ctx context.Context, ids []string) (map[string]Node, error) {
	return s.byID(ctx, "Source", ids)
}

// byID looks ids up under one label; label is one of the two constants above.
func (s *Store) byID(ctx context.Context, label string, ids []string) (map[string]Node, error) {
	q := `UNWIND $ids AS id
MATCH (n:` + quoteName(label) + ` {id: id})
RETURN id, labels(n) AS labels, properties(n) AS props`
	res, err := s.read(ctx, q, map[string]any{"ids": ids})
	if err != nil {
		return nil, err
	}
	out := make(map[string]Node, len(res.Records))
	for _, rec := range res.Records {
		id, labels, props, err := idLabelsProps(rec)
		if err != nil {
			return nil, err
		}
		out[id] = Node{Type: typeOf(labels), Props: props}
	}
	return out, nil
}

// read runs one read statement and returns all its records. It runs as an auto-commit
// transaction (RUN and PULL in one round trip; a managed one adds BEGIN and a COMMIT
// round trip, and the driver's bookkeeping of both, for a single statement that has
// nothing to commit). A first attempt that fails in a way the driver would retry (a
// pooled connection found dead after a Neo4j restart, a transient error) is run again
// as the driver's managed transaction, with its retries, as every read was before.
func (s *Store) read(ctx context.Context, query string, params map[string]any) (*neo4j.EagerResult, error) {
	if err := s.unavailable(); err != nil {
		return nil, err
	}
	leave, err := s.enter(ctx)
	if err != nil {
		return nil, err
	}
	defer leave()
	countRoundTrip(ctx)
	recordStatement(ctx, query, params)
	res, err := s.leanRead(ctx, query, params)
	if err != nil && toDriver(ctx, err) {
		ReadsViaDriverTotal.Inc()
		res, err = s.autoCommit(ctx, query, params)
	}
	if err != nil && neo4j.IsRetryable(err) && !poolExhausted(err) && ctx.Err() == nil {
		res, err = neo4j.ExecuteQuery(ctx, s.driver, query, params, neo4j.EagerResultTransformer,
			neo4j.ExecuteQueryWithDatabase(s.database), neo4j.ExecuteQueryWithReadersRouting(),
			neo4j.ExecuteQueryWithoutBookmarkManager(), neo4j.ExecuteQueryWithTransactionConfig(txTimeout(ctx)...))
	}
	return res, s.observe(failed(ctx, err))
}

// leanRead runs query through the store's own Bolt client (internal/bolt), when it has
// one: the same auto-commit read with less of the server's CPU than the driver's.
func (s *Store) leanRead(ctx context.Context, query string, params map[string]any) (*neo4j.EagerResult, error) {
	if s.bolt == nil {
		return nil, bolt.ErrUnsupported
	}
	return s.bolt.ReadResult(ctx, query, params)
}

// toDriver tells whether a read the Bolt client did not answer goes to the driver: what
// the client leaves to it (bolt.ErrUnsupported) and connection problems, which the
// driver retries and reports as the outage switch knows them. Neo4j's own answer (an
// error it sent) and a deadline that has passed stand.
func toDriver(ctx context.Context, err error) bool {
	var neoErr *neo4j.Neo4jError
	return !errors.As(err, &neoErr) && ctx.Err() == nil && !pastDeadline(ctx)
}

// ReadsViaDriverTotal counts the reads the Bolt client handed to the driver, for
// /metrics: near the number of reads, the lean path is not taken (a URI other than
// bolt://, values it does not decode, connections failing).
var ReadsViaDriverTotal = prometheus.NewCounter(prometheus.CounterOpts{
	Name: "mineralgraph_store_reads_via_driver_total",
	Help: "Reads the store's own Bolt client handed to the Neo4j driver (another URI scheme, a value it does not decode, a connection problem).",
})

// ReadOverBolt has the store's reads run through its own Bolt client when uri is a
// bolt:// one (credentials as Connect takes them); other schemes keep the driver.
func (s *Store) ReadOverBolt(uri, username, password string) {
	c, err := bolt.New(uri, s.database, username, password, PoolSize)
	if err == nil {
		s.bolt = c
	}
}

// autoCommit runs query once in an auto-commit read transaction and reads every record,
// with the driver's fetch size (FetchAll, one PULL for everything, made the analytics
// statements run past their deadline: TestAnalyticNodesAnswerAsTheNodesDo). No bookmark
// manager: the writes (write.go) never handed theirs to ExecuteQuery's, so it only
// chained reads to reads.
func (s *Store) autoCommit(ctx context.Context, query string, params map[string]any) (*neo4j.EagerResult, error) {
	session := s.driver.NewSession(ctx, neo4j.SessionConfig{DatabaseName: s.database, AccessMode: neo4j.AccessModeRead})
	defer session.Close(ctx)
	result, err := session.Run(ctx, query, params, txTimeout(ctx)...)
	if err != nil {
		return nil, err
	}
	// Not result.Collect: it allocates room for 1024 records whatever the result.
	var records []*neo4j.Record
	var rec *neo4j.Record
	for result.NextRecord(ctx, &rec) {
		records = append(records, rec)
	}
	if err := result.Err(); err != nil {
		return nil, err
	}
	keys, err := result.Keys()
	if err != nil {
		return nil, err
	}
	return &neo4j.EagerResult{Keys: keys, Records: records}, nil
}

func idLabelsProps(rec *neo4j.Record) (string, []string, map[string]any, error) {
	id, _, err := neo4j.GetRecordValue[string](rec, "id")
	if err != nil {
		return "", nil, nil, translate(err)
	}
	rawLabels, _, err := neo4j.GetRecordValue[[]any](rec, "labels")
	if err != nil {
		return "", nil, nil, translate(err)
	}
	labels := make([]string, 0, len(rawLabels))
	for _, l := range rawLabels {
		if s, ok := l.(string); ok {
			labels = append(labels, s)
		}
	}
	props, _, err := neo4j.GetRecordValue[map[string]any](rec, "props")
	if err != nil {
		return "", nil, nil, translate(err)
	}
	return id, labels, props, nil
}
