// Package discover finds the feed behind a web address, as feed readers do
// when a user pastes a blog's home page: the feed links the page declares
// (<link rel="alternate" type="application/atom+xml" ...>), then the paths
// where the common blog platforms serve their feeds.
//
// Links is pure (bytes in, candidates out); Find fetches.
package discover

import (
	"bytes"
	"cmp"
	"net/url"
	"slices"
	"strings"

	"golang.org/x/net/html"

	"github.com/tributary/tributary/internal/charset"
)

// Kind is a feed format, in order of preference: Atom carries the most
// reliable ids and dates, RSS is the most common, JSON Feed the least.
type Kind int

// The feed formats, best first.
const (
	Atom Kind = iota
	RSS
	JSON
	Unknown
)

func (k Kind) String() string {
	switch k {
	case Atom:
		return "Atom"
	case RSS:
		return "RSS"
	case JSON:
		return "JSON Feed"
	}
	return "feed"
}

// Via says how a candidate was found.
type Via int

// How a feed was found.
const (
	ViaDirect Via = iota // the address itself is a feed
	ViaLink              // a <link rel="alternate"> in the page
	ViaPath              // a platform's usual feed path
)

func (v Via) String() string {
	switch v {
	case ViaLink:
		return "link"
	case ViaPath:
		return "path"
	}
	return "direct"
}

// Candidate is one possible feed of a page.
type Candidate struct {
	URL   string // absolute; for the chosen feed, the final URL after redirects
	Kind  Kind
	Type  string // the MIME type the page declared, lower-cased; "" for paths
	Title string // the link's title attribute, if any
	Via   Via
}

// Links returns the feeds a page declares with <link rel="alternate"> (or
// rel="feed"), resolved against the page's <base href> and pageURL, without
// duplicates, best first: main feeds before comment feeds, then Atom, RSS,
// JSON Feed, then in page order. The page's charset is sniffed from its
// bytes.
func Links(page []byte, pageURL string) []Candidate {
	return links(page, pageURL, "")
}

// links is Links with the HTTP Content-Type, whose charset wins.
func links(page []byte, pageURL, contentType string) []Candidate {
	base, err := url.Parse(pageURL)
	if err != nil {
		return nil
	}
	text, err := charset.Decode(page, charset.Options{ContentType: contentType, HTML: true})
	if err != nil {
		return nil
	}
	z := html.NewTokenizer(bytes.NewReader(text))
	var out []Candidate
	seen := map[string]bool{}
	baseSet := false
	for {
		tt := z.Next()
		if tt == html.ErrorToken {
			break
		}
		if tt != html.StartTagToken && tt != html.SelfClosingTagToken {
			continue
		}
		name, hasAttr := z.TagName()
		if !hasAttr {
			continue
		}
		attrs := map[string]string{}
		for {
			k, v, more := z.TagAttr()
			if _, dup := attrs[string(k)]; !dup {
				attrs[string(k)] = string(v)
			}
			if !more {
				break
			}
		}
		switch string(name) {
		case "base":
			// Only the first <base href> counts (HTML, "the base element").
			if href, ok := attrs["href"]; ok && !baseSet {
				baseSet = true
				if u, err := base.Parse(strings.TrimSpace(href)); err == nil {
					base = u
				}
			}
		case "link":
			c, ok := linkCandidate(attrs, base)
			if ok && !seen[c.URL] {
				seen[c.URL] = true
				out = append(out, c)
			}
		}
	}
	slices.SortStableFunc(out, func(a, b Candidate) int {
		return cmp.Or(cmp.Compare(comments(a), comments(b)), cmp.Compare(a.Kind, b.Kind))
	})
	return out
}

func linkCandidate(attrs map[string]string, base *url.URL) (Candidate, bool) {
	rels := strings.Fields(strings.ToLower(attrs["rel"]))
	if !slices.Contains(rels, "alternate") && !slices.Contains(rels, "feed") || slices.Contains(rels, "stylesheet") {
		return Candidate{}, false
	}
	typ := strings.ToLower(strings.TrimSpace(attrs["type"]))
	if i := strings.IndexByte(typ, ';'); i >= 0 {
		typ = strings.TrimSpace(typ[:i])
	}
	href := strings.TrimSpace(attrs["href"])
	if href == "" {
		return Candidate{}, false
	}
	u, err := base.Parse(href)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return Candidate{}, false
	}
	u.Fragment = ""
	c := Candidate{URL: u.String(), Type: typ, Title: strings.TrimSpace(attrs["title"]), Via: ViaLink}
	switch typ {
	case "application/atom+xml":
		c.Kind = Atom
	case "application/rss+xml", "application/rdf+xml":
		c.Kind = RSS
	case "application/feed+json":
		c.Kind = JSON
	case "application/json":
		// WordPress declares its REST API on every page with
		// rel="alternate" type="application/json"; only a link that says
		// it is a feed is worth a request.
		if !mentionsFeed(u.Path) && !mentionsFeed(c.Title) {
			return Candidate{}, false
		}
		c.Kind = JSON
	case "":
		// rel="feed" may leave the type out (HTML5's feed link type);
		// fetching will tell what it is.
		if !slices.Contains(rels, "feed") {
			return Candidate{}, false
		}
		c.Kind = Unknown
	default:
		return Candidate{}, false
	}
	return c, true
}

func mentionsFeed(s string) bool { return strings.Contains(strings.ToLower(s), "feed") }

// comments ranks a site's comment feeds (WordPress lists "Comments Feed"
// next to the main one) after its main feeds.
func comments(c Candidate) int {
	low := strings.ToLower(c.URL + " " + c.Title)
	if strings.Contains(low, "comments") || strings.Contains(low, "kommentare") || strings.Contains(low, "commentaires") {
		return 1
	}
	return 0
}

// platformPaths are where the common blog platforms serve their feeds,
// most common first: WordPress and Substack (/feed), Ghost and Tumblr
// (/rss), Jekyll (/feed.xml), Hugo (/index.xml), many static generators
// (/atom.xml, /rss.xml), Blogger, WordPress without pretty permalinks,
// micro.blog and others (/feed.json).
var platformPaths = []string{
	"feed", "feed/", "rss", "rss/", "atom.xml", "rss.xml", "feed.xml", "index.xml",
	"atom", "feeds/posts/default", "?feed=rss2", "feed.json", "index.rss",
}

// PlatformURLs lists the usual feed addresses for a page: relative to the
// page's directory (a blog may live under /blog/), then to the site root.
func PlatformURLs(pageURL string) []string {
	u, err := url.Parse(pageURL)
	if err != nil || u.Host == "" {
		return nil
	}
	dir := u.Path
	if i := strings.LastIndexByte(dir, '/'); i >= 0 {
		dir = dir[:i+1]
	} else {
		dir = "/"
	}
	var out []string
	seen := map[string]bool{}
	for _, d := range []string{dir, "/"} {
		for _, p := range platformPaths {
			v := url.URL{Scheme: u.Scheme, Host: u.Host, Path: d}
			if strings.HasPrefix(p, "?") {
				v.RawQuery = p[1:]
			} else {
				v.Path = d + p
			}
			if s := v.String(); !seen[s] {
				seen[s] = true
				out = append(out, s)
			}
		}
	}
	return out
}
