package parse

import "bytes"

// quoteBareAttrs puts quotes around attribute values written without them
// (<rss version=2.0>, <guid isPermaLink=false>), as HTML allows and some
// hand-made feeds do. encoding/xml accepts a bare value only when it reads
// as a name, so "2.0" or "http://..." stops the document there. A bare
// value runs to the next white space or '>', as in HTML; a '"' inside it
// is written &quot;. CDATA sections, comments and processing instructions
// are left alone. data is returned unchanged, without a copy, when every
// value is quoted.
func quoteBareAttrs(data []byte) []byte {
	var out []byte
	last := 0 // data[last:] is not yet copied to out
	for i := 0; i < len(data); {
		j := bytes.IndexByte(data[i:], '<')
		if j < 0 {
			break
		}
		i += j
		if skip := opaqueMarkupLen(data[i:]); skip > 0 {
			i += skip
			continue
		}
		if i+1 >= len(data) || !isNameStart(data[i+1]) && data[i+1] < 0x80 {
			i++
			continue
		}
		// A start tag: walk its attributes.
		p := i + 1
		for p < len(data) && !isXMLSpace(data[p]) && data[p] != '>' && data[p] != '/' {
			p++
		}
		for p < len(data) && data[p] != '>' && data[p] != '<' {
			if data[p] != '=' {
				p++
				continue
			}
			p++
			for p < len(data) && isXMLSpace(data[p]) {
				p++
			}
			if p >= len(data) {
				break
			}
			if q := data[p]; q == '"' || q == '\'' {
				end := bytes.IndexByte(data[p+1:], q)
				if end < 0 {
					p = len(data)
					break
				}
				p += end + 2
				continue
			}
			v := p
			for p < len(data) && !isXMLSpace(data[p]) && data[p] != '>' && data[p] != '<' {
				p++
			}
			if v == p {
				continue
			}
			if out == nil {
				out = make([]byte, 0, len(data)+16)
			}
			out = append(out, data[last:v]...)
			out = append(out, '"')
			out = append(out, bytes.ReplaceAll(data[v:p], []byte(`"`), []byte("&quot;"))...)
			out = append(out, '"')
			last = p
		}
		i = p
	}
	if out == nil {
		return data
	}
	return append(out, data[last:]...)
}
