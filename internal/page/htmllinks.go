package page

import (
	"fmt"
	"strings"

	"github.com/tributary/tributary/internal/urlref"
	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// keepAttrs are the attributes worth keeping in entry content; the rest
// (classes, styles, handlers, data-*) mean nothing outside the page.
var keepAttrs = map[string]bool{
	"href": true, "src": true, "srcset": true, "alt": true, "title": true, "datetime": true,
	"cite": true, "colspan": true, "rowspan": true, "start": true, "width": true, "height": true,
}

// pageBase is the URL relative links resolve against: <base href> (itself
// resolved against BaseURL), else BaseURL, else the page's canonical URL.
func pageBase(m pageMeta, baseURL string) string {
	start := baseURL
	if !isAbsURL(start) {
		start = firstNonEmpty(absOrEmpty(m.canonical, ""), absOrEmpty(m.first("og:url"), ""))
	}
	if m.base != "" {
		if b := absOrEmpty(m.base, start); b != "" {
			return b
		}
	}
	return start
}

// absOrEmpty resolves ref against base and returns it if absolute http(s).
func absOrEmpty(ref, base string) string { return urlref.Link(ref, base) }

// resolveLinks makes link and media URLs absolute, promotes lazy-loading
// image sources, and keeps only meaningful attributes.
func resolveLinks(n *html.Node, base string) {
	walk(n, func(c *html.Node) bool {
		if c.Type != html.ElementNode {
			return true
		}
		if c.DataAtom == atom.Img {
			if src := attr(c, "src"); src == "" || strings.HasPrefix(src, "data:") {
				if lazy := firstNonEmpty(attr(c, "data-src"), attr(c, "data-lazy-src"), attr(c, "data-original")); lazy != "" {
					setAttr(c, "src", lazy)
				}
			}
		}
		kept := c.Attr[:0]
		for _, a := range c.Attr {
			key := strings.ToLower(a.Key)
			if a.Namespace != "" || !keepAttrs[key] {
				continue
			}
			switch key {
			case "href", "src", "cite":
				if strings.HasPrefix(strings.ToLower(strings.TrimSpace(a.Val)), "javascript:") {
					continue
				}
				a.Val = resolveRef(a.Val, base)
			case "srcset":
				a.Val = urlref.Srcset(a.Val, base)
			}
			kept = append(kept, a)
		}
		c.Attr = kept
		return true
	})
}

// resolveRef resolves a link or media reference against base; without an
// absolute base, or when it does not resolve, the reference stays as
// written.
func resolveRef(ref, base string) string {
	if r := urlref.Resolve(ref, base); r != "" {
		return r
	}
	return ref
}

// resolveFragment resolves the links of an HTML fragment (rendered
// Markdown) against base.
func resolveFragment(fragment, base string) (string, error) {
	if fragment == "" || !isAbsURL(base) {
		return fragment, nil
	}
	ctx := &html.Node{Type: html.ElementNode, Data: "div", DataAtom: atom.Div}
	nodes, err := html.ParseFragment(strings.NewReader(fragment), ctx)
	if err != nil {
		return "", fmt.Errorf("parse rendered markdown: %w", err)
	}
	for _, n := range nodes {
		ctx.AppendChild(n)
	}
	walk(ctx, func(c *html.Node) bool {
		if c.Type != html.ElementNode {
			return true
		}
		for i, a := range c.Attr {
			switch strings.ToLower(a.Key) {
			case "href", "src", "cite":
				c.Attr[i].Val = resolveRef(a.Val, base)
			case "srcset":
				c.Attr[i].Val = urlref.Srcset(a.Val, base)
			}
		}
		return true
	})
	return renderChildren(ctx)
}
