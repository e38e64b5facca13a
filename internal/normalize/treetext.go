package normalize

import (
	"strings"

	nethtml "golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// treeText returns what TextFromHTML would return for the rendering of
// root's children, read straight from the tree. Sanitising has already
// parsed the fragment into that tree; tokenising its rendering again cost
// a tenth of a cold run.
func treeText(root *nethtml.Node, sizeHint int) string {
	var b strings.Builder
	b.Grow(sizeHint)
	writeTreeText(&b, root)
	return layoutText(cleanText(b.String()))
}

// writeTreeText writes the text of n's children the way TextFromHTML's
// tokenizer loop sees their rendering: an element's tag breaks the text
// when it opens and again when it closes, once for a void element (which
// renders as one self-closing tag), and not at all, content included, for
// the elements that hold no prose. Recursion is bounded by the HTML
// parser's nesting limit.
func writeTreeText(b *strings.Builder, n *nethtml.Node) {
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		switch c.Type {
		case nethtml.TextNode:
			writeSpacedString(b, c.Data)
		case nethtml.ElementNode:
			a := c.DataAtom
			if a == 0 {
				a = atom.Lookup([]byte(c.Data))
			}
			if noProse(a) {
				continue
			}
			writeTagBreak(b, a)
			if voidElement(a) {
				continue
			}
			writeTreeText(b, c)
			writeTagBreak(b, a)
		}
	}
}

// writeTagBreak writes what a tag of element a adds to the text.
func writeTagBreak(b *strings.Builder, a atom.Atom) {
	switch {
	case a == atom.Br:
		b.WriteByte('\n')
	case blockElement(a):
		b.WriteString("\n\n")
	case a == atom.Td || a == atom.Th:
		b.WriteByte(' ')
	}
}

// voidElement reports the elements html.Render writes as one self-closing
// tag, without children.
func voidElement(a atom.Atom) bool {
	switch a {
	case atom.Area, atom.Base, atom.Br, atom.Col, atom.Embed, atom.Hr, atom.Img, atom.Input,
		atom.Keygen, atom.Link, atom.Meta, atom.Param, atom.Source, atom.Track, atom.Wbr:
		return true
	}
	return false
}
