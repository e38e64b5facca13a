package normalize

import (
	"net/url"
	"regexp"
	"slices"
	"strings"
	"sync"

	"github.com/microcosm-cc/bluemonday"
	nethtml "golang.org/x/net/html"
	"golang.org/x/net/html/atom"

	"github.com/tributary/tributary/internal/htmltext"
	"github.com/tributary/tributary/internal/urlref"
)

// policy is the element and attribute allowlist, built on first use.
// Building one compiles regexps and fills a few dozen maps, which costs as
// much as sanitising a short summary, and bluemonday policies are safe for
// concurrent use once built. Nothing mutates the policy after newPolicy
// returns, so sharing it is sharing a constant, not mutable state.
var policy = sync.OnceValue(newPolicy)

var (
	reNumber    = regexp.MustCompile(`^[0-9]{1,5}$`)
	reDimension = regexp.MustCompile(`^[0-9]{1,5}%?$`)
	reOLStart   = regexp.MustCompile(`^-?[0-9]{1,9}$`)
	reOLType    = regexp.MustCompile(`^[1aAiI]$`)
	reDir       = regexp.MustCompile(`^(?i:ltr|rtl|auto)$`)
	reLang      = regexp.MustCompile(`^[A-Za-z]{1,8}(-[A-Za-z0-9]{1,8})*$`)
	reScope     = regexp.MustCompile(`^(?i:row|col|rowgroup|colgroup)$`)
	reMIME      = regexp.MustCompile(`^[A-Za-z0-9!#$&^_.+-]+/[A-Za-z0-9!#$&^_.+-]+\s*(;.*)?$`)
	reBase64    = regexp.MustCompile(`^[A-Za-z0-9+/]*={0,2}$`)
)

// newPolicy builds the allowlist: what a reader needs to read a post
// (text structure, links, images, tables, code, quotes, media) and nothing
// that runs, submits, embeds a document or restyles the reader's page.
//
// Decisions:
//   - style, class and id attributes go: styles and classes can disguise
//     content or pick up the reader's own CSS, ids can collide with the
//     reader's page and hijack its fragment links;
//   - div, span and the sectioning elements stay, without attributes, so
//     that paragraphs written as <div>s do not run together;
//   - audio and video stay with http(s) sources, always with controls and
//     never autoplaying; iframes go, but YouTube and Vimeo players become
//     links to the video first (embeds.go);
//   - URLs are not checked here but by tidy, which resolves them first:
//     bluemonday would drop URLs net/url cannot parse (an image named "my
//     photo.png") and knows nothing of srcset or poster.
func newPolicy() *bluemonday.Policy {
	p := bluemonday.NewPolicy()
	p.AllowElements(
		"p", "br", "hr", "div", "span", "section", "article", "aside", "header",
		"footer", "address", "figure", "figcaption", "picture",
		"ul", "ol", "li", "dl", "dt", "dd", "blockquote", "q", "pre", "code",
		"kbd", "samp", "var", "em", "strong", "b", "i", "u", "s", "del", "ins",
		"mark", "small", "sub", "sup", "abbr", "cite", "dfn", "time", "wbr",
		"ruby", "rt", "rp", "bdi", "h1", "h2", "h3", "h4", "h5", "h6",
		"table", "thead", "tbody", "tfoot", "tr", "th", "td", "caption",
		"colgroup", "col", "details", "summary", "audio", "video",
	)
	p.AllowAttrs("title").Globally()
	p.AllowAttrs("lang").Matching(reLang).Globally()
	p.AllowAttrs("dir").Matching(reDir).Globally()
	p.AllowAttrs("href").OnElements("a")
	p.AllowAttrs("src", "srcset", "sizes", "alt").OnElements("img")
	p.AllowAttrs("width", "height").Matching(reDimension).OnElements("img", "video", "source")
	p.AllowAttrs("src", "srcset", "sizes", "media").OnElements("source")
	p.AllowAttrs("type").Matching(reMIME).OnElements("source")
	p.AllowAttrs("cite").OnElements("blockquote", "q", "del", "ins")
	p.AllowAttrs("datetime").OnElements("del", "ins", "time")
	p.AllowAttrs("colspan", "rowspan").Matching(reNumber).OnElements("td", "th")
	p.AllowAttrs("scope").Matching(reScope).OnElements("th")
	p.AllowAttrs("span").Matching(reNumber).OnElements("col", "colgroup")
	p.AllowAttrs("start").Matching(reOLStart).OnElements("ol")
	p.AllowAttrs("type").Matching(reOLType).OnElements("ol")
	p.AllowAttrs("reversed").OnElements("ol")
	p.AllowAttrs("value").Matching(reOLStart).OnElements("li")
	p.AllowAttrs("open").OnElements("details")
	p.AllowAttrs("src", "loop", "muted").OnElements("audio", "video")
	p.AllowAttrs("poster", "playsinline").OnElements("video")
	// The text of these is not prose: option lists, SVG drawing code,
	// inert templates. Their content goes with them.
	p.SkipElementsContent("template", "svg", "math", "select", "textarea",
		"button", "datalist", "option", "head", "xmp")
	return p
}

// maxDataImage bounds an inline data: image. Some feeds inline small
// images (rendered formulas, icons) that are lost if data: URLs are
// refused; raster formats cannot run script, but a big one would be copied
// into every output.
const maxDataImage = 64 << 10

// Sanitize makes feed HTML safe to republish: it keeps what a reader needs
// to read the post (see newPolicy), resolves relative URLs against base
// (when base is an absolute http(s) URL; otherwise they stay relative),
// keeps only http(s) URLs (plus mailto: links and small data: raster
// images), gives every link rel="nofollow noopener" and no target, drops
// 1×1 tracking images, and returns balanced markup without control
// characters. The result always satisfies Unsafe: should a parser quirk
// ever defeat the tidy step, the post degrades to its plain text in
// paragraphs rather than to unsafe output.
func Sanitize(s, base string) string {
	out := sanitize(s, base)
	if len(Unsafe(out)) == 0 {
		return out
	}
	return htmltext.Paragraphs(htmltext.Text(out))
}

// sanitize is Sanitize without the final guard, so the fuzz test can see
// what the guard would hide.
func sanitize(s, base string) string {
	out, _ := sanitizeText(s, base, base, false)
	return out
}

// sanitizeText is sanitize that resolves relative references against
// docBase, except in-page ones ("#note-1") against pageBase, and also
// returns htmltext.Text of its result when withText is set, taken from the
// parsed tree rather than by parsing the result again.
func sanitizeText(s, docBase, pageBase string, withText bool) (out, text string) {
	s = htmltext.UnwrapCDATA(htmltext.CleanChars(s))
	if strings.TrimSpace(s) == "" {
		return "", ""
	}
	clean := allowlisted(linkVideoEmbeds(s))
	nodes, err := nethtml.ParseFragment(strings.NewReader(clean), fragmentContext())
	if err != nil {
		// The parser refuses absurd nesting (more than 512 open elements);
		// no real post needs it, but its text is still worth keeping.
		out = htmltext.Paragraphs(htmltext.Text(clean))
		if withText {
			text = htmltext.Text(out)
		}
		return out, text
	}
	root := fragmentContext()
	for _, n := range nodes {
		root.AppendChild(n)
	}
	page := urlref.Base(pageBase)
	doc := page
	if docBase != pageBase {
		if doc = urlref.Base(docBase); doc == nil {
			doc = page
		}
	}
	tidyChildren(root, bases{doc: doc, page: page})
	var b strings.Builder
	b.Grow(len(clean) + len(clean)/8)
	for c := root.FirstChild; c != nil; c = c.NextSibling {
		if err := nethtml.Render(&b, c); err != nil {
			return "", ""
		}
	}
	out = strings.TrimSpace(b.String())
	if withText {
		text = htmltext.NodeText(root, len(out))
	}
	return out, text
}

// allowlisted is policy().Sanitize(s), written into a buffer sized for
// the result up front: Sanitize grows its own from nothing and then copies
// it into a string, which on a cold run is a third of what ingest
// allocates. Like Sanitize, it returns "" when the tokenizer fails.
func allowlisted(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	if err := policy().SanitizeReaderToWriter(strings.NewReader(s), &b); err != nil {
		return ""
	}
	return b.String()
}

// bases are what the relative references of a fragment resolve against.
type bases struct {
	doc  *url.URL // where the HTML was published: xml:base or the feed document, else the page
	page *url.URL // the post's own page, for in-page references ("#note-1")
}

// of returns the base for ref. An in-page reference points into the post
// itself wherever it is shown, so it resolves against the post's page,
// not the feed document the HTML came in.
func (b bases) of(ref string) *url.URL {
	if strings.HasPrefix(strings.TrimSpace(ref), "#") {
		return b.page
	}
	return b.doc
}

// tidyChildren tidies each child of parent; a child may be removed or
// replaced by its own children.
func tidyChildren(parent *nethtml.Node, base bases) {
	for c := parent.FirstChild; c != nil; {
		next := c.NextSibling
		tidy(c, base)
		c = next
	}
}

// tidy does what the allowlist cannot: it resolves and checks every URL,
// sets link relations, applies the rules that depend on a parent (a
// <source> in a <picture> is an image, in a <video> a media file), removes
// what lost its reason to exist (a link without a target, an image without
// a source), and strips control characters that entity references decoded
// to.
func tidy(n *nethtml.Node, base bases) {
	switch n.Type {
	case nethtml.TextNode:
		n.Data = htmltext.CleanChars(n.Data)
		return
	case nethtml.ElementNode:
	default:
		n.Parent.RemoveChild(n)
		return
	}
	for i := range n.Attr {
		n.Attr[i].Val = htmltext.CleanChars(n.Attr[i].Val)
	}
	switch n.DataAtom {
	case atom.A:
		delAttr(n, "rel")
		delAttr(n, "target")
		if fixURLAttr(n, "href", base, true) {
			setAttr(n, "rel", "nofollow noopener")
		}
	case atom.Img:
		fixImageSrc(n, base)
		fixSrcset(n, base)
		if (!hasAttr(n, "src") && !hasAttr(n, "srcset")) || trackingPixel(n) {
			n.Parent.RemoveChild(n)
			return
		}
	case atom.Source:
		if !fixSource(n, base) {
			n.Parent.RemoveChild(n)
			return
		}
	case atom.Audio, atom.Video:
		fixURLAttr(n, "src", base, false)
		fixURLAttr(n, "poster", base, false)
		setAttr(n, "controls", "")
	case atom.Blockquote, atom.Q, atom.Del, atom.Ins:
		fixURLAttr(n, "cite", base, false)
	}
	tidyChildren(n, base)
	switch n.DataAtom {
	case atom.A:
		if !hasAttr(n, "href") {
			unwrap(n)
		}
	case atom.Picture:
		if !hasChild(n, atom.Img) {
			removeChildren(n, atom.Source)
			unwrap(n)
		}
	case atom.Audio, atom.Video:
		if !hasAttr(n, "src") && !hasChild(n, atom.Source) {
			unwrap(n)
		}
	}
}

// fixURLAttr resolves the URL in attribute key and keeps it if it is
// http(s) (or mailto: when mailto is set); it reports whether it kept it.
func fixURLAttr(n *nethtml.Node, key string, base bases, mailto bool) bool {
	v, ok := getAttr(n, key)
	if !ok {
		return false
	}
	u := outputURL(base.of(v), v, mailto)
	if u == "" {
		delAttr(n, key)
		return false
	}
	setAttr(n, key, u)
	return true
}

// outputURL resolves ref against base and returns it in URL form when its
// scheme is allowed in output; a relative ref stays relative when there is
// no base to resolve it against (it cannot name a scheme).
func outputURL(base *url.URL, ref string, mailto bool) string {
	u := urlref.ResolveURL(base, ref)
	switch {
	case u == nil:
		return ""
	case u.Scheme == "" && base == nil:
		return u.String()
	case urlref.WebScheme(u.Scheme) && u.Host != "":
		return u.String()
	case mailto && u.Scheme == "mailto" && u.Opaque != "":
		return u.String()
	}
	return ""
}

// fixImageSrc is fixURLAttr for an img src, which may also be a small data:
// raster image in base64.
func fixImageSrc(n *nethtml.Node, base bases) {
	v, ok := getAttr(n, "src")
	if !ok {
		return
	}
	if urlref.Scheme(v) == "data" {
		v = strings.TrimSpace(v)
		_, data, ok := strings.Cut(v, ";base64,")
		if !rasterDataURL(v) || !ok || len(v) > maxDataImage || !reBase64.MatchString(data) {
			delAttr(n, "src")
		}
		return
	}
	fixURLAttr(n, "src", base, false)
}

// fixSrcset keeps the srcset candidates whose URL is allowed, resolved.
func fixSrcset(n *nethtml.Node, base bases) {
	v, ok := getAttr(n, "srcset")
	if !ok {
		return
	}
	kept := urlref.FormatSrcset(urlref.ParseSrcset(v), func(u string) string {
		return outputURL(base.doc, u, false)
	})
	if kept == "" {
		delAttr(n, "srcset")
		delAttr(n, "sizes")
		return
	}
	setAttr(n, "srcset", kept)
}

// fixSource applies a <source>'s rules, which depend on its parent, and
// reports whether it stays.
func fixSource(n *nethtml.Node, base bases) bool {
	typ, _ := getAttr(n, "type")
	typ = strings.ToLower(strings.TrimSpace(typ))
	switch parent := n.Parent; {
	case parent != nil && parent.DataAtom == atom.Picture:
		delAttr(n, "src")
		fixSrcset(n, base)
		return hasAttr(n, "srcset") && (typ == "" || strings.HasPrefix(typ, "image/"))
	case parent != nil && (parent.DataAtom == atom.Audio || parent.DataAtom == atom.Video):
		delAttr(n, "srcset")
		delAttr(n, "sizes")
		delAttr(n, "media")
		media := strings.HasPrefix(typ, "audio/") || strings.HasPrefix(typ, "video/")
		return fixURLAttr(n, "src", base, false) && (typ == "" || media)
	}
	return false
}

// trackingPixel reports an image declared 1×1 (or smaller): web bugs that
// tell the sender who read the post, and show nothing.
func trackingPixel(n *nethtml.Node) bool {
	w, okW := getAttr(n, "width")
	h, okH := getAttr(n, "height")
	tiny := func(v string) bool { return v == "0" || v == "1" }
	return okW && okH && tiny(strings.TrimSpace(w)) && tiny(strings.TrimSpace(h))
}

func getAttr(n *nethtml.Node, key string) (string, bool) {
	for _, a := range n.Attr {
		if a.Namespace == "" && a.Key == key {
			return a.Val, true
		}
	}
	return "", false
}

func hasAttr(n *nethtml.Node, key string) bool {
	_, ok := getAttr(n, key)
	return ok
}

func setAttr(n *nethtml.Node, key, val string) {
	for i, a := range n.Attr {
		if a.Namespace == "" && a.Key == key {
			n.Attr[i].Val = val
			return
		}
	}
	n.Attr = append(n.Attr, nethtml.Attribute{Key: key, Val: val})
}

func delAttr(n *nethtml.Node, key string) {
	n.Attr = slices.DeleteFunc(n.Attr, func(a nethtml.Attribute) bool { return a.Namespace == "" && a.Key == key })
}

func hasChild(n *nethtml.Node, a atom.Atom) bool {
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		if c.Type == nethtml.ElementNode && c.DataAtom == a {
			return true
		}
	}
	return false
}

func removeChildren(n *nethtml.Node, a atom.Atom) {
	for c := n.FirstChild; c != nil; {
		next := c.NextSibling
		if c.Type == nethtml.ElementNode && c.DataAtom == a {
			n.RemoveChild(c)
		}
		c = next
	}
}

// unwrap replaces n by its children.
func unwrap(n *nethtml.Node) {
	parent := n.Parent
	for c := n.FirstChild; c != nil; {
		next := c.NextSibling
		n.RemoveChild(c)
		parent.InsertBefore(c, n)
		c = next
	}
	parent.RemoveChild(n)
}
