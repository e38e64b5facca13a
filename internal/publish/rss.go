package publish

import (
	"bufio"
	"encoding/xml"
	"fmt"
	"io"
	"net/url"
	"strconv"
	"time"

	"github.com/gorilla/feeds"
)

// RSS 2.0 has no place for a self link, multiple authors or an atom-style
// source, so the usual extension namespaces carry them. feeds.RssFeedXml
// declares only the content namespace and feeds.RssItem has one author
// string, one category and a URL-less source, hence our own document types
// around gorilla's leaf types (RssGuid, RssEnclosure, RssContent).

type rssDoc struct {
	XMLName   xml.Name `xml:"rss"`
	Version   string   `xml:"version,attr"`
	NSAtom    string   `xml:"xmlns:atom,attr"`
	NSContent string   `xml:"xmlns:content,attr"`
	NSDC      string   `xml:"xmlns:dc,attr"`
	Channel   rssChannel
}

type rssAtomLink struct {
	Href string `xml:"href,attr"`
	Rel  string `xml:"rel,attr"`
	Type string `xml:"type,attr,omitempty"`
}

type rssChannel struct {
	XMLName        xml.Name      `xml:"channel"`
	Title          string        `xml:"title"`
	Link           string        `xml:"link"`
	Description    string        `xml:"description"`
	AtomLinks      []rssAtomLink `xml:"atom:link"`
	ManagingEditor string        `xml:"managingEditor,omitempty"`
	LastBuildDate  string        `xml:"lastBuildDate"`
	Generator      string        `xml:"generator,omitempty"`
	Docs           string        `xml:"docs"`
	Items          []rssItem     `xml:"item"`
}

type rssSource struct {
	URL   string `xml:"url,attr"`
	Title string `xml:",chardata"`
}

type rssItem struct {
	Title       string            `xml:"title,omitempty"`
	Link        string            `xml:"link,omitempty"`
	Description string            `xml:"description"`
	Content     *feeds.RssContent // content:encoded, full HTML when a summary is the description
	Creators    []string          `xml:"dc:creator"`
	Categories  []string          `xml:"category"`
	Enclosure   *feeds.RssEnclosure
	GUID        *feeds.RssGuid
	PubDate     string     `xml:"pubDate,omitempty"`
	Source      *rssSource `xml:"source"`
}

// RSS writes f as an RSS 2.0 document with the Atom (self/hub links),
// content (full HTML) and Dublin Core (creators) extensions.
func RSS(w io.Writer, f Feed) error {
	updated := f.updated()
	ch := rssChannel{
		Title:         clean(f.Title),
		Link:          trimClean(f.Link),
		Description:   clean(f.Subtitle),
		LastBuildDate: rfc1123(updated),
		Docs:          "https://www.rssboard.org/rss-specification",
	}
	if ch.Link == "" {
		ch.Link = clean(f.BaseURL())
	}
	if ch.Description == "" {
		ch.Description = ch.Title
	}
	if self := clean(f.PublicURL(RSSFile)); self != "" {
		ch.AtomLinks = append(ch.AtomLinks, rssAtomLink{Href: self, Rel: "self", Type: RSSType})
	}
	if hub := trimClean(f.Hub); hub != "" {
		ch.AtomLinks = append(ch.AtomLinks, rssAtomLink{Href: hub, Rel: "hub"})
	}
	// managingEditor must be an email address, optionally with the name in
	// parentheses; a bare name is invalid RSS.
	if email := trimClean(f.AuthorEmail); emailOK(email) {
		ch.ManagingEditor = email
		if name := trimClean(f.Author); name != "" {
			ch.ManagingEditor += " (" + name + ")"
		}
	}
	if g := trimClean(f.Generator.Name); g != "" {
		if v := trimClean(f.Generator.Version); v != "" {
			g += " " + v
		}
		if u := trimClean(f.Generator.URI); u != "" {
			g += " (" + u + ")"
		}
		ch.Generator = g
	}
	ch.Items = make([]rssItem, 0, len(f.Entries))
	for _, e := range f.Entries {
		ch.Items = append(ch.Items, buildRSSItem(e, f, updated))
	}
	doc := rssDoc{
		Version:   "2.0",
		NSAtom:    atomNS,
		NSContent: "http://purl.org/rss/1.0/modules/content/",
		NSDC:      "http://purl.org/dc/elements/1.1/",
		Channel:   ch,
	}
	bw := bufio.NewWriter(w)
	bw.WriteString(xml.Header)
	if err := encodeXML(bw, doc); err != nil {
		return fmt.Errorf("publish rss: %w", err)
	}
	if err := bw.Flush(); err != nil {
		return fmt.Errorf("publish rss: %w", err)
	}
	return nil
}

func buildRSSItem(e Entry, f Feed, feedUpdated time.Time) rssItem {
	link := trimClean(e.Link)
	it := rssItem{
		Title:      clean(e.Title),
		Link:       link,
		Creators:   entryAuthors(e, f),
		Categories: cleanAll(e.Categories),
	}
	content, summary := clean(e.Content), clean(e.Summary)
	switch {
	case summary != "" && content != "" && summary != content:
		it.Description = summary
		it.Content = &feeds.RssContent{Content: content}
	case content != "":
		it.Description = content
	default:
		it.Description = summary
	}
	if id := trimClean(e.ID); id != "" {
		// isPermaLink="true" tells readers the guid is the post's URL; say so
		// only when it really is, and always say it explicitly since the
		// RSS default is "true".
		perma := "false"
		if id == link && isWebURL(id) {
			perma = "true"
		}
		it.GUID = &feeds.RssGuid{Id: id, IsPermaLink: perma}
	}
	// RSS 2.0 allows one enclosure per item; the first is the main one.
	for _, enc := range e.Enclosures {
		u := trimClean(enc.URL)
		if u == "" {
			continue
		}
		typ := trimClean(enc.Type)
		if !mediaTypeOK(typ) {
			typ = "application/octet-stream"
		}
		length := enc.Length
		if length < 0 {
			length = 0
		}
		it.Enclosure = &feeds.RssEnclosure{Url: u, Type: typ, Length: strconv.FormatInt(length, 10)}
		break
	}
	if t := stamp(e.Published); !t.IsZero() {
		it.PubDate = rfc1123(t)
	} else {
		it.PubDate = rfc1123(entryUpdated(e, feedUpdated))
	}
	if u := trimClean(e.Source.FeedURL); u != "" {
		it.Source = &rssSource{URL: u, Title: sourceName(e.Source)}
	}
	return it
}

// isWebURL reports whether s is an absolute http(s) URL.
func isWebURL(s string) bool {
	u, err := url.Parse(s)
	return err == nil && (u.Scheme == "http" || u.Scheme == "https") && u.Host != ""
}
