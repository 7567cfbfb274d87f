package store

import (
	"bytes"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"sync/atomic"

	"github.com/mineralgraph/mineralgraph/graph/apperr"
)

// Cursors are keyset cursors: base64 of a JSON object with the signature of the list
// and sort they belong to (`s`) and the sort-key values of their row, the id
// tie-breakers included (`v`). `after` compiles to a predicate on those values, so a
// page never shifts when rows are added or removed before it, and no query ever skips
// rows to reach it. Cursors are opaque and signed: a MAC over the JSON comes first, so
// a cursor this server did not issue is refused instead of being taken as a position.
// The key is CURSOR_SECRET's (SetCursorSecret), the same on every instance, or a random
// one per process, whose cursors do not survive a restart.

// maxCursorLen bounds the accepted cursor text (sort keys may be long strings).
const maxCursorLen = 256 << 10

// macLen is the length of the truncated HMAC-SHA256 in front of the JSON.
const macLen = 16

var cursorKey atomic.Pointer[[]byte]

func init() {
	key := make([]byte, 32)
	if _, err := rand.Read(key); err != nil {
		panic(err) // crypto/rand does not fail on supported platforms
	}
	cursorKey.Store(&key)
}

// SetCursorSecret makes cursors verifiable by every process that has the same secret.
func SetCursorSecret(secret string) {
	key := sha256.Sum256([]byte("mineralgraph cursor\x00" + secret))
	k := key[:]
	cursorKey.Store(&k)
}

func cursorMAC(body []byte) []byte {
	m := hmac.New(sha256.New, *cursorKey.Load())
	m.Write(body)
	return m.Sum(nil)[:macLen]
}

type cursorBody struct {
	S string `json:"s"`
	V []any  `json:"v"`
}

// encodeCursor builds the cursor of a row from the sort-key values Neo4j returned.
func encodeCursor(sig string, vals []any) (string, error) {
	for _, v := range vals {
		switch v.(type) {
		case nil, string, bool, int64, float64:
		default:
			// Only scalar properties are sortable; anything else means the data does
			// not match the metadata.
			return "", &apperr.Error{Code: apperr.Internal, Message: "internal error", Cause: fmt.Errorf("cannot put a %T in a cursor", v)}
		}
	}
	raw, err := json.Marshal(cursorBody{S: sig, V: vals})
	if err != nil {
		return "", &apperr.Error{Code: apperr.Internal, Message: "internal error", Cause: err}
	}
	return base64.StdEncoding.EncodeToString(append(cursorMAC(raw), raw...)), nil
}

// decodeCursor returns the sort-key values of a cursor issued for the same list and
// sort (signature sig over keys); anything else is a BAD_USER_INPUT at path.
func decodeCursor(cursor, sig string, keys []sortKey, path string) ([]any, error) {
	malformed := badInput(path, "malformed cursor")
	if len(cursor) > maxCursorLen {
		return nil, malformed
	}
	sealed, err := base64.StdEncoding.DecodeString(cursor)
	if err != nil || len(sealed) < macLen {
		return nil, malformed
	}
	raw := sealed[macLen:]
	if !hmac.Equal(sealed[:macLen], cursorMAC(raw)) {
		return nil, badInput(path, "the cursor was not issued by this service (or it was restarted with another CURSOR_SECRET): start again from the first page")
	}
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	dec.DisallowUnknownFields()
	var body cursorBody
	if err := dec.Decode(&body); err != nil || dec.More() {
		return nil, malformed
	}
	if body.S != sig {
		return nil, badInput(path, "the cursor belongs to a different list or sort order")
	}
	if len(body.V) != len(keys) {
		return nil, malformed
	}
	vals := make([]any, len(keys))
	for i, k := range keys {
		v, ok := cursorValue(k, body.V[i])
		if !ok {
			return nil, malformed
		}
		vals[i] = v
	}
	return vals, nil
}

// cursorValue turns a decoded JSON value back into the value Neo4j returned. Numbers
// follow the key's type (JSON has one number kind; Cypher compares ints and floats
// numerically anyway).
func cursorValue(k sortKey, v any) (any, bool) {
	switch x := v.(type) {
	case nil:
		return nil, !k.notNull
	case string, bool:
		return x, true
	case json.Number:
		if k.typ != "Float" {
			if i, err := x.Int64(); err == nil {
				return i, true
			}
		}
		f, err := x.Float64()
		return f, err == nil
	}
	return nil, false
}
