package page

import (
	"fmt"
	"log/slog"
	"regexp"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	readability "codeberg.org/readeck/go-readability/v2"
	"github.com/tributary/tributary/internal/feed"
	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// blockTags are the elements whose text forms a paragraph for trimming.
var blockTags = map[atom.Atom]bool{
	atom.P: true, atom.H1: true, atom.H2: true, atom.H3: true, atom.H4: true, atom.H5: true, atom.H6: true,
	atom.Li: true, atom.Blockquote: true, atom.Pre: true, atom.Figure: true, atom.Table: true,
	atom.Dl: true, atom.Div: true, atom.Section: true, atom.Ul: true, atom.Ol: true, atom.Address: true,
	atom.Article: true, atom.Main: true,
}

// parseHTML reads a saved article page. The article body is found by
// go-readability (the port of Firefox's Reader View); Tributary reads the
// page's own metadata for the title, date, author, link and site name, then
// applies its clutter rules to the article's edges: configured strip
// patterns, blocks repeated across the source's files, share lines and
// bylines, closing appeals. Links are made absolute.
func parseHTML(name, src string, opts Options) (*feed.Document, error) {
	root, err := html.Parse(strings.NewReader(src))
	if err != nil {
		return nil, fmt.Errorf("parse html: %w", err)
	}
	removePermalinks(root)
	meta := collectMeta(root)
	base := pageBase(meta, opts.BaseURL)
	body := findFirst(root, atom.Body)
	if body == nil {
		body = root
	}
	h1 := headlineH1(body)
	logo := textOf(findFirst(body, atom.H1))
	// The title, date and byline often sit in the article's <header>,
	// which the extractor drops; read them from the whole page first.
	scope := articleScope(body)
	if logo == h1 && !namesSiteOutside(meta.title, h1, scope, body) {
		logo = "" // the first <h1> is the article's headline
	}
	site := siteNameOf(meta, h1, logo)
	siteName := firstNonEmpty(site, opts.Meta.SiteName)

	scopeH1 := h1
	if scope != body {
		scopeH1 = textOf(findFirst(scope, atom.H1))
	}
	title := htmlTitle(meta, siteName, scopeH1, h1, append([]string{logo}, homeLinkNames(body, base)...), headingTexts(body))
	published, rawPub := htmlDate(meta, firstTime(scope))
	if published == nil {
		published, rawPub = visibleDate(scope)
	}
	updated, rawUpd := firstDate(meta.first("article:modified_time", "og:updated_time", "datemodified"), meta.ld.modified)

	art := extractArticle(root, opts.trace)
	container := art.node
	authors := htmlAuthors(meta, art.byline, body)
	if title == "" {
		title = stripSiteSuffix(art.title, siteName)
	}
	removeTitleHeading(container, title, opts.trace)
	wrapLooseText(container)
	res := trimHTMLBlocks(container, authors, opts)
	if len(authors) == 0 && res.author != "" {
		authors = []string{res.author}
	}
	if published == nil && res.date != nil {
		published, rawPub = res.date, res.rawDate
	}
	resolveLinks(container, base)
	pruneEmpty(container)
	unwrapLayout(container)
	content, err := renderChildren(container)
	if err != nil {
		return nil, err
	}
	opts.trace.htmlBlocks(body, container, title)
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

// headlineH1 is the text of the page's first <h1> outside the site's
// header, navigation, footer and sidebars (a site's logo is often an <h1>
// too); an article's own <header> counts.
func headlineH1(body *html.Node) string {
	var found *html.Node
	var visit func(n *html.Node, inArticle bool)
	visit = func(n *html.Node, inArticle bool) {
		for c := n.FirstChild; c != nil && found == nil; c = c.NextSibling {
			if c.Type != html.ElementNode {
				continue
			}
			switch c.DataAtom {
			case atom.Nav, atom.Footer, atom.Aside:
				continue
			case atom.Header:
				if !inArticle {
					continue
				}
			case atom.H1:
				found = c
				return
			}
			if strings.EqualFold(attr(c, "role"), "banner") {
				continue
			}
			visit(c, inArticle || c.DataAtom == atom.Article || c.DataAtom == atom.Main)
		}
	}
	visit(body, false)
	return textOf(found)
}

// headingTexts lists the texts of the page's <h1>, <h2> and <h3>.
func headingTexts(body *html.Node) []string {
	var out []string
	walk(body, func(n *html.Node) bool {
		switch n.DataAtom {
		case atom.H1, atom.H2, atom.H3:
			if n.Type == html.ElementNode {
				out = append(out, textOf(n))
				return false
			}
		}
		return true
	})
	return out
}

// namesSiteOutside reports whether the page's headline-like <h1> names
// the site, not the article: it stands outside the article's scope, and
// the <title> joins it to another part that the article prints as a
// heading. A book or documentation page puts
// the book's name in an <h1> of its menu bar and the chapter's in the
// <title> and an <h2> ("What is Ownership? - The Rust Programming
// Language"). A headline <h1> set above the article is told apart by the
// <title>'s other part, which is then the site's name, printed as no
// heading of the article.
func namesSiteOutside(title, h1 string, scope, body *html.Node) bool {
	h := strings.Join(strings.Fields(h1), " ")
	if h == "" || scope == body {
		return false
	}
	printed := headingTexts(scope)
	isPrinted := func(t string) bool {
		return slices.ContainsFunc(printed, func(p string) bool { return normKey(p) == normKey(t) })
	}
	if isPrinted(h) {
		return false // the article's own heading
	}
	tag := strings.Join(strings.Fields(title), " ")
	for _, sep := range titleSeparators {
		rest, ok := strings.CutSuffix(tag, sep+h)
		if !ok {
			rest, ok = strings.CutPrefix(tag, h+sep)
		}
		if ok && rest != "" && isPrinted(rest) {
			return true
		}
	}
	return false
}

// articleScope is where the article's own heading and date are looked for:
// the <article> with the most text (a nested one is a comment or a card),
// else <main>, else the body.
func articleScope(body *html.Node) *html.Node {
	var best *html.Node
	bestLen := 0
	walk(body, func(n *html.Node) bool {
		if n.Type == html.ElementNode && n.DataAtom == atom.Article {
			if l := len(textOf(n)); l > bestLen {
				best, bestLen = n, l
			}
			return false
		}
		return true
	})
	if best != nil {
		return best
	}
	var main *html.Node
	walk(body, func(n *html.Node) bool {
		if main != nil {
			return false
		}
		if n.Type == html.ElementNode && (n.DataAtom == atom.Main || strings.EqualFold(attr(n, "role"), "main")) {
			main = n
		}
		return main == nil
	})
	if main != nil {
		return main
	}
	return body
}

// maxDateScan is how many elements of the article are searched for a
// visible date line: it sits in the header, near the top.
const maxDateScan = 60

// visibleDate reads a date printed near the top of the article ("Posted by
// Jane Doe on June 3, 2024", "June 3, 2024 · 5 min read"), for pages whose
// metadata gives none.
func visibleDate(scope *html.Node) (*time.Time, string) {
	var (
		found *time.Time
		raw   string
		seen  int
	)
	walk(scope, func(n *html.Node) bool {
		if found != nil || seen >= maxDateScan || n.Type != html.ElementNode {
			return false
		}
		seen++
		switch n.DataAtom {
		case atom.Script, atom.Style, atom.Nav, atom.Aside, atom.Footer:
			return false
		}
		if hasBlockChild(n) {
			return true
		}
		if t := textOf(n); t != "" && len(t) <= 120 {
			if d, r, ok := headerDate(t); ok {
				found, raw = timePtr(d), r
			}
		}
		return false
	})
	return found, raw
}

// newExtractor is go-readability configured for Tributary: links are left
// for resolveLinks (one place resolves them, against the page's own base),
// and nothing is logged.
func newExtractor() readability.Parser {
	p := readability.NewParser()
	p.Logger = slog.New(slog.DiscardHandler)
	return p
}

// extracted is what go-readability found in a page.
type extracted struct {
	node   *html.Node // detached; its children are the article body
	byline string     // the byline it read from metadata or the page
	title  string     // its guess at the title, used when the page says nothing clearer
}

// extractArticle finds the article body. When go-readability finds none,
// the page's <article>, <main> or <body> without navigation, headers,
// footers and forms stands in.
func extractArticle(root *html.Node, tr *tracer) extracted {
	page := cloneTree(root)
	if body := findFirst(page, atom.Body); body != nil {
		removeFurniture(body, tr)
		dropAnchorIDs(body)
	}
	p := newExtractor()
	art, err := p.ParseAndMutate(page, nil)
	if err == nil && art.Node != nil && textOf(art.Node) != "" {
		fixAtoms(art.Node)
		return extracted{node: art.Node, byline: art.Byline(), title: art.Title()}
	}
	fallback := cloneTree(articleScope(firstNonNil(findFirst(root, atom.Body), root)))
	removeFurniture(fallback, tr)
	return extracted{node: fallback, title: art.Title()}
}

// fixAtoms gives every element the atom of its tag name: go-readability
// renames elements (a <div> of text becomes a <p>) by their name alone,
// and the atom left behind would make a paragraph look like a <div> to
// the rules after it (unwrapLayout would wrap paragraphs in a paragraph).
func fixAtoms(n *html.Node) {
	walk(n, func(c *html.Node) bool {
		if c.Type == html.ElementNode {
			c.DataAtom = atom.Lookup([]byte(c.Data))
		}
		return true
	})
}

func firstNonNil(ns ...*html.Node) *html.Node {
	for _, n := range ns {
		if n != nil {
			return n
		}
	}
	return nil
}

// cloneTree deep-copies n so edits do not reach the parsed page.
func cloneTree(n *html.Node) *html.Node {
	c := &html.Node{Type: n.Type, DataAtom: n.DataAtom, Data: n.Data, Namespace: n.Namespace, Attr: append([]html.Attribute(nil), n.Attr...)}
	for k := n.FirstChild; k != nil; k = k.NextSibling {
		c.AppendChild(cloneTree(k))
	}
	return c
}

// htmlParagraphs returns the paragraph texts of a page's article body, for
// DetectBoilerplate.
func htmlParagraphs(src string) ([]string, error) {
	root, err := html.Parse(strings.NewReader(src))
	if err != nil {
		return nil, fmt.Errorf("parse html: %w", err)
	}
	container := extractArticle(root, nil).node
	var out []string
	for _, n := range leafBlocks(container) {
		if t := textOf(n); t != "" {
			out = append(out, t)
		}
	}
	return out, nil
}

// removeTitleHeading drops the heading that repeats the entry's title.
func removeTitleHeading(container *html.Node, title string, tr *tracer) {
	if title == "" {
		return
	}
	key := normKey(title)
	for _, tag := range []atom.Atom{atom.H1, atom.H2, atom.H3} {
		if h := findFirst(container, tag); h != nil && normKey(textOf(h)) == key {
			tr.drop(textOf(h), "title heading: repeats the entry's title")
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

// phrasingTags are the inline elements a line of text is made of.
var phrasingTags = map[atom.Atom]bool{
	atom.A: true, atom.Abbr: true, atom.B: true, atom.Bdi: true, atom.Bdo: true, atom.Br: true, atom.Cite: true,
	atom.Code: true, atom.Data: true, atom.Del: true, atom.Dfn: true, atom.Em: true, atom.I: true, atom.Ins: true,
	atom.Kbd: true, atom.Mark: true, atom.Q: true, atom.S: true, atom.Samp: true, atom.Small: true, atom.Span: true,
	atom.Strong: true, atom.Sub: true, atom.Sup: true, atom.Time: true, atom.U: true, atom.Var: true, atom.Wbr: true,
}

// looseContainers are the layout blocks whose loose text wrapLooseText
// gathers into paragraphs.
var looseContainers = map[atom.Atom]bool{
	atom.Div: true, atom.Section: true, atom.Article: true, atom.Main: true, atom.Header: true,
}

// wrapLooseText puts each run of text and inline elements that sits in a
// layout block beside other blocks (a <time> after the byline's <p> in an
// article's header) into a paragraph of its own, so trimming sees it as
// the line it reads as; left loose, it escapes every block rule and
// becomes a paragraph only later, once its neighbours are gone.
func wrapLooseText(n *html.Node) {
	blocks := false
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		if c.Type == html.ElementNode && !phrasingTags[c.DataAtom] {
			blocks = true
			if looseContainers[c.DataAtom] {
				wrapLooseText(c)
			}
		}
	}
	if !blocks {
		return
	}
	var run []*html.Node
	flush := func(before *html.Node) {
		text := false
		for _, k := range run {
			text = text || strings.TrimSpace(textOf(k)) != "" || k.Type == html.TextNode && strings.TrimSpace(k.Data) != ""
		}
		if text {
			p := &html.Node{Type: html.ElementNode, DataAtom: atom.P, Data: "p"}
			n.InsertBefore(p, before)
			for _, k := range run {
				n.RemoveChild(k)
				p.AppendChild(k)
			}
		}
		run = run[:0]
	}
	for c := n.FirstChild; c != nil; {
		next := c.NextSibling
		switch {
		case c.Type == html.TextNode || c.Type == html.ElementNode && phrasingTags[c.DataAtom]:
			run = append(run, c)
		case c.Type == html.ElementNode:
			flush(c)
		}
		c = next
	}
	flush(nil)
}

// slideCounterRE matches the counter of a slideshow's picture ("1 / 5",
// "2 of 12"), a block of its own that says nothing without the slideshow.
var slideCounterRE = regexp.MustCompile(`(?i)^\d{1,3}\s*(?:/|of)\s*\d{1,3}$`)

// readTimeRE matches the reading-time and updated lines article headers
// carry ("5 min read", "Updated 3 hours ago").
var readTimeRE = regexp.MustCompile(`(?i)^(?:\d+\s*(?:min(?:ute)?s?|m)\.?\s*read.{0,40}|(?:updated|published|posted)\b.{0,60})$`)

// trimHTMLBlocks applies Strip patterns to every block, drops the date,
// byline and reading-time lines heading the article, and trims boilerplate
// and chrome from the article's edges as for plain text. Edge trimming that
// would take away the whole article, or more than half of its text, is not
// applied: clutter rules never cost a post its own text.
func trimHTMLBlocks(container *html.Node, authors []string, opts Options) edgeResult {
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
			opts.trace.drop(t, "strip pattern from the configuration")
			n.Parent.RemoveChild(n)
			continue
		}
		if slideCounterRE.MatchString(t) {
			opts.trace.drop(t, "slide counter of a slideshow")
			n.Parent.RemoveChild(n)
			continue
		}
		nodes = append(nodes, n)
		paras = append(paras, t)
	}
	res := trimEdges(paras, opts.Boilerplate)
	// Above the first paragraph of prose, the article's header lines go
	// (the extractor keeps a header it finds inside the article).
	header := map[int]bool{}
	for i := res.lo; i < res.hi; i++ {
		if utf8.RuneCountInString(paras[i]) >= lengthLow && sentenceEnds(paras[i]) > 0 {
			break
		}
		if isHeaderLine(paras[i], authors) {
			header[i] = true
			if d, raw, ok := headerDate(paras[i]); ok && res.date == nil {
				res.date, res.rawDate = timePtr(d), raw
			}
		}
	}
	total, kept := 0, 0
	for i, p := range paras {
		total += len(p)
		if i >= res.lo && i < res.hi && !header[i] {
			kept += len(p)
		}
	}
	if kept == 0 || kept*2 < total {
		opts.trace.note("kept the article's edges: trimming them would remove most of its text")
		return edgeResult{lo: 0, hi: len(paras)}
	}
	for i, n := range nodes {
		if i < res.lo || i >= res.hi || header[i] {
			opts.trace.drop(paras[i], edgeRule(paras[i], opts.Boilerplate, authors))
			n.Parent.RemoveChild(n)
		}
	}
	return res
}

// isHeaderLine reports whether a block at the top of an article is part of
// its header: a date, a "By …" line, the author's name alone, a reading
// time, a control ("Follow", "Listen", "Share") or a counter.
func isHeaderLine(t string, authors []string) bool {
	if len(t) > 200 {
		return false
	}
	if headerLine(t) || visibleByRE.MatchString(t) || foreignBylineName(t) != "" || !hasLetterRE.MatchString(t) {
		return true
	}
	for _, a := range authors {
		if normKey(a) == normKey(t) {
			return true
		}
	}
	return false
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
