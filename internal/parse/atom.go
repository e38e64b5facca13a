package parse

import (
	"strings"

	"github.com/mmcdole/gofeed/atom"

	"github.com/tributary/tributary/internal/feed"
)

func adaptAtom(f *atom.Feed, sc *scanResult) *feed.Document {
	a := &adapter{sc: sc}
	fi := &sc.feed
	doc := &feed.Document{
		Title:    atomTitle(f.Title, fi.field("title")),
		Link:     atomLink(f.Links, fi, "alternate", nil),
		FeedURL:  atomLink(f.Links, fi, "self", nil),
		Hub:      atomLink(f.Links, fi, "hub", nil),
		ID:       strings.TrimSpace(f.ID),
		Language: strings.TrimSpace(f.Language),
	}
	if fi.hasID {
		doc.ID = fi.id
	}
	a.fallback = firstBase(doc.Link, doc.FeedURL)
	var authors authorList
	for _, p := range f.Authors {
		authors.addPerson(p.Name, p.Email)
	}
	doc.Author = authors.first()
	doc.Updated, _ = pickDate(dateCand{f.Updated, f.UpdatedParsed})
	doc.TTL = ttl("", f.Extensions)
	doc.Entries = make([]feed.Entry, 0, len(f.Entries))
	for i, en := range f.Entries {
		doc.Entries = append(doc.Entries, a.atomEntry(en, a.entryInfo(i, len(f.Entries))))
	}
	return doc
}

func (a *adapter) atomEntry(en *atom.Entry, info *nodeInfo) feed.Entry {
	e := feed.Entry{
		// gofeed resolves atom:id as a URL; the scan kept the text as written.
		ID:    strings.TrimSpace(en.ID),
		Title: atomTitle(en.Title, info.field("title")),
		Link:  atomLink(en.Links, info, "alternate", a),
	}
	if info.hasID {
		e.ID = info.id
	}
	var authors authorList
	for _, p := range en.Authors {
		authors.addPerson(p.Name, p.Email)
	}
	e.Authors = authors.list()
	var cats []string
	for _, c := range en.Categories {
		if c.Term != "" {
			cats = append(cats, c.Term)
		} else {
			cats = append(cats, c.Label)
		}
	}
	e.Categories = categories(cats)
	e.Published, e.RawPublished = pickDate(dateCand{en.Published, en.PublishedParsed})
	e.Updated, e.RawUpdated = pickDate(dateCand{en.Updated, en.UpdatedParsed})

	// Relative references stay as they are, with the base they resolve
	// against (see rssEntry).
	summaryField := info.field("summary")
	summary := atomContent(en.Summary, summaryField)
	summaryBase := baseString(a.base(summaryField.base))
	content, contentBase := "", ""
	if en.Content != nil {
		cf := info.field("content")
		content, contentBase = atomContent(en.Content.Value, cf), baseString(a.base(cf.base))
	}
	if content != "" {
		e.Content, e.ContentBase = content, contentBase
		if summary != content || summaryBase != contentBase {
			e.Summary, e.SummaryBase = summary, summaryBase
		}
	} else {
		e.Content, e.ContentBase = summary, summaryBase
	}

	for i, l := range en.Links {
		if strings.EqualFold(strings.TrimSpace(l.Rel), "enclosure") {
			e.Enclosures = addEnclosure(e.Enclosures, absLink(a.base(info.linkBase(i, len(en.Links))), l.Href), l.Type, l.Length)
		}
	}
	return e
}

// atomLink picks the link with the given rel and resolves it against the
// xml:base in scope at that <link>. For rel=alternate an HTML page is
// preferred over other representations (an alternate PDF or JSON).
func atomLink(links []*atom.Link, n *nodeInfo, rel string, a *adapter) string {
	resolve := func(i int) string {
		b := n.linkBase(i, len(links))
		if a != nil {
			b = a.base(b)
		}
		return absLink(b, links[i].Href)
	}
	matches := func(l *atom.Link) bool {
		r := strings.ToLower(strings.TrimSpace(l.Rel))
		return r == rel || r == "" && rel == "alternate"
	}
	if rel == "alternate" {
		for i, l := range links {
			t := strings.ToLower(strings.TrimSpace(l.Type))
			if matches(l) && (t == "" || t == "text/html" || t == "application/xhtml+xml") {
				if abs := resolve(i); abs != "" {
					return abs
				}
			}
		}
	}
	for i, l := range links {
		if matches(l) {
			if abs := resolve(i); abs != "" {
				return abs
			}
		}
	}
	return ""
}
