package page

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/url"
	"strings"
	"time"

	"github.com/tributary/tributary/internal/dates"
	"github.com/tributary/tributary/internal/feed"
	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// pageMeta is what an HTML page says about itself outside its body text.
type pageMeta struct {
	values    map[string][]string // <meta> name/property/itemprop (lower case) -> content
	title     string              // <title>
	base      string              // <base href>
	canonical string              // <link rel=canonical>
	relAuthor string              // text of the first rel=author link
	itemDate  string              // itemprop=datePublished outside <meta>
	ld        ldArticle
}

func (m pageMeta) first(keys ...string) string {
	for _, k := range keys {
		for _, v := range m.values[k] {
			if v = strings.TrimSpace(v); v != "" {
				return v
			}
		}
	}
	return ""
}

// ldArticle holds the fields of a JSON-LD Article (or BlogPosting, ...).
type ldArticle struct {
	headline, published, modified, url string
	authors                            []string
}

// junkTags never hold article text.
var junkTags = map[atom.Atom]bool{
	atom.Nav: true, atom.Header: true, atom.Footer: true, atom.Aside: true, atom.Form: true,
	atom.Script: true, atom.Style: true, atom.Noscript: true, atom.Template: true, atom.Button: true,
	atom.Input: true, atom.Select: true, atom.Textarea: true, atom.Iframe: true, atom.Svg: true,
	atom.Canvas: true, atom.Dialog: true, atom.Object: true, atom.Embed: true, atom.Link: true,
	atom.Meta: true, atom.Menu: true,
}

// junkParts are the words of class and id names that mark page furniture:
// share widgets, comments, related posts, newsletter boxes, bylines and post
// metadata (read before they are removed), ads.
var junkParts = map[string]bool{
	"share": true, "sharing": true, "sharedaddy": true, "addtoany": true, "sharethis": true,
	"social": true, "socials": true, "comments": true, "comment": true, "respond": true,
	"related": true, "newsletter": true, "subscribe": true, "subscription": true, "signup": true,
	"sidebar": true, "breadcrumb": true, "breadcrumbs": true, "cookie": true, "cookies": true,
	"advert": true, "advertisement": true, "ads": true, "ad": true, "promo": true, "popup": true,
	"modal": true, "widget": true, "byline": true, "meta": true, "tags": true, "pagination": true,
	"navigation": true, "nav": true, "menu": true, "toolbar": true, "sr-only": true,
	"screen-reader-text": true, "skip-link": true,
}

// blockTags are the elements whose text forms a paragraph for trimming.
var blockTags = map[atom.Atom]bool{
	atom.P: true, atom.H1: true, atom.H2: true, atom.H3: true, atom.H4: true, atom.H5: true, atom.H6: true,
	atom.Li: true, atom.Blockquote: true, atom.Pre: true, atom.Figure: true, atom.Table: true,
	atom.Dl: true, atom.Div: true, atom.Section: true, atom.Ul: true, atom.Ol: true, atom.Address: true,
	atom.Article: true, atom.Main: true,
}

// keepAttrs are the attributes worth keeping in entry content; the rest
// (classes, styles, handlers, data-*) mean nothing outside the page.
var keepAttrs = map[string]bool{
	"href": true, "src": true, "srcset": true, "alt": true, "title": true, "datetime": true,
	"cite": true, "colspan": true, "rowspan": true, "start": true, "width": true, "height": true,
}

// parseHTML reads a saved article page: metadata for title, date and author,
// the article body (the <article>, else <main>, else the element holding
// the most paragraph text) without navigation, share widgets, comments and
// other furniture, and links made absolute.
func parseHTML(name, src string, opts Options) (*feed.Document, error) {
	root, err := html.Parse(strings.NewReader(src))
	if err != nil {
		return nil, fmt.Errorf("parse html: %w", err)
	}
	meta := collectMeta(root)
	base := pageBase(meta, opts.BaseURL)
	site := meta.first("og:site_name", "application-name")
	siteName := site
	if siteName == "" {
		siteName = opts.Meta.SiteName
	}

	// Title, date and byline often sit in the article's <header>, which
	// is removed with the rest of the furniture; read them first.
	pre := findArticle(root)
	title := stripSiteSuffix(firstNonEmpty(meta.first("og:title", "twitter:title"), meta.ld.headline), siteName)
	if title == "" && pre != nil {
		title = textOf(findFirst(pre, atom.H1))
	}
	if title == "" {
		title = titleFromTag(meta.title, siteName, textOf(findFirst(root, atom.H1)))
	}
	published, rawPub := htmlDate(meta, pre)
	updated, rawUpd := firstDate(meta.first("article:modified_time", "og:updated_time", "dateModified"), meta.ld.modified)
	authors := htmlAuthors(meta, pre)

	body := findFirst(root, atom.Body)
	if body == nil {
		body = root
	}
	removeJunk(body)
	container := pickContainer(body)

	removeTitleHeading(container, title)
	res := trimHTMLBlocks(container, opts)
	if len(authors) == 0 && res.author != "" {
		authors = []string{res.author}
	}
	resolveLinks(container, base)
	pruneEmpty(container)
	content, err := renderChildren(container)
	if err != nil {
		return nil, err
	}
	if title == "" {
		if leaves := leafBlocks(container); len(leaves) > 0 {
			title = deriveTitle(textOf(leaves[0]))
		}
	}
	if title == "" && content == "" {
		return &feed.Document{}, nil
	}
	link := absOrEmpty(firstNonEmpty(meta.canonical, meta.first("og:url"), meta.ld.url), base)
	categories := meta.values["article:tag"]
	if len(categories) == 0 {
		categories = res.categories
	}
	e := feed.Entry{
		Title:        title,
		Link:         link,
		Authors:      authors,
		Categories:   categories,
		Published:    published,
		RawPublished: rawPub,
		Updated:      updated,
		RawUpdated:   rawUpd,
		Content:      content,
		Raw:          src,
		File:         baseName(name),
	}
	doc := &feed.Document{Title: site, Entries: []feed.Entry{e}}
	if lang := htmlLang(root); lang != "" {
		doc.Language = lang
	}
	return doc, nil
}

// htmlParagraphs returns the paragraph texts of a page's article body, for
// DetectBoilerplate.
func htmlParagraphs(src string) ([]string, error) {
	root, err := html.Parse(strings.NewReader(src))
	if err != nil {
		return nil, fmt.Errorf("parse html: %w", err)
	}
	body := findFirst(root, atom.Body)
	if body == nil {
		body = root
	}
	removeJunk(body)
	var out []string
	for _, n := range leafBlocks(pickContainer(body)) {
		if t := textOf(n); t != "" {
			out = append(out, t)
		}
	}
	return out, nil
}

// collectMeta reads <meta>, <title>, <base>, canonical and author links,
// itemprop dates and JSON-LD from the whole document.
func collectMeta(root *html.Node) pageMeta {
	m := pageMeta{values: map[string][]string{}}
	walk(root, func(n *html.Node) bool {
		if n.Type != html.ElementNode {
			return true
		}
		switch n.DataAtom {
		case atom.Meta:
			content := attr(n, "content")
			for _, k := range []string{"name", "property", "itemprop"} {
				if key := strings.ToLower(strings.TrimSpace(attr(n, k))); key != "" {
					m.values[key] = append(m.values[key], content)
				}
			}
		case atom.Title:
			if m.title == "" {
				m.title = textOf(n)
			}
		case atom.Base:
			if m.base == "" {
				m.base = attr(n, "href")
			}
		case atom.Link:
			if hasToken(attr(n, "rel"), "canonical") && m.canonical == "" {
				m.canonical = attr(n, "href")
			}
		case atom.Script:
			if strings.EqualFold(strings.TrimSpace(attr(n, "type")), "application/ld+json") && m.ld.headline == "" && m.ld.published == "" {
				if n.FirstChild != nil && n.FirstChild.Type == html.TextNode {
					m.ld = parseLD(n.FirstChild.Data)
				}
			}
			return false
		}
		if hasToken(attr(n, "rel"), "author") && n.DataAtom == atom.A && m.relAuthor == "" {
			m.relAuthor = textOf(n)
		}
		if strings.EqualFold(attr(n, "itemprop"), "datePublished") && n.DataAtom != atom.Meta && m.itemDate == "" {
			m.itemDate = firstNonEmpty(attr(n, "datetime"), attr(n, "content"), textOf(n))
		}
		return true
	})
	return m
}

// parseLD reads the first Article-like object of a JSON-LD block.
func parseLD(src string) ldArticle {
	var v any
	if err := json.Unmarshal([]byte(src), &v); err != nil {
		return ldArticle{}
	}
	var found map[string]any
	var visit func(any)
	visit = func(v any) {
		if found != nil {
			return
		}
		switch x := v.(type) {
		case []any:
			for _, item := range x {
				visit(item)
			}
		case map[string]any:
			if isArticleType(x["@type"]) {
				found = x
				return
			}
			visit(x["@graph"])
		}
	}
	visit(v)
	if found == nil {
		return ldArticle{}
	}
	a := ldArticle{
		headline:  scalarString(found["headline"]),
		published: scalarString(found["datePublished"]),
		modified:  scalarString(found["dateModified"]),
		url:       scalarString(found["url"]),
	}
	switch au := found["author"].(type) {
	case []any:
		for _, item := range au {
			if s := scalarString(item); s != "" {
				a.authors = append(a.authors, s)
			}
		}
	default:
		if s := scalarString(au); s != "" {
			a.authors = []string{s}
		}
	}
	return a
}

func isArticleType(t any) bool {
	switch x := t.(type) {
	case string:
		switch x {
		case "Article", "BlogPosting", "NewsArticle", "Report", "ScholarlyArticle", "TechArticle", "OpinionNewsArticle", "AnalysisNewsArticle", "SocialMediaPosting":
			return true
		}
	case []any:
		for _, item := range x {
			if isArticleType(item) {
				return true
			}
		}
	}
	return false
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
func absOrEmpty(ref, base string) string {
	ref = strings.TrimSpace(ref)
	if ref == "" {
		return ""
	}
	r, err := url.Parse(ref)
	if err != nil {
		return ""
	}
	if !r.IsAbs() {
		b, err := url.Parse(base)
		if err != nil || !isAbsURL(base) {
			return ""
		}
		r = b.ResolveReference(r)
	}
	if s := r.String(); isAbsURL(s) {
		return s
	}
	return ""
}

// htmlDate finds the publication date: article:published_time, JSON-LD or
// itemprop datePublished, a <time> in the article, then other date metas.
func htmlDate(m pageMeta, article *html.Node) (*time.Time, string) {
	candidates := []string{
		m.first("article:published_time", "og:published_time", "datepublished"),
		m.ld.published,
		m.itemDate,
	}
	if article != nil {
		if t := findFirst(article, atom.Time); t != nil {
			candidates = append(candidates, firstNonEmpty(attr(t, "datetime"), textOf(t)))
		}
	}
	candidates = append(candidates, m.first("date", "pubdate", "publishdate", "publish-date", "publish_date",
		"dc.date", "dc.date.issued", "dcterms.created", "dcterms.date", "sailthru.date", "parsely-pub-date", "citation_publication_date"))
	return firstDate(candidates...)
}

func firstDate(candidates ...string) (*time.Time, string) {
	for _, c := range candidates {
		if t, ok := dates.Parse(c); ok {
			return timePtr(t), strings.TrimSpace(c)
		}
	}
	return nil, ""
}

// htmlAuthors finds the author: meta author, article:author (unless it is a
// profile URL), JSON-LD, rel=author, then a byline element in the article.
func htmlAuthors(m pageMeta, article *html.Node) []string {
	if a := m.first("author", "dc.creator", "parsely-author", "sailthru.author"); a != "" {
		return []string{a}
	}
	for _, a := range m.values["article:author"] {
		if a = strings.TrimSpace(a); a != "" && !strings.Contains(a, "://") {
			return []string{a}
		}
	}
	if len(m.ld.authors) > 0 {
		return m.ld.authors
	}
	if m.relAuthor != "" {
		return []string{m.relAuthor}
	}
	if article != nil {
		var found string
		walk(article, func(n *html.Node) bool {
			if found != "" {
				return false
			}
			if n.Type == html.ElementNode && (classHas(n, "byline") || classHas(n, "author") || strings.EqualFold(attr(n, "itemprop"), "author")) {
				t := textOf(n)
				if m := bylineRE.FindStringSubmatch(t); m != nil {
					found = m[1]
				} else if nameLineRE.MatchString(t) {
					found = t
				}
				return false
			}
			return true
		})
		if found != "" {
			return []string{found}
		}
	}
	return nil
}

// findArticle returns the <article> with the most paragraph text, else the
// <main> element, or nil.
func findArticle(root *html.Node) *html.Node {
	var best *html.Node
	bestScore := -1
	walk(root, func(n *html.Node) bool {
		if n.Type == html.ElementNode && n.DataAtom == atom.Article {
			if s := paragraphText(n); s > bestScore {
				best, bestScore = n, s
			}
			return false // an article nested in one is a comment or a card
		}
		return true
	})
	if best != nil && bestScore > 0 {
		return best
	}
	var main *html.Node
	walk(root, func(n *html.Node) bool {
		if main != nil {
			return false
		}
		if n.Type == html.ElementNode && (n.DataAtom == atom.Main || strings.EqualFold(attr(n, "role"), "main")) {
			main = n
			return false
		}
		return true
	})
	if main != nil {
		return main
	}
	return best
}

// pickContainer chooses the element holding the article text.
func pickContainer(body *html.Node) *html.Node {
	if a := findArticle(body); a != nil && paragraphText(a) > 0 {
		return a
	}
	score := map[*html.Node]int{}
	walk(body, func(n *html.Node) bool {
		if n.Type == html.ElementNode && n.DataAtom == atom.P && n.Parent != nil {
			score[n.Parent] += len(textOf(n))
		}
		return true
	})
	var best *html.Node
	bestScore := 0
	walk(body, func(n *html.Node) bool { // document order breaks ties
		if s := score[n]; s > bestScore {
			best, bestScore = n, s
		}
		return true
	})
	if best == nil {
		return body
	}
	return best
}

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

// removeJunk deletes furniture from the tree: junkTags, elements whose
// class or id names a share widget, comments and the like, hidden elements,
// and HTML comments.
//
// A form, or an element whose class merely mentions comments or sharing,
// may wrap the whole page (ASP.NET wraps everything in a <form>; themes add
// "has-comments" to the content wrapper), so such an element stays when it
// holds the article, the main element or most of the page's paragraph text.
func removeJunk(body *html.Node) {
	total := paragraphText(body)
	var visit func(n *html.Node)
	visit = func(n *html.Node) {
		for c := n.FirstChild; c != nil; {
			next := c.NextSibling
			if isJunk(c) && !(softJunk(c) && holdsContent(c, total)) {
				n.RemoveChild(c)
			} else {
				visit(c)
			}
			c = next
		}
	}
	visit(body)
}

// softJunk reports whether n is junk only by its class or id, or is a form:
// judgements holdsContent may overrule.
func softJunk(n *html.Node) bool {
	return n.Type == html.ElementNode && (n.DataAtom == atom.Form || !junkTags[n.DataAtom])
}

// holdsContent reports whether n contains the page's article or main
// element, or more than half of its paragraph text.
func holdsContent(n *html.Node, total int) bool {
	found := false
	walk(n, func(c *html.Node) bool {
		if found {
			return false
		}
		if c != n && c.Type == html.ElementNode && (c.DataAtom == atom.Article || c.DataAtom == atom.Main || strings.EqualFold(attr(c, "role"), "main")) {
			found = true
		}
		return !found
	})
	return found || total > 0 && paragraphText(n)*2 > total
}

func isJunk(n *html.Node) bool {
	switch n.Type {
	case html.CommentNode:
		return true
	case html.ElementNode:
	default:
		return false
	}
	if junkTags[n.DataAtom] {
		return true
	}
	if _, hidden := attrOK(n, "hidden"); hidden || strings.EqualFold(attr(n, "aria-hidden"), "true") {
		return true
	}
	style := strings.ToLower(strings.ReplaceAll(attr(n, "style"), " ", ""))
	if strings.Contains(style, "display:none") || strings.Contains(style, "visibility:hidden") {
		return true
	}
	for _, name := range append(strings.Fields(attr(n, "class")), strings.Fields(attr(n, "id"))...) {
		name = strings.ToLower(name)
		if junkParts[name] {
			return true
		}
		for _, part := range strings.FieldsFunc(name, func(r rune) bool { return r == '-' || r == '_' }) {
			if junkParts[part] {
				return true
			}
		}
	}
	return false
}

// removeTitleHeading drops the heading that repeats the entry's title.
func removeTitleHeading(container *html.Node, title string) {
	if title == "" {
		return
	}
	key := normKey(title)
	for _, tag := range []atom.Atom{atom.H1, atom.H2} {
		if h := findFirst(container, tag); h != nil && normKey(textOf(h)) == key {
			h.Parent.RemoveChild(h)
			return
		}
	}
}

// leafBlocks lists the innermost block elements under n in document order:
// the paragraphs, list items and headings trimming looks at.
func leafBlocks(n *html.Node) []*html.Node {
	var out []*html.Node
	var visit func(*html.Node)
	visit = func(n *html.Node) {
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			if c.Type != html.ElementNode {
				continue
			}
			if !blockTags[c.DataAtom] {
				visit(c)
				continue
			}
			if c.DataAtom == atom.Table || c.DataAtom == atom.Pre || c.DataAtom == atom.Figure || !hasBlockChild(c) {
				out = append(out, c)
				continue
			}
			visit(c)
		}
	}
	visit(n)
	return out
}

func hasBlockChild(n *html.Node) bool {
	found := false
	walk(n, func(c *html.Node) bool {
		if found {
			return false
		}
		if c != n && c.Type == html.ElementNode && blockTags[c.DataAtom] {
			found = true
			return false
		}
		return true
	})
	return found
}

// trimHTMLBlocks applies Strip patterns to every block and boilerplate and
// chrome trimming to the leading and trailing blocks, as for plain text.
func trimHTMLBlocks(container *html.Node, opts Options) edgeResult {
	var (
		nodes []*html.Node
		paras []string
	)
	for _, n := range leafBlocks(container) {
		t := textOf(n)
		if t == "" {
			continue
		}
		if stripMatch(t, opts.Strip) {
			n.Parent.RemoveChild(n)
			continue
		}
		nodes = append(nodes, n)
		paras = append(paras, t)
	}
	res := trimEdges(paras, opts.Boilerplate)
	for i, n := range nodes {
		if i < res.lo || i >= res.hi {
			n.Parent.RemoveChild(n)
		}
	}
	return res
}

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
				a.Val = resolveSrcset(a.Val, base)
			}
			kept = append(kept, a)
		}
		c.Attr = kept
		return true
	})
}

func resolveRef(ref, base string) string {
	if base == "" {
		return ref
	}
	if abs := absOrEmpty(ref, base); abs != "" {
		return abs
	}
	return ref
}

func resolveSrcset(v, base string) string {
	parts := strings.Split(v, ",")
	for i, p := range parts {
		f := strings.Fields(p)
		if len(f) == 0 {
			continue
		}
		f[0] = resolveRef(f[0], base)
		parts[i] = strings.Join(f, " ")
	}
	return strings.Join(parts, ", ")
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
				c.Attr[i].Val = resolveSrcset(a.Val, base)
			}
		}
		return true
	})
	return renderChildren(ctx)
}

// pruneEmpty removes containers left without text or media.
func pruneEmpty(n *html.Node) {
	for c := n.FirstChild; c != nil; {
		next := c.NextSibling
		if c.Type == html.TextNode && strings.TrimSpace(c.Data) == "" && strings.Contains(c.Data, "\n") {
			c.Data = "\n" // the page's indentation means nothing in an entry
		}
		if c.Type == html.ElementNode {
			pruneEmpty(c)
			switch c.DataAtom {
			case atom.Div, atom.Section, atom.Ul, atom.Ol, atom.Blockquote, atom.P, atom.Span, atom.Li, atom.Figure:
				if textOf(c) == "" && !hasMedia(c) {
					n.RemoveChild(c)
				}
			}
		}
		c = next
	}
}

func hasMedia(n *html.Node) bool {
	found := false
	walk(n, func(c *html.Node) bool {
		if c.Type == html.ElementNode {
			switch c.DataAtom {
			case atom.Img, atom.Video, atom.Audio, atom.Picture, atom.Hr, atom.Br, atom.Source:
				found = true
			}
		}
		return !found
	})
	return found
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

// stripSiteSuffix removes " | Site Name" (or " - ", " — " ...) from a page
// title when the part after the separator is the site's name, and the same
// as a prefix.
func stripSiteSuffix(title, site string) string {
	title = strings.Join(strings.Fields(title), " ")
	if site == "" || title == "" {
		return title
	}
	siteKey := normKey(site)
	for _, sep := range []string{" | ", " - ", " — ", " – ", " :: ", " · ", " » ", " : "} {
		if i := strings.LastIndex(title, sep); i > 0 && normKey(title[i+len(sep):]) == siteKey {
			return strings.TrimSpace(title[:i])
		}
		if i := strings.Index(title, sep); i > 0 && normKey(title[:i]) == siteKey {
			return strings.TrimSpace(title[i+len(sep):])
		}
	}
	return title
}

// titleFromTag reads the <title> element: without the site name, and
// replaced by the page's first <h1> when it is that heading plus a site
// name the page does not declare ("Heading - Site"). With no <title>, the
// <h1> is the title.
func titleFromTag(tag, site, h1 string) string {
	t := stripSiteSuffix(tag, site)
	if t == "" || h1 == "" {
		return firstNonEmpty(t, h1)
	}
	tk, hk := normKey(t), normKey(h1)
	if hk != "" && tk != hk && (strings.HasPrefix(tk, hk+" ") || strings.HasSuffix(tk, " "+hk)) {
		return h1
	}
	return t
}

func htmlLang(root *html.Node) string {
	if h := findFirst(root, atom.Html); h != nil {
		return strings.TrimSpace(attr(h, "lang"))
	}
	return ""
}

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

// textOf is the visible text of n with whitespace collapsed.
func textOf(n *html.Node) string {
	if n == nil {
		return ""
	}
	var b strings.Builder
	walk(n, func(c *html.Node) bool {
		switch {
		case c.Type == html.TextNode:
			b.WriteString(c.Data)
		case c.Type == html.ElementNode && (c.DataAtom == atom.Script || c.DataAtom == atom.Style):
			return false
		case c.Type == html.ElementNode && c.DataAtom == atom.Br:
			b.WriteByte(' ')
		}
		return true
	})
	return strings.Join(strings.Fields(b.String()), " ")
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
