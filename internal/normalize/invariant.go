package normalize

import (
	"fmt"
	"strings"
	"unicode/utf8"

	nethtml "golang.org/x/net/html"
	"golang.org/x/net/html/atom"

	"github.com/tributary/tributary/internal/htmltext"
	"github.com/tributary/tributary/internal/urlref"
)

// maxViolations bounds the report: the first few say all a caller needs,
// and a hostile fragment could otherwise make the list as long as itself.
const maxViolations = 20

// forbiddenElement reports elements no output may contain: they run
// script, load active or nested documents, submit or restyle the page,
// change how the rest of the page resolves URLs, or hold raw text that a
// different parser (a reader that drops the element but keeps its content)
// would see as markup.
func forbiddenElement(name string) bool {
	switch name {
	case "script", "style", "iframe", "frame", "frameset", "object", "embed",
		"applet", "param", "portal", "fencedframe", "form", "input", "button",
		"textarea", "select", "keygen", "isindex", "meta", "base", "link",
		"svg", "math", "noscript", "noembed", "noframes", "xmp", "plaintext",
		"template", "title":
		return true
	}
	return false
}

// urlAttribute reports attributes that carry a URL a browser may fetch or
// navigate to, on some element of HTML, SVG or legacy browsers.
func urlAttribute(key string) bool {
	switch key {
	case "href", "src", "action", "formaction", "poster", "background", "cite",
		"data", "codebase", "classid", "longdesc", "lowsrc", "dynsrc", "usemap",
		"manifest", "profile", "icon", "ping", "archive", "from", "to", "values",
		"by", "itemtype":
		return true
	}
	return false
}

// srcsetAttribute reports attributes holding a list of image candidates.
func srcsetAttribute(key string) bool { return key == "srcset" || key == "imagesrcset" }

// Unsafe reports how an HTML fragment violates the output invariant that
// every Tributary output must satisfy; an empty result means it is safe to
// embed. It parses the fragment as a browser would inside a <div> and
// reports: elements that run script, embed documents, submit forms or
// change the page (script, style, iframe, object, embed, form controls,
// meta, base, link, frame, applet, svg, math, template, raw-text elements
// such as noscript and xmp); any element in a foreign namespace; every on*
// event-handler attribute and srcdoc; javascript:, vbscript: and data: URLs
// in any URL-carrying attribute (href, src, srcset, action, formaction,
// xlink:href, poster, background, cite, data...), except data: raster
// images (PNG, GIF, JPEG, WebP) in an img src; script in a style attribute
// (expression(), javascript: URLs, -moz-binding); C0/C1 control characters
// other than tab, LF and CR, U+FFFE/U+FFFF, and invalid UTF-8, whether
// written raw or as character references.
func Unsafe(s string) []string {
	r := newReport()
	charViolations(r, s, "")
	if r.full() {
		return r.list
	}
	// Decoded values are checked only when the raw text is clean, so one
	// raw control character is not reported again for every place it is.
	markupInto(r, s, len(r.list) == 0)
	return r.list
}

// UnsafeText reports how plain metadata text (a title, an author, a
// category) violates the output invariant: control characters, invalid
// UTF-8, bidi overrides, and markup that would be unsafe should a reader
// render the text as HTML, as some do with titles.
func UnsafeText(s string) []string {
	r := newReport()
	r.text = true
	charViolations(r, s, "")
	for _, c := range s {
		if htmltext.BidiControl(c) {
			r.add(fmt.Sprintf("bidi control U+%04X", c))
			break
		}
	}
	if strings.ContainsAny(s, "<&") {
		markupInto(r, s, len(r.list) == 0)
	}
	return r.list
}

// report collects distinct violations up to maxViolations.
type report struct {
	list []string
	seen map[string]bool
	// text marks a check of metadata text rather than HTML: there, a
	// bare tag that cannot act or hide the page is words (see
	// inertWhenBare).
	text bool
}

func newReport() *report { return &report{seen: map[string]bool{}} }

func (r *report) full() bool { return len(r.list) >= maxViolations }

func (r *report) add(v string) {
	if r.full() || r.seen[v] {
		return
	}
	r.seen[v] = true
	r.list = append(r.list, v)
}

// charViolations reports invalid UTF-8 and the characters htmltext.ForbiddenRune rejects;
// where names the context (an attribute) for a decoded value.
func charViolations(r *report, s, where string) {
	for i := 0; i < len(s); {
		c, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case c == utf8.RuneError && size == 1:
			r.add("invalid UTF-8" + where)
		case htmltext.ForbiddenRune(c):
			r.add(fmt.Sprintf("control character U+%04X%s", c, where))
		}
		if r.full() {
			return
		}
		i += size
	}
}

// fragmentContext is the element outputs are embedded in: a reader inserts
// entry HTML into a block of its own page.
func fragmentContext() *nethtml.Node {
	return &nethtml.Node{Type: nethtml.ElementNode, Data: "div", DataAtom: atom.Div}
}

// markupInto parses s as an HTML fragment and reports its unsafe markup,
// and with chars the control characters that references decoded to.
func markupInto(r *report, s string, chars bool) {
	nodes, err := nethtml.ParseFragment(strings.NewReader(s), fragmentContext())
	if err != nil {
		r.add(fmt.Sprintf("unparsable HTML: %v", err))
		return
	}
	for _, n := range nodes {
		checkNode(r, n, chars)
	}
}

// checkNode reports the violations in n and its descendants.
func checkNode(r *report, n *nethtml.Node, chars bool) {
	if r.full() {
		return
	}
	switch n.Type {
	case nethtml.TextNode, nethtml.CommentNode:
		// The parser has decoded references: "&#1;" is a control character
		// by the time a reader's DOM holds it.
		if chars {
			charViolations(r, n.Data, " in text")
		}
	case nethtml.ElementNode:
		name := strings.ToLower(n.Data)
		if forbiddenElement(name) && !(r.text && inertWhenBare(name) && len(n.Attr) == 0) {
			r.add(fmt.Sprintf("element <%s>", name))
		}
		if n.Namespace != "" {
			r.add(fmt.Sprintf("%s element <%s>", n.Namespace, name))
		}
		for _, a := range n.Attr {
			checkAttr(r, name, a, chars)
		}
	}
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		checkNode(r, c, chars)
	}
}

// checkAttr reports an unsafe attribute of element el.
func checkAttr(r *report, el string, a nethtml.Attribute, chars bool) {
	key := strings.ToLower(a.Key)
	if i := strings.LastIndexByte(key, ':'); i >= 0 {
		key = key[i+1:] // xlink:href is as much a link as href
	}
	where := " in " + key + " on <" + el + ">"
	if chars {
		charViolations(r, a.Val, where)
	}
	switch {
	case strings.HasPrefix(key, "on") && len(key) > 2:
		r.add(fmt.Sprintf("event handler %s on <%s>", key, el))
	case key == "srcdoc":
		r.add(fmt.Sprintf("srcdoc on <%s>", el))
	case key == "style":
		if bad := badStyle(a.Val); bad != "" {
			r.add(fmt.Sprintf("%s in style on <%s>", bad, el))
		}
	case srcsetAttribute(key):
		for _, c := range urlref.ParseSrcset(a.Val) {
			if v := badURL(c.URL, false); v != "" {
				r.add(v + where)
			}
		}
	case urlAttribute(key):
		if v := badURL(a.Val, el == "img" && key == "src"); v != "" {
			r.add(v + where)
		}
	}
}

// badURL names the unsafe scheme of a URL attribute value, or returns "".
// dataImage allows data: URLs of raster image types.
func badURL(v string, dataImage bool) string {
	switch scheme := urlref.Scheme(v); scheme {
	case "javascript", "vbscript", "livescript", "mocha":
		return scheme + ": URL"
	case "data":
		if dataImage && rasterDataURL(v) {
			return ""
		}
		return "data: URL"
	}
	return ""
}

// rasterDataURL reports whether v is a data: URL of a raster image type
// (PNG, GIF, JPEG, WebP): formats that are pixels only, unlike SVG, which
// is a document that can hold script.
func rasterDataURL(v string) bool {
	v = strings.TrimFunc(v, func(r rune) bool { return r <= 0x20 })
	if len(v) < 5 || !strings.EqualFold(v[:5], "data:") {
		return false
	}
	mediaType, _, ok := strings.Cut(strings.ToLower(strings.TrimLeft(v[5:], " ")), ",")
	if !ok {
		return false
	}
	mediaType, _, _ = strings.Cut(mediaType, ";")
	switch mediaType {
	case "image/png", "image/gif", "image/jpeg", "image/webp":
		return true
	}
	return false
}

// badStyle names script hidden in a style attribute, or returns "". It
// looks at the value with CSS comments, escapes and white space removed, the
// usual ways of hiding "expression(" from a naive filter.
func badStyle(v string) string {
	v = strings.ToLower(v)
	for {
		i := strings.Index(v, "/*")
		if i < 0 {
			break
		}
		j := strings.Index(v[i+2:], "*/")
		if j < 0 {
			v = v[:i]
			break
		}
		v = v[:i] + v[i+2+j+2:]
	}
	v = strings.Map(func(r rune) rune {
		if r == '\\' || r <= ' ' {
			return -1
		}
		return r
	}, v)
	for _, bad := range []string{"expression(", "javascript:", "vbscript:", "-moz-binding", "behavior:", "@import", "data:text/html"} {
		if strings.Contains(v, bad) {
			return strings.TrimSuffix(strings.TrimSuffix(bad, "("), ":")
		}
	}
	return ""
}
