package page

import (
	"encoding/json"
	"regexp"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/tributary/tributary/internal/dates"
	"github.com/tributary/tributary/internal/htmltext"
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
	itemAuth  string              // text of the first itemprop=author element
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

// all returns every value of the first key that has one: a page may name
// several authors in as many <meta> elements.
func (m pageMeta) all(keys ...string) []string {
	for _, k := range keys {
		var out []string
		for _, v := range m.values[k] {
			if v = strings.TrimSpace(v); v != "" && !slices.Contains(out, v) {
				out = append(out, v)
			}
		}
		if len(out) > 0 {
			return out
		}
	}
	return nil
}

// ldArticle holds the fields of a JSON-LD Article (or BlogPosting, ...);
// an article that gives no headline names itself with "name".
type ldArticle struct {
	headline, published, modified, url, publisher string
	authors                                       []string
}

// collectMeta reads <meta>, <title>, <base>, canonical and author links,
// itemprop dates and authors, and JSON-LD from the whole document.
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
			if m.title == "" && !inSVG(n) {
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
		if n.DataAtom != atom.Meta {
			switch strings.ToLower(attr(n, "itemprop")) {
			case "datepublished":
				if m.itemDate == "" {
					m.itemDate = firstNonEmpty(attr(n, "datetime"), attr(n, "content"), attrIf(n, atom.Abbr, "title"), textOf(n))
				}
			case "author", "creator":
				if m.itemAuth == "" {
					m.itemAuth = itemName(n)
				}
			}
		}
		return true
	})
	return m
}

// attrIf is n's attribute key when n is an a element, else "" (Blogger
// puts the machine-readable date in an <abbr title>).
func attrIf(n *html.Node, a atom.Atom, key string) string {
	if n.DataAtom == a {
		return attr(n, key)
	}
	return ""
}

// inSVG reports whether n sits inside an <svg>, whose <title> names an
// icon, not the page.
func inSVG(n *html.Node) bool {
	for p := n.Parent; p != nil; p = p.Parent {
		if p.DataAtom == atom.Svg {
			return true
		}
	}
	return false
}

// itemName is the name of a microdata item: its itemprop=name descendant,
// else its text.
func itemName(n *html.Node) string {
	var name string
	walk(n, func(c *html.Node) bool {
		if name != "" {
			return false
		}
		if c.Type == html.ElementNode && strings.EqualFold(attr(c, "itemprop"), "name") {
			name = firstNonEmpty(attr(c, "content"), textOf(c))
		}
		return true
	})
	return firstNonEmpty(name, attr(n, "content"), textOf(n))
}

// parseLD reads the first Article-like object of a JSON-LD block.
func parseLD(src string) ldArticle {
	var v any
	if err := json.Unmarshal([]byte(unwrapLD(src)), &v); err != nil {
		return ldArticle{}
	}
	var found map[string]any
	byID := map[string]map[string]any{} // "@id" -> node, for references in a @graph
	var visit func(any)
	visit = func(v any) {
		switch x := v.(type) {
		case []any:
			for _, item := range x {
				visit(item)
			}
		case map[string]any:
			if id, ok := x["@id"].(string); ok && len(x) > 1 {
				byID[id] = x
			}
			if found == nil && isArticleType(x["@type"]) {
				found = x
			}
			visit(x["@graph"])
			visit(x["mainEntity"])
		}
	}
	visit(v)
	if found == nil {
		return ldArticle{}
	}
	return ldArticle{
		headline:  firstNonEmpty(scalarString(found["headline"]), scalarString(found["name"])),
		published: scalarString(found["datePublished"]),
		modified:  scalarString(found["dateModified"]),
		url:       scalarString(found["url"]),
		publisher: scalarString(resolveLD(found["publisher"], byID)),
		authors:   ldPeople(resolveLD(found["author"], byID)),
	}
}

// ldWrapperRE matches the wrappers old templates put around a script's
// JSON so that XHTML and ancient browsers skip it: CDATA sections and HTML
// comments, sometimes behind "//".
var ldWrapperRE = regexp.MustCompile(`^\s*(?://\s*)?(?:<!\[CDATA\[|<!--)|(?://\s*)?(?:\]\]>|-->)\s*$`)

// unwrapLD is a JSON-LD block's JSON without such wrappers.
func unwrapLD(src string) string {
	return ldWrapperRE.ReplaceAllString(strings.TrimSpace(src), "")
}

// resolveLD replaces references ({"@id": "..."} without a name), as Yoast
// and other SEO plugins write them, by the nodes they point to.
func resolveLD(v any, byID map[string]map[string]any) any {
	switch x := v.(type) {
	case []any:
		out := make([]any, len(x))
		for i, item := range x {
			out[i] = resolveLD(item, byID)
		}
		return out
	case map[string]any:
		if scalarString(x["name"]) == "" {
			if id, ok := x["@id"].(string); ok && byID[id] != nil {
				return byID[id]
			}
		}
	}
	return v
}

// ldPeople reads a JSON-LD author: a name, a Person object, or a list of
// either. Organisations are left out when a person is named too: a site
// listing itself as author says nothing a reader wants.
func ldPeople(v any) []string {
	var people, orgs []string
	var add func(any)
	add = func(v any) {
		switch x := v.(type) {
		case []any:
			for _, item := range x {
				add(item)
			}
		case string:
			if s := strings.TrimSpace(x); s != "" && !strings.Contains(s, "://") {
				people = append(people, s)
			}
		case map[string]any:
			s := scalarString(x["name"])
			if s == "" {
				return
			}
			if t, _ := x["@type"].(string); t == "Organization" || t == "NewsMediaOrganization" {
				orgs = append(orgs, s)
				return
			}
			people = append(people, s)
		}
	}
	add(v)
	if len(people) == 0 {
		return orgs
	}
	return people
}

func isArticleType(t any) bool {
	switch x := t.(type) {
	case string:
		switch x {
		case "Article", "BlogPosting", "NewsArticle", "Report", "ScholarlyArticle", "TechArticle", "OpinionNewsArticle",
			"AnalysisNewsArticle", "SocialMediaPosting", "LiveBlogPosting", "ReportageNewsArticle", "DiscussionForumPosting":
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

// siteNameOf is the site's name as the page declares it, else the logo
// <h1> the <title> names, else what the <title> adds to the article's own
// title or headline h1 ("Site: Title", "Title | Site").
func siteNameOf(m pageMeta, h1, logo string) string {
	if s := firstNonEmpty(m.first("og:site_name", "application-name", "al:ios:app_name"), m.ld.publisher); s != "" {
		return s
	}
	tag := strings.Join(strings.Fields(m.title), " ")
	// The page's first <h1> is the site's logo when <title> ends (or
	// starts) with it.
	if logo = strings.Join(strings.Fields(logo), " "); logo != "" && logo != tag {
		for _, sep := range titleSeparators {
			if strings.HasSuffix(tag, sep+logo) || strings.HasPrefix(tag, logo+sep) {
				return logo
			}
		}
	}
	og := strings.Join(strings.Fields(firstNonEmpty(m.first("og:title", "twitter:title"), m.ld.headline)), " ")
	for _, full := range []string{tag, og} {
		for _, headline := range []string{og, h1} {
			headline = strings.Join(strings.Fields(headline), " ")
			if headline == "" || full == headline {
				continue
			}
			for _, sep := range titleSeparators {
				if rest, ok := strings.CutSuffix(full, sep+headline); ok && rest != "" {
					return rest
				}
				if rest, ok := strings.CutPrefix(full, headline+sep); ok && rest != "" {
					return rest
				}
			}
		}
	}
	return ""
}

// metaTitleKeys are the <meta> names and properties that state the
// article's title, the social ones first; Dublin Core's is how standards
// bodies and libraries title a document ("remoteStorage" for a <title>
// of "draft-dejong-remotestorage-04 - remoteStorage").
var metaTitleKeys = []string{"og:title", "twitter:title", "dc.title", "dc:title", "dcterms.title", "dcterm:title", "parsely-title"}

// titleSeparators join an article's title and its site's name in <title>.
var titleSeparators = []string{" | ", " - ", " — ", " – ", " :: ", " · ", " » ", " : ", ": "}

// htmlTitle picks the entry title: the JSON-LD headline, og:title or
// twitter:title, else the <title> element, each without the site-name
// suffix; the article's <h1> stands in for a <title> that names only the
// site. headings are the texts of the page's <h1> to <h3>; siteNames are
// the texts that name the site on the page (its logo heading, its links
// to the front page).
func htmlTitle(m pageMeta, siteName string, articleH1, pageH1 string, siteNames, headings []string) string {
	tagTitle := titleFromTag(m.title, siteName, pageH1, headings)
	og := m.first(metaTitleKeys...)
	// The JSON-LD headline is the publisher's deliberate statement; og:title
	// is often a rewording for social media ("The 21 best movies of 2017"
	// for "How to watch the 21 best films of 2017").
	title := stripSiteSuffix(firstNonEmpty(m.ld.headline, og), siteName)
	if title != "" {
		// An og:title copied from the <title> carries the same site name,
		// and loses it the same way.
		if siteName == "" && normKey(title) == normKey(m.title) {
			title = tagTitle
		}
		title = headingOf(title, firstNonEmpty(articleH1, pageH1))
		return agreedTitle(title, []string{
			stripSiteSuffix(og, siteName),
			stripSiteSuffix(m.ld.headline, siteName),
			articleH1,
			tagTitle,
		})
	}
	return tagOrHeading(tagTitle, articleH1, append([]string{siteName}, siteNames...))
}

// minTagTitle is the length under which a <title> without any separator
// names a site or a section rather than an article ("Home", "My Blog").
const minTagTitle = 15

// tagOrHeading chooses between a page's <title> (its site name cut) and
// its article's <h1> when no metadata names the article. The <title> is
// the page's statement of what it is, while an <h1> worded apart from it
// is often a section's, a kicker's or a chapter's name ("About This Site"
// on a page titled "Daring Fireball: Colophon"); the <h1> wins only when
// the <title> names no more than the site (one of siteNames, the names it
// goes by on the page), or is a word or two too short to be a headline.
func tagOrHeading(tagTitle, h1 string, siteNames []string) string {
	tk := normKey(tagTitle)
	switch {
	case h1 == "":
		return tagTitle
	case tk == "", tk == normKey(h1), slices.ContainsFunc(siteNames, func(s string) bool { return normKey(s) == tk }):
		return h1
	case utf8.RuneCountInString(tagTitle) < minTagTitle && utf8.RuneCountInString(h1) > utf8.RuneCountInString(tagTitle):
		return h1
	}
	return tagTitle
}

// agreedTitle returns the title most of the page's statements agree on
// (og:title, the JSON-LD headline, the article's <h1>, the <title>), when
// more of them agree on it than on title and title is worded apart from
// it: a social-media title written apart from the headline ("If You Can
// Picture A Tarot Card...") loses to the headline the page prints,
// declares and puts in its <title>; a rewording of the same headline
// stays.
func agreedTitle(title string, statements []string) string {
	votes := func(t string) int {
		n := 0
		for _, s := range statements {
			if s != "" && normKey(s) == normKey(t) {
				n++
			}
		}
		return n
	}
	best, bestVotes := title, votes(title)
	if bestVotes >= 2 {
		return title
	}
	for _, s := range statements {
		if v := votes(s); s != "" && v > bestVotes && v >= 2 && wordShare(title, s) < 0.5 {
			best, bestVotes = strings.Join(strings.Fields(s), " "), v
		}
	}
	return best
}

// wordShare is the share of a's words that b has too: two wordings of one
// headline share most, a headline and a social-media title few.
func wordShare(a, b string) float64 {
	aw := strings.Fields(normKey(a))
	if len(aw) == 0 {
		return 0
	}
	in := map[string]bool{}
	for _, w := range strings.Fields(normKey(b)) {
		in[w] = true
	}
	n := 0
	for _, w := range aw {
		if in[w] {
			n++
		}
	}
	return float64(n) / float64(len(aw))
}

// headingOf returns h1 when title is h1 plus a site name the page does not
// declare ("Heading | Docs"), else title.
func headingOf(title, h1 string) string {
	tk, hk := normKey(title), normKey(h1)
	if hk != "" && tk != hk && (strings.HasPrefix(tk, hk+" ") || strings.HasSuffix(tk, " "+hk)) {
		for _, sep := range titleSeparators {
			if strings.Contains(title, sep) {
				return h1
			}
		}
	}
	return title
}

// htmlDate finds the publication date: JSON-LD datePublished (the most
// deliberate statement: Medium's article:published_time is the date of
// the last edit), article:published_time, itemprop datePublished, a <time>
// in the article, then other date metas.
func htmlDate(m pageMeta, timeEls ...string) (*time.Time, string) {
	candidates := []string{
		m.ld.published,
		m.first("article:published_time", "og:published_time", "datepublished"),
		m.itemDate,
	}
	candidates = append(candidates, timeEls...)
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

// firstTime is the date of the first <time> element under n: its datetime
// attribute, else its text.
func firstTime(n *html.Node) string {
	if t := findFirst(n, atom.Time); t != nil {
		return firstNonEmpty(attr(t, "datetime"), textOf(t))
	}
	return ""
}

// visibleByRE reads a byline as pages print it: "By Jane Doe", "By Jane Doe
// and John Roe", "By JANE DOE, Staff Writer", "by Jane Doe · 5 min read".
var visibleByRE = regexp.MustCompile(`^(?i:by)\s*:?\s+((?:\p{Lu}[\p{L}.'’-]*|\p{Lu}\.)(?:\s+(?:\p{Lu}[\p{L}.'’-]*|de|da|del|der|van|von|la|le|bin|al|and|&)){0,7})(?:\s*(?:[,|·•—–/]|\s-\s|\bon\b|\bupdated\b|\bpublished\b|\d).*)?$`)

// cleanAuthor turns a byline value into a name: "By " and trailing roles cut,
// whitespace collapsed. Values that are URLs or too long to be names give "".
func cleanAuthor(s string) string {
	s = strings.Join(strings.Fields(contactRE.ReplaceAllString(s, "")), " ")
	if s == "" || strings.Contains(s, "://") {
		return ""
	}
	if m := visibleByRE.FindStringSubmatch(s); m != nil {
		s = m[1]
	} else if rest, ok := cutPrefixFold(s, "by "); ok {
		s = strings.TrimSpace(rest)
	}
	// "Jane Doe March 3, 2024": the date is no part of the name; a
	// month's name alone at the end is cut only after a name of two
	// words or more ("Theresa May" keeps hers).
	if loc := trailingDateRE.FindStringIndex(s); loc != nil && loc[0] > 0 && (loc[1] < len(s) || len(strings.Fields(s[:loc[0]])) >= 2) {
		s = strings.TrimSpace(s[:loc[0]])
	}
	s = strings.TrimRight(s, " ,;|·•")
	if utf8.RuneCountInString(s) > 80 || len(strings.Fields(s)) > 10 || notAName(s) {
		return ""
	}
	return s
}

// contactRE matches the web address or e-mail address a byline gives
// after the name ("Jane Doe (https://jane.example/)", "Jane Doe
// <jane@example.org>").
var contactRE = regexp.MustCompile(`\s*[(<\[]\s*(?:(?:https?://|mailto:|www\.)[^)>\]]*|[\w.+-]+@[\w-]+(?:\.[\w-]+)+)\s*[)>\]]|\s+(?:https?://|www\.)\S+$`)

// trailingDateRE finds a date that follows a byline's name ("March 3",
// "Mar. 3, 2024").
// A month's name left alone at the end is what remains of one once a
// byline pattern took the digits away.
var trailingDateRE = regexp.MustCompile(`(?i)\s(?:(?:January|February|March|April|May|June|July|August|September|October|November|December)(?:\s+\d{1,2}\b|$)|(?:Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)\.?\s+\d{1,2}\b)`)

// followRE matches a social button that a byline's markup holds ("Follow
// @jdoe", "Follow").
var followRE = regexp.MustCompile(`(?i)^follow\b`)

// notAName reports whether a byline value is no one's name: a date, a
// "Follow" button, a bare handle.
func notAName(s string) bool {
	if _, ok := dates.Header(s); ok {
		return true
	}
	return followRE.MatchString(s) || strings.HasPrefix(s, "@") || monthDateRE.MatchString(s) && undatedWords(s) == 0
}

func cutPrefixFold(s, prefix string) (string, bool) {
	if len(s) >= len(prefix) && strings.EqualFold(s[:len(prefix)], prefix) {
		return s[len(prefix):], true
	}
	return s, false
}

// htmlAuthors finds the author, from the most to the least deliberate
// statement: JSON-LD author, <meta name=author> (and its Dublin Core and
// analytics cousins; every one when the page gives several), article:author
// unless it is a profile URL, <meta name=byl>, microdata itemprop=author,
// rel=author, a printed "By …" line, the byline readability found, a name
// in an element marked as a byline, then a link to an author's page.
func htmlAuthors(m pageMeta, readabilityByline string, body *html.Node) []string {
	if len(m.ld.authors) > 0 {
		return m.ld.authors
	}
	if names := metaAuthors(m.all("author", "dc.creator", "dcterms.creator", "parsely-author", "sailthru.author", "twitter:creator:name")); len(names) > 0 {
		return names
	}
	for _, c := range []string{
		twitterWrittenBy(m),
		firstNonURL(m.values["article:author"]),
		m.first("byl"),
		m.itemAuth,
		m.relAuthor,
		visibleByline(body, false),
		readabilityByline,
		visibleByline(body, true),
		authorPageLink(body),
	} {
		if a := cleanAuthor(c); a != "" {
			return splitAuthors(a)
		}
	}
	return nil
}

// metaAuthors reads the names of author <meta> elements, one or several.
func metaAuthors(vals []string) []string {
	var out []string
	for _, v := range vals {
		if a := cleanAuthor(v); a != "" {
			for _, name := range splitAuthors(a) {
				if !slices.Contains(out, name) {
					out = append(out, name)
				}
			}
		}
	}
	return out
}

// twitterWrittenBy reads the author from the Twitter card labels blog
// engines fill ("twitter:label1" = "Written by", "twitter:data1" = name).
func twitterWrittenBy(m pageMeta) string {
	for _, n := range []string{"1", "2"} {
		if strings.EqualFold(m.first("twitter:label"+n), "Written by") {
			return m.first("twitter:data" + n)
		}
	}
	return ""
}

func firstNonURL(vals []string) string {
	for _, v := range vals {
		if v = strings.TrimSpace(v); v != "" && !strings.Contains(v, "://") {
			return v
		}
	}
	return ""
}

// visibleByline finds the first short element, outside navigation,
// sidebars and footers, one of whose lines is a printed credit: "By …",
// "Written by …", "Posted by …". With marked set, it finds instead the
// first element whose class names a byline or an author and whose line is
// a name alone, a weaker sign (follow boxes and author cards in a sidebar
// are marked so too).
func visibleByline(body *html.Node, marked bool) string {
	var found string
	walk(body, func(n *html.Node) bool {
		if found != "" {
			return false
		}
		if n.Type != html.ElementNode {
			return true
		}
		switch n.DataAtom {
		case atom.Script, atom.Style, atom.Nav, atom.Footer, atom.Aside, atom.Form:
			return false
		}
		t := textOf(n)
		if t == "" || len(t) > 160 {
			return true
		}
		if marked && !classHas(n, "byline") && !classHas(n, "author") {
			return true
		}
		// A byline block may give several credits on lines of their own
		// ("Written by Jane Doe<br>Edited by John Roe").
		for _, line := range nodeLines(n) {
			if name := firstNonEmpty(bylineName(line), foreignBylineName(line)); name != "" && !marked {
				found = name
				return false
			}
			// "Jane Doe · May 3, 2024": the name before the separator.
			if name := strings.TrimSpace(creditSepRE.Split(line, 2)[0]); marked && nameLineRE.MatchString(name) {
				found = name
				return false
			}
		}
		return true
	})
	return found
}

// creditSepRE sets a byline's name apart from the date or role after it.
var creditSepRE = regexp.MustCompile(`\s+[|·•—–]\s+|\s*,\s+`)

// nodeLines is the text of n cut at its line breaks (<br>, blocks), each
// line's white space collapsed; a text on one line is returned whole.
func nodeLines(n *html.Node) []string {
	var out []string
	for _, l := range strings.Split(htmltext.NodeText(n, 0), "\n") {
		if l = strings.Join(strings.Fields(l), " "); l != "" {
			out = append(out, l)
		}
	}
	return out
}

// authorLinkRE matches the paths of author pages ("/author/jane-doe",
// "/authors/jdoe", "/people/jane", "/profile/jane").
var authorLinkRE = regexp.MustCompile(`(?i)/(?:authors?|people|profiles?|staff|writers?|contributors?)/[^/?#]+/?(?:[?#]|$)`)

// authorPageLink is the name on the first link to an author's page outside
// navigation, footers and sidebars: how many sites mark their byline.
func authorPageLink(body *html.Node) string {
	var found string
	walk(body, func(n *html.Node) bool {
		if found != "" || n.Type != html.ElementNode {
			return false
		}
		switch n.DataAtom {
		case atom.Script, atom.Style, atom.Nav, atom.Footer, atom.Aside, atom.Form:
			return false
		case atom.A:
			if t := textOf(n); authorLinkRE.MatchString(attr(n, "href")) && nameLineRE.MatchString(t) && len(t) <= 60 {
				found = t
			}
			return false
		}
		return true
	})
	return found
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
	for _, sep := range titleSeparators {
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
func titleFromTag(tag, site, h1 string, headings []string) string {
	t := stripSiteSuffix(tag, site)
	if site == "" {
		t = cutUndeclaredSite(t, headings)
	}
	if t == "" || h1 == "" {
		return firstNonEmpty(t, h1)
	}
	tk, hk := normKey(t), normKey(h1)
	if hk != "" && tk != hk && (strings.HasPrefix(tk, hk+" ") || strings.HasSuffix(tk, " "+hk)) {
		return h1
	}
	return t
}

// siteSeparators are the title separators that set a site's or a
// section's name apart; a colon is left out, as it is part of many
// headlines ("Outside the web: standalone binaries").
var siteSeparators = []string{" | ", " - ", " — ", " – ", " :: ", " · ", " » "}

// cutUndeclaredSite drops the site's name from a <title> whose site the
// page does not name. A part the page prints as a heading is the headline
// ("My Blog | Why we moved" with an <h2> "Why we moved"); else the last
// part goes ("Covering your code | Code | Jane Doe" gives "Covering your
// code | Code") when what stays reads as a headline of three words or
// more: most sites end their titles with their name.
func cutUndeclaredSite(t string, headings []string) string {
	first, last, sepLen := len(t), -1, 0
	for _, sep := range siteSeparators {
		if i := strings.Index(t, sep); i > 0 && i < first {
			first = i
		}
		if i := strings.LastIndex(t, sep); i > last {
			last, sepLen = i, len(sep)
		}
	}
	if last <= 0 {
		return t
	}
	printed := func(part string) bool {
		return slices.ContainsFunc(headings, func(h string) bool { return normKey(h) != "" && normKey(h) == normKey(part) })
	}
	head, tail := strings.TrimSpace(t[:last]), strings.TrimSpace(t[last+sepLen:])
	switch {
	case printed(head):
		return head
	case printed(tail):
		return tail
	}
	for _, sep := range siteSeparators {
		if strings.HasPrefix(t[first:], sep) {
			if rest := strings.TrimSpace(t[first+len(sep):]); printed(rest) {
				return rest
			}
		}
	}
	if len(strings.Fields(head)) >= 3 {
		return head
	}
	return t
}

// authorSepRE separates the names of a byline naming several people.
// Other languages' "and" count too ("Ana García y Luis Pérez"), safe
// since every part must read as a name.
var authorSepRE = regexp.MustCompile(`\s*(?:,\s*(?:(?:and|y|e|et|und|en|i|och|og)\s+)?|\s+(?:and|y|e|et|und|en|i|och|og|ve|és|oraz)\s+|\s*&\s*)`)

// splitAuthors cuts "Jane Doe and John Roe" into its names when every part
// reads as a name; anything else stays whole.
func splitAuthors(a string) []string {
	parts := authorSepRE.Split(a, -1)
	if len(parts) < 2 {
		return []string{a}
	}
	for _, p := range parts {
		if !nameLineRE.MatchString(p) {
			return []string{a}
		}
	}
	return parts
}
