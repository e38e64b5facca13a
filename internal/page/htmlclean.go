package page

import (
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// Page furniture removed before extraction. go-readability already skips
// "unlikely" blocks, but on a short article it retries without that rule and
// takes comment threads, share rows and sign-up boxes back in; removing them
// first keeps them out for good.

// furnitureTags never hold article text.
var furnitureTags = map[atom.Atom]bool{
	atom.Nav: true, atom.Header: true, atom.Footer: true, atom.Aside: true, atom.Form: true,
	atom.Script: true, atom.Style: true, atom.Template: true, atom.Button: true,
	atom.Input: true, atom.Select: true, atom.Textarea: true, atom.Dialog: true, atom.Menu: true,
}

// furnitureParts are the words of class and id names that mark page
// furniture: share widgets, comments, related posts, newsletter boxes,
// cookie banners, bylines (read before they are removed), ads.
var furnitureParts = map[string]bool{
	"share": true, "sharing": true, "sharedaddy": true, "addtoany": true, "sharethis": true,
	"social": true, "socials": true, "comments": true, "comment": true, "respond": true, "disqus": true,
	"related": true, "newsletter": true, "subscribe": true, "subscription": true, "signup": true,
	"sidebar": true, "breadcrumb": true, "breadcrumbs": true, "cookie": true, "cookies": true, "consent": true,
	"advert": true, "advertisement": true, "ads": true, "ad": true, "promo": true, "popup": true,
	"modal": true, "byline": true, "tags": true, "pagination": true,
	"navigation": true, "nav": true, "menu": true, "toolbar": true, "sr-only": true,
	"screen-reader-text": true, "skip-link": true, "visually-hidden": true,
	"player": true, "playlist": true,
}

// windowSuffixes end the compound class and id names of windows laid
// over the page ("makehomepagedialog", "signupmodal", "exitpopup"): a
// dialog's content is never the article's.
var windowSuffixes = []string{"dialog", "modal", "popup"}

// galleryParts are the class and id words of picture galleries: furniture
// when they hold a slideshow's worth of images, but also worn by the
// caption or the single lead picture of an article.
var galleryParts = map[string]bool{
	"gallery": true, "slideshow": true, "carousel": true, "lightbox": true,
}

// furnitureRoles are the ARIA roles of page furniture.
var furnitureRoles = map[string]bool{
	"menu": true, "menubar": true, "toolbar": true, "dialog": true, "alertdialog": true, "navigation": true,
	"banner": true, "contentinfo": true, "search": true, "complementary": true,
}

// gateParts are the class and id words of a paywall: furniture when the
// element is the prompt ("Subscribe to keep reading"), but sites mark the
// gated article text with them too, and a saved page holds that text.
var gateParts = map[string]bool{"paywall": true, "paywalled": true, "metered": true}

// maxGatePrompt is how much paragraph text (in bytes) a paywall prompt
// holds at most; more is the article behind it.
const maxGatePrompt = 400

// minGallerySlides is how many images make an element named "gallery" a
// slideshow beside the article rather than the article's own pictures.
const minGallerySlides = 8

// removeFurniture deletes furniture from the tree under body: the tags and
// class or id names above, hidden elements, and HTML comments.
//
// A form, or an element whose class merely mentions comments or sharing,
// may wrap the whole page (ASP.NET wraps everything in a <form>; themes add
// "has-comments" to the content wrapper), so such an element stays when it
// holds the article, the main element or most of the page's text.
//
// An <article>'s own <header> stays too, its widgets removed: it holds the
// headline, the byline and often the standfirst, which is the article's
// text; the headline and byline lines go later (removeTitleHeading,
// trimHTMLBlocks).
func removeFurniture(body *html.Node, tr *tracer) {
	total := paragraphText(body)
	var visit func(n *html.Node, inArticle bool)
	visit = func(n *html.Node, inArticle bool) {
		for c := n.FirstChild; c != nil; {
			next := c.NextSibling
			if inArticle && c.Type == html.ElementNode && c.DataAtom == atom.Header && !namedFurniture(c) {
				visit(c, inArticle)
			} else if isFurniture(c) && !(softFurniture(c) && holdsContent(c, total)) {
				if tr != nil && c.Type == html.ElementNode {
					rule := "furniture: <" + c.Data + "> " + strings.TrimSpace(attr(c, "class")+" "+attr(c, "id")+" "+attr(c, "role"))
					tr.drop(textOf(c), rule)
					for _, leaf := range leafBlocks(c) {
						tr.drop(textOf(leaf), rule)
					}
				}
				n.RemoveChild(c)
			} else {
				visit(c, inArticle || c.DataAtom == atom.Article)
			}
			c = next
		}
	}
	visit(body, false)
}

// softFurniture reports whether n is furniture only by its class or id, or
// is a form or header: judgements holdsContent may overrule.
func softFurniture(n *html.Node) bool {
	return n.Type == html.ElementNode && (n.DataAtom == atom.Form || n.DataAtom == atom.Header || !furnitureTags[n.DataAtom])
}

// holdsContent reports whether n contains the page's article or main
// element, is or contains a post body as blog engines mark it ("entry-content
// has-share-buttons"), or holds more than half of its text.
func holdsContent(n *html.Node, total int) bool {
	found := false
	walk(n, func(c *html.Node) bool {
		if found {
			return false
		}
		if c.Type == html.ElementNode && (c != n && (c.DataAtom == atom.Article || c.DataAtom == atom.Main) || marksPostBody(c)) {
			found = true
		}
		return !found
	})
	return found || total > 0 && paragraphText(n)*2 > total
}

// paragraphText is the length of the text in n's <p> elements: the measure
// of where a page's prose is (captions, menus and link lists are not <p>).
func paragraphText(n *html.Node) int {
	total := 0
	walk(n, func(c *html.Node) bool {
		if c.Type == html.ElementNode && c.DataAtom == atom.P {
			total += len(textOf(c))
			return false
		}
		return true
	})
	return total
}

// countImages counts the <img> elements under n.
func countImages(n *html.Node) int {
	count := 0
	walk(n, func(c *html.Node) bool {
		if c.Type == html.ElementNode && c.DataAtom == atom.Img {
			count++
		}
		return true
	})
	return count
}

// postBodyClasses are the class names blog engines and microformats give
// the element holding a post's text.
var postBodyClasses = []string{"hentry", "h-entry", "post-body", "entry-content", "post-content", "article-body", "article-content", "story-body"}

// marksPostBody reports whether n is marked as the page's main content or a
// post's body.
func marksPostBody(n *html.Node) bool {
	if strings.EqualFold(attr(n, "role"), "main") {
		return true
	}
	switch strings.ToLower(attr(n, "itemprop")) {
	case "articlebody", "blogpost", "text":
		return true
	}
	for _, c := range postBodyClasses {
		if hasToken(attr(n, "class"), c) {
			return true
		}
	}
	return false
}

func isFurniture(n *html.Node) bool {
	switch n.Type {
	case html.CommentNode:
		return true
	case html.ElementNode:
	default:
		return false
	}
	return furnitureTags[n.DataAtom] || namedFurniture(n)
}

// namedFurniture reports whether element n is furniture by its attributes:
// hidden, a widget's ARIA role, or a widget's class or id name.
func namedFurniture(n *html.Node) bool {
	if _, hidden := attrOK(n, "hidden"); hidden || strings.EqualFold(attr(n, "aria-hidden"), "true") {
		return true
	}
	if furnitureRoles[strings.ToLower(strings.TrimSpace(attr(n, "role")))] {
		return true
	}
	style := strings.ToLower(strings.ReplaceAll(attr(n, "style"), " ", ""))
	if strings.Contains(style, "display:none") || strings.Contains(style, "visibility:hidden") {
		return true
	}
	// A paragraph or a figure is the article's whatever its class says:
	// themes mark an article's own paragraphs "paywall" or "share-quote",
	// and its videos "media-item default-player" (the player's controls
	// inside go by their tags and roles).
	switch n.DataAtom {
	case atom.P, atom.Figure, atom.Figcaption:
		return false
	}
	for _, name := range strings.Fields(attr(n, "class")) {
		if furnitureName(n, name) {
			return true
		}
	}
	id := strings.TrimSpace(attr(n, "id"))
	return id != "" && furnitureName(n, id) && !headingAnchor(n, id)
}

// furnitureName reports whether a class or id name of n names furniture:
// it is, or holds as a part, one of furnitureParts, or of galleryParts
// and gateParts when n holds a slideshow or only a paywall's prompt.
func furnitureName(n *html.Node, name string) bool {
	name = strings.ToLower(name)
	if furnitureParts[name] {
		return true
	}
	for _, suffix := range windowSuffixes {
		if strings.HasSuffix(name, suffix) {
			return true
		}
	}
	for _, part := range strings.FieldsFunc(name, func(r rune) bool { return r == '-' || r == '_' }) {
		if furnitureParts[part] || galleryParts[part] && countImages(n) >= minGallerySlides ||
			gateParts[part] && paragraphText(n) <= maxGatePrompt {
			return true
		}
	}
	return false
}

// removePermalinks deletes the permalink marks documentation engines put
// in headings ("Setup<a class="headerlink" href="#setup">¶</a>", an
// icon-only "#" link): a link to the heading's own anchor whose text is a
// symbol or nothing. They are no part of the heading's words, and neither
// is a button beside them ("Crate std<button>Copy item path</button>"); a
// button holding all of a heading's words is the heading itself, as an
// accordion's section titles are, and stays.
func removePermalinks(root *html.Node) {
	var marks []*html.Node
	walk(root, func(n *html.Node) bool {
		if n.Type != html.ElementNode || !headingTags[n.DataAtom] {
			return true
		}
		own := textOf(n)
		walk(n, func(c *html.Node) bool {
			if c.Type != html.ElementNode {
				return true
			}
			switch {
			case c.DataAtom == atom.A && strings.HasPrefix(attr(c, "href"), "#") && permalinkMark(textOf(c)),
				c.DataAtom == atom.Button && textOf(c) != own:
				marks = append(marks, c)
				return false
			}
			return true
		})
		return false
	})
	for _, m := range marks {
		m.Parent.RemoveChild(m)
	}
}

// permalinkMark reports whether a link's text is a permalink's symbol
// ("¶", "#", "§", "🔗") or nothing (an icon).
func permalinkMark(t string) bool {
	if utf8.RuneCountInString(t) > 2 {
		return false
	}
	for _, r := range t {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			return false
		}
	}
	return true
}

// dropAnchorIDs removes from the tree handed to the extractor the ids that
// are heading anchors: go-readability reads ids as it reads class names,
// and takes a section anchored "related-commands" for a related-posts box.
func dropAnchorIDs(body *html.Node) {
	walk(body, func(n *html.Node) bool {
		if n.Type != html.ElementNode {
			return true
		}
		if id := attr(n, "id"); headingAnchor(n, id) {
			removeAttr(n, "id")
		}
		return true
	})
}

func removeAttr(n *html.Node, key string) {
	n.Attr = slices.DeleteFunc(n.Attr, func(a html.Attribute) bool { return a.Namespace == "" && strings.EqualFold(a.Key, key) })
}

// headingAnchor reports whether id is the anchor of n's heading, made from
// its words as documentation and blog engines make them
// ("sharing-with-a-single-developer", "related-work"), and n, unless it is
// the heading itself, holds prose: it names a section of the text, not a
// widget. A one-word id ("comments" over "Comments") is a widget's name
// as often as an anchor, and stays a name; so does the id of a box of
// links headed with its own name ("related-posts" over "Related posts").
func headingAnchor(n *html.Node, id string) bool {
	key := alnumKey(id)
	if key == "" || !strings.ContainsAny(id, "-_") {
		return false
	}
	heading := n
	if !headingTags[n.DataAtom] {
		heading = firstHeading(n)
		if heading == nil || paragraphText(n) < minSectionProse {
			return false
		}
	}
	if heading == nil {
		return false
	}
	h := alnumKey(textOf(heading))
	return h != "" && (h == key || len(key) >= minAnchorKey && strings.HasPrefix(h, key))
}

// minSectionProse is how much paragraph text (in bytes) a section
// anchored on its heading holds at least: a sentence or two.
const minSectionProse = 120

// minAnchorKey is how long an id must be to match the start of a heading
// (engines cut long anchors short): shorter ids ("share") are the names
// widgets are given.
const minAnchorKey = 12

var headingTags = map[atom.Atom]bool{atom.H1: true, atom.H2: true, atom.H3: true, atom.H4: true, atom.H5: true, atom.H6: true}

// firstHeading is the first heading under n, in document order.
func firstHeading(n *html.Node) *html.Node {
	var found *html.Node
	walk(n, func(c *html.Node) bool {
		if found != nil {
			return false
		}
		if c != n && c.Type == html.ElementNode && headingTags[c.DataAtom] {
			found = c
			return false
		}
		return true
	})
	return found
}

// alnumKey is s lower-cased with everything but letters and digits left
// out: a heading and its anchor give the same key.
func alnumKey(s string) string {
	return strings.Map(func(r rune) rune {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			return unicode.ToLower(r)
		}
		return -1
	}, s)
}

// unwrappedTags are the layout containers whose boundaries mean nothing in
// an entry: their children are kept in their place.
var unwrappedTags = map[atom.Atom]bool{
	atom.Div: true, atom.Section: true, atom.Article: true, atom.Main: true, atom.Header: true, atom.Span: true,
}

// unwrapLayout replaces layout containers under n with their children, so
// an entry holds paragraphs, headings, lists and figures rather than the
// page's grid of <div>s. A container holding only inline content becomes a
// paragraph.
func unwrapLayout(n *html.Node) {
	for c := n.FirstChild; c != nil; {
		next := c.NextSibling
		if c.Type == html.ElementNode {
			unwrapLayout(c)
			if unwrappedTags[c.DataAtom] && c.DataAtom != atom.Span {
				if !hasBlockChild(c) && strings.TrimSpace(textOf(c)) != "" {
					c.DataAtom, c.Data, c.Attr = atom.P, "p", nil
				} else {
					for k := c.FirstChild; k != nil; {
						kn := k.NextSibling
						c.RemoveChild(k)
						n.InsertBefore(k, c)
						k = kn
					}
					n.RemoveChild(c)
				}
			}
		}
		c = next
	}
}
