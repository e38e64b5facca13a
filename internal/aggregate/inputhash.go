package aggregate

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"

	"github.com/tributary/tributary/internal/config"
	"github.com/tributary/tributary/internal/feed"
)

// inputPart is one named piece of a source's input: a local file, or a
// fetched body named by where it came from.
type inputPart struct {
	name string
	data []byte
}

// inputHash is what a source's stored InputHash is compared with: its
// input, and the source's settings and the limits, which decide what
// reading it gives. A source whose hash is unchanged is not read again (as
// a 304 is not); new bytes or an edited config are read.
func inputHash(src feed.Source, lim config.LimitsConfig, parts ...inputPart) string {
	h := sha256.New()
	fmt.Fprintf(h, "v2\x00%+v\x00%+v\x00", src, lim)
	for _, p := range parts {
		fmt.Fprintf(h, "%s\x00%d\x00", p.name, len(p.data))
		h.Write(p.data)
	}
	return hex.EncodeToString(h.Sum(nil))
}
