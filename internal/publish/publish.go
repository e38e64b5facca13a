// Package publish writes Tributary's merged outputs (Atom, RSS 2.0, JSON
// Feed, OPML, an HTML "river" page and the XSLT that dresses atom.xml for
// browsers) to an io.Writer, from plain values. It never touches the
// database: the app layer decides ids, order and dates, and this package
// only serialises them, deterministically.
package publish

import (
	"github.com/tributary/tributary/internal/htmltext"
	"net/url"
	"slices"
	"strings"
	"time"

	"github.com/tributary/tributary/internal/dates"
)

// File names of the published outputs, relative to the output directory and
// to Feed.BaseURL. The app layer and the server use these so that the links
// written into each document point at the files actually written.
const (
	AtomFile = "atom.xml"
	RSSFile  = "rss.xml"
	JSONFile = "feed.json"
	OPMLFile = "opml.xml"
	HTMLFile = "index.html"
	XSLFile  = "feed.xsl"
)

// Media types of the published outputs, for autodiscovery links and for the
// server's Content-Type.
const (
	AtomType = "application/atom+xml"
	RSSType  = "application/rss+xml"
	JSONType = "application/feed+json"
	OPMLType = "text/x-opml"
	HTMLType = "text/html"
)

// Feed is the merged feed as the app layer decided it: metadata, the sources
// it came from and the entries, newest first.
type Feed struct {
	Title, Subtitle string
	ID              string // feed id (IRI); SelfURL is used when empty
	Author          string
	AuthorURI       string
	AuthorEmail     string
	SelfURL         string    // public URL of atom.xml (rel="self"); BaseURL derives from it
	Link            string    // rel="alternate" text/html: the public HTML page
	Updated         time.Time // newest entry change, never the wall clock; derived from entries when zero
	Generator       Generator
	Hub             string // optional WebSub hub (rel="hub")
	PrevArchive     string // RFC 5005 prev-archive URL, optional
	NextArchive     string // RFC 5005 next-archive URL, optional (archive documents only)
	Current         string // RFC 5005 "current" for archive documents, optional
	Archive         bool   // this document is an archive page (fh:archive)
	Sources         []Source
	Entries         []Entry // newest first already
}

// Generator names the software that wrote the feed (atom:generator).
type Generator struct{ Name, Version, URI string }

// Source is one input feed as shown to readers.
type Source struct {
	Name    string // the configured, unique name
	Title   string
	ID      string // the source feed's own id, if it has one
	Link    string // site home page
	FeedURL string // the feed's URL; empty for local sources
	Updated time.Time
	Status  string // short human-readable health, e.g. "ok" or "failing since 2 Mar"
	Tags    []string
}

// Entry is one post of the merged feed. Content and Summary are HTML that
// has already been sanitised; publish escapes it where the format needs and
// trusts it where it is inserted into the HTML page.
type Entry struct {
	ID         string   // stable id, already decided by the caller
	Title      string   // plain text
	Link       string   // alternate link to the original post
	Related    []string // other copies' links (rel="related")
	Authors    []string
	Categories []string
	Published  time.Time // zero = omit
	// Precision is how much of Published the source gave: the HTML page
	// shows no time of day for a date known only to its day, month or
	// year. The feeds still carry full RFC 3339. Zero means exact.
	Precision  dates.Precision
	Updated    time.Time // zero = Published, else the feed's Updated
	Content    string    // sanitised HTML
	Summary    string    // sanitised HTML, optional
	Source     Source    // originating feed
	Enclosures []Enclosure
}

// Enclosure is an attached media file (podcast audio, a PDF...).
type Enclosure struct {
	URL    string
	Type   string
	Length int64 // bytes; 0 when unknown
}

// BaseURL returns the directory URL that SelfURL's file lives in (with a
// trailing slash), or "" when SelfURL is empty or unparsable. The other
// outputs are published next to atom.xml, so their URLs derive from it.
func (f Feed) BaseURL() string {
	if f.SelfURL == "" {
		return ""
	}
	u, err := url.Parse(f.SelfURL)
	if err != nil || !u.IsAbs() || u.Opaque != "" {
		return ""
	}
	return u.ResolveReference(&url.URL{Path: "./"}).String()
}

// PublicURL returns the public URL of the named output file (one of the
// *File constants), or "" when the feed has no SelfURL.
func (f Feed) PublicURL(file string) string {
	base := f.BaseURL()
	if base == "" {
		return ""
	}
	return base + file
}

// updated returns the feed's Updated, or the newest entry date when the
// caller left it zero, or the Unix epoch for an empty feed: a fixed value
// keeps the output byte-identical where the wall clock would not.
func (f Feed) updated() time.Time {
	if t := stamp(f.Updated); !t.IsZero() {
		return t
	}
	var newest time.Time
	for _, e := range f.Entries {
		for _, t := range []time.Time{stamp(e.Updated), stamp(e.Published)} {
			if t.After(newest) {
				newest = t
			}
		}
	}
	if newest.IsZero() {
		return time.Unix(0, 0).UTC()
	}
	return newest
}

// stamp is t as every output writes it: UTC, whole seconds. Years outside
// 1-9999 cannot be written as RFC 3339 and count as no date at all.
func stamp(t time.Time) time.Time {
	if t.IsZero() {
		return time.Time{}
	}
	t = t.UTC().Truncate(time.Second)
	if y := t.Year(); y < 1 || y > 9999 {
		return time.Time{}
	}
	return t
}

// entryUpdated is the entry's Updated, else Published, else the fallback.
func entryUpdated(e Entry, fallback time.Time) time.Time {
	if t := stamp(e.Updated); !t.IsZero() {
		return t
	}
	if t := stamp(e.Published); !t.IsZero() {
		return t
	}
	return fallback
}

// sourceName is how a source is called in front of readers.
func sourceName(s Source) string {
	if t := trimClean(s.Title); t != "" {
		return t
	}
	return trimClean(s.Name)
}

// entryAuthors returns the author names to write on an entry. An entry
// without authors is credited to its source, because RFC 4287 §4.1.2 wants
// every entry to have an author and the feed's own author (the aggregator's
// owner) did not write the post. nil means "inherit the feed's author",
// which happens only when neither the entry nor its source names anyone.
func entryAuthors(e Entry, f Feed) []string {
	if names := cleanAll(e.Authors); len(names) > 0 {
		return names
	}
	if n := sourceName(e.Source); n != "" {
		return []string{n}
	}
	if trimClean(f.Author) != "" {
		return nil
	}
	if t := trimClean(f.Title); t != "" {
		return []string{t}
	}
	return []string{"unknown"}
}

// rfc3339 formats t in UTC to the second, as Atom and JSON Feed want.
func rfc3339(t time.Time) string { return t.UTC().Format(time.RFC3339) }

// rfc1123 formats t in UTC as RSS 2.0 (RFC 822 with a 4-digit year) wants.
func rfc1123(t time.Time) string { return t.UTC().Format(time.RFC1123Z) }

// clean drops characters that XML 1.0 forbids (C0 controls other than tab,
// LF and CR; U+FFFE, U+FFFF) and the C1 controls it discourages, replaces
// invalid UTF-8 with U+FFFD and line ends with LF (htmltext.CleanChars,
// the policy every stage shares). encoding/xml escapes markup but writes
// such characters through, which would make the document ill-formed, so
// every string is passed through here on its way out.
func clean(s string) string { return htmltext.CleanChars(s) }

// trimClean is clean followed by TrimSpace: the form of every single-line
// value, so that a value made only of forbidden characters counts as empty.
func trimClean(s string) string { return strings.TrimSpace(clean(s)) }

// cleanAll returns the distinct non-empty values of in, each trimClean-ed.
func cleanAll(in []string) []string {
	var out []string
	for _, s := range in {
		if s = trimClean(s); s != "" && !slices.Contains(out, s) {
			out = append(out, s)
		}
	}
	return out
}

// mediaTypeOK reports whether t looks like type/subtype, as the Atom schema
// requires of every type attribute that is not text/html/xhtml.
func mediaTypeOK(t string) bool {
	i := strings.IndexByte(t, '/')
	return i > 0 && i < len(t)-1 && !strings.ContainsAny(t, " \t\r\n")
}

// emailOK mirrors the Atom schema's atomEmailAddress (".+@.+").
func emailOK(s string) bool {
	i := strings.IndexByte(s, '@')
	return i > 0 && i < len(s)-1
}
