package parse

import (
	"net/url"
	"strconv"
	"strings"
	"time"

	ext "github.com/mmcdole/gofeed/extensions"
	"github.com/mmcdole/gofeed/rss"

	"github.com/tributary/tributary/internal/dates"
	"github.com/tributary/tributary/internal/feed"
	"github.com/tributary/tributary/internal/htmltext"
)

// adapter carries what mapping one document needs beyond gofeed's output.
type adapter struct {
	sc *scanResult
	// fallback is used where no base URL is in scope (a local file, say):
	// the feed's own absolute site or self link.
	fallback *url.URL
}

func (a *adapter) base(b *url.URL) *url.URL {
	if b != nil {
		return b
	}
	return a.fallback
}

// entryInfo returns the scan's record for entry i. The scan and gofeed see
// the same elements, but should they ever disagree on the count, every
// entry falls back to the feed's base rather than pairing with a neighbour.
func (a *adapter) entryInfo(i, total int) *nodeInfo {
	if len(a.sc.entries) == total {
		return a.sc.entries[i]
	}
	return &nodeInfo{base: a.sc.feed.base}
}

func adaptRSS(f *rss.Feed, sc *scanResult) *feed.Document {
	a := &adapter{sc: sc}
	fi := &sc.feed
	doc := &feed.Document{
		Title:    rssTitle(f.Title, fi.field("title")),
		ID:       fi.about,
		Language: strings.TrimSpace(f.Language),
	}
	for i, l := range f.Links {
		if !fi.linkIsAlternate(i, len(f.Links)) {
			continue
		}
		if doc.Link = absLink(fi.linkBase(i, len(f.Links)), l); doc.Link != "" {
			break
		}
	}
	atomLinks := extLinks(f.Extensions)
	if doc.Link == "" {
		doc.Link = extLink(atomLinks, "alternate", fi.base)
	}
	doc.FeedURL = extLink(atomLinks, "self", fi.base)
	doc.Hub = extLink(atomLinks, "hub", fi.base)
	a.fallback = firstBase(doc.Link, doc.FeedURL)
	if doc.Title == "" {
		doc.Title = htmltext.UntypedLine(extFirst(f.Extensions, "dc", "title"))
	}
	if doc.Language == "" {
		doc.Language = extFirst(f.Extensions, "dc", "language")
	}
	doc.Author = channelAuthor(f)
	doc.Updated, _ = pickDate(
		dateCand{f.LastBuildDate, f.LastBuildDateParsed},
		dateCand{f.PubDate, f.PubDateParsed},
		dateCand{raw: extFirst(f.Extensions, "dcterms", "modified")},
		dateCand{raw: extFirst(f.Extensions, "dc", "date")},
		dateCand{raw: extFirst(f.Extensions, "atom", "updated")},
	)
	doc.TTL = ttl(f.TTL, f.Extensions)
	doc.Entries = make([]feed.Entry, 0, len(f.Items))
	for i, it := range f.Items {
		doc.Entries = append(doc.Entries, a.rssEntry(it, a.entryInfo(i, len(f.Items))))
	}
	return doc
}

func (a *adapter) rssEntry(it *rss.Item, info *nodeInfo) feed.Entry {
	e := feed.Entry{Title: rssTitle(it.Title, info.field("title"))}
	if it.GUID != nil {
		e.ID = it.GUID.Value
	}
	if e.ID == "" {
		e.ID = info.about // RSS 1.0 items are identified by rdf:about
	}
	for j, l := range it.Links {
		if !info.linkIsAlternate(j, len(it.Links)) {
			continue
		}
		if e.Link = absLink(a.base(info.linkBase(j, len(it.Links))), l); e.Link != "" {
			break
		}
	}
	if e.Link == "" {
		e.Link = extLink(extLinks(it.Extensions), "alternate", a.base(info.base))
	}
	if e.Link == "" && it.GUID != nil && !strings.EqualFold(strings.TrimSpace(it.GUID.IsPermalink), "false") {
		// Only an absolute guid counts: resolving a relative one would
		// invent a URL the publisher never meant as a link.
		e.Link = absLink(nil, it.GUID.Value)
	}
	if e.Title == "" {
		e.Title = htmltext.UntypedLine(extFirst(it.Extensions, "dc", "title"))
	}
	if e.Title == "" {
		e.Title = htmltext.UntypedLine(extFirst(it.Extensions, "itunes", "title"))
	}
	if e.Title == "" {
		e.Title = htmltext.CleanLine(mediaTitle(it.Extensions))
	}

	e.Authors = itemAuthors(it)

	var cats []string
	for _, c := range it.Categories {
		cats = append(cats, c.Value)
	}
	cats = append(cats, extValues(it.Extensions, "dc", "subject")...)
	cats = append(cats, itunesKeywords(it.Extensions)...)
	e.Categories = categories(cats)

	e.Published, e.RawPublished = pickDate(
		dateCand{it.PubDate, it.PubDateParsed},
		dateCand{raw: extFirst(it.Extensions, "dcterms", "issued")},
		dateCand{raw: extFirst(it.Extensions, "dcterms", "created")},
		dateCand{raw: extFirst(it.Extensions, "dc", "date")},
		dateCand{raw: extFirst(it.Extensions, "atom", "published")},
	)
	e.Updated, e.RawUpdated = pickDate(
		dateCand{raw: extFirst(it.Extensions, "dcterms", "modified")},
		dateCand{raw: extFirst(it.Extensions, "atom", "updated")},
	)

	// Relative references stay as they are, with the base they resolve
	// against: normalize resolves them while it sanitises, in the one pass
	// it makes over the markup anyway.
	bodies := itemBodies(it, info)
	desc := bodies.summary
	descBase := baseString(a.base(info.field("description").base))
	if bodies.content != "" {
		e.Content, e.ContentBase = bodies.content, baseString(a.base(info.field(bodies.field).base))
		if desc != "" && (desc != bodies.content || descBase != e.ContentBase) {
			e.Summary, e.SummaryBase = desc, descBase
		}
	} else {
		e.Content, e.ContentBase = desc, descBase
	}

	for _, enc := range it.Enclosures {
		if enc == nil {
			continue
		}
		e.Enclosures = addEnclosure(e.Enclosures, absLink(a.base(info.base), enc.URL), enc.Type, enc.Length)
	}
	return e
}

// addEnclosure appends an enclosure unless its URL is unusable or repeated.
func addEnclosure(list []feed.Enclosure, u, typ, length string) []feed.Enclosure {
	if u == "" {
		return list
	}
	for _, x := range list {
		if x.URL == u {
			return list
		}
	}
	n, err := strconv.ParseInt(strings.TrimSpace(length), 10, 64)
	if err != nil || n < 0 {
		n = 0
	}
	return append(list, feed.Enclosure{URL: u, Type: strings.TrimSpace(typ), Length: n})
}

// categories cleans and de-duplicates category labels, keeping order.
func categories(in []string) []string {
	var out []string
	seen := map[string]bool{}
	for _, c := range in {
		c = htmltext.UntypedLine(c)
		key := strings.ToLower(c)
		if c == "" || seen[key] {
			continue
		}
		seen[key] = true
		out = append(out, c)
	}
	return out
}

// firstBase returns the first of the candidates usable as a base URL.
func firstBase(candidates ...string) *url.URL {
	for _, c := range candidates {
		if u := parseBase(c); u != nil {
			return u
		}
	}
	return nil
}

// dateCand is one source of a date: its raw text and gofeed's parse of it.
type dateCand struct {
	raw    string
	parsed *time.Time
}

// pickDate returns the first candidate that parses, with its raw text. Our
// Date is tried first because gofeed misses many real-world forms; gofeed's
// own result is the fallback. When nothing parses, the first non-empty raw
// text is still returned so it can be kept verbatim.
func pickDate(cands ...dateCand) (*time.Time, string) {
	firstRaw := ""
	for _, c := range cands {
		raw := strings.TrimSpace(c.raw)
		if raw == "" {
			continue
		}
		if firstRaw == "" {
			firstRaw = raw
		}
		if t, ok := dates.Parse(raw); ok {
			return &t, raw
		}
		if c.parsed != nil && c.parsed.Year() >= 1 && c.parsed.Year() <= 9999 {
			t := c.parsed.UTC()
			return &t, raw
		}
	}
	return nil, firstRaw
}

// ttl reads the update hint: RSS <ttl> minutes, else the syndication
// module's updatePeriod divided by updateFrequency (the number of updates
// per period, so "hourly" with frequency 2 means every 30 minutes).
func ttl(rssTTL string, exts ext.Extensions) time.Duration {
	if m, err := strconv.Atoi(strings.TrimSpace(rssTTL)); err == nil && m > 0 && m <= 525600*10 {
		return time.Duration(m) * time.Minute
	}
	var period time.Duration
	switch strings.ToLower(extFirst(exts, "sy", "updatePeriod")) {
	case "hourly":
		period = time.Hour
	case "daily":
		period = 24 * time.Hour
	case "weekly":
		period = 7 * 24 * time.Hour
	case "monthly":
		period = 30 * 24 * time.Hour
	case "yearly":
		period = 365 * 24 * time.Hour
	default:
		return 0
	}
	freq, err := strconv.Atoi(extFirst(exts, "sy", "updateFrequency"))
	if err != nil || freq < 1 {
		freq = 1
	}
	return period / time.Duration(freq)
}

// extMatches returns the extension elements prefix:name, matching the name
// without regard to case, since feeds disagree on it (updatePeriod vs
// updateperiod).
func extMatches(exts ext.Extensions, prefix, name string) []ext.Extension {
	byName, ok := exts[prefix]
	if !ok {
		return nil
	}
	if m, ok := byName[name]; ok {
		return m
	}
	for k, m := range byName {
		if strings.EqualFold(k, name) {
			return m
		}
	}
	return nil
}

func extValues(exts ext.Extensions, prefix, name string) []string {
	var out []string
	for _, e := range extMatches(exts, prefix, name) {
		if v := strings.TrimSpace(e.Value); v != "" {
			out = append(out, v)
		}
	}
	return out
}

func extFirst(exts ext.Extensions, prefix, name string) string {
	if v := extValues(exts, prefix, name); len(v) > 0 {
		return v[0]
	}
	return ""
}

// extChildren returns, for each prefix:name element, the text of its
// direct children by name (atom:author's name and email, say).
func extChildren(exts ext.Extensions, prefix, name string) []map[string]string {
	var out []map[string]string
	for _, e := range extMatches(exts, prefix, name) {
		m := map[string]string{}
		for k, kids := range e.Children {
			if len(kids) > 0 {
				m[strings.ToLower(k)] = strings.TrimSpace(kids[0].Value)
			}
		}
		out = append(out, m)
	}
	return out
}

// extLinks returns the atom:link elements of an RSS channel or item.
func extLinks(exts ext.Extensions) []ext.Extension {
	return extMatches(exts, "atom", "link")
}

// extLink returns the first atom:link with the given rel, resolved.
func extLink(links []ext.Extension, rel string, base *url.URL) string {
	for _, l := range links {
		r := strings.ToLower(strings.TrimSpace(l.Attrs["rel"]))
		if r == "" {
			r = "alternate"
		}
		if r != rel {
			continue
		}
		if abs := absLink(base, l.Attrs["href"]); abs != "" {
			return abs
		}
	}
	return ""
}
