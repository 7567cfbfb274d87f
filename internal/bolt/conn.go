package bolt

import (
	"bufio"
	"context"
	"encoding/binary"
	"fmt"
	"io"
	"math"
	"net"
	"slices"
	"time"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j/db"
)

// Request and response messages (their structure tags).
const (
	msgHello   = 0x01
	msgRun     = 0x10
	msgPull    = 0x3F
	msgSuccess = 0x70
	msgRecord  = 0x71
	msgFailure = 0x7F
)

// fetchSize is the records asked for per PULL, as the driver does by default: a
// statement's rows arrive in batches, not all before the first is read.
const fetchSize = 1000

// conn is one Bolt connection, used by one call at a time.
type conn struct {
	nc    net.Conn
	r     *bufio.Reader
	out   []byte // the chunked messages to send
	msg   encoder
	in    []byte // the message being read
	major byte
	born  time.Time
	keys  map[string]string // interned map keys (packstream.go)
}

// handshake proposes Bolt 5.0, then 4.4 (both speak HELLO with the credentials and
// RUN with the database), and says hello.
func handshake(nc net.Conn, user, password, agent string) (*conn, error) {
	c := &conn{nc: nc, r: bufio.NewReaderSize(nc, 32<<10), born: time.Now(), keys: map[string]string{}}
	proposal := []byte{0x60, 0x60, 0xB0, 0x17, 0, 0, 0, 5, 0, 0, 4, 4, 0, 0, 0, 0, 0, 0, 0, 0}
	if _, err := nc.Write(proposal); err != nil {
		return nil, err
	}
	var agreed [4]byte
	if _, err := io.ReadFull(c.r, agreed[:]); err != nil {
		return nil, err
	}
	switch {
	case agreed == [4]byte{0, 0, 0, 5}, agreed == [4]byte{0, 0, 4, 4}:
		c.major = agreed[3]
	default:
		return nil, fmt.Errorf("%w: Bolt version %v", ErrUnsupported, agreed)
	}
	hello := map[string]any{"user_agent": agent, "scheme": "none"}
	if password != "" {
		hello = map[string]any{"user_agent": agent, "scheme": "basic", "principal": user, "credentials": password}
	}
	c.begin(msgHello, 1)
	if err := c.msg.stringMap(hello); err != nil {
		return nil, err
	}
	c.end()
	if err := c.flush(); err != nil {
		return nil, err
	}
	if _, err := c.expectSuccess(); err != nil {
		return nil, err
	}
	return c, nil
}

// begin starts a message of the given tag and number of fields.
func (c *conn) begin(tag byte, fields int) {
	c.msg.buf = c.msg.buf[:0]
	c.msg.structHeader(tag, fields)
}

// end cuts the message into chunks and queues it.
func (c *conn) end() {
	b := c.msg.buf
	for len(b) > 0 {
		n := min(len(b), math.MaxUint16)
		c.out = binary.BigEndian.AppendUint16(c.out, uint16(n))
		c.out = append(c.out, b[:n]...)
		b = b[n:]
	}
	c.out = append(c.out, 0, 0)
}

func (c *conn) flush() error {
	_, err := c.nc.Write(c.out)
	c.out = c.out[:0]
	return err
}

// read returns the next message, skipping the empty chunks Neo4j sends to keep an idle
// connection alive.
func (c *conn) read() (*decoder, error) {
	c.in = c.in[:0]
	var size [2]byte
	for {
		if _, err := io.ReadFull(c.r, size[:]); err != nil {
			return nil, err
		}
		n := int(binary.BigEndian.Uint16(size[:]))
		if n == 0 {
			if len(c.in) > 0 {
				return &decoder{b: c.in, major: c.major, keys: c.keys}, nil
			}
			continue
		}
		start := len(c.in)
		c.in = slices.Grow(c.in, n)[:start+n]
		if _, err := io.ReadFull(c.r, c.in[start:]); err != nil {
			return nil, err
		}
	}
}

// response reads a message: its tag and its one field (SUCCESS and FAILURE metadata,
// a RECORD's values).
func (c *conn) response() (byte, any, error) {
	d, err := c.read()
	if err != nil {
		return 0, nil, err
	}
	h := d.next()
	if h>>4 != 0xB {
		return 0, nil, errMalformed
	}
	tag := d.next()
	var field any
	if h&0x0F > 0 {
		field = d.value()
	}
	return tag, field, d.err
}

// expectSuccess reads a SUCCESS and returns its metadata; a FAILURE is Neo4j's error.
func (c *conn) expectSuccess() (map[string]any, error) {
	tag, field, err := c.response()
	if err != nil {
		return nil, err
	}
	meta, _ := field.(map[string]any)
	switch tag {
	case msgSuccess:
		return meta, nil
	case msgFailure:
		return nil, failure(meta)
	}
	return nil, fmt.Errorf("%w: message %#x where SUCCESS was due", errMalformed, tag)
}

// failure is a FAILURE's metadata as the driver's error type, so that callers classify
// it as they classify the driver's.
func failure(meta map[string]any) error {
	code, _ := meta["code"].(string)
	msg, _ := meta["message"].(string)
	return &db.Neo4jError{Code: code, Msg: msg}
}

// run sends RUN and PULL in one flight and reads every record, asking for more while
// Neo4j says it has more.
func (c *conn) run(ctx context.Context, query string, params map[string]any, extra map[string]any) ([]string, [][]any, error) {
	c.begin(msgRun, 3)
	c.msg.string(query)
	if err := c.msg.stringMap(params); err != nil {
		return nil, nil, unsent{err}
	}
	if err := c.msg.stringMap(extra); err != nil {
		return nil, nil, unsent{err}
	}
	c.end()
	c.pull()
	if err := c.flush(); err != nil {
		return nil, nil, err
	}
	meta, err := c.expectSuccess()
	if err != nil {
		return nil, nil, err
	}
	var keys []string
	fields, _ := meta["fields"].([]any)
	for _, f := range fields {
		s, _ := f.(string)
		keys = append(keys, s)
	}
	var rows [][]any
	for {
		tag, field, err := c.response()
		if err != nil {
			return nil, nil, err
		}
		switch tag {
		case msgRecord:
			values, ok := field.([]any)
			if !ok {
				return nil, nil, errMalformed
			}
			rows = append(rows, values)
		case msgSuccess:
			meta, _ := field.(map[string]any)
			if more, _ := meta["has_more"].(bool); !more {
				return keys, rows, nil
			}
			if err := ctx.Err(); err != nil {
				return nil, nil, err
			}
			c.pull()
			if err := c.flush(); err != nil {
				return nil, nil, err
			}
		case msgFailure:
			meta, _ := field.(map[string]any)
			return nil, nil, failure(meta)
		default:
			return nil, nil, fmt.Errorf("%w: message %#x in a result", errMalformed, tag)
		}
	}
}

func (c *conn) pull() {
	c.begin(msgPull, 1)
	c.msg.mapHeader(1)
	c.msg.string("n")
	c.msg.int(fetchSize)
	c.end()
}
