package bolt

import (
	"bytes"
	"errors"
	"fmt"
	"math"
	"reflect"
	"strings"
	"testing"
	"unsafe"
)

// The encodings of the PackStream specification's examples, byte for byte.
func TestEncodingMatchesTheSpecification(t *testing.T) {
	cases := []struct {
		v    any
		want []byte
	}{
		{nil, []byte{0xC0}},
		{true, []byte{0xC3}},
		{false, []byte{0xC2}},
		{1, []byte{0x01}},
		{-16, []byte{0xF0}},
		{-17, []byte{0xC8, 0xEF}},
		{128, []byte{0xC9, 0x00, 0x80}},
		{-129, []byte{0xC9, 0xFF, 0x7F}},
		{32768, []byte{0xCA, 0x00, 0x00, 0x80, 0x00}},
		{int64(math.MaxInt32) + 1, []byte{0xCB, 0, 0, 0, 0, 0x80, 0, 0, 0}},
		{1.1, []byte{0xC1, 0x3F, 0xF1, 0x99, 0x99, 0x99, 0x99, 0x99, 0x9A}},
		{"", []byte{0x80}},
		{"A", []byte{0x81, 0x41}},
		{"ABCDEFGHIJKLMNOPQRSTUVWXYZ", append([]byte{0xD0, 0x1A}, "ABCDEFGHIJKLMNOPQRSTUVWXYZ"...)},
		{[]any{1, 2, 3}, []byte{0x93, 0x01, 0x02, 0x03}},
		{[]string{}, []byte{0x90}},
		{map[string]any{"one": "eins"}, []byte{0xA1, 0x83, 0x6F, 0x6E, 0x65, 0x84, 0x65, 0x69, 0x6E, 0x73}},
		{[]byte{1, 2}, []byte{0xCC, 0x02, 0x01, 0x02}},
	}
	for _, tc := range cases {
		var e encoder
		if err := e.value(tc.v); err != nil {
			t.Fatalf("%#v: %v", tc.v, err)
		}
		if !bytes.Equal(e.buf, tc.want) {
			t.Errorf("%#v: % X, want % X", tc.v, e.buf, tc.want)
		}
	}
}

// Whatever bytes a message holds, decoding ends without a panic, and what decodes
// encodes back to a value that decodes the same.
func FuzzDecode(f *testing.F) {
	for _, seed := range [][]byte{
		{0xC0}, {0x93, 0x01, 0x02, 0x03}, {0xA1, 0x81, 0x61, 0xC9, 0x01, 0x00},
		{0xB4, 0x4E, 0x01, 0x91, 0x81, 0x41, 0xA0, 0x81, 0x78},
		{0xD6, 0xFF, 0xFF, 0xFF, 0xFF}, {0xDA, 0x7F, 0xFF, 0xFF, 0xFF}, bytes.Repeat([]byte{0x91}, 10000),
	} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		d := &decoder{b: b, major: 5, keys: map[string]string{}}
		v := d.value()
		if d.err != nil {
			if !errors.Is(d.err, errMalformed) && !errors.Is(d.err, ErrUnsupported) {
				t.Fatalf("error %v", d.err)
			}
			return
		}
		var e encoder
		if err := e.value(v); err != nil {
			return // a node or relationship: not a parameter
		}
		again := &decoder{b: e.buf, major: 5}
		if w := again.value(); again.err != nil || !reflect.DeepEqual(normalNaN(w), normalNaN(v)) {
			t.Fatalf("% X decoded to %#v, encoded back to %#v (%v)", b, v, w, again.err)
		}
	})
}

// normalNaN stands a marker in for NaN, which is not equal to itself.
func normalNaN(v any) any {
	switch x := v.(type) {
	case float64:
		if math.IsNaN(x) {
			return "NaN"
		}
	case []any:
		out := make([]any, len(x))
		for i, el := range x {
			out[i] = normalNaN(el)
		}
		return out
	case map[string]any:
		out := make(map[string]any, len(x))
		for k, el := range x {
			out[k] = normalNaN(el)
		}
		return out
	}
	return v
}

// A connection's decoders hand out one string per map key, however many rows and
// answers repeat it, and keep no more than maxKeys keys of up to maxKeyLen bytes.
func TestMapKeysInterned(t *testing.T) {
	var e encoder
	long := strings.Repeat("k", maxKeyLen+1)
	row := map[string]any{"name": "a", long: int64(1)}
	many := map[string]any{}
	for i := range maxKeys + 10 {
		many[fmt.Sprintf("key%d", i)] = int64(i)
	}
	for _, m := range []map[string]any{row, row, many} {
		if err := e.value(m); err != nil {
			t.Fatal(err)
		}
	}
	keys := map[string]string{}
	d := &decoder{b: e.buf, major: 5, keys: keys}
	first, second := d.value().(map[string]any), d.value().(map[string]any)
	if !reflect.DeepEqual(first, row) || !reflect.DeepEqual(second, row) {
		t.Fatalf("decoded %v and %v; want %v twice", first, second, row)
	}
	if got := d.value().(map[string]any); !reflect.DeepEqual(got, many) || d.err != nil {
		t.Fatalf("a map of %d keys decoded to %d keys (%v)", len(many), len(got), d.err)
	}
	keyOf := func(m map[string]any, k string) *byte {
		for key := range m {
			if key == k {
				return unsafe.StringData(key)
			}
		}
		return nil
	}
	if keyOf(first, "name") != keyOf(second, "name") {
		t.Error("two rows' key name are two strings; want one, interned")
	}
	if _, kept := keys[long]; kept {
		t.Errorf("a key of %d bytes was kept; the bound is %d", len(long), maxKeyLen)
	}
	if len(keys) != maxKeys {
		t.Errorf("%d keys kept; want the bound, %d", len(keys), maxKeys)
	}
}
