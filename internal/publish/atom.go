package publish

import (
	"bufio"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"slices"
	"strconv"
	"time"

	"github.com/gorilla/feeds"
)

// Namespaces written into the Atom document.
const (
	atomNS    = "http://www.w3.org/2005/Atom"
	historyNS = "http://purl.org/syndication/history/1.0" // RFC 5005
)

// AtomOptions tunes the Atom output.
type AtomOptions struct {
	// Stylesheet, when set, is written as an xml-stylesheet processing
	// instruction (e.g. XSLFile) so a browser opening the feed renders it.
	Stylesheet string
}

// The Atom document is built from gorilla/feeds' exported leaf types
// (AtomLink, AtomAuthor, AtomContent, AtomSummary) inside our own structs,
// because feeds.AtomFeed/AtomEntry hold a single link and author, a string
// category and a string source, and have no generator or RFC 5005 parts.

type atomText struct {
	Type string `xml:"type,attr,omitempty"`
	Text string `xml:",chardata"`
}

type atomGenerator struct {
	URI     string `xml:"uri,attr,omitempty"`
	Version string `xml:"version,attr,omitempty"`
	Name    string `xml:",chardata"`
}

type atomCategory struct {
	XMLName xml.Name `xml:"category"`
	Term    string   `xml:"term,attr"`
}

// atomSource is RFC 4287 §4.2.11: where an entry was copied from.
type atomSource struct {
	ID      string           `xml:"id,omitempty"`
	Title   *atomText        `xml:"title"`
	Links   []feeds.AtomLink `xml:"link"`
	Updated string           `xml:"updated,omitempty"`
}

type atomEntry struct {
	XMLName    xml.Name           `xml:"entry"`
	ID         string             `xml:"id"`
	Title      atomText           `xml:"title"`
	Updated    string             `xml:"updated"`
	Published  string             `xml:"published,omitempty"`
	Authors    []feeds.AtomAuthor `xml:"author"`
	Links      []feeds.AtomLink   `xml:"link"`
	Categories []atomCategory     `xml:"category"`
	Summary    *feeds.AtomSummary
	Content    *feeds.AtomContent
	Source     *atomSource `xml:"source"`
}

type atomFeed struct {
	XMLName   xml.Name           `xml:"feed"`
	Xmlns     string             `xml:"xmlns,attr"`
	XmlnsFH   string             `xml:"xmlns:fh,attr,omitempty"`
	ID        string             `xml:"id"`
	Title     atomText           `xml:"title"`
	Subtitle  *atomText          `xml:"subtitle"`
	Updated   string             `xml:"updated"`
	Links     []feeds.AtomLink   `xml:"link"`
	Authors   []feeds.AtomAuthor `xml:"author"`
	Generator *atomGenerator     `xml:"generator"`
	Archive   *struct{}          `xml:"fh:archive"` // RFC 5005 §4
	Entries   []atomEntry        `xml:"entry"`
}

// Atom writes f as an RFC 4287 Atom feed document. The output depends only
// on f and opts, so the same input gives the same bytes.
func Atom(w io.Writer, f Feed, opts AtomOptions) error {
	doc, err := buildAtom(f)
	if err != nil {
		return fmt.Errorf("publish atom: %w", err)
	}
	bw := bufio.NewWriter(w)
	bw.WriteString(xml.Header)
	if opts.Stylesheet != "" {
		bw.WriteString(`<?xml-stylesheet type="text/xsl" href="`)
		// The xml-stylesheet pseudo-attributes accept the predefined
		// entities, and escaping '>' also keeps "?>" out of the PI.
		if err := xml.EscapeText(bw, []byte(clean(opts.Stylesheet))); err != nil {
			return fmt.Errorf("publish atom: stylesheet: %w", err)
		}
		bw.WriteString("\"?>\n")
	}
	if err := encodeXML(bw, doc); err != nil {
		return fmt.Errorf("publish atom: %w", err)
	}
	if err := bw.Flush(); err != nil {
		return fmt.Errorf("publish atom: %w", err)
	}
	return nil
}

// encodeXML writes v indented, followed by a newline.
func encodeXML(w *bufio.Writer, v any) error {
	enc := xml.NewEncoder(w)
	enc.Indent("", "  ")
	if err := enc.Encode(v); err != nil {
		return err
	}
	if err := enc.Close(); err != nil {
		return err
	}
	return w.WriteByte('\n')
}

func buildAtom(f Feed) (*atomFeed, error) {
	id := trimClean(f.ID)
	if id == "" {
		id = trimClean(f.SelfURL)
	}
	if id == "" {
		return nil, errors.New("feed has neither an id nor a self URL")
	}
	updated := f.updated()
	doc := &atomFeed{
		Xmlns:   atomNS,
		ID:      id,
		Title:   atomText{Type: "text", Text: clean(f.Title)},
		Updated: rfc3339(updated),
	}
	if s := clean(f.Subtitle); s != "" {
		doc.Subtitle = &atomText{Type: "text", Text: s}
	}
	doc.Links = appendLink(doc.Links, f.SelfURL, "self", AtomType)
	doc.Links = appendLink(doc.Links, f.Link, "alternate", HTMLType)
	doc.Links = appendLink(doc.Links, f.Hub, "hub", "")
	doc.Links = appendLink(doc.Links, f.Current, "current", AtomType)
	doc.Links = appendLink(doc.Links, f.PrevArchive, "prev-archive", AtomType)
	doc.Links = appendLink(doc.Links, f.NextArchive, "next-archive", AtomType)
	if name := trimClean(f.Author); name != "" {
		p := feeds.AtomPerson{Name: name, Uri: trimClean(f.AuthorURI)}
		if e := trimClean(f.AuthorEmail); emailOK(e) {
			p.Email = e
		}
		doc.Authors = []feeds.AtomAuthor{{AtomPerson: p}}
	}
	if g := trimClean(f.Generator.Name); g != "" {
		doc.Generator = &atomGenerator{
			Name:    g,
			URI:     trimClean(f.Generator.URI),
			Version: trimClean(f.Generator.Version),
		}
	}
	if f.Archive {
		doc.XmlnsFH = historyNS
		doc.Archive = &struct{}{}
	}
	doc.Entries = make([]atomEntry, 0, len(f.Entries))
	for i, e := range f.Entries {
		ae, err := buildAtomEntry(e, f, updated)
		if err != nil {
			return nil, fmt.Errorf("entry %d: %w", i, err)
		}
		doc.Entries = append(doc.Entries, ae)
	}
	return doc, nil
}

func buildAtomEntry(e Entry, f Feed, feedUpdated time.Time) (atomEntry, error) {
	id := trimClean(e.ID)
	if id == "" {
		return atomEntry{}, fmt.Errorf("%q has an empty id", e.Title)
	}
	ae := atomEntry{
		ID:      id,
		Title:   atomText{Type: "text", Text: clean(e.Title)},
		Updated: rfc3339(entryUpdated(e, feedUpdated)),
	}
	if t := stamp(e.Published); !t.IsZero() {
		ae.Published = rfc3339(t)
	}
	for _, name := range entryAuthors(e, f) {
		ae.Authors = append(ae.Authors, feeds.AtomAuthor{AtomPerson: feeds.AtomPerson{Name: name}})
	}
	link := trimClean(e.Link)
	ae.Links = appendLink(ae.Links, link, "alternate", "")
	seen := []string{link}
	for _, r := range cleanAll(e.Related) {
		if slices.Contains(seen, r) {
			continue
		}
		seen = append(seen, r)
		ae.Links = appendLink(ae.Links, r, "related", "")
	}
	for _, enc := range e.Enclosures {
		href := trimClean(enc.URL)
		if href == "" {
			continue
		}
		l := feeds.AtomLink{Href: href, Rel: "enclosure"}
		if t := trimClean(enc.Type); mediaTypeOK(t) {
			l.Type = t
		}
		if enc.Length > 0 {
			l.Length = strconv.FormatInt(enc.Length, 10)
		}
		ae.Links = append(ae.Links, l)
	}
	for _, c := range cleanAll(e.Categories) {
		ae.Categories = append(ae.Categories, atomCategory{Term: c})
	}
	body, summary := clean(e.Content), clean(e.Summary)
	if body == "" {
		body = summary
	}
	// RFC 4287 §4.1.1: an entry without an alternate link must have content,
	// even an empty one.
	if body != "" || link == "" {
		ae.Content = &feeds.AtomContent{Type: "html", Content: body}
	}
	if summary != "" && summary != body {
		ae.Summary = &feeds.AtomSummary{Type: "html", Content: summary}
	}
	ae.Source = buildAtomSource(e.Source)
	return ae, nil
}

func buildAtomSource(s Source) *atomSource {
	src := &atomSource{ID: trimClean(s.ID)}
	feedURL := trimClean(s.FeedURL)
	if src.ID == "" {
		// RSS feeds have no id; their URL is the best stable name they have.
		src.ID = feedURL
	}
	if name := sourceName(s); name != "" {
		src.Title = &atomText{Type: "text", Text: name}
	}
	src.Links = appendLink(src.Links, s.Link, "alternate", HTMLType)
	src.Links = appendLink(src.Links, feedURL, "self", "")
	if t := stamp(s.Updated); !t.IsZero() {
		src.Updated = rfc3339(t)
	}
	if src.ID == "" && src.Title == nil && len(src.Links) == 0 && src.Updated == "" {
		return nil
	}
	return src
}

// appendLink appends an atom:link when href is non-empty.
func appendLink(links []feeds.AtomLink, href, rel, typ string) []feeds.AtomLink {
	href = trimClean(href)
	if href == "" {
		return links
	}
	return append(links, feeds.AtomLink{Href: href, Rel: rel, Type: typ})
}
