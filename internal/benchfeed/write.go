package benchfeed

import (
	"bufio"
	"bytes"
	"encoding/json"
	"strconv"
	"strings"
	"time"
)

// The writers lean on bufio.Writer's sticky error: after a failed write every
// later one is a no-op, and WriteFeed reports the error from Flush.

// esc writes s as XML character data (or a double-quoted attribute value).
func esc(w *bufio.Writer, s string) {
	last := 0
	for j := 0; j < len(s); j++ {
		var rep string
		switch s[j] {
		case '&':
			rep = "&amp;"
		case '<':
			rep = "&lt;"
		case '>':
			rep = "&gt;"
		case '"':
			rep = "&quot;"
		default:
			continue
		}
		w.WriteString(s[last:j])
		w.WriteString(rep)
		last = j + 1
	}
	w.WriteString(s[last:])
}

// cdata writes s in a CDATA section, splitting any "]]>" it contains.
func cdata(w *bufio.Writer, s string) {
	w.WriteString("<![CDATA[")
	w.WriteString(strings.ReplaceAll(s, "]]>", "]]]]><![CDATA[>"))
	w.WriteString("]]>")
}

// elem writes <name>escaped text</name>.
func elem(w *bufio.Writer, name, text string) {
	w.WriteString("<" + name + ">")
	esc(w, text)
	w.WriteString("</" + name + ">")
}

func rfc822(s site, t time.Time) string {
	if s.gmt {
		return t.UTC().Format("Mon, 02 Jan 2006 15:04:05 GMT")
	}
	return t.In(s.zone).Format(time.RFC1123Z)
}

func rfc3339(s site, t time.Time) string { return t.In(s.zone).Format(time.RFC3339) }

func (s site) email(author string) string {
	return strings.ToLower(strings.ReplaceAll(author, " ", ".")) + "@" + s.host
}

func (g *Generator) writeRSS(w *bufio.Writer, p plan) error {
	s := p.site
	w.WriteString(`<?xml version="1.0" encoding="UTF-8"?>` + "\n" +
		`<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/" ` +
		`xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:atom="http://www.w3.org/2005/Atom" ` +
		`xmlns:sy="http://purl.org/rss/1.0/modules/syndication/">` + "\n<channel>\n\t")
	elem(w, "title", s.title)
	w.WriteString("\n\t<atom:link href=\"" + s.home + "feed/\" rel=\"self\" type=\"application/rss+xml\" />\n\t")
	elem(w, "link", s.home)
	w.WriteString("\n\t")
	elem(w, "description", s.desc)
	w.WriteString("\n\t")
	elem(w, "lastBuildDate", rfc822(s, p.meta.LastModified))
	w.WriteString("\n\t<language>en-US</language>\n\t<sy:updatePeriod>hourly</sy:updatePeriod>\n" +
		"\t<sy:updateFrequency>1</sy:updateFrequency>\n\t<generator>https://wordpress.org/?v=6.5.3</generator>\n")
	err := g.entries(p, func(e entry) error {
		link := s.link(e)
		w.WriteString("\t<item>\n\t\t")
		elem(w, "title", e.title)
		w.WriteString("\n\t\t")
		elem(w, "link", link)
		w.WriteString("\n\t\t")
		if s.plainRSS {
			elem(w, "author", s.email(e.author)+" ("+e.author+")")
		} else {
			w.WriteString("<dc:creator>")
			cdata(w, e.author)
			w.WriteString("</dc:creator>")
		}
		w.WriteString("\n\t\t")
		elem(w, "pubDate", rfc822(s, e.published))
		for _, c := range e.categories {
			w.WriteString("\n\t\t<category>")
			cdata(w, c)
			w.WriteString("</category>")
		}
		if s.plainRSS {
			w.WriteString("\n\t\t<guid isPermaLink=\"true\">" + link + "</guid>\n\t\t")
			elem(w, "description", e.content)
		} else {
			w.WriteString("\n\t\t<guid isPermaLink=\"false\">" + s.home + "?p=" + strconv.Itoa(e.number) + "</guid>\n\t\t")
			w.WriteString("<description>")
			cdata(w, e.summary)
			w.WriteString("</description>\n\t\t<content:encoded>")
			cdata(w, e.content)
			w.WriteString("</content:encoded>")
		}
		w.WriteString("\n\t</item>\n")
		return nil
	})
	w.WriteString("</channel>\n</rss>\n")
	return err
}

func (g *Generator) writeAtom(w *bufio.Writer, p plan) error {
	s := p.site
	w.WriteString(`<?xml version="1.0" encoding="UTF-8"?>` + "\n" + `<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="en"`)
	if s.xmlBase {
		w.WriteString(` xml:base="` + s.home + `"`)
	}
	w.WriteString(">\n<id>tag:" + s.host + ",2011:blog-" + strconv.Itoa(p.i) + "</id>\n")
	w.WriteString(`<title type="text">`)
	esc(w, s.title)
	w.WriteString("</title>\n<subtitle type=\"html\">")
	esc(w, s.desc)
	w.WriteString("</subtitle>\n")
	elem(w, "updated", rfc3339(s, p.meta.LastModified))
	w.WriteString("\n<link rel=\"alternate\" type=\"text/html\" href=\"" + s.home + "\"/>\n" +
		"<link rel=\"self\" type=\"application/atom+xml\" href=\"" + s.home + "feeds/posts/default\"/>\n" +
		"<author><name>")
	esc(w, s.authors[0])
	w.WriteString("</name></author>\n<generator version=\"7.00\" uri=\"https://www.blogger.com\">Blogger</generator>\n")
	err := g.entries(p, func(e entry) error {
		w.WriteString("<entry>\n\t<id>tag:" + s.host + ",2011:post-" + strconv.Itoa(e.number) + "</id>\n\t")
		elem(w, "published", rfc3339(s, e.published))
		w.WriteString("\n\t")
		updated := e.published
		if !e.updated.IsZero() {
			updated = e.updated
		}
		elem(w, "updated", rfc3339(s, updated))
		for _, c := range e.categories {
			w.WriteString("\n\t<category scheme=\"http://www.blogger.com/atom/ns#\" term=\"")
			esc(w, c)
			w.WriteString("\"/>")
		}
		w.WriteString("\n\t<title type=\"text\">")
		esc(w, e.title)
		w.WriteString("</title>\n\t")
		if s.summary {
			w.WriteString("<summary type=\"text\">")
			esc(w, e.summary)
			w.WriteString("</summary>\n\t")
		}
		w.WriteString("<content type=\"html\">")
		esc(w, e.content)
		w.WriteString("</content>\n\t<link rel=\"alternate\" type=\"text/html\" href=\"")
		esc(w, s.link(e))
		w.WriteString("\" title=\"")
		esc(w, e.title)
		w.WriteString("\"/>\n\t<author><name>")
		esc(w, e.author)
		w.WriteString("</name><uri>" + s.home + "about/</uri></author>\n</entry>\n")
		return nil
	})
	w.WriteString("</feed>\n")
	return err
}

func (g *Generator) writeRDF(w *bufio.Writer, p plan) error {
	s := p.site
	w.WriteString(`<?xml version="1.0" encoding="UTF-8"?>` + "\n" +
		`<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/" ` +
		`xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:content="http://purl.org/rss/1.0/modules/content/" ` +
		`xmlns:sy="http://purl.org/rss/1.0/modules/syndication/">` + "\n" +
		`<channel rdf:about="` + s.home + `index.rdf">` + "\n")
	elem(w, "title", s.title)
	w.WriteString("\n")
	elem(w, "link", s.home)
	w.WriteString("\n")
	elem(w, "description", s.desc)
	w.WriteString("\n<dc:language>en</dc:language>\n<dc:creator>")
	esc(w, s.authors[0])
	w.WriteString("</dc:creator>\n")
	elem(w, "dc:date", rfc3339(s, p.meta.LastModified))
	w.WriteString("\n<items>\n<rdf:Seq>\n")
	// Movable Type permalinks carry only the post number, so the sequence
	// can be written before any entry's words exist.
	for _, po := range p.posts {
		w.WriteString(`<rdf:li rdf:resource="` + s.link(entry{post: po}) + "\" />\n")
	}
	w.WriteString("</rdf:Seq>\n</items>\n</channel>\n")
	err := g.entries(p, func(e entry) error {
		link := s.link(e)
		w.WriteString("<item rdf:about=\"" + link + "\">\n")
		elem(w, "title", e.title)
		w.WriteString("\n")
		elem(w, "link", link)
		w.WriteString("\n")
		elem(w, "description", e.summary)
		w.WriteString("\n")
		elem(w, "dc:creator", e.author)
		w.WriteString("\n")
		elem(w, "dc:date", rfc3339(s, e.published))
		for _, c := range e.categories {
			w.WriteString("\n")
			elem(w, "dc:subject", c)
		}
		w.WriteString("\n<content:encoded>")
		cdata(w, e.content)
		w.WriteString("</content:encoded>\n</item>\n")
		return nil
	})
	w.WriteString("</rdf:RDF>\n")
	return err
}

type jsonAuthor struct {
	Name string `json:"name"`
	URL  string `json:"url,omitempty"`
}

type jsonItem struct {
	ID            string       `json:"id"`
	URL           string       `json:"url"`
	Title         string       `json:"title"`
	ContentHTML   string       `json:"content_html"`
	Summary       string       `json:"summary,omitempty"`
	DatePublished string       `json:"date_published"`
	DateModified  string       `json:"date_modified,omitempty"`
	Authors       []jsonAuthor `json:"authors"`
	Tags          []string     `json:"tags,omitempty"`
}

type jsonHead struct {
	Version     string       `json:"version"`
	Title       string       `json:"title"`
	HomePageURL string       `json:"home_page_url"`
	FeedURL     string       `json:"feed_url"`
	Description string       `json:"description"`
	Language    string       `json:"language"`
	Authors     []jsonAuthor `json:"authors"`
}

func (g *Generator) writeJSON(w *bufio.Writer, p plan) error {
	s := p.site
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	head := jsonHead{
		Version: "https://jsonfeed.org/version/1.1", Title: s.title, HomePageURL: s.home,
		FeedURL: s.home + "feed.json", Description: s.desc, Language: "en",
	}
	for _, a := range s.authors {
		head.Authors = append(head.Authors, jsonAuthor{Name: a})
	}
	if err := enc.Encode(head); err != nil {
		return err
	}
	// Reopen the encoded head object to stream the items into it.
	w.Write(bytes.TrimSuffix(bytes.TrimRight(buf.Bytes(), "\n"), []byte("}")))
	w.WriteString(",\"items\":[\n")
	first := true
	err := g.entries(p, func(e entry) error {
		link := s.link(e)
		it := jsonItem{
			ID: link, URL: link, Title: e.title, ContentHTML: e.content, Summary: e.summary,
			DatePublished: rfc3339(s, e.published), Authors: []jsonAuthor{{Name: e.author}}, Tags: e.categories,
		}
		if !s.summary {
			it.Summary = ""
		}
		if !e.updated.IsZero() {
			it.DateModified = rfc3339(s, e.updated)
		}
		buf.Reset()
		if err := enc.Encode(it); err != nil {
			return err
		}
		if !first {
			w.WriteString(",\n")
		}
		first = false
		w.Write(bytes.TrimRight(buf.Bytes(), "\n"))
		return nil
	})
	w.WriteString("\n]}\n")
	return err
}
