package publish

import (
	"bufio"
	"embed"
	"fmt"
	"github.com/tributary/tributary/internal/htmltext"
	"hash/fnv"
	"html/template"
	"io"
	"net/url"
	"path"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/tributary/tributary/internal/dates"
)

//go:embed templates/page.html.tmpl templates/style.css
var templateFS embed.FS

// HTMLOptions tunes the HTML page.
type HTMLOptions struct {
	// FeedLinks are advertised with <link rel="alternate"> for feed
	// autodiscovery and listed under "Subscribe". nil means
	// DefaultFeedLinks(f); an empty non-nil slice advertises nothing.
	FeedLinks []FeedLink
	// ExcerptRunes, when positive, shortens posts whose text is longer to
	// an excerpt of that many characters with a "Read more" link.
	ExcerptRunes int
	// Lang is the page's language tag; "en" when empty.
	Lang string
	// Rivers are the pages of the feeds cut from the same posts (the main
	// feed's and each river's), listed under "Rivers"; nil lists none.
	Rivers []RiverLink
}

// RiverLink is one feed's page in the list of rivers.
type RiverLink struct {
	Title   string
	Href    string
	Current bool // the page being written
}

// FeedLink is one alternate representation of the page.
type FeedLink struct {
	Title string // e.g. "Atom"
	Type  string // media type, e.g. AtomType
	Href  string
}

// DefaultFeedLinks returns the Atom, RSS and JSON Feed links published next
// to SelfURL, or nil when the feed has no SelfURL.
func DefaultFeedLinks(f Feed) []FeedLink {
	if f.BaseURL() == "" {
		return nil
	}
	return []FeedLink{
		{Title: "Atom", Type: AtomType, Href: f.SelfURL},
		{Title: "RSS", Type: RSSType, Href: f.PublicURL(RSSFile)},
		{Title: "JSON Feed", Type: JSONType, Href: f.PublicURL(JSONFile)},
	}
}

type timeView struct{ Machine, Human string }

type pageView struct {
	Lang, Title, Subtitle, Link string
	Updated                     timeView
	Generator, GeneratorURI     string
	CSS                         template.CSS
	FeedLinks                   []FeedLink
	Rivers                      []RiverLink
	Days                        []dayView
	Sources                     []sourceView
}

type dayView struct {
	ID      string
	Date    timeView
	Entries []entryView
}

type entryView struct {
	Anchor                 string
	Title, Link            string
	SourceName, SourceLink string
	Authors                string
	Date                   timeView
	Content                template.HTML
	Excerpt                string
	Related                []linkView
	Categories             []string
	Enclosures             []enclosureView
}

type linkView struct{ Href, Text string }

type enclosureView struct{ URL, Name, Detail string }

type sourceView struct {
	Name, Link, FeedURL string
	Status, StatusClass string
	Updated             timeView
}

// HTML writes the "river" page: entries newest first under one heading per
// day (UTC), a sidebar of sources and feed links, inline CSS, no scripts.
// Every date on the page comes from f, so the page is as deterministic as
// the feeds.
func HTML(w io.Writer, f Feed, opts HTMLOptions) error {
	tmpl, err := template.New("page.html.tmpl").ParseFS(templateFS, "templates/page.html.tmpl")
	if err != nil {
		return fmt.Errorf("publish html: parse template: %w", err)
	}
	css, err := templateFS.ReadFile("templates/style.css")
	if err != nil {
		return fmt.Errorf("publish html: read style: %w", err)
	}
	v := buildPage(f, opts)
	v.CSS = template.CSS(css)
	bw := bufio.NewWriter(w)
	if err := tmpl.Execute(bw, v); err != nil {
		return fmt.Errorf("publish html: %w", err)
	}
	if err := bw.Flush(); err != nil {
		return fmt.Errorf("publish html: %w", err)
	}
	return nil
}

func buildPage(f Feed, opts HTMLOptions) pageView {
	v := pageView{
		Lang:     trimClean(opts.Lang),
		Title:    clean(f.Title),
		Subtitle: clean(f.Subtitle),
		Link:     trimClean(f.Link),
		Updated:  longTime(f.updated()),
	}
	if v.Lang == "" {
		v.Lang = "en"
	}
	if g := trimClean(f.Generator.Name); g != "" {
		if ver := trimClean(f.Generator.Version); ver != "" {
			g += " " + ver
		}
		v.Generator = g
		v.GeneratorURI = trimClean(f.Generator.URI)
	}
	links := opts.FeedLinks
	if links == nil {
		links = DefaultFeedLinks(f)
	}
	for _, l := range links {
		l = FeedLink{Title: clean(l.Title), Type: clean(l.Type), Href: trimClean(l.Href)}
		if l.Href != "" {
			v.FeedLinks = append(v.FeedLinks, l)
		}
	}
	for _, r := range opts.Rivers {
		r = RiverLink{Title: trimClean(r.Title), Href: trimClean(r.Href), Current: r.Current}
		if r.Href != "" && r.Title != "" {
			v.Rivers = append(v.Rivers, r)
		}
	}
	fallback := f.updated()
	var anchors []string // ids used so far, to keep them unique
	for _, e := range f.Entries {
		ev := buildEntryView(e, opts.ExcerptRunes)
		ev.Anchor = uniqueID(&anchors, "entry-"+shortHash(e.ID))
		date, precision := stamp(e.Published), e.Precision
		if date.IsZero() {
			date, precision = entryUpdated(e, fallback), dates.Second
		}
		heading := dateHeading(date, precision)
		if n := len(v.Days); n == 0 || v.Days[n-1].Date.Machine != heading.Machine {
			v.Days = append(v.Days, dayView{
				ID:   uniqueID(&anchors, "day-"+heading.Machine),
				Date: heading,
			})
		}
		if precision.HasTime() {
			ev.Date = timeView{Machine: rfc3339(date), Human: date.Format("15:04 UTC")}
		}
		d := &v.Days[len(v.Days)-1]
		d.Entries = append(d.Entries, ev)
	}
	for _, s := range f.Sources {
		sv := sourceView{
			Name:    sourceName(s),
			Link:    trimClean(s.Link),
			FeedURL: trimClean(s.FeedURL),
			Status:  trimClean(s.Status),
		}
		if sv.Name == "" {
			sv.Name = sv.FeedURL
		}
		if sv.Status != "" {
			sv.StatusClass = "status-problem"
			if strings.EqualFold(sv.Status, "ok") {
				sv.StatusClass = "status-ok"
			}
		}
		if t := stamp(s.Updated); !t.IsZero() {
			sv.Updated = longTime(t)
		}
		v.Sources = append(v.Sources, sv)
	}
	return v
}

func buildEntryView(e Entry, excerptRunes int) entryView {
	ev := entryView{
		Title:      trimClean(e.Title),
		Link:       trimClean(e.Link),
		SourceName: sourceName(e.Source),
		SourceLink: trimClean(e.Source.Link),
		Categories: cleanAll(e.Categories),
	}
	if ev.Title == "" {
		ev.Title = "(untitled)"
	}
	if ev.SourceLink == "" {
		ev.SourceLink = trimClean(e.Source.FeedURL)
	}
	// Only the entry's own authors: the source is already named in "From".
	if authors := cleanAll(e.Authors); len(authors) > 0 {
		ev.Authors = strings.Join(authors, ", ")
	}
	body := clean(e.Content)
	if body == "" {
		body = clean(e.Summary)
	}
	// The caller has sanitised the HTML; this is where that trust is used.
	ev.Content = template.HTML(body)
	if excerptRunes > 0 {
		if text, cut := htmltext.Excerpt(htmltext.Collapse(htmltext.Text(body)), excerptRunes); cut {
			ev.Excerpt = text
		}
	}
	seen := []string{ev.Link}
	for _, r := range cleanAll(e.Related) {
		if slices.Contains(seen, r) {
			continue
		}
		seen = append(seen, r)
		ev.Related = append(ev.Related, linkView{Href: r, Text: hostOf(r)})
	}
	for _, enc := range e.Enclosures {
		u := trimClean(enc.URL)
		if u == "" {
			continue
		}
		ev.Enclosures = append(ev.Enclosures, enclosureView{
			URL:    u,
			Name:   fileName(u),
			Detail: enclosureDetail(trimClean(enc.Type), enc.Length),
		})
	}
	return ev
}

// shortHash names an entry in a URL fragment. Derived from the entry's id,
// a link to a post on the page keeps working as newer posts arrive.
func shortHash(s string) string {
	h := fnv.New64a()
	h.Write([]byte(s))
	return strconv.FormatUint(h.Sum64(), 36)
}

// uniqueID returns id, suffixed if it was already used, and records it.
func uniqueID(used *[]string, id string) string {
	candidate := id
	for n := 2; slices.Contains(*used, candidate); n++ {
		candidate = id + "-" + strconv.Itoa(n)
	}
	*used = append(*used, candidate)
	return candidate
}

// dateHeading is the heading an entry dated t goes under: its day, or its
// month or year alone when that is all the source gave (HTML's month and
// year strings are valid datetime values).
func dateHeading(t time.Time, p dates.Precision) timeView {
	switch p {
	case dates.Month:
		return timeView{Machine: t.Format("2006-01"), Human: t.Format("January 2006")}
	case dates.Year:
		return timeView{Machine: t.Format("2006"), Human: t.Format("2006")}
	}
	return timeView{Machine: t.Format("2006-01-02"), Human: t.Format("Monday, 2 January 2006")}
}

func longTime(t time.Time) timeView {
	t = t.UTC()
	return timeView{Machine: rfc3339(t), Human: t.Format("2 January 2006, 15:04 UTC")}
}

// hostOf names a link by its host, which is what tells copies apart.
func hostOf(s string) string {
	u, err := url.Parse(s)
	if err != nil || u.Host == "" {
		return s
	}
	return strings.TrimPrefix(u.Host, "www.")
}

func fileName(s string) string {
	u, err := url.Parse(s)
	if err != nil {
		return s
	}
	if name := path.Base(u.Path); name != "." && name != "/" {
		if unescaped, err := url.PathUnescape(name); err == nil {
			return unescaped
		}
		return name
	}
	return s
}

func enclosureDetail(typ string, length int64) string {
	var parts []string
	if typ != "" {
		parts = append(parts, typ)
	}
	if length > 0 {
		parts = append(parts, byteSize(length))
	}
	return strings.Join(parts, ", ")
}

// byteSize formats n in decimal units, as file sizes are shown to people.
func byteSize(n int64) string {
	const unit = 1000
	if n < unit {
		return strconv.FormatInt(n, 10) + " B"
	}
	value, exp := float64(n), 0
	for value >= unit && exp < 4 {
		value /= unit
		exp++
	}
	return strconv.FormatFloat(value, 'f', 1, 64) + " " + [...]string{"", "kB", "MB", "GB", "TB"}[exp]
}
