package page

import (
	"fmt"
	"net/url"
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

// homeLinkNames are the texts (or image alts) of the page's links to its
// site's front page: the logo link and "Home" items name the site, so a
// <title> equal to one of them names the site rather than the article.
func homeLinkNames(body *html.Node, base string) []string {
	var names []string
	walk(body, func(n *html.Node) bool {
		if n.Type != html.ElementNode || n.DataAtom != atom.A {
			return true
		}
		if !linksHome(strings.TrimSpace(attr(n, "href")), base) {
			return false
		}
		name := textOf(n)
		if name == "" {
			if img := findFirst(n, atom.Img); img != nil {
				name = strings.TrimSpace(attr(img, "alt"))
			}
		}
		if name != "" {
			names = append(names, name)
		}
		return false
	})
	return names
}

// linksHome reports whether href leads to the front page of base's site
// (any front page, for a page saved without its address).
func linksHome(href, base string) bool {
	switch href {
	case "":
		return false
	case "/", "./", "/index.html", "index.html":
		return true
	}
	u, err := url.Parse(href)
	if err != nil || !u.IsAbs() || strings.Trim(u.Path, "/") != "" || u.RawQuery != "" {
		return false
	}
	b, err := url.Parse(base)
	return err != nil || b.Host == "" || strings.EqualFold(strings.TrimPrefix(b.Host, "www."), strings.TrimPrefix(u.Host, "www."))
}
