// Package opml reads and writes OPML subscription lists, the format feed
// readers import and export. Reading is forgiving, because real exports
// (Feedly, Inoreader, NetNewsWire, Miniflux, old Google Reader) differ in
// attribute case, nesting, charset and entity use; writing produces plain
// OPML 2.0.
package opml

import (
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"

	"golang.org/x/net/html/charset"

	"github.com/tributary/tributary/internal/feed"
)

// MaxBytes caps what Parse reads; the largest real subscription lists are
// a few megabytes.
const MaxBytes = 32 << 20

// ErrNotOPML is wrapped by Parse's error when the document is XML but not
// OPML (or not XML at all).
var ErrNotOPML = errors.New("not an OPML document")

// Document is a parsed subscription list.
type Document struct {
	Title string
	Feeds []Feed // in document order
}

// Feed is one subscription.
type Feed struct {
	// Title is what the reader showed: the outline's text (which holds a
	// name the user gave), else its title.
	Title   string
	XMLURL  string // the feed's address; feed:// is rewritten to http://
	HTMLURL string // the site's address, if given
	Type    string // the outline's type ("rss", "atom"...), lower-cased
	// Folders are the labels of the enclosing outlines, outermost first.
	Folders []string
	// Categories come from the category attribute: comma-separated, and a
	// slash path ("/Tech/Go") gives each of its segments.
	Categories []string
}

// Tags returns the feed's folders then categories, each once (compared
// case-insensitively), in order.
func (f Feed) Tags() []string {
	var out []string
	for _, t := range append(slices.Clone(f.Folders), f.Categories...) {
		t = clean(t)
		if t != "" && !slices.ContainsFunc(out, func(s string) bool { return strings.EqualFold(s, t) }) {
			out = append(out, t)
		}
	}
	return out
}

// Parse reads an OPML 1.0 or 2.0 document. Outlines with an xmlUrl (or,
// with type rss or atom, a url) are feeds; outlines without one are folders
// whose text labels the feeds inside them. HTML entities, any declared
// charset and attribute names in any case are accepted.
func Parse(r io.Reader) (*Document, error) {
	data, err := io.ReadAll(io.LimitReader(r, MaxBytes+1))
	if err != nil {
		return nil, fmt.Errorf("read opml: %w", err)
	}
	if len(data) > MaxBytes {
		return nil, fmt.Errorf("read opml: larger than %d MiB", MaxBytes>>20)
	}
	dec := xml.NewDecoder(bytes.NewReader(data))
	dec.Strict = false
	dec.Entity = xml.HTMLEntity
	dec.CharsetReader = charset.NewReaderLabel
	doc := &Document{}
	var stack []string // folder label per open outline; "" for a feed
	root, inTitle := false, false
	for {
		tok, err := dec.Token()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			if !root {
				return nil, fmt.Errorf("parse opml: %w: %v", ErrNotOPML, err)
			}
			return nil, fmt.Errorf("parse opml: %w", err)
		}
		switch t := tok.(type) {
		case xml.StartElement:
			name := strings.ToLower(t.Name.Local)
			if !root {
				if name != "opml" {
					return nil, fmt.Errorf("parse opml: %w (root element <%s>)", ErrNotOPML, t.Name.Local)
				}
				root = true
				continue
			}
			switch name {
			case "title":
				inTitle = len(stack) == 0 && doc.Title == ""
			case "outline":
				label, f, ok := outline(t.Attr)
				if ok {
					f.Folders = slices.Clone(nonEmpty(stack))
					doc.Feeds = append(doc.Feeds, f)
					label = ""
				}
				stack = append(stack, label)
			}
		case xml.EndElement:
			switch strings.ToLower(t.Name.Local) {
			case "outline":
				if len(stack) > 0 {
					stack = stack[:len(stack)-1]
				}
			case "title":
				inTitle = false
			}
		case xml.CharData:
			if inTitle {
				doc.Title += string(t)
			}
		}
	}
	if !root {
		return nil, fmt.Errorf("parse opml: %w (empty)", ErrNotOPML)
	}
	doc.Title = clean(doc.Title)
	return doc, nil
}

// outline reads one outline's attributes: a feed when it has a feed URL,
// else a folder label.
func outline(attrs []xml.Attr) (label string, f Feed, isFeed bool) {
	a := map[string]string{}
	for _, at := range attrs {
		k := strings.ToLower(at.Name.Local)
		if _, dup := a[k]; !dup {
			a[k] = strings.TrimSpace(at.Value)
		}
	}
	label = clean(a["text"])
	if label == "" {
		label = clean(a["title"])
	}
	f = Feed{Title: label, XMLURL: a["xmlurl"], HTMLURL: a["htmlurl"], Type: strings.ToLower(a["type"])}
	if f.XMLURL == "" && (f.Type == "rss" || f.Type == "atom") {
		f.XMLURL = a["url"]
	}
	if f.XMLURL == "" {
		return label, Feed{}, false
	}
	f.XMLURL = feedScheme(f.XMLURL)
	f.Categories = categories(a["category"])
	return label, f, true
}

// feedScheme rewrites the feed: pseudo-scheme some readers export.
func feedScheme(u string) string {
	low := strings.ToLower(u)
	switch {
	case strings.HasPrefix(low, "feed:http://") || strings.HasPrefix(low, "feed:https://"):
		return u[len("feed:"):]
	case strings.HasPrefix(low, "feed://"):
		return "http://" + u[len("feed://"):]
	}
	return u
}

func categories(attr string) []string {
	var out []string
	for _, c := range strings.Split(attr, ",") {
		c = strings.TrimSpace(c)
		if strings.HasPrefix(c, "/") {
			for _, seg := range strings.Split(c, "/") {
				if seg = clean(seg); seg != "" {
					out = append(out, seg)
				}
			}
		} else if c = clean(c); c != "" {
			out = append(out, c)
		}
	}
	return out
}

func nonEmpty(s []string) []string {
	var out []string
	for _, v := range s {
		if v != "" {
			out = append(out, v)
		}
	}
	return out
}

// clean collapses runs of white space, as a reader displays a label.
func clean(s string) string { return strings.Join(strings.Fields(s), " ") }

type xmlDoc struct {
	XMLName xml.Name      `xml:"opml"`
	Version string        `xml:"version,attr"`
	Title   string        `xml:"head>title"`
	Body    []*xmlOutline `xml:"body>outline"`
}

type xmlOutline struct {
	Type     string        `xml:"type,attr,omitempty"`
	Text     string        `xml:"text,attr"`
	Title    string        `xml:"title,attr,omitempty"`
	XMLURL   string        `xml:"xmlUrl,attr,omitempty"`
	HTMLURL  string        `xml:"htmlUrl,attr,omitempty"`
	Category string        `xml:"category,attr,omitempty"`
	Outlines []*xmlOutline `xml:"outline"`
}

// Write writes sources as an OPML 2.0 subscription list. A source with
// tags goes into a folder named after its first tag, placed where the
// first such source appears so the config's order is kept, and lists all
// its tags in its category attribute. A source's title is its configured
// title, else its name. Local sources have no feed to subscribe to and are
// left out. The output has no date, so the same sources give the same
// bytes.
func Write(w io.Writer, title string, sources []feed.Source) error {
	doc := xmlDoc{Version: "2.0", Title: clean(title)}
	folders := map[string]*xmlOutline{}
	for _, s := range sources {
		if s.Local() || s.URL == "" {
			continue
		}
		name := clean(s.Title)
		if name == "" {
			name = s.Name
		}
		o := &xmlOutline{Type: "rss", Text: name, Title: name, XMLURL: s.URL, HTMLURL: s.Link}
		var tags []string
		for _, t := range s.Tags {
			if t = clean(t); t != "" && !slices.Contains(tags, t) {
				tags = append(tags, t)
			}
		}
		if len(tags) == 0 {
			doc.Body = append(doc.Body, o)
			continue
		}
		o.Category = strings.Join(tags, ",")
		f := folders[tags[0]]
		if f == nil {
			f = &xmlOutline{Text: tags[0], Title: tags[0]}
			folders[tags[0]] = f
			doc.Body = append(doc.Body, f)
		}
		f.Outlines = append(f.Outlines, o)
	}
	out, err := xml.MarshalIndent(doc, "", "  ")
	if err != nil {
		return fmt.Errorf("write opml: %w", err)
	}
	if _, err := io.WriteString(w, xml.Header+string(out)+"\n"); err != nil {
		return fmt.Errorf("write opml: %w", err)
	}
	return nil
}
