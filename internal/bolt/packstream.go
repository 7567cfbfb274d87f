package bolt

import (
	"encoding/binary"
	"errors"
	"fmt"
	"math"
	"reflect"
	"strconv"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j/dbtype"
)

// ErrUnsupported is returned for what this client leaves to the official driver: a
// parameter or a returned value of a kind it does not encode or decode (temporal and
// spatial values, paths), a context without a deadline, a protocol version it does not
// speak. The caller runs the statement through the driver instead.
var ErrUnsupported = errors.New("bolt: left to the driver")

// errMalformed is a message that does not parse: the connection is not trusted again.
var errMalformed = errors.New("bolt: malformed message")

// PackStream markers (Bolt's value encoding).
const (
	mNull    = 0xC0
	mFloat   = 0xC1
	mFalse   = 0xC2
	mTrue    = 0xC3
	mInt8    = 0xC8
	mInt16   = 0xC9
	mInt32   = 0xCA
	mInt64   = 0xCB
	mBytes8  = 0xCC
	mBytes16 = 0xCD
	mBytes32 = 0xCE
	mStr8    = 0xD0
	mStr16   = 0xD1
	mStr32   = 0xD2
	mList8   = 0xD4
	mList16  = 0xD5
	mList32  = 0xD6
	mMap8    = 0xD8
	mMap16   = 0xD9
	mMap32   = 0xDA
)

// Structure tags of the graph values this client decodes.
const (
	tagNode         = 0x4E
	tagRelationship = 0x52
)

// encoder appends PackStream values to buf.
type encoder struct{ buf []byte }

func (e *encoder) header(tiny, m8, m16, m32 byte, n int) {
	switch {
	case n < 16 && tiny != 0:
		e.buf = append(e.buf, tiny|byte(n))
	case n <= math.MaxUint8:
		e.buf = append(e.buf, m8, byte(n))
	case n <= math.MaxUint16:
		e.buf = append(e.buf, m16)
		e.buf = binary.BigEndian.AppendUint16(e.buf, uint16(n))
	default:
		e.buf = append(e.buf, m32)
		e.buf = binary.BigEndian.AppendUint32(e.buf, uint32(n))
	}
}

func (e *encoder) int(n int64) {
	switch {
	case n >= -16 && n <= 127:
		e.buf = append(e.buf, byte(int8(n)))
	case n >= math.MinInt8 && n <= math.MaxInt8:
		e.buf = append(e.buf, mInt8, byte(int8(n)))
	case n >= math.MinInt16 && n <= math.MaxInt16:
		e.buf = append(e.buf, mInt16)
		e.buf = binary.BigEndian.AppendUint16(e.buf, uint16(int16(n)))
	case n >= math.MinInt32 && n <= math.MaxInt32:
		e.buf = append(e.buf, mInt32)
		e.buf = binary.BigEndian.AppendUint32(e.buf, uint32(int32(n)))
	default:
		e.buf = append(e.buf, mInt64)
		e.buf = binary.BigEndian.AppendUint64(e.buf, uint64(n))
	}
}

func (e *encoder) float(f float64) {
	e.buf = append(e.buf, mFloat)
	e.buf = binary.BigEndian.AppendUint64(e.buf, math.Float64bits(f))
}

func (e *encoder) string(s string) {
	e.header(0x80, mStr8, mStr16, mStr32, len(s))
	e.buf = append(e.buf, s...)
}

func (e *encoder) listHeader(n int) { e.header(0x90, mList8, mList16, mList32, n) }
func (e *encoder) mapHeader(n int)  { e.header(0xA0, mMap8, mMap16, mMap32, n) }

func (e *encoder) structHeader(tag byte, fields int) {
	e.buf = append(e.buf, 0xB0|byte(fields), tag)
}

// value encodes v, a parameter as the store builds them: Go's scalars, strings, slices
// and maps with string keys. Anything else is ErrUnsupported.
func (e *encoder) value(v any) error {
	switch x := v.(type) {
	case nil:
		e.buf = append(e.buf, mNull)
	case bool:
		if x {
			e.buf = append(e.buf, mTrue)
		} else {
			e.buf = append(e.buf, mFalse)
		}
	case int:
		e.int(int64(x))
	case int64:
		e.int(x)
	case int32:
		e.int(int64(x))
	case float64:
		e.float(x)
	case string:
		e.string(x)
	case []any:
		e.listHeader(len(x))
		for _, el := range x {
			if err := e.value(el); err != nil {
				return err
			}
		}
	case []string:
		e.listHeader(len(x))
		for _, s := range x {
			e.string(s)
		}
	case map[string]any:
		return e.stringMap(x)
	default:
		return e.reflected(reflect.ValueOf(v))
	}
	return nil
}

func (e *encoder) stringMap(m map[string]any) error {
	e.mapHeader(len(m))
	for k, v := range m {
		e.string(k)
		if err := e.value(v); err != nil {
			return err
		}
	}
	return nil
}

// reflected encodes the kinds value does not name: other integer and float widths,
// []byte, typed slices and maps with string keys.
func (e *encoder) reflected(v reflect.Value) error {
	switch v.Kind() {
	case reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64, reflect.Int:
		e.int(v.Int())
	case reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uint:
		if v.Uint() > math.MaxInt64 {
			return fmt.Errorf("%w: unsigned integer %d beyond int64", ErrUnsupported, v.Uint())
		}
		e.int(int64(v.Uint()))
	case reflect.Float32, reflect.Float64:
		e.float(v.Float())
	case reflect.String:
		e.string(v.String())
	case reflect.Bool:
		return e.value(v.Bool())
	case reflect.Slice, reflect.Array:
		if v.Kind() == reflect.Slice && v.Type().Elem().Kind() == reflect.Uint8 {
			e.header(0, mBytes8, mBytes16, mBytes32, v.Len())
			e.buf = append(e.buf, v.Bytes()...)
			return nil
		}
		if v.Kind() == reflect.Slice && v.IsNil() {
			e.buf = append(e.buf, mNull)
			return nil
		}
		e.listHeader(v.Len())
		for i := range v.Len() {
			if err := e.value(v.Index(i).Interface()); err != nil {
				return err
			}
		}
	case reflect.Map:
		if v.Type().Key().Kind() != reflect.String {
			return fmt.Errorf("%w: map with %s keys", ErrUnsupported, v.Type().Key())
		}
		if v.IsNil() {
			e.buf = append(e.buf, mNull)
			return nil
		}
		e.mapHeader(v.Len())
		it := v.MapRange()
		for it.Next() {
			e.string(it.Key().String())
			if err := e.value(it.Value().Interface()); err != nil {
				return err
			}
		}
	case reflect.Pointer:
		if v.IsNil() {
			e.buf = append(e.buf, mNull)
			return nil
		}
		return e.value(v.Elem().Interface())
	default:
		return fmt.Errorf("%w: parameter of type %s", ErrUnsupported, v.Type())
	}
	return nil
}

// decoder reads PackStream values from one message.
type decoder struct {
	b     []byte
	i     int
	major byte // the protocol's major version: Bolt 5 graph values carry element ids
	err   error
	depth int
	keys  map[string]string // the map keys this connection has decoded: nil, none kept
}

// Map keys repeat in every row and every answer: a connection keeps up to maxKeys of
// them, each up to maxKeyLen bytes, and hands out the same string again.
const (
	maxKeys   = 1024
	maxKeyLen = 64
)

// maxDepth bounds the nesting of lists, maps and structures a message may hold, so that
// a malformed one cannot exhaust the stack.
const maxDepth = 256

func (d *decoder) fail(err error) {
	if d.err == nil {
		d.err = err
	}
}

func (d *decoder) take(n int) []byte {
	if d.err != nil || n < 0 || d.i+n > len(d.b) {
		d.fail(errMalformed)
		return nil
	}
	out := d.b[d.i : d.i+n]
	d.i += n
	return out
}

func (d *decoder) next() byte {
	b := d.take(1)
	if b == nil {
		return 0
	}
	return b[0]
}

func (d *decoder) size(m byte, m8, m16, m32 byte) int {
	switch m {
	case m8:
		return int(d.next())
	case m16:
		b := d.take(2)
		if b == nil {
			return 0
		}
		return int(binary.BigEndian.Uint16(b))
	case m32:
		b := d.take(4)
		if b == nil {
			return 0
		}
		return int(binary.BigEndian.Uint32(b))
	}
	d.fail(errMalformed)
	return 0
}

// value decodes the next value as the official driver would: int64, float64, string,
// bool, nil, []byte, []any, map[string]any, dbtype.Node and dbtype.Relationship.
func (d *decoder) value() any {
	m := d.next()
	if d.err != nil {
		return nil
	}
	if d.depth++; d.depth > maxDepth {
		d.fail(errMalformed)
		return nil
	}
	defer func() { d.depth-- }()
	switch {
	case m <= 0x7F: // tiny positive int
		return int64(m)
	case m >= 0xF0: // tiny negative int
		return int64(int8(m))
	case m>>4 == 0x8:
		return d.str(int(m & 0x0F))
	case m>>4 == 0x9:
		return d.list(int(m & 0x0F))
	case m>>4 == 0xA:
		return d.dict(int(m & 0x0F))
	case m>>4 == 0xB:
		return d.structure(int(m & 0x0F))
	}
	switch m {
	case mNull:
		return nil
	case mFalse:
		return false
	case mTrue:
		return true
	case mFloat:
		b := d.take(8)
		if b == nil {
			return nil
		}
		return math.Float64frombits(binary.BigEndian.Uint64(b))
	case mInt8:
		return int64(int8(d.next()))
	case mInt16:
		b := d.take(2)
		if b == nil {
			return nil
		}
		return int64(int16(binary.BigEndian.Uint16(b)))
	case mInt32:
		b := d.take(4)
		if b == nil {
			return nil
		}
		return int64(int32(binary.BigEndian.Uint32(b)))
	case mInt64:
		b := d.take(8)
		if b == nil {
			return nil
		}
		return int64(binary.BigEndian.Uint64(b))
	case mBytes8, mBytes16, mBytes32:
		b := d.take(d.size(m, mBytes8, mBytes16, mBytes32))
		return append([]byte(nil), b...)
	case mStr8, mStr16, mStr32:
		return d.str(d.size(m, mStr8, mStr16, mStr32))
	case mList8, mList16, mList32:
		return d.list(d.size(m, mList8, mList16, mList32))
	case mMap8, mMap16, mMap32:
		return d.dict(d.size(m, mMap8, mMap16, mMap32))
	}
	d.fail(errMalformed)
	return nil
}

func (d *decoder) str(n int) string { return string(d.take(n)) }

func (d *decoder) list(n int) []any {
	if n > len(d.b)-d.i { // every element takes at least a byte
		d.fail(errMalformed)
		return nil
	}
	out := make([]any, n)
	for i := range out {
		out[i] = d.value()
	}
	return out
}

func (d *decoder) dict(n int) map[string]any {
	if n > len(d.b)-d.i {
		d.fail(errMalformed)
		return nil
	}
	out := make(map[string]any, n)
	for range n {
		k := d.key()
		if d.err != nil {
			return nil
		}
		out[k] = d.value()
	}
	return out
}

// key decodes a map's key, which must be a string, without boxing it, and interned.
func (d *decoder) key() string {
	var n int
	switch m := d.next(); {
	case d.err != nil:
		return ""
	case m>>4 == 0x8:
		n = int(m & 0x0F)
	case m == mStr8, m == mStr16, m == mStr32:
		n = d.size(m, mStr8, mStr16, mStr32)
	default:
		d.fail(errMalformed)
		return ""
	}
	b := d.take(n)
	if d.keys == nil || len(b) > maxKeyLen {
		return string(b)
	}
	if k, ok := d.keys[string(b)]; ok {
		return k
	}
	k := string(b)
	if len(d.keys) < maxKeys {
		d.keys[k] = k
	}
	return k
}

func (d *decoder) structure(fields int) any {
	tag := d.next()
	if d.err != nil {
		return nil
	}
	v5 := d.major >= 5
	switch {
	case tag == tagNode && (fields == 4 && v5 || fields == 3 && !v5):
		n := dbtype.Node{Id: d.integer()}
		for _, l := range d.list(d.listSize()) {
			s, _ := l.(string)
			n.Labels = append(n.Labels, s)
		}
		if n.Labels == nil {
			n.Labels = []string{}
		}
		n.Props = d.props()
		n.ElementId = d.elementID(v5, n.Id)
		return n
	case tag == tagRelationship && (fields == 8 && v5 || fields == 5 && !v5):
		r := dbtype.Relationship{Id: d.integer(), StartId: d.integer(), EndId: d.integer()}
		r.Type, _ = d.value().(string)
		r.Props = d.props()
		r.ElementId = d.elementID(v5, r.Id)
		r.StartElementId = d.elementID(v5, r.StartId)
		r.EndElementId = d.elementID(v5, r.EndId)
		return r
	}
	d.fail(fmt.Errorf("%w: a value of structure tag %#x", ErrUnsupported, tag))
	return nil
}

func (d *decoder) integer() int64 {
	n, ok := d.value().(int64)
	if !ok {
		d.fail(errMalformed)
	}
	return n
}

func (d *decoder) listSize() int {
	m := d.next()
	if m>>4 == 0x9 {
		return int(m & 0x0F)
	}
	return d.size(m, mList8, mList16, mList32)
}

func (d *decoder) props() map[string]any {
	p, ok := d.value().(map[string]any)
	if !ok {
		d.fail(errMalformed)
	}
	return p
}

// elementID is the element id Bolt 5 sends; Bolt 4 has none, and the driver then
// stands the numeric id in for it.
func (d *decoder) elementID(v5 bool, id int64) string {
	if !v5 {
		return strconv.FormatInt(id, 10)
	}
	s, ok := d.value().(string)
	if !ok {
		d.fail(errMalformed)
	}
	return s
}
