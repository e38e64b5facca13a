package htmltext

import (
	"html"
	"strings"
	"unicode"
	"unicode/utf8"

	nethtml "golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// maxUnescapePasses bounds how many layers of escaping UntypedLine peels
// off. Three covers the double and triple escaping that broken feed
// generators produce; beyond that the text is more likely about entities
// than escaped.
const maxUnescapePasses = 3

// CleanLine returns a line of plain text as the author wrote it, made safe
// to carry: invalid UTF-8 becomes U+FFFD; control characters, bidi
// controls, the byte order mark and zero-width spaces go; and Collapse
// folds the white space. Nothing that looks like a tag or an entity is
// touched: "History of the <blink> tag" stays what it says.
func CleanLine(s string) string {
	s = cleanText(s)
	if strings.ContainsFunc(s, invisible) {
		s = strings.Map(func(r rune) rune {
			if invisible(r) {
				return -1
			}
			return r
		}, s)
	}
	return Collapse(s)
}

// Collapse trims s and folds every run of layout white space (ASCII white
// space and the Unicode line and paragraph separators) into one ASCII
// space. The spaces an author chose for their width or their glue (no-break,
// thin, em, ideographic...) are kept inside the line, since they are part
// of how it reads ("10\u00a0km", "«\u202fBonjour\u202f»"); at either end
// they are trimmed like the rest.
func Collapse(s string) string {
	s = strings.TrimFunc(s, unicode.IsSpace)
	if !needsFolding(s) {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	pending := false
	for _, r := range s {
		if layoutSpace(r) {
			pending = true
			continue
		}
		if pending {
			b.WriteByte(' ')
			pending = false
		}
		b.WriteRune(r)
	}
	return b.String()
}

// layoutSpace reports the white space that only lays text out.
func layoutSpace(r rune) bool {
	switch r {
	case ' ', '\t', '\n', '\v', '\f', '\r', 0x85, 0x2028, 0x2029:
		return true
	}
	return false
}

// needsFolding reports whether Collapse would change a trimmed s: some
// layout space other than a single ASCII space between words.
func needsFolding(s string) bool {
	prevSpace := false
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			if c == ' ' {
				if prevSpace {
					return true
				}
				prevSpace = true
			} else if asciiSpace(c) {
				return true
			} else {
				prevSpace = false
			}
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if layoutSpace(r) {
			return true
		}
		prevSpace = false
		i += size
	}
	return false
}

// UntypedLine reads a title (or category, or name) whose type no one
// declared, as in RSS, where escaped markup in <title> is common and so is
// text about markup. Like feedparser, it treats the line as HTML only when
// it holds real markup: an HTML element's start tag with its matching end
// tag ("<b>Big</b> news"). "Name <mail>", "Why <div> soup is bad" or
// "std::vector<int>" are text. Entities are decoded layer by layer (a
// title escaped twice is far more common than a literal "&amp;"), and
// markup that appears once a layer is decoded counts too.
func UntypedLine(s string) string {
	s = UnwrapCDATA(s)
	for pass := 0; strings.ContainsAny(s, "<&"); pass++ {
		if HasMarkup(s) {
			return Line(s)
		}
		if pass == maxUnescapePasses {
			break
		}
		u := html.UnescapeString(s)
		if u == s {
			break
		}
		s = u
	}
	return CleanLine(s)
}

// HasMarkup reports whether s holds the start tag of an HTML element
// followed later by its end tag.
func HasMarkup(s string) bool {
	if !strings.Contains(s, "</") {
		return false
	}
	z := nethtml.NewTokenizer(strings.NewReader(s))
	opened := map[atom.Atom]bool{}
	for {
		switch z.Next() {
		case nethtml.ErrorToken:
			return false
		case nethtml.StartTagToken:
			name, _ := z.TagName()
			if a := atom.Lookup(name); a != 0 {
				opened[a] = true
			}
		case nethtml.EndTagToken:
			name, _ := z.TagName()
			if a := atom.Lookup(name); a != 0 && opened[a] {
				return true
			}
		}
	}
}
