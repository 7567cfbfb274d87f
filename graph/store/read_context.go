package store

import (
	"context"
	"reflect"
	"time"
)

// The driver races every socket write whose context has a deadline against that
// context, in a goroutine of its own (a goroutine, a channel and two scheduler hand-offs
// per message flight). A read's RUN and PULL are a few hundred bytes that the kernel
// takes at once, so the driver is handed the request's context without its deadline:
// it writes directly. Nothing else changes: Done and Err are the request's, so the
// driver still gives up waiting for the answer at the deadline (it races every socket
// read against a context it derives from this one, because Neo4j sends a read-timeout
// hint), the wait for a pooled connection still ends there, and the transaction
// timeout Neo4j enforces is computed from the real deadline before (txTimeout).

// directWriteMax is the largest statement and parameters, estimated, written without
// the race: well below what loopback's socket buffers take from a peer that has stopped
// reading, so that even then the write returns and the read's race ends at the
// deadline. A larger statement keeps the driver's race.
const directWriteMax = 32 << 10

// writeDirectly is ctx for the driver's calls of one read of query with params.
func writeDirectly(ctx context.Context, query string, params map[string]any) context.Context {
	if _, ok := ctx.Deadline(); !ok || len(query)+paramBytes(params, directWriteMax) > directWriteMax {
		return ctx
	}
	return withoutDeadline{ctx}
}

// withoutDeadline is a context whose Deadline reports none; Done, Err and Value are
// the embedded one's. Because Value finds the embedded context's cancellation, the
// contexts the driver derives from it are cancelled with it, with no goroutine to watch.
type withoutDeadline struct{ context.Context }

func (withoutDeadline) Deadline() (time.Time, bool) { return time.Time{}, false }

// paramBytes estimates the bytes of v as Bolt encodes it (strings and keys by their
// length, other values by at most 9 bytes, containers with their headers), stopping
// once the estimate exceeds limit.
func paramBytes(v any, limit int) int {
	n := 0
	var walk func(v any)
	walk = func(v any) {
		if n > limit {
			return
		}
		switch v := v.(type) {
		case string:
			n += len(v) + 5
		case map[string]any:
			n += 5
			for k, e := range v {
				n += len(k) + 5
				walk(e)
			}
		case []any:
			n += 5
			for _, e := range v {
				walk(e)
			}
		case []string:
			n += 5
			for _, e := range v {
				n += len(e) + 5
			}
		case []map[string]any:
			n += 5
			for _, e := range v {
				walk(e)
			}
		default: // a number, a boolean, nil, or a list of them
			if r := reflect.ValueOf(v); r.Kind() == reflect.Slice {
				n += 5 + 9*r.Len()
			} else {
				n += 9
			}
		}
	}
	walk(v)
	return n
}
