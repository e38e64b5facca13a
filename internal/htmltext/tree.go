package htmltext

import (
	"strings"
	"unicode"
	"unicode/utf8"

	nethtml "golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// NodeText returns what Text returns for the rendering of n, read straight
// from the tree: a caller that has parsed the HTML already (the sanitiser,
// a saved page's extractor) need not render and tokenise it again, which
// on a cold run cost a tenth of the time. sizeHint is the expected length
// of the text, 0 if unknown. It follows Text's rules (the differential
// test holds it to them): an element's tag breaks the text when it opens
// and again when it closes, once for a void element, and not at all,
// content included, for the elements that hold no prose.
func NodeText(n *nethtml.Node, sizeHint int) string {
	if n == nil {
		return ""
	}
	var b strings.Builder
	b.Grow(sizeHint)
	writeNode(&b, n)
	return layoutText(cleanText(b.String()))
}

// writeNode writes the text of n and its descendants. Recursion is bounded
// by the HTML parser's nesting limit.
func writeNode(b *strings.Builder, n *nethtml.Node) {
	switch n.Type {
	case nethtml.TextNode:
		writeSpacedString(b, n.Data)
		return
	case nethtml.ElementNode:
		a := n.DataAtom
		if a == 0 {
			a = atom.Lookup([]byte(n.Data))
		}
		if noProse(a) {
			return
		}
		b.WriteString(tagBreak(a))
		if VoidElement(a) {
			return
		}
		writeChildren(b, n)
		b.WriteString(tagBreak(a))
	case nethtml.DocumentNode:
		writeChildren(b, n)
	}
}

func writeChildren(b *strings.Builder, n *nethtml.Node) {
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		writeNode(b, c)
	}
}

// writeSpacedString is writeSpaced for text already in a string.
func writeSpacedString(b *strings.Builder, text string) {
	// Runs without white space are copied whole: this is the text of
	// every entry of a cold run.
	start := 0
	for i := 0; i < len(text); {
		c := text[i]
		n := 1
		space := false
		if c == '\v' {
			// A control, not white space: dropped (see writeSpaced).
			b.WriteString(text[start:i])
			i++
			start = i
			continue
		}
		if c < utf8.RuneSelf {
			space = c == '\n' || c == '\r' || c == '\t' || c == '\f'
		} else {
			var r rune
			r, n = utf8.DecodeRuneInString(text[i:])
			space = unicode.IsSpace(r)
		}
		if space {
			b.WriteString(text[start:i])
			b.WriteByte(' ')
			start = i + n
		}
		i += n
	}
	b.WriteString(text[start:])
}
