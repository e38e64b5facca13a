// Package charset turns the bytes of a feed or a saved page into UTF-8. It
// finds the encoding from, in order, a byte order mark, the zero-byte
// pattern of unmarked UTF-16/UTF-32, the XML declaration, the HTTP
// Content-Type header and HTML's <meta charset> / http-equiv, then decodes.
// It also refuses data that is not text at all (images, archives, NUL-filled
// blobs) and removes the control characters text can carry. It is a leaf:
// parse, page, fetch and discover all read bytes through it.
package charset

import (
	"bytes"
	"mime"
	"strings"
	"unicode/utf8"

	htmlcharset "golang.org/x/net/html/charset"
	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/encoding/unicode"
	"golang.org/x/text/encoding/unicode/utf32"
)

// Options says what is known about a document besides its bytes.
type Options struct {
	// ContentType is the HTTP Content-Type header, for its charset
	// parameter; empty for local files.
	ContentType string
	// HTML makes <meta charset> and <meta http-equiv="Content-Type"> count,
	// for bytes that are not valid UTF-8 (a page saved by a browser is
	// re-encoded to UTF-8 but keeps its old declaration).
	HTML bool
}

// detected is the encoding chosen for a document.
type detected struct {
	enc  encoding.Encoding // nil means UTF-8
	name string            // for error messages
	bom  int               // bytes of byte order mark to skip
	wide int               // code unit size: 2 for UTF-16, 4 for UTF-32, else 0
}

// The encodings detect chooses between; functions, so that no package
// state exists.
func utf8Detected() detected { return detected{name: "utf-8"} }
func utf16LE() detected {
	return detected{unicode.UTF16(unicode.LittleEndian, unicode.IgnoreBOM), "utf-16le", 0, 2}
}
func utf16BE() detected {
	return detected{unicode.UTF16(unicode.BigEndian, unicode.IgnoreBOM), "utf-16be", 0, 2}
}
func utf32LE() detected {
	return detected{utf32.UTF32(utf32.LittleEndian, utf32.IgnoreBOM), "utf-32le", 0, 4}
}
func utf32BE() detected {
	return detected{utf32.UTF32(utf32.BigEndian, utf32.IgnoreBOM), "utf-32be", 0, 4}
}
func windows1252() detected { return detected{enc: charmap.Windows1252, name: "windows-1252"} }

// byBOM recognises a byte order mark. UTF-32 LE is tested before UTF-16 LE,
// whose mark is its prefix.
func byBOM(data []byte) (detected, bool) {
	var d detected
	switch {
	case bytes.HasPrefix(data, []byte{0x00, 0x00, 0xFE, 0xFF}):
		d = utf32BE()
	case bytes.HasPrefix(data, []byte{0xFF, 0xFE, 0x00, 0x00}):
		d = utf32LE()
	case bytes.HasPrefix(data, []byte{0xEF, 0xBB, 0xBF}):
		d = utf8Detected()
		d.bom = 3
		return d, true
	case bytes.HasPrefix(data, []byte{0xFE, 0xFF}):
		d = utf16BE()
	case bytes.HasPrefix(data, []byte{0xFF, 0xFE}):
		d = utf16LE()
	default:
		return detected{}, false
	}
	d.bom = d.wide
	return d, true
}

// sniffWide recognises UTF-16 and UTF-32 without a byte order mark from the
// zero bytes around the first character ("<\0?\0" and the like), as XML 1.0
// appendix F describes; any text opening with an ASCII character shows it.
func sniffWide(data []byte) (detected, bool) {
	if len(data) < 4 {
		return detected{}, false
	}
	b := data[:4]
	switch {
	case b[0] == 0 && b[1] == 0 && b[2] == 0 && b[3] != 0:
		return utf32BE(), true
	case b[0] != 0 && b[1] == 0 && b[2] == 0 && b[3] == 0:
		return utf32LE(), true
	case b[0] == 0 && b[1] != 0 && b[2] == 0 && b[3] != 0:
		return utf16BE(), true
	case b[0] != 0 && b[1] == 0 && b[2] != 0 && b[3] == 0:
		return utf16LE(), true
	}
	return detected{}, false
}

// sniffUTF16Parity recognises BOM-less UTF-16 of mostly Latin text that
// does not open with an ASCII character: nearly every byte at one parity is
// zero and nearly none at the other.
func sniffUTF16Parity(data []byte) (detected, bool) {
	if len(data)%2 != 0 || len(data) < 4 {
		return detected{}, false
	}
	var zeroEven, zeroOdd int
	for i, b := range data {
		if b == 0 {
			if i%2 == 0 {
				zeroEven++
			} else {
				zeroOdd++
			}
		}
	}
	half := len(data) / 2
	switch {
	case zeroOdd*10 >= half*9 && zeroEven*20 <= half:
		return utf16LE(), true
	case zeroEven*10 >= half*9 && zeroOdd*20 <= half:
		return utf16BE(), true
	}
	return detected{}, false
}

// declared chooses the encoding of a byte-oriented (not UTF-16/32) document:
// the XML declaration, which wins over the header because the bytes and the
// declaration come from the same program while servers often send a
// default charset; then the header; then, for HTML that is not valid UTF-8,
// its <meta>; then valid or mostly valid UTF-8; else windows-1252, a
// superset of Latin-1 and the usual encoding of old saved files.
func declared(data []byte, opts Options) detected {
	if label := xmlDeclEncoding(data); label != "" {
		if d, ok := lookupByteEncoding(label); ok {
			if d.enc == nil && !utf8.Valid(data) {
				// Declared UTF-8 but it is not: a charset from the header
				// is a better guess than a page of replacement characters.
				if h, ok := lookupByteEncoding(headerCharset(opts.ContentType)); ok && h.enc != nil {
					return h
				}
			}
			return d
		}
	}
	if d, ok := lookupByteEncoding(headerCharset(opts.ContentType)); ok {
		return d
	}
	valid := utf8.Valid(data)
	if opts.HTML && !valid {
		// The HTML standard's prescan of the first 1024 bytes; with no
		// <meta> it guesses windows-1252, which is also our default.
		if _, name, _ := htmlcharset.DetermineEncoding(data, "text/html"); name != "utf-8" {
			if d, ok := lookupByteEncoding(name); ok {
				return d
			}
		}
	}
	if valid || hasValidMultibyte(data) {
		// Mostly UTF-8 with a few stray bytes: keep UTF-8 and let the stray
		// bytes become U+FFFD rather than mojibake every accented letter.
		return utf8Detected()
	}
	return windows1252()
}

// lookupByteEncoding resolves a charset label for a document whose bytes are
// ASCII-compatible. Wide labels (UTF-16/32) are ignored: had the document
// really been wide, its declaration would not have been readable as ASCII,
// so such a label is a leftover from a transcoding. ok is false for unknown
// labels.
func lookupByteEncoding(label string) (detected, bool) {
	label = strings.ToLower(strings.TrimSpace(label))
	if label == "" || strings.HasPrefix(label, "utf-16") || strings.HasPrefix(label, "utf-32") ||
		strings.HasPrefix(label, "ucs-") || label == "unicode" || label == "unicodefffe" {
		return detected{}, false
	}
	e, name := htmlcharset.Lookup(label)
	if e == nil {
		return detected{}, false
	}
	if name == "utf-8" {
		return utf8Detected(), true
	}
	return detected{enc: e, name: name}, true
}

// hasValidMultibyte reports whether data holds at least one well-formed
// multi-byte UTF-8 sequence, the sign of a UTF-8 document with stray bytes
// rather than a legacy single-byte one.
func hasValidMultibyte(data []byte) bool {
	for i := 0; i < len(data); {
		if data[i] < utf8.RuneSelf {
			i++
			continue
		}
		r, size := utf8.DecodeRune(data[i:])
		if r != utf8.RuneError || size > 1 {
			return true
		}
		i++
	}
	return false
}

// headerCharset returns the charset parameter of an HTTP Content-Type value,
// tolerating headers that mime.ParseMediaType rejects.
func headerCharset(contentType string) string {
	if contentType == "" {
		return ""
	}
	if _, params, err := mime.ParseMediaType(contentType); err == nil {
		return params["charset"]
	}
	lower := strings.ToLower(contentType)
	i := strings.Index(lower, "charset=")
	if i < 0 {
		return ""
	}
	v := contentType[i+len("charset="):]
	if j := strings.IndexAny(v, "; "); j >= 0 {
		v = v[:j]
	}
	return strings.Trim(v, `"'`)
}
