package charset

import (
	"bytes"
	"unicode/utf8"

	"golang.org/x/text/encoding/charmap"
)

// strayBytesAsWindows1252 returns UTF-8 text with every byte that is not
// part of a valid UTF-8 sequence read as windows-1252: a feed written in
// UTF-8 with a few pasted Latin-1 or windows-1252 characters ("café",
// curly quotes), or a Latin-1 feed that declares UTF-8, reads as its
// author wrote it, where U+FFFD would lose the letters. Valid UTF-8 comes
// back as a copy, unchanged: callers may edit the result in place. The
// bytes windows-1252 leaves undefined, and the C1 controls, stay U+FFFD.
func strayBytesAsWindows1252(b []byte) []byte {
	if utf8.Valid(b) {
		return bytes.Clone(b)
	}
	out := make([]byte, 0, len(b)+len(b)/16)
	for i := 0; i < len(b); {
		r, size := utf8.DecodeRune(b[i:])
		if r != utf8.RuneError || size > 1 {
			out = append(out, b[i:i+size]...)
			i += size
			continue
		}
		r = charmap.Windows1252.DecodeByte(b[i])
		if r >= 0x80 && r < 0xa0 {
			r = utf8.RuneError
		}
		out = utf8.AppendRune(out, r)
		i++
	}
	return out
}

// asciiLabel reports the labels of US-ASCII. No byte of an ASCII document
// is above 0x7f, so one that has such bytes is not ASCII, and those bytes
// are read as UTF-8 when they form UTF-8, as feedparser does, rather than
// as the windows-1252 the HTML standard maps these labels to.
func asciiLabel(label string) bool {
	switch label {
	case "us-ascii", "ascii", "ansi_x3.4-1968", "iso646-us", "us", "cp367", "ibm367", "iso-ir-6":
		return true
	}
	return false
}
