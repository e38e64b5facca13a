package parse

import (
	"bytes"
	"encoding/xml"
	"errors"
)

// errNoRoot reports a document that ends before its root element's start
// tag is complete, where no repair can recover anything.
var errNoRoot = errors.New("document ends before its root element")

// prologItem finds the next markup declaration, comment or processing
// instruction at data[i:] (after whitespace) and returns its end. kind is
// 'd' for a DOCTYPE, 'c' comment, 'p' processing instruction, 0 otherwise.
func prologItem(data []byte, i int) (start, end int, kind byte) {
	for i < len(data) && isXMLSpace(data[i]) {
		i++
	}
	rest := data[i:]
	switch {
	case bytes.HasPrefix(rest, []byte("<?")):
		e := bytes.Index(rest, []byte("?>"))
		if e < 0 {
			return i, len(data), 'p'
		}
		return i, i + e + 2, 'p'
	case bytes.HasPrefix(rest, []byte("<!--")):
		e := bytes.Index(rest[4:], []byte("-->"))
		if e < 0 {
			return i, len(data), 'c'
		}
		return i, i + 4 + e + 3, 'c'
	case len(rest) >= 9 && bytes.EqualFold(rest[:9], []byte("<!DOCTYPE")):
		return i, i + doctypeEnd(rest), 'd'
	}
	return i, i, 0
}

// doctypeEnd returns the length of the DOCTYPE declaration at the start of
// data, skipping its internal subset (where the entity definitions of a
// "billion laughs" document live), quoted strings and, inside the subset,
// comments, whose apostrophes ("Netscape's entities") quote nothing.
func doctypeEnd(data []byte) int {
	depth := 0
	var quote byte
	for i := 9; i < len(data); i++ {
		c := data[i]
		switch {
		case quote != 0:
			if c == quote {
				quote = 0
			}
		case depth > 0 && c == '<' && bytes.HasPrefix(data[i:], []byte("<!--")):
			e := bytes.Index(data[i+4:], []byte("-->"))
			if e < 0 {
				return len(data)
			}
			i += 4 + e + 2
		case c == '"' || c == '\'':
			quote = c
		case c == '[':
			depth++
		case c == ']':
			if depth > 0 {
				depth--
			}
		case c == '>' && depth == 0:
			return i + 1
		}
	}
	return len(data)
}

// repairTruncated cuts data at safeEnd, the end of the last element after
// which no entry was open, and closes the elements still open there. A feed
// cut off in transfer thus keeps its complete entries and loses only the
// partial one.
func repairTruncated(data []byte, safeEnd int) ([]byte, error) {
	if safeEnd <= 0 {
		return nil, errNoRoot
	}
	open := openElements(data[:safeEnd])
	out := make([]byte, 0, safeEnd+16*len(open))
	out = append(out, data[:safeEnd]...)
	for i := len(open) - 1; i >= 0; i-- {
		out = append(out, "</"...)
		out = append(out, open[i]...)
		out = append(out, '>')
	}
	return out, nil
}

// openElements returns the qualified names of the elements still open at the
// end of data, outermost first, as written in the document.
func openElements(data []byte) []string {
	var open []string
	d := newScanDecoder(data)
	for {
		start := d.InputOffset()
		tok, err := d.Token()
		if err != nil {
			return open
		}
		switch t := tok.(type) {
		case xml.StartElement:
			name := rawTagName(data[start:d.InputOffset()])
			if name == "" {
				name = t.Name.Local
			}
			open = append(open, name)
		case xml.EndElement:
			if len(open) > 0 {
				open = open[:len(open)-1]
			}
		}
	}
}

// rawTagName extracts "prefix:local" from the raw bytes of a start tag.
func rawTagName(tag []byte) string {
	if len(tag) == 0 || tag[0] != '<' {
		return ""
	}
	end := 1
	for end < len(tag) && !isXMLSpace(tag[end]) && tag[end] != '/' && tag[end] != '>' {
		end++
	}
	return string(tag[1:end])
}

func isXMLSpace(b byte) bool {
	return b == ' ' || b == '\t' || b == '\r' || b == '\n'
}
