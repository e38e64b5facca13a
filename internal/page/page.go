// Package page reads local files that are not feed documents (plain text,
// Markdown with front matter, saved HTML article pages) into a
// *feed.Document, one entry per post. Plain text is the hard case: a saved
// page carries no markup, so posts, titles, dates and the site chrome around
// them are recognised from the shape of the text (see SplitText and
// DetectBoilerplate).
package page

import (
	"bytes"
	"net/url"
	"path/filepath"
	"regexp"
	"strings"
	"time"

	"github.com/tributary/tributary/internal/feed"
	"github.com/tributary/tributary/internal/urlref"
)

// Options tells Parse what the file itself cannot.
type Options struct {
	// BaseURL is the URL the page was saved from: relative links in HTML
	// and Markdown resolve against it, and a single post's entry link
	// falls back to it.
	BaseURL string
	// Meta holds the configured overrides for this file. Title and Link
	// apply to single-post files (Title wins over the text's own title);
	// Author and Published fill what the text does not say; SiteName and
	// SiteLink become the Document's title and link.
	Meta feed.FileMeta
	// Strip removes every paragraph or line any pattern matches, wherever
	// it is in the post.
	Strip []*regexp.Regexp
	// Boilerplate holds the blocks known to repeat across this source's
	// files (see DetectBoilerplate); they are removed from the leading and
	// trailing runs of each post.
	Boilerplate Boilerplate

	trace *tracer // set by Explain: records why each block was kept or dropped
}

// format is the kind of page a file holds.
type format int

const (
	formatAuto format = iota // unknown extension: decided by sniffing
	formatText
	formatMarkdown
	formatHTML
	formatFeed // RSS, Atom, RDF or JSON Feed: not this package's job
)

// Parse reads one local page into a Document. The format is chosen by the
// file name's extension (.txt, .md/.markdown, .html/.htm), then by sniffing
// the content: a .txt that is really HTML is read as HTML, and a file with
// another extension is HTML, Markdown (front matter) or plain text by its
// content. Feed documents are refused with ErrFeed; empty, binary and
// undecodable files with ErrEmpty, ErrBinary and ErrUndecodable, and a file
// that holds no post with ErrNoContent. Errors name only the problem.
func Parse(name string, data []byte, opts Options) (*feed.Document, error) {
	f, text, err := decodeAs(name, data)
	if err != nil {
		return nil, err
	}
	var doc *feed.Document
	switch f {
	case formatFeed:
		return nil, ErrFeed
	case formatHTML:
		doc, err = parseHTML(name, text, opts)
	case formatMarkdown:
		doc, err = parseMarkdown(name, text, opts)
	default:
		doc = parseText(name, text, opts)
	}
	if err != nil {
		return nil, err
	}
	if len(doc.Entries) == 0 {
		return nil, ErrNoContent
	}
	finish(doc, opts)
	return doc, nil
}

// decodeAs picks the format from the name, decodes, and refines the format
// by sniffing the decoded text.
func decodeAs(name string, data []byte) (format, string, error) {
	f := formatByExt(name)
	if f != formatHTML && f != formatMarkdown && looksHTML(string(bytes.TrimPrefix(data[:min(len(data), 2048)], []byte("\xef\xbb\xbf")))) {
		f = formatHTML // decode with the page's declared charset
	}
	text, err := decode(data, f == formatHTML)
	if err != nil {
		return f, "", err
	}
	switch f {
	case formatText:
		if looksHTML(text) {
			f = formatHTML
		}
	case formatAuto:
		switch {
		case looksFeed(text):
			f = formatFeed
		case looksHTML(text):
			f = formatHTML
		case hasFrontMatter(text):
			f = formatMarkdown
		default:
			f = formatText
		}
	}
	return f, text, nil
}

func formatByExt(name string) format {
	switch strings.ToLower(filepath.Ext(name)) {
	case ".txt", ".text":
		return formatText
	case ".md", ".markdown", ".mdown", ".mkd", ".mkdn":
		return formatMarkdown
	case ".html", ".htm", ".xhtml", ".shtml":
		return formatHTML
	}
	return formatAuto
}

// looksHTML reports whether text opens like an HTML document or fragment.
func looksHTML(text string) bool {
	head := strings.ToLower(strings.TrimSpace(text[:min(len(text), 2048)]))
	if !strings.HasPrefix(head, "<") {
		return false
	}
	for _, p := range []string{"<!doctype html", "<html", "<head", "<body"} {
		if strings.HasPrefix(head, p) {
			return true
		}
	}
	for _, tag := range []string{"<html", "<body", "<article", "<p>", "<div", "<meta ", "<title>", "<main"} {
		if strings.Contains(head, tag) {
			return true
		}
	}
	return false
}

// looksFeed reports whether text is a feed document: an XML root of rss,
// feed or rdf:RDF, or a JSON Feed.
func looksFeed(text string) bool {
	head := strings.ToLower(strings.TrimSpace(text[:min(len(text), 2048)]))
	if strings.HasPrefix(head, "{") {
		return strings.Contains(head, "jsonfeed.org/version")
	}
	if !strings.HasPrefix(head, "<?xml") && !strings.HasPrefix(head, "<rss") && !strings.HasPrefix(head, "<feed") && !strings.HasPrefix(head, "<rdf") {
		return false
	}
	return strings.Contains(head, "<rss") || strings.Contains(head, "<feed") || strings.Contains(head, "<rdf:rdf")
}

// finish applies the overrides that concern the whole document and every
// entry: configured site name and link, file name, author and date
// fallbacks.
func finish(doc *feed.Document, opts Options) {
	m := opts.Meta
	if m.SiteName != "" {
		doc.Title = m.SiteName
	}
	if m.SiteLink != "" {
		doc.Link = m.SiteLink
	}
	single := len(doc.Entries) == 1
	for i := range doc.Entries {
		e := &doc.Entries[i]
		if single {
			if m.Title != "" {
				e.Title = m.Title
			}
			switch {
			case m.Link != "":
				e.Link = m.Link
			case e.Link == "" && isAbsURL(opts.BaseURL):
				e.Link = opts.BaseURL
			}
		}
		if m.Author != "" {
			e.Authors = []string{m.Author}
		}
		if e.Published == nil && !m.Published.IsZero() {
			t := m.Published.UTC()
			e.Published, e.RawPublished = &t, m.RawPublished
		}
	}
	if doc.Link == "" {
		for _, u := range []string{doc.Entries[0].Link, opts.BaseURL} {
			if o := origin(u); o != "" {
				doc.Link = o
				break
			}
		}
	}
}

// isAbsURL reports whether s is an absolute http(s) URL.
func isAbsURL(s string) bool { return urlref.Base(s) != nil }

// origin returns scheme://host/ of an absolute http(s) URL, or "".
func origin(s string) string {
	u, err := url.Parse(s)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return ""
	}
	return u.Scheme + "://" + u.Host + "/"
}

// timePtr returns a pointer to t in UTC, or nil for the zero time.
func timePtr(t time.Time) *time.Time {
	if t.IsZero() {
		return nil
	}
	t = t.UTC()
	return &t
}
