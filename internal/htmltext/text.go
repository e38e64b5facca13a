package htmltext

import (
	"bytes"
	"html"
	"strings"
	"unicode"
	"unicode/utf8"

	nethtml "golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// Text extracts the readable text of an HTML fragment, for fingerprints,
// filters, excerpts and derived titles. Block elements become paragraph
// breaks ("\n\n"), <br> a line break ("\n"), table cells a space; white
// space is otherwise collapsed, entities decoded, CDATA sections read as
// text, and the content of script, style and similar elements dropped.
// The result is valid UTF-8 without control characters, bidi controls or
// byte order marks.
func Text(s string) string {
	s = UnwrapCDATA(cleanText(s))
	var b strings.Builder
	b.Grow(len(s))
	walk(&b, s, nil)
	return layoutText(cleanText(b.String()))
}

// Line reads an HTML fragment that was declared as HTML (an Atom
// type="html" or "xhtml" title, a name written as a link) as one line of
// text: the tags of HTML elements go, block boundaries separate words,
// entities are decoded once, and white space is folded as CleanLine folds
// it. Two leniencies keep words an author meant as text: a tag that names
// no HTML element and is never closed ("List<T>", "Map<K, V>") is kept as
// written (a closed one, "<o:p></o:p>" or a custom element, is markup),
// and the words after a script or style start tag that never closes ("Why
// <style> tags matter") are put back.
func Line(s string) string {
	s = UnwrapCDATA(s)
	if !strings.ContainsAny(s, "<&") {
		return CleanLine(s)
	}
	var b strings.Builder
	b.Grow(len(s))
	walk(&b, s, unknownTags(s))
	return CleanLine(b.String())
}

// unknownSeen records the names of the tags naming no HTML element that a
// fragment holds, as start and as end tags: Line keeps an unknown start
// tag as text only when no end tag closes it, and an end tag only when
// nothing opened it.
type unknownSeen struct {
	started, ended map[string]bool
}

// unknownTags lists the unknown tags of s for Line.
func unknownTags(s string) *unknownSeen {
	seen := &unknownSeen{started: map[string]bool{}, ended: map[string]bool{}}
	z := nethtml.NewTokenizer(strings.NewReader(s))
	for {
		switch tt := z.Next(); tt {
		case nethtml.ErrorToken:
			return seen
		case nethtml.StartTagToken, nethtml.EndTagToken, nethtml.SelfClosingTagToken:
			name, _ := z.TagName()
			if atom.Lookup(name) == 0 {
				if tt == nethtml.EndTagToken {
					seen.ended[string(name)] = true
				} else {
					seen.started[string(name)] = true
				}
			}
		}
	}
}

// keep reports whether Line keeps an unknown tag as text: not when it is
// namespaced (Word's <o:p>) or paired with its end or start tag.
func (u *unknownSeen) keep(name []byte, tt nethtml.TokenType) bool {
	if bytes.IndexByte(name, ':') >= 0 {
		return false
	}
	if tt == nethtml.EndTagToken {
		return !u.started[string(name)]
	}
	return !u.ended[string(name)]
}

// walk writes the text of the HTML fragment s to b with tagBreak's
// separators. With line set (Line), text is written as it is (CleanLine
// folds it later), unknown tags are kept as line.keep says, and the held
// content of an unclosed no-prose element is restored; without it (Text),
// white space becomes plain spaces for layoutText.
func walk(b *strings.Builder, s string, line *unknownSeen) {
	z := nethtml.NewTokenizer(strings.NewReader(s))
	skip := 0
	// held is the text of a no-prose element not closed yet: if the input
	// ends before it closes, it was not an element but words.
	var held strings.Builder
	for {
		tt := z.Next()
		switch tt {
		case nethtml.ErrorToken:
			if line != nil && skip > 0 {
				b.WriteString(held.String())
			}
			return
		case nethtml.TextToken:
			switch {
			case skip > 0:
				if line != nil {
					held.Write(z.Text())
				}
			case line != nil:
				b.Write(z.Text())
			default:
				// Source newlines are layout, not text: only tags break lines.
				writeSpaced(b, z.Text())
			}
		case nethtml.StartTagToken, nethtml.EndTagToken, nethtml.SelfClosingTagToken:
			name, _ := z.TagName()
			a := atom.Lookup(name)
			if a == 0 && line != nil {
				if skip == 0 && line.keep(name, tt) {
					b.Write(z.Raw())
				}
				continue
			}
			if noProse(a) {
				switch tt {
				case nethtml.StartTagToken:
					skip++
				case nethtml.EndTagToken:
					if skip > 0 {
						skip--
					}
					if skip == 0 {
						held.Reset()
					}
				}
				continue
			}
			if skip == 0 {
				b.WriteString(tagBreak(a))
			}
		}
	}
}

// writeSpaced writes text with every white-space character as a plain
// space, and without vertical tabs.
func writeSpaced(b *strings.Builder, text []byte) {
	for len(text) > 0 {
		c := text[0]
		if c < utf8.RuneSelf {
			if c == '\v' {
				// Not white space in HTML but a control, dropped as the
				// same byte written raw in a document is (see CleanChars).
				text = text[1:]
				continue
			}
			if c == '\n' || c == '\r' || c == '\t' || c == '\f' {
				c = ' '
			}
			b.WriteByte(c)
			text = text[1:]
			continue
		}
		r, n := utf8.DecodeRune(text)
		if unicode.IsSpace(r) {
			b.WriteByte(' ')
		} else {
			b.Write(text[:n])
		}
		text = text[n:]
	}
}

// layoutText turns text with '\n' line and "\n\n" paragraph markers into
// tidy paragraphs: lines collapsed, empty lines and paragraphs dropped. It
// is one pass over the text, since every entry of a cold run goes through
// it.
func layoutText(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	// pending is the separator owed before the next word: 0 none, ' '
	// within a line, '\n' between lines, 'p' between paragraphs.
	var pending byte
	newlines := 0
	for i := 0; i < len(s); {
		c := s[i]
		size := 1
		space := false
		switch {
		case c == '\n':
			newlines++
			i++
			continue
		case c < utf8.RuneSelf:
			space = c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == '\v'
		default:
			var r rune
			r, size = utf8.DecodeRuneInString(s[i:])
			space = unicode.IsSpace(r)
		}
		if newlines > 0 {
			// A blank line between two paragraph markers still only ends
			// one paragraph; "\n\n" or more is a paragraph break.
			if newlines >= 2 {
				pending = 'p'
			} else if pending != 'p' {
				pending = '\n'
			}
			newlines = 0
		}
		if space {
			if pending == 0 {
				pending = ' '
			}
			i += size
			continue
		}
		if b.Len() > 0 {
			switch pending {
			case ' ':
				b.WriteByte(' ')
			case '\n':
				b.WriteByte('\n')
			case 'p':
				b.WriteString("\n\n")
			}
		}
		pending = 0
		// The rest of a word in ASCII goes in one write.
		j := i + size
		for j < len(s) && s[j] < utf8.RuneSelf && !asciiSpace(s[j]) {
			j++
		}
		b.WriteString(s[i:j])
		i = j
	}
	return b.String()
}

// asciiSpace reports the ASCII white-space characters, line feed included.
func asciiSpace(c byte) bool {
	return c == ' ' || c == '\n' || c == '\t' || c == '\r' || c == '\f' || c == '\v'
}

// UnwrapCDATA replaces each CDATA section with its content as escaped
// text. Feed HTML comes out of XML, where CDATA is text; an HTML parser
// would see a bogus comment and lose it ("<![CDATA[Title]]>" in a title
// that a generator wrapped twice).
func UnwrapCDATA(s string) string {
	const open, end = "<![CDATA[", "]]>"
	if !strings.Contains(s, open) {
		return s
	}
	var b strings.Builder
	for {
		i := strings.Index(s, open)
		if i < 0 {
			break
		}
		j := strings.Index(s[i+len(open):], end)
		if j < 0 {
			break
		}
		b.WriteString(s[:i])
		b.WriteString(html.EscapeString(s[i+len(open) : i+len(open)+j]))
		s = s[i+len(open)+j+len(end):]
	}
	b.WriteString(s)
	return b.String()
}
