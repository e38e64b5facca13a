package charset

import (
	"bytes"
	"fmt"
)

// ToUTF8 decodes a feed or other XML document (or any document fetched
// over HTTP) to UTF-8. The encoding comes from a byte order mark, the byte
// pattern of an unmarked UTF-16/UTF-32 document, the XML declaration, the
// charset parameter of contentType, and finally sniffing (valid or mostly
// valid UTF-8 stays UTF-8, otherwise windows-1252).
//
// Bytes that are not UTF-8 in a document read as UTF-8 are read as
// windows-1252 (see strayBytesAsWindows1252); other invalid input becomes
// U+FFFD. The result never holds a BOM, and an XML
// declaration is rewritten to `<?xml version="1.0" encoding="UTF-8"?>` so that
// no later parser decodes the text a second time. The error is reserved for a
// decoder failure, which the x/text decoders used here do not produce in
// practice.
func ToUTF8(data []byte, contentType string) ([]byte, error) {
	d := detect(data, Options{ContentType: contentType})
	if d.enc == nil {
		// UTF-8 with stray single-byte characters: see
		// strayBytesAsWindows1252.
		out := strayBytesAsWindows1252(data[d.bom:])
		return rewriteXMLDecl(trimBOMs(out)), nil
	}
	out, err := d.decode(data)
	if err != nil {
		return nil, err
	}
	return rewriteXMLDecl(out), nil
}

// Decode decodes any document to UTF-8 with the encoding detect chooses
// (see the package documentation and Options), with invalid sequences as
// U+FFFD and no byte order mark. It judges nothing: CheckBinary and
// DecodeText say whether the result is text.
func Decode(data []byte, opts Options) ([]byte, error) {
	return detect(data, opts).decode(data)
}

// detect chooses the encoding of data: a byte order mark, the XML appendix
// F pattern of unmarked UTF-16/32, the zero bytes of unmarked UTF-16 when
// data holds NULs, else what the document declares (see declared).
func detect(data []byte, opts Options) detected {
	if d, ok := byBOM(data); ok {
		return d
	}
	if d, ok := sniffWide(data); ok {
		return d
	}
	if bytes.IndexByte(data, 0) >= 0 {
		if d, ok := sniffUTF16Parity(data); ok {
			return d
		}
	}
	return declared(data, opts)
}

// decode decodes data after its byte order mark, with invalid sequences as
// U+FFFD and no BOM left in the result (a UTF-8 BOM can survive inside a
// document decoded from another label).
func (d detected) decode(data []byte) ([]byte, error) {
	body := data[d.bom:]
	var out []byte
	if d.enc == nil {
		out = bytes.ToValidUTF8(body, []byte("\uFFFD"))
	} else {
		decoded, err := d.enc.NewDecoder().Bytes(body)
		if err != nil {
			return nil, fmt.Errorf("%w: %s: %w", ErrUndecodable, d.name, err)
		}
		out = bytes.ToValidUTF8(decoded, []byte("\uFFFD"))
	}
	return trimBOMs(out), nil
}

// trimBOMs removes every byte order mark at the start of decoded text: a
// document may repeat the mark (a BOM-marked UTF-16 body whose text opens
// with U+FEFF again), and a reader would take any left for a character.
func trimBOMs(out []byte) []byte {
	for bytes.HasPrefix(out, []byte("\uFEFF")) {
		out = out[len("\uFEFF"):]
	}
	return out
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
