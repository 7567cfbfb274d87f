package bolt_test

import (
	"context"
	"errors"
	"fmt"
	"math"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"github.com/mineralgraph/mineralgraph/graph/store/storetest"
	"github.com/mineralgraph/mineralgraph/internal/bolt"
)

// setup holds a test database with the tiny graph and returns the driver and a client
// on it.
func setup(t *testing.T) (neo4j.DriverWithContext, *bolt.Client) {
	t.Helper()
	st, driver := storetest.NewWithDriver(t)
	storetest.Tiny(t, st)
	c, err := bolt.New(storetest.URI(t), storetest.Database, "", "", 4)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(c.Close)
	return driver, c
}

func read(t *testing.T, c *bolt.Client, query string, params map[string]any) ([]string, [][]any, error) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	return c.Read(ctx, query, params)
}

// The client's answers are the driver's: the driver, reading the same statements and
// parameters, is the reference for the values Neo4j decoded from the client's encoding
// and for the client's decoding of Neo4j's answer, at every size boundary of the
// encoding, across PULL batches and across chunks.
func TestReadsAsTheDriverReads(t *testing.T) {
	driver, c := setup(t)
	ints := []any{}
	for _, n := range []int64{0, -1, -16, -17, 127, 128, -128, -129, 255, 256, 32767, 32768, -32768, -32769,
		math.MaxInt32, math.MaxInt32 + 1, math.MinInt32, math.MinInt32 - 1, math.MaxInt64, math.MinInt64} {
		ints = append(ints, n)
	}
	strs := []any{}
	for _, n := range []int{0, 1, 15, 16, 255, 256, 65535, 65536, 200_000} {
		strs = append(strs, strings.Repeat("é", n/2)+strings.Repeat("x", n%2))
	}
	list16 := make([]any, 16)
	list300 := make([]any, 300)
	for i := range list300 {
		list300[i] = float64(i) / 3
		if i < 16 {
			list16[i] = i
		}
	}
	bigMap := map[string]any{}
	for i := range 20 {
		bigMap[strings.Repeat("k", i+1)] = []any{i, nil, true}
	}
	cases := []struct {
		name, query string
		params      map[string]any
	}{
		{"integers", "RETURN $v AS v", map[string]any{"v": ints}},
		{"integer kinds", "RETURN $a AS a, $b AS b, $c AS c, $d AS d", map[string]any{"a": int32(-5), "b": uint8(200), "c": int16(-300), "d": 7}},
		{"floats", "RETURN $v AS v", map[string]any{"v": []any{0.0, -1.5, 5e-324, math.MaxFloat64, math.Inf(1), math.Inf(-1), float32(0.25)}}},
		{"strings", "RETURN $v AS v, [s IN $v | size(s)] AS sizes", map[string]any{"v": strs}},
		{"booleans and null", "RETURN $t AS t, $f AS f, $n AS n", map[string]any{"t": true, "f": false, "n": nil}},
		{"lists", "RETURN $a AS a, $b AS b, $c AS c, $d AS d, $e AS e", map[string]any{"a": list16, "b": list300, "c": []string{"x", ""}, "d": []int64{1, -1}, "e": []any{}}},
		{"maps", "RETURN $m AS m, $e AS e, $s AS s", map[string]any{"m": bigMap, "e": map[string]any{}, "s": map[string]string{"a": "b"}}},
		{"bytes", "RETURN $b AS b", map[string]any{"b": []byte{0, 1, 255}}},
		{"rows across PULL batches", "UNWIND range(1, 2500) AS i RETURN i, toString(i) AS s, {i: i} AS m", nil},
		{"no rows", "MATCH (n:NoSuchLabel) RETURN n", nil},
		{"nodes", "MATCH (n) RETURN n, labels(n) AS labels ORDER BY elementId(n)", nil},
		{"relationships", "MATCH ()-[r]->() RETURN r ORDER BY elementId(r)", nil},
		{"projections", "MATCH (n) RETURN n {.*, kind: 'x'} AS m, properties(n) AS p ORDER BY elementId(n)", nil},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			keys, rows, err := read(t, c, tc.query, tc.params)
			if err != nil {
				t.Fatal(err)
			}
			want, err := neo4j.ExecuteQuery(context.Background(), driver, tc.query, tc.params, neo4j.EagerResultTransformer,
				neo4j.ExecuteQueryWithDatabase(storetest.Database), neo4j.ExecuteQueryWithReadersRouting())
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(keys, want.Keys) {
				t.Errorf("keys %v, the driver's %v", keys, want.Keys)
			}
			if len(rows) != len(want.Records) {
				t.Fatalf("%d rows, the driver %d", len(rows), len(want.Records))
			}
			for i, rec := range want.Records {
				if !reflect.DeepEqual(rows[i], rec.Values) {
					t.Fatalf("row %d:\n %#v\nthe driver's:\n %#v", i, rows[i], rec.Values)
				}
			}
		})
	}
}

// Neo4j's errors arrive as the driver's error type, with Neo4j's code; what the client
// does not speak is ErrUnsupported (the caller then asks the driver); after each the
// client reads on.
func TestReadErrors(t *testing.T) {
	driver, c := setup(t)
	const bad = "RETURN nosuchfunction(1) AS x"
	_, _, err := read(t, c, bad, nil)
	var got *neo4j.Neo4jError
	if !errors.As(err, &got) {
		t.Fatalf("want Neo4j's error, got %T %v", err, err)
	}
	_, wantErr := neo4j.ExecuteQuery(context.Background(), driver, bad, nil, neo4j.EagerResultTransformer,
		neo4j.ExecuteQueryWithDatabase(storetest.Database))
	var want *neo4j.Neo4jError
	if !errors.As(wantErr, &want) || got.Code != want.Code {
		t.Errorf("code %q, the driver's error: %v", got.Code, wantErr)
	}
	if _, _, err := read(t, c, "CREATE (n:Written) RETURN n", nil); !errors.As(err, &got) {
		t.Errorf("a write in a read transaction: want Neo4j's error, got %T %v", err, err)
	}
	if _, _, err := read(t, c, "RETURN date('2025-01-01') AS d", nil); !errors.Is(err, bolt.ErrUnsupported) {
		t.Errorf("a temporal value: want ErrUnsupported, got %v", err)
	}
	if _, _, err := read(t, c, "RETURN $t AS t", map[string]any{"t": time.Now()}); !errors.Is(err, bolt.ErrUnsupported) {
		t.Errorf("a temporal parameter: want ErrUnsupported, got %v", err)
	}
	if _, _, err := c.Read(context.Background(), "RETURN 1 AS one", nil); !errors.Is(err, bolt.ErrUnsupported) {
		t.Errorf("no deadline: want ErrUnsupported, got %v", err)
	}
	if _, rows, err := read(t, c, "RETURN 1 AS one", nil); err != nil || len(rows) != 1 || rows[0][0] != int64(1) {
		t.Errorf("after the errors: %v %v", rows, err)
	}
	if n := storetest.Count(t, driver, "MATCH (n:Written) RETURN count(n) AS n", nil); n != 0 {
		t.Errorf("the read transaction wrote %d nodes", n)
	}
}

// A statement still running at the deadline, or when its request is cancelled, ends
// then (Neo4j gets the deadline as the transaction's timeout; the socket gets it too),
// and the client reads on with another connection.
func TestReadEndsAtTheDeadlineAndOnCancel(t *testing.T) {
	_, c := setup(t)
	const slow = "UNWIND range(1, 200000000) AS x WITH x WHERE x < 0 RETURN count(x) AS n"
	ctx, cancel := context.WithTimeout(context.Background(), 300*time.Millisecond)
	defer cancel()
	start := time.Now()
	if _, _, err := c.Read(ctx, slow, nil); err == nil {
		t.Fatal("a statement past its deadline answered")
	}
	if took := time.Since(start); took > 5*time.Second {
		t.Errorf("the deadline of 300ms was noticed after %s", took)
	}
	ctx, cancel = context.WithTimeout(context.Background(), time.Minute)
	time.AfterFunc(300*time.Millisecond, cancel)
	start = time.Now()
	if _, _, err := c.Read(ctx, slow, nil); !errors.Is(err, context.Canceled) {
		t.Errorf("a cancelled read: want context.Canceled, got %v", err)
	}
	if took := time.Since(start); took > 5*time.Second {
		t.Errorf("the cancel was noticed after %s", took)
	}
	if _, rows, err := read(t, c, "RETURN 1 AS one", nil); err != nil || len(rows) != 1 {
		t.Errorf("after: %v %v", rows, err)
	}
}

// Reads running at once, some of them cancelled midway, each get their own answer, and
// the pool serves the next ones (go test -race checks the pool's sharing).
func TestConcurrentReads(t *testing.T) {
	_, c := setup(t)
	errs := make(chan error, 8)
	for w := range 8 {
		go func() {
			for i := range 40 {
				n := w*100 + i
				ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
				if i%10 == 9 {
					time.AfterFunc(time.Millisecond, cancel) // may end it at any point
				}
				_, rows, err := c.Read(ctx, "UNWIND range(1, $n % 50 + 1) AS x RETURN $n AS n, x", map[string]any{"n": n})
				cancelled := ctx.Err() != nil
				cancel()
				switch {
				case err != nil && !cancelled:
					errs <- err
					return
				case err == nil && (len(rows) != n%50+1 || rows[0][0] != int64(n)):
					errs <- fmt.Errorf("read %d: %d rows %v", n, len(rows), rows)
					return
				}
			}
			errs <- nil
		}()
	}
	for range 8 {
		if err := <-errs; err != nil {
			t.Fatal(err)
		}
	}
}
