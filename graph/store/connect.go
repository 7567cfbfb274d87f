package store

import (
	"context"
	"fmt"
	"time"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"
)

// PoolSize is the driver's connection pool; see Store.SetCallLimit.
const PoolSize = 100

// Connect opens the process's one driver and waits until Neo4j answers, retrying until
// timeout. The error names the URI and the last cause, in one line.
func Connect(ctx context.Context, uri, username, password string, timeout time.Duration) (neo4j.DriverWithContext, error) {
	auth := neo4j.NoAuth()
	if password != "" {
		auth = neo4j.BasicAuth(username, password, "")
	}
	driver, err := neo4j.NewDriverWithContext(uri, auth, func(c *neo4j.Config) {
		c.SocketConnectTimeout = 2 * time.Second
		c.ConnectionAcquisitionTimeout = 5 * time.Second
		c.MaxConnectionPoolSize = PoolSize
		// Reads and writes (all idempotent) are retried on transient errors, briefly:
		// a database that is away is reported quickly, see Store.observe.
		c.MaxTransactionRetryTime = time.Second
	})
	if err != nil {
		return nil, fmt.Errorf("cannot use Neo4j URI %s: %v", uri, err)
	}
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	for {
		err = driver.VerifyConnectivity(ctx)
		if err == nil {
			return driver, nil
		}
		select {
		case <-ctx.Done():
			_ = driver.Close(context.Background())
			return nil, fmt.Errorf("cannot reach Neo4j at %s after %s: %v", uri, timeout, oneLine(err))
		case <-time.After(500 * time.Millisecond):
		}
	}
}

func oneLine(err error) string {
	msg := err.Error()
	for i, r := range msg {
		if r == '\n' {
			return msg[:i]
		}
	}
	return msg
}
