package fetch

import (
	"bytes"
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
	var buf bytes.Buffer
	if resp.ContentLength > 0 && !gzipped {
		buf.Grow(int(resp.ContentLength))
	}
	if _, err := buf.ReadFrom(plain); err != nil {
		return nil, bodyErr(wire, plain, err)
	}
	return buf.Bytes(), nil
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
