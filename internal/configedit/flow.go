package configedit

import (
	"bytes"
	"errors"
	"fmt"
	"strings"
)

// span is one item of a flow sequence: data[start:end], comments and the
// separating commas excluded; comma is the offset of the comma after the
// item, or -1.
type span struct{ start, end, comma int }

// scanFlow finds the items of the flow sequence whose "[" is at open, and
// the offset of its closing "]". It knows just enough YAML to do that:
// nesting, quoted scalars and comments. Inside a flow collection the
// indicators ",[]{}" cannot occur in a plain scalar, so they are structure.
func scanFlow(data []byte, open int) ([]span, int, error) {
	if open >= len(data) || data[open] != '[' {
		return nil, 0, errors.New("cannot find the [ of the sources list")
	}
	var spans []span
	depth := 1
	start, last := -1, -1
	prev := byte('[') // last significant byte, to tell a quote that opens a scalar
	finish := func(comma int) {
		if start >= 0 {
			spans = append(spans, span{start, last + 1, comma})
		}
		start, last = -1, -1
	}
	for i := open + 1; i < len(data); i++ {
		c := data[i]
		switch {
		case c == ' ' || c == '\t' || c == '\r' || c == '\n':
			continue
		case c == '#' && isSpace(data[i-1]):
			for i < len(data) && data[i] != '\n' {
				i++
			}
			continue
		case (c == '"' || c == '\'') && strings.IndexByte("[{,:?", prev) >= 0:
			end, err := quotedEnd(data, i)
			if err != nil {
				return nil, 0, err
			}
			if depth == 1 && start < 0 {
				start = i
			}
			i, last = end, end
		case c == '[' || c == '{':
			if depth == 1 && start < 0 {
				start = i
			}
			depth++
			last = i
		case c == ']' || c == '}':
			depth--
			if depth == 0 {
				if c != ']' {
					return nil, 0, fmt.Errorf("unbalanced %q in the sources list", c)
				}
				finish(-1)
				return spans, i, nil
			}
			last = i
		case c == ',' && depth == 1:
			finish(i)
		default:
			if depth == 1 && start < 0 {
				start = i
			}
			last = i
		}
		prev = data[i]
	}
	return nil, 0, errors.New("the sources list has no closing ]")
}

func isSpace(c byte) bool { return c == ' ' || c == '\t' || c == '\n' || c == '\r' }

// quotedEnd returns the offset of the quote closing the scalar opened at i.
func quotedEnd(data []byte, i int) (int, error) {
	q := data[i]
	for j := i + 1; j < len(data); j++ {
		switch {
		case q == '"' && data[j] == '\\':
			j++
		case data[j] == q && q == '\'' && j+1 < len(data) && data[j+1] == '\'':
			j++ // '' is an escaped quote
		case data[j] == q:
			return j, nil
		}
	}
	return 0, errors.New("unterminated quoted scalar in the sources list")
}

func (d *doc) flowSpans() ([]span, int, error) {
	spans, closing, err := scanFlow(d.data, d.offset(d.val.Line, d.val.Column))
	if err != nil {
		return nil, 0, err
	}
	if len(spans) != len(d.val.Content) {
		return nil, 0, fmt.Errorf("found %d items in the sources list where YAML sees %d", len(spans), len(d.val.Content))
	}
	for i, n := range d.val.Content {
		if d.offset(n.Line, n.Column) != spans[i].start {
			return nil, 0, fmt.Errorf("cannot locate sources item %d (line %d)", i+1, n.Line)
		}
	}
	return spans, closing, nil
}

// addFlow appends flow mappings to a flow sequence, one per line when its
// items already sit on lines of their own.
func (d *doc) addFlow(specs []SourceSpec) ([]byte, error) {
	spans, _, err := d.flowSpans()
	if err != nil {
		return nil, err
	}
	items := make([]string, len(specs))
	for i, s := range specs {
		items[i] = flowMapping(fields(s, true))
	}
	if len(spans) == 0 {
		open := d.offset(d.val.Line, d.val.Column)
		return splice(d.data, open+1, open+1, strings.Join(items, ", ")), nil
	}
	sep := ", "
	n := len(d.val.Content)
	lastLine := d.val.Content[n-1].Line
	prevLine := d.val.Line
	if n > 1 {
		prevLine = d.val.Content[n-2].Line
	}
	if lastLine != prevLine {
		t := d.text(lastLine)
		sep = "," + d.eol + t[:indent(t)]
	}
	end := spans[len(spans)-1].end
	return splice(d.data, end, end, sep+strings.Join(items, sep)), nil
}

// removeFlow deletes item idx of a flow sequence, the comment on its line
// and the comma that joined it to its neighbour. A comment after the
// previous item's comma describes that item and stays.
func (d *doc) removeFlow(idx int) ([]byte, error) {
	spans, _, err := d.flowSpans()
	if err != nil {
		return nil, err
	}
	sp := spans[idx]
	end := sp.end
	if idx == 0 {
		if len(spans) > 1 {
			return splice(d.data, sp.start, spans[1].start, ""), nil
		}
		return splice(d.data, sp.start, d.trailingComment(end), ""), nil
	}
	comma := spans[idx-1].comma
	if sp.comma < 0 {
		end = d.trailingComment(end)
	}
	cut := comma + 1
	if nl := bytes.IndexByte(d.data[cut:sp.start], '\n'); nl >= 0 && bytes.IndexByte(d.data[cut:cut+nl], '#') >= 0 {
		cut += nl
		if d.data[cut-1] == '\r' {
			cut--
		}
	}
	out := splice(d.data, cut, end, "")
	return splice(out, comma, comma+1, ""), nil
}

// trailingComment extends the end of the last item over a comment on the
// same line, which is about it.
func (d *doc) trailingComment(end int) int {
	i := end
	for i < len(d.data) && (d.data[i] == ' ' || d.data[i] == '\t') {
		i++
	}
	if i < len(d.data) && d.data[i] == '#' && i > end {
		for i < len(d.data) && d.data[i] != '\n' && d.data[i] != '\r' {
			i++
		}
		return i
	}
	return end
}
