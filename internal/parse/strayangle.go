package parse

import "bytes"

// escapeStrayLT escapes each '<' in data that cannot start markup, as in
// <title>a < b</title> or <title>x <= 3</title>: written by hand or by a
// template that forgot to escape, it is a syntax error to encoding/xml,
// and the document would otherwise be cut at that point as if truncated.
// A '<' starts markup when a name, '/', '!' or '?' follows it; any other
// is text and becomes "&lt;", which is what its author meant. CDATA
// sections, comments and processing instructions are left as they are.
// data is returned unchanged, without a copy, when it has no stray '<'.
func escapeStrayLT(data []byte) []byte {
	var out []byte
	last := 0 // data[last:i] is not yet copied to out
	for i := 0; i < len(data); {
		j := bytes.IndexByte(data[i:], '<')
		if j < 0 {
			break
		}
		i += j
		rest := data[i:]
		if skip := opaqueMarkupLen(rest); skip > 0 {
			i += skip
			continue
		}
		if len(rest) == 1 || startsMarkup(rest[1]) {
			// A '<' that ends the data is where a truncated document
			// was cut, left to the truncation repair.
			i++
			continue
		}
		if out == nil {
			out = make([]byte, 0, len(data)+16)
		}
		out = append(out, data[last:i]...)
		out = append(out, "&lt;"...)
		i++
		last = i
	}
	if out == nil {
		return data
	}
	return append(out, data[last:]...)
}

// opaqueMarkupLen returns the length of the CDATA section, comment or
// processing instruction at the start of b, whose text may hold any '<',
// or 0 when b starts none. One left open runs to the end of b.
func opaqueMarkupLen(b []byte) int {
	for _, m := range [...]struct{ open, close string }{
		{"<![CDATA[", "]]>"}, {"<!--", "-->"}, {"<?", "?>"},
	} {
		if bytes.HasPrefix(b, []byte(m.open)) {
			end := bytes.Index(b[len(m.open):], []byte(m.close))
			if end < 0 {
				return len(b)
			}
			return len(m.open) + end + len(m.close)
		}
	}
	return 0
}

// startsMarkup reports whether c, following a '<', begins a tag, an end
// tag, a declaration or a processing instruction: an XML name start
// character (any byte of a multi-byte UTF-8 character counts), '/', '!'
// or '?'.
func startsMarkup(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c == '_' || c == ':' ||
		c == '/' || c == '!' || c == '?' || c >= 0x80
}
