package parse

import (
	"bytes"
	"fmt"
	"mime"
	"strings"
	"unicode/utf8"

	"golang.org/x/net/html/charset"
	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/encoding/unicode"
	"golang.org/x/text/encoding/unicode/utf32"
)

// ToUTF8 decodes data to UTF-8. The encoding is chosen, in order, from a
// byte order mark, the byte pattern of an unmarked UTF-16/UTF-32 document,
// the XML declaration's encoding attribute, the charset parameter of
// contentType, and finally by sniffing (valid UTF-8 stays UTF-8, otherwise
// windows-1252). The declaration wins over the HTTP header because the bytes
// and the declaration come from the same program, while servers often send a
// default charset that has nothing to do with the file.
//
// Invalid input bytes become U+FFFD; the result never holds a BOM, and an XML
// declaration is rewritten to `<?xml version="1.0" encoding="UTF-8"?>` so that
// no later parser decodes the text a second time. The error is reserved for a
// decoder failure, which the x/text decoders used here do not produce in
// practice.
func ToUTF8(data []byte, contentType string) ([]byte, error) {
	enc, name, bomLen := detectEncoding(data, contentType)
	body := data[bomLen:]
	var out []byte
	if enc == nil {
		out = bytes.ToValidUTF8(body, []byte("\uFFFD"))
	} else {
		decoded, err := enc.NewDecoder().Bytes(body)
		if err != nil {
			return nil, fmt.Errorf("decode %s: %w", name, err)
		}
		out = bytes.ToValidUTF8(decoded, []byte("\uFFFD"))
	}
	// A UTF-8 BOM can survive inside a document decoded from another label.
	out = bytes.TrimPrefix(out, []byte("\uFEFF"))
	return rewriteXMLDecl(out), nil
}

// detectEncoding returns the decoder for data (nil meaning UTF-8), a name for
// error messages, and the length of the byte order mark to skip.
func detectEncoding(data []byte, contentType string) (encoding.Encoding, string, int) {
	switch {
	case bytes.HasPrefix(data, []byte{0x00, 0x00, 0xFE, 0xFF}):
		return utf32.UTF32(utf32.BigEndian, utf32.IgnoreBOM), "utf-32be", 4
	case bytes.HasPrefix(data, []byte{0xFF, 0xFE, 0x00, 0x00}):
		return utf32.UTF32(utf32.LittleEndian, utf32.IgnoreBOM), "utf-32le", 4
	case bytes.HasPrefix(data, []byte{0xEF, 0xBB, 0xBF}):
		return nil, "utf-8", 3
	case bytes.HasPrefix(data, []byte{0xFE, 0xFF}):
		return unicode.UTF16(unicode.BigEndian, unicode.IgnoreBOM), "utf-16be", 2
	case bytes.HasPrefix(data, []byte{0xFF, 0xFE}):
		return unicode.UTF16(unicode.LittleEndian, unicode.IgnoreBOM), "utf-16le", 2
	}
	if enc, name, ok := sniffWide(data); ok {
		return enc, name, 0
	}
	if label := xmlDeclEncoding(data); label != "" {
		if enc, name, ok := lookupByteEncoding(label); ok {
			if enc == nil && !utf8.Valid(data) {
				// Declared UTF-8 but it is not: a charset from the header
				// is a better guess than a page of replacement characters.
				if henc, hname, hok := lookupByteEncoding(headerCharset(contentType)); hok && henc != nil {
					return henc, hname, 0
				}
			}
			return enc, name, 0
		}
	}
	if enc, name, ok := lookupByteEncoding(headerCharset(contentType)); ok {
		return enc, name, 0
	}
	if utf8.Valid(data) || hasValidMultibyte(data) {
		// Mostly UTF-8 with a few stray bytes: keep UTF-8 and let the stray
		// bytes become U+FFFD rather than mojibake every accented letter.
		return nil, "utf-8", 0
	}
	return charmap.Windows1252, "windows-1252", 0
}

// lookupByteEncoding resolves a charset label for a document whose bytes are
// ASCII-compatible. Wide labels (UTF-16/32) are ignored: had the document
// really been wide, its declaration would not have been readable as ASCII,
// so such a label is a leftover from a transcoding. ok is false for unknown
// labels; enc is nil for UTF-8.
func lookupByteEncoding(label string) (enc encoding.Encoding, name string, ok bool) {
	label = strings.ToLower(strings.TrimSpace(label))
	if label == "" || strings.HasPrefix(label, "utf-16") || strings.HasPrefix(label, "utf-32") ||
		strings.HasPrefix(label, "ucs-") || label == "unicode" || label == "unicodefffe" {
		return nil, "", false
	}
	e, name := charset.Lookup(label)
	if e == nil {
		return nil, "", false
	}
	if name == "utf-8" {
		return nil, name, true
	}
	return e, name, true
}

// sniffWide recognises UTF-16 and UTF-32 without a byte order mark from the
// zero bytes around the first character, as XML 1.0 appendix F describes.
func sniffWide(data []byte) (encoding.Encoding, string, bool) {
	if len(data) < 4 {
		return nil, "", false
	}
	b := data[:4]
	switch {
	case b[0] == 0 && b[1] == 0 && b[2] == 0 && b[3] != 0:
		return utf32.UTF32(utf32.BigEndian, utf32.IgnoreBOM), "utf-32be", true
	case b[0] != 0 && b[1] == 0 && b[2] == 0 && b[3] == 0:
		return utf32.UTF32(utf32.LittleEndian, utf32.IgnoreBOM), "utf-32le", true
	case b[0] == 0 && b[1] != 0 && b[2] == 0 && b[3] != 0:
		return unicode.UTF16(unicode.BigEndian, unicode.IgnoreBOM), "utf-16be", true
	case b[0] != 0 && b[1] == 0 && b[2] != 0 && b[3] == 0:
		return unicode.UTF16(unicode.LittleEndian, unicode.IgnoreBOM), "utf-16le", true
	}
	return nil, "", false
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

// xmlDecl locates an XML declaration at the start of data (after optional
// whitespace) and returns its byte range, or -1s when there is none.
func xmlDecl(data []byte) (start, end int) {
	i := 0
	for i < len(data) && isXMLSpace(data[i]) {
		i++
	}
	if !bytes.HasPrefix(data[i:], []byte("<?xml")) || len(data) < i+6 || !isXMLSpace(data[i+5]) && data[i+5] != '?' {
		return -1, -1
	}
	// A declaration is short; bounding the search keeps a missing "?>" from
	// scanning a whole document.
	limit := min(len(data), i+512)
	j := bytes.Index(data[i:limit], []byte("?>"))
	if j < 0 {
		return -1, -1
	}
	return i, i + j + 2
}

// xmlDeclEncoding returns the encoding pseudo-attribute of the XML declaration.
func xmlDeclEncoding(data []byte) string {
	start, end := xmlDecl(data)
	if start < 0 {
		return ""
	}
	decl := data[start:end]
	k := bytes.Index(decl, []byte("encoding"))
	if k < 0 {
		return ""
	}
	rest := bytes.TrimLeft(decl[k+len("encoding"):], " \t\r\n")
	if len(rest) == 0 || rest[0] != '=' {
		return ""
	}
	rest = bytes.TrimLeft(rest[1:], " \t\r\n")
	if len(rest) == 0 || (rest[0] != '"' && rest[0] != '\'') {
		return ""
	}
	q := rest[0]
	e := bytes.IndexByte(rest[1:], q)
	if e < 0 {
		return ""
	}
	return string(rest[1 : 1+e])
}

// rewriteXMLDecl replaces the XML declaration, if any, with a plain UTF-8
// one and drops whitespace before it. Version 1.1 is declared as 1.0 too:
// encoding/xml refuses 1.1, and feeds that claim it never use its features.
func rewriteXMLDecl(data []byte) []byte {
	start, end := xmlDecl(data)
	if start < 0 {
		return data
	}
	const decl = `<?xml version="1.0" encoding="UTF-8"?>`
	if end >= len(decl) {
		// Reuse the buffer: the new declaration fits where the old one was.
		out := data[end-len(decl):]
		copy(out, decl)
		return out
	}
	out := make([]byte, 0, len(data)-end+len(decl))
	out = append(out, decl...)
	return append(out, data[end:]...)
}

func isXMLSpace(b byte) bool {
	return b == ' ' || b == '\t' || b == '\r' || b == '\n'
}

// stripControlChars removes what XML 1.0 forbids in a UTF-8 document: C0
// controls other than tab, LF and CR, and the noncharacters U+FFFE and
// U+FFFF. Real feeds carry them (pasted from word processors) and
// encoding/xml rejects the whole document over one of them.
func stripControlChars(data []byte) []byte {
	bad := func(i int) int {
		c := data[i]
		if c < 0x20 && c != '\t' && c != '\n' && c != '\r' {
			return 1
		}
		if c == 0xEF && i+2 < len(data) && data[i+1] == 0xBF && (data[i+2] == 0xBE || data[i+2] == 0xBF) {
			return 3
		}
		return 0
	}
	first := -1
	for i := range data {
		if bad(i) > 0 {
			first = i
			break
		}
	}
	if first < 0 {
		return data
	}
	out := make([]byte, first, len(data))
	copy(out, data[:first])
	for i := first; i < len(data); {
		if n := bad(i); n > 0 {
			i += n
			continue
		}
		out = append(out, data[i])
		i++
	}
	return out
}
