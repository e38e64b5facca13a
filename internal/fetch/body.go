package fetch

import (
	"compress/gzip"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"
)

// readBody reads the whole body, decompressing gzip, and fails with
// ErrBodyTooLarge past limit bytes. Both sides of the decompressor are
// capped: the decoded count stops a gzip bomb, the wire count a stream of
// empty gzip members that inflates to nothing for ever.
func readBody(resp *http.Response, limit int64) ([]byte, error) {
	enc := strings.ToLower(strings.TrimSpace(resp.Header.Get("Content-Encoding")))
	gzipped := enc == "gzip" || enc == "x-gzip"
	if !gzipped && enc != "" && enc != "identity" {
		return nil, fmt.Errorf("%w %q", ErrEncoding, enc)
	}
	wire := &capReader{r: resp.Body, max: limit}
	if gzipped {
		wire.what = " compressed"
		// Incompressible data grows slightly under gzip; leave room so a
		// body just under the cap is not refused for its wrapping.
		wire.max += limit/32 + 4096
	}
	if resp.ContentLength > wire.max {
		return nil, fmt.Errorf("%w: Content-Length %d exceeds %d bytes", ErrBodyTooLarge, resp.ContentLength, wire.max)
	}
	var r io.Reader = wire
	if gzipped {
		zr, err := gzip.NewReader(wire)
		if err != nil {
			return nil, bodyErr(wire, nil, err)
		}
		defer zr.Close()
		r = zr
	}
	plain := &capReader{r: r, max: limit}
	if gzipped {
		plain.what = " decompressed"
	}
	size := int64(0)
	if resp.ContentLength > 0 && !gzipped {
		size = resp.ContentLength
	}
	body, err := readCapped(plain, size, limit)
	if err != nil {
		return nil, bodyErr(wire, plain, err)
	}
	return body, nil
}

// firstRead is the buffer a body of unknown length starts with.
const firstRead = 32 << 10

// readCapped reads r to its end into a buffer that starts at size bytes
// (or firstRead) and doubles, but never past limit+1, the most a capped
// reader can deliver: bytes.Buffer would double a body that reached the
// cap to twice the cap, and a few gigabyte bombs read at once would then
// hold three times the cap each for a moment.
func readCapped(r io.Reader, size, limit int64) ([]byte, error) {
	if size <= 0 {
		size = firstRead
	}
	buf := make([]byte, 0, min(size, limit)+1)
	for {
		if len(buf) == cap(buf) {
			grown := make([]byte, len(buf), min(2*int64(cap(buf)), limit+1))
			copy(grown, buf)
			buf = grown
		}
		n, err := r.Read(buf[len(buf):cap(buf)])
		buf = buf[:len(buf)+n]
		if int64(len(buf)) > limit {
			return nil, tooLarge(limit, "")
		}
		if err == io.EOF {
			return buf, nil
		}
		if err != nil {
			return nil, err
		}
	}
}

// bodyErr prefers ErrBodyTooLarge when a cap fired, since a decompressor
// may report the cut-off stream as corrupt instead.
func bodyErr(wire, plain *capReader, err error) error {
	if errors.Is(err, ErrBodyTooLarge) {
		return err
	}
	if wire.over || (plain != nil && plain.over) {
		return tooLarge(wire.max, wire.what)
	}
	return err
}

// capReader passes through at most max bytes and fails once more arrive.
type capReader struct {
	r    io.Reader
	what string // " compressed" or " decompressed" when it matters, for the message
	max  int64
	n    int64
	over bool
}

func (c *capReader) Read(p []byte) (int, error) {
	if c.over {
		return 0, tooLarge(c.max, c.what)
	}
	// Ask for one byte beyond the cap so a body of exactly max bytes passes
	// and one byte more is caught.
	if room := c.max - c.n; int64(len(p)) > room+1 {
		p = p[:room+1]
	}
	k, err := c.r.Read(p)
	c.n += int64(k)
	if c.n > c.max {
		c.over = true
		return 0, tooLarge(c.max, c.what)
	}
	return k, err
}

func tooLarge(limit int64, what string) error {
	return fmt.Errorf("%w: more than %d%s bytes", ErrBodyTooLarge, limit, what)
}
