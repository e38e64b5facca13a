package publish

import (
	"html"
	"strings"
	"unicode"
	"unicode/utf8"
)

// isBlockTag reports whether the element ends a run of words: text on
// either side must not be glued together ("<p>one</p><p>two</p>" is
// "one two", not "onetwo").
func isBlockTag(name string) bool {
	switch name {
	case "address", "article", "aside", "blockquote", "br", "dd", "div", "dl", "dt",
		"figcaption", "figure", "footer", "h1", "h2", "h3", "h4", "h5", "h6",
		"header", "hr", "li", "main", "nav", "ol", "p", "pre", "section", "table",
		"td", "th", "tr", "ul":
		return true
	}
	return false
}

// htmlText returns the visible text of a fragment of sanitised HTML with
// whitespace collapsed. The input has been through the sanitiser, so a
// small scanner is enough: no scripts, and attribute values have their
// '<' and '>' escaped (quotes are still honoured in case they are not).
func htmlText(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	skip := 0 // depth inside elements whose text is not shown
	for i := 0; i < len(s); {
		c := s[i]
		if c != '<' {
			j := strings.IndexByte(s[i:], '<')
			if j < 0 {
				j = len(s) - i
			}
			if skip == 0 {
				b.WriteString(html.UnescapeString(s[i : i+j]))
			}
			i += j
			continue
		}
		end := tagEnd(s, i)
		name, closing := tagName(s[i+1 : end])
		switch name {
		case "script", "style", "template":
			if closing {
				if skip > 0 {
					skip--
				}
			} else if !strings.HasSuffix(s[i:end], "/") {
				skip++
			}
		}
		if skip == 0 && isBlockTag(name) {
			b.WriteByte(' ')
		}
		i = end + 1
	}
	return strings.Join(strings.FieldsFunc(b.String(), unicode.IsSpace), " ")
}

// tagEnd returns the index of the '>' closing the tag that starts at i, or
// len(s) when the tag is unterminated.
func tagEnd(s string, i int) int {
	var quote byte
	for j := i + 1; j < len(s); j++ {
		switch c := s[j]; {
		case quote != 0:
			if c == quote {
				quote = 0
			}
		case c == '"' || c == '\'':
			quote = c
		case c == '>':
			return j
		}
	}
	return len(s)
}

// tagName returns the lower-cased element name of a tag's inside ("/p" ->
// "p", true) and "" for comments and declarations.
func tagName(inside string) (string, bool) {
	closing := strings.HasPrefix(inside, "/")
	inside = strings.TrimPrefix(inside, "/")
	n := 0
	for n < len(inside) {
		c := inside[n]
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9') {
			break
		}
		n++
	}
	return strings.ToLower(inside[:n]), closing
}

// excerpt shortens text to at most max runes plus an ellipsis, cutting at a
// word boundary when one is reasonably near. ok is false when the text was
// already short enough.
func excerpt(text string, max int) (string, bool) {
	if max <= 0 || utf8.RuneCountInString(text) <= max {
		return text, false
	}
	cut := 0
	for i := range text {
		if max == 0 {
			cut = i
			break
		}
		max--
	}
	head := text[:cut]
	// Cut at the last space unless one long word fills half the excerpt.
	if sp := strings.LastIndexFunc(head, unicode.IsSpace); sp > len(head)/2 {
		head = head[:sp]
	}
	return strings.TrimRightFunc(head, func(r rune) bool {
		return unicode.IsSpace(r) || unicode.IsPunct(r) && r != ')' && r != '"'
	}) + "…", true
}
