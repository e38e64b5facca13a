package fetch

import (
	"bytes"
	"errors"
	"io"
	"strings"
	"testing"
	"testing/iotest"
)

// TestReadCapped checks that a body comes back whole whatever length the
// server announced, that its buffer never grows past the cap, and that one
// byte over the cap is refused.
func TestReadCapped(t *testing.T) {
	const limit = 100 << 10
	tests := []struct {
		name    string
		n       int   // bytes the server sends
		size    int64 // the announced length, 0 for none
		oneByte bool  // deliver one byte per read
		wantErr bool
	}{
		{name: "empty", n: 0},
		{name: "small, no length", n: 10},
		{name: "exact length", n: 70 << 10, size: 70 << 10},
		{name: "length too small", n: 70 << 10, size: 1 << 10},
		{name: "length too large", n: 3 << 10, size: 90 << 10},
		{name: "at the cap, no length", n: limit},
		{name: "at the cap, exact length", n: limit, size: limit},
		{name: "one byte over", n: limit + 1, wantErr: true},
		{name: "far over, one byte a read", n: 3 * limit, oneByte: true, wantErr: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			want := []byte(strings.Repeat("abcdefg", tt.n/7+1)[:tt.n])
			var r io.Reader = bytes.NewReader(want)
			if tt.oneByte {
				r = iotest.OneByteReader(r)
			}
			got, err := readCapped(&capReader{r: r, max: limit}, tt.size, limit)
			if tt.wantErr {
				if !errors.Is(err, ErrBodyTooLarge) {
					t.Fatalf("err = %v, want ErrBodyTooLarge", err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(got, want) {
				t.Errorf("got %d bytes, want the %d sent", len(got), len(want))
			}
			if cap(got) > limit+1 {
				t.Errorf("buffer grew to %d bytes, past the cap %d", cap(got), limit+1)
			}
		})
	}
}
