package page

import (
	"bytes"
	"fmt"
	"strings"

	"github.com/tributary/tributary/internal/htmltext"
	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// walk visits n and its descendants in document order; f returns false to
// skip a node's children.
func walk(n *html.Node, f func(*html.Node) bool) {
	if n == nil || !f(n) {
		return
	}
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		walk(c, f)
	}
}

func findFirst(n *html.Node, a atom.Atom) *html.Node {
	var found *html.Node
	walk(n, func(c *html.Node) bool {
		if found != nil {
			return false
		}
		if c.Type == html.ElementNode && c.DataAtom == a {
			found = c
			return false
		}
		return true
	})
	return found
}

// textOf is the visible text of n on one line, whitespace collapsed: the
// text htmltext reads from the tree, for comparing and classifying blocks.
func textOf(n *html.Node) string {
	if n == nil {
		return ""
	}
	return strings.Join(strings.Fields(htmltext.NodeText(n, 0)), " ")
}

func attr(n *html.Node, key string) string {
	v, _ := attrOK(n, key)
	return v
}

func attrOK(n *html.Node, key string) (string, bool) {
	for _, a := range n.Attr {
		if a.Namespace == "" && strings.EqualFold(a.Key, key) {
			return a.Val, true
		}
	}
	return "", false
}

func setAttr(n *html.Node, key, val string) {
	for i, a := range n.Attr {
		if a.Namespace == "" && strings.EqualFold(a.Key, key) {
			n.Attr[i].Val = val
			return
		}
	}
	n.Attr = append(n.Attr, html.Attribute{Key: key, Val: val})
}

func hasToken(list, token string) bool {
	for _, t := range strings.Fields(list) {
		if strings.EqualFold(t, token) {
			return true
		}
	}
	return false
}

// classHas reports whether one of n's class names is word or contains it
// as a dash- or underscore-separated part.
func classHas(n *html.Node, word string) bool {
	for _, name := range strings.Fields(strings.ToLower(attr(n, "class"))) {
		for _, part := range strings.FieldsFunc(name, func(r rune) bool { return r == '-' || r == '_' }) {
			if part == word {
				return true
			}
		}
	}
	return false
}

func firstNonEmpty(vals ...string) string {
	for _, v := range vals {
		if v = strings.TrimSpace(v); v != "" {
			return v
		}
	}
	return ""
}

func renderChildren(n *html.Node) (string, error) {
	var buf bytes.Buffer
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		if err := html.Render(&buf, c); err != nil {
			return "", fmt.Errorf("render html: %w", err)
		}
	}
	return strings.TrimSpace(buf.String()), nil
}

func htmlLang(root *html.Node) string {
	if h := findFirst(root, atom.Html); h != nil {
		return strings.TrimSpace(attr(h, "lang"))
	}
	return ""
}
