// Package auth identifies writers: reads are public, every write needs a bearer API key.
// Keys are configured as SHA-256 hashes with a name; the name is recorded on what a
// write touches and logged with it.
package auth

import (
	"bufio"
	"context"
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/hex"
	"fmt"
	"io"
	"net/http"
	"regexp"
	"strings"

	"github.com/mineralgraph/mineralgraph/graph/apperr"
	"github.com/mineralgraph/mineralgraph/graph/scalar"
)

// Key is a configured API key: its name and the SHA-256 of the secret. Keys are long
// random strings, so an unsalted hash is enough to keep the secret out of the config.
type Key struct {
	Name string
	Hash [sha256.Size]byte
}

var namePattern = regexp.MustCompile(`^[A-Za-z0-9._@-]{1,64}$`)

// ParseKeys reads `name:hexsha256` entries separated by commas, spaces or newlines;
// lines starting with # are comments.
func ParseKeys(r io.Reader) ([]Key, error) {
	var keys []Key
	sc := bufio.NewScanner(r)
	for line := 1; sc.Scan(); line++ {
		text := strings.TrimSpace(sc.Text())
		if text == "" || strings.HasPrefix(text, "#") {
			continue
		}
		for _, entry := range strings.FieldsFunc(text, func(r rune) bool { return r == ',' || r == ' ' || r == '\t' }) {
			name, hash, ok := strings.Cut(entry, ":")
			raw, err := hex.DecodeString(hash)
			if !ok || !namePattern.MatchString(name) || err != nil || len(raw) != sha256.Size {
				return nil, fmt.Errorf("line %d: %q is not name:sha256-hex (64 hex digits); make one with `mineralgraph keygen NAME`", line, scalar.TruncateTo(entry, 24))
			}
			k := Key{Name: name}
			copy(k.Hash[:], raw)
			keys = append(keys, k)
		}
	}
	return keys, sc.Err()
}

// NewKey returns a fresh random secret and its configuration entry.
func NewKey(name string) (secret, entry string, err error) {
	if !namePattern.MatchString(name) {
		return "", "", fmt.Errorf("key name %q: use 1 to 64 letters, digits, . _ @ -", name)
	}
	var b [32]byte
	if _, err := rand.Read(b[:]); err != nil {
		return "", "", err
	}
	secret = "mg_" + hex.EncodeToString(b[:])
	sum := sha256.Sum256([]byte(secret))
	return secret, name + ":" + hex.EncodeToString(sum[:]), nil
}

type ctxKey struct{}

type identity struct {
	writer  string
	invalid bool
}

// Middleware reads the bearer key of each request. A request without one is anonymous
// (reads only); one with a key that matches no configured key is marked invalid.
func Middleware(keys []Key, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		header := r.Header.Get("Authorization")
		if header == "" {
			next.ServeHTTP(w, r)
			return
		}
		id := identity{invalid: true}
		// The scheme is case-insensitive (RFC 9110 §11.1): "bearer" is "Bearer".
		if scheme, token, ok := strings.Cut(header, " "); ok && strings.EqualFold(scheme, "Bearer") {
			if name, ok := match(keys, strings.TrimSpace(token)); ok {
				id = identity{writer: name}
			}
		}
		next.ServeHTTP(w, r.WithContext(context.WithValue(r.Context(), ctxKey{}, id)))
	})
}

// match compares the token's hash with every key in constant time, without stopping at
// the first match, so timing says nothing about which keys exist.
func match(keys []Key, token string) (string, bool) {
	sum := sha256.Sum256([]byte(token))
	name, found := "", false
	for _, k := range keys {
		if subtle.ConstantTimeCompare(sum[:], k.Hash[:]) == 1 {
			name, found = k.Name, true
		}
	}
	return name, found
}

// Writer returns the name of the request's API key, or an UNAUTHENTICATED error.
func Writer(ctx context.Context) (string, error) {
	id, _ := ctx.Value(ctxKey{}).(identity)
	switch {
	case id.writer != "":
		return id.writer, nil
	case id.invalid:
		return "", apperr.Errorf(apperr.Unauthenticated, "the API key is not valid")
	default:
		return "", apperr.Errorf(apperr.Unauthenticated, "writes need an API key: send Authorization: Bearer <key>")
	}
}
