package normalize

import (
	"strings"

	nethtml "golang.org/x/net/html"
	"golang.org/x/net/html/atom"

	"github.com/tributary/tributary/internal/htmltext"
)

// TrimEdgeBlocks removes from sanitised HTML the blocks at its start and
// end whose every paragraph drop accepts: a closing appeal or a subscribe
// prompt that a feed repeats under each of its posts. Only the edges are
// touched, never a block between two that stay, and a post is never
// trimmed to nothing. Blocks are the top-level elements, or those of the
// single <div>, <section> or <article> that wraps the whole post. It
// reports whether anything was removed.
func TrimEdgeBlocks(s string, drop func(paragraph string) bool) (string, bool) {
	if strings.TrimSpace(s) == "" {
		return s, false
	}
	nodes, err := nethtml.ParseFragment(strings.NewReader(s), fragmentContext())
	if err != nil {
		return s, false
	}
	root := fragmentContext()
	for _, n := range nodes {
		root.AppendChild(n)
	}
	body := root
	for {
		only := soleElement(body)
		if only == nil || (only.DataAtom != atom.Div && only.DataAtom != atom.Section && only.DataAtom != atom.Article) {
			break
		}
		body = only
	}
	var blocks []*nethtml.Node
	for c := body.FirstChild; c != nil; c = c.NextSibling {
		if c.Type == nethtml.TextNode && strings.TrimSpace(c.Data) == "" {
			continue
		}
		blocks = append(blocks, c)
	}
	droppable := func(n *nethtml.Node) bool {
		var b strings.Builder
		if nethtml.Render(&b, n) != nil {
			return false
		}
		paras := strings.Split(htmltext.Text(b.String()), "\n\n")
		for _, p := range paras {
			if p == "" || !drop(p) {
				return false
			}
		}
		return len(paras) > 0
	}
	lo, hi := 0, len(blocks)
	for hi > lo && droppable(blocks[hi-1]) {
		hi--
	}
	for lo < hi && droppable(blocks[lo]) {
		lo++
	}
	if lo == hi || (lo == 0 && hi == len(blocks)) {
		return s, false
	}
	for _, n := range blocks[:lo] {
		body.RemoveChild(n)
	}
	for _, n := range blocks[hi:] {
		body.RemoveChild(n)
	}
	var b strings.Builder
	for c := root.FirstChild; c != nil; c = c.NextSibling {
		if err := nethtml.Render(&b, c); err != nil {
			return s, false
		}
	}
	return strings.TrimSpace(b.String()), true
}

// soleElement returns n's only child element when n has no other child
// but white space, else nil.
func soleElement(n *nethtml.Node) *nethtml.Node {
	var only *nethtml.Node
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		switch {
		case c.Type == nethtml.TextNode && strings.TrimSpace(c.Data) == "":
		case c.Type == nethtml.ElementNode && only == nil:
			only = c
		default:
			return nil
		}
	}
	return only
}
