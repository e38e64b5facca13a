package parse

import (
	"encoding/xml"
	"html"
	"strings"

	"github.com/mmcdole/gofeed/rss"
	htmlatom "golang.org/x/net/html/atom"
)

// rssBodies are the bodies an RSS item can carry, by what they hold.
type rssBodies struct {
	content string // the richest full text: content:encoded, xhtml:body, <body>, <fullitem>
	field   string // the lower-case local name of the element content came from
	summary string // <description>, else dc:description
}

// itemBodies picks an item's content and summary the way feedparser does:
// every full-text element is content, tried from the most to the least
// common, and the description (or Dublin Core's) is the summary.
func itemBodies(it *rss.Item, info *nodeInfo) rssBodies {
	b := rssBodies{summary: strings.TrimSpace(it.Description)}
	if b.summary == "" {
		b.summary = extFirst(it.Extensions, "dc", "description")
	}
	for _, full := range []struct {
		field string
		text  func() string
	}{
		{"encoded", func() string { return it.Content }},
		{"xhtml:body", func() string { return xhtmlToHTML(info.xhtmlBody) }},
		{"body", func() string { return customField(it.Custom, "body") }},
		{"fullitem", func() string { return customField(it.Custom, "fullitem") }},
	} {
		if b.content = strings.TrimSpace(full.text()); b.content != "" {
			b.field = full.field
			break
		}
	}
	return b
}

// customField returns the item child gofeed did not recognise and kept by
// its name as written, matching the name without regard to case.
func customField(custom map[string]string, name string) string {
	if v, ok := custom[name]; ok {
		return v
	}
	for k, v := range custom {
		if strings.EqualFold(k, name) {
			return v
		}
	}
	return ""
}

// itemAuthors gathers an item's authors from every element that names one:
// RSS author ("mail (Name)" and the other forms authorName reads),
// dc:creator, dc:author, itunes:author and atom:author.
func itemAuthors(it *rss.Item) []string {
	var authors authorList
	authors.add(it.Author)
	for _, name := range []string{"creator", "author"} {
		for _, c := range extValues(it.Extensions, "dc", name) {
			authors.add(c)
		}
	}
	if it.ITunesExt != nil {
		authors.add(it.ITunesExt.Author)
	}
	for _, p := range extChildren(it.Extensions, "atom", "author") {
		authors.addPerson(p["name"], p["email"])
	}
	return authors.list()
}

// channelAuthor is itemAuthors for the channel: managingEditor, dc:creator,
// dc:author and itunes:author.
func channelAuthor(f *rss.Feed) string {
	var authors authorList
	authors.add(f.ManagingEditor)
	for _, name := range []string{"creator", "author"} {
		for _, c := range extValues(f.Extensions, "dc", name) {
			authors.add(c)
		}
	}
	if f.ITunesExt != nil {
		authors.add(f.ITunesExt.Author)
	}
	return authors.first()
}

// xhtmlToHTML renders the inner XML of an xhtml:body as HTML: elements keep
// their local names (an "xhtml:" prefix means nothing to an HTML reader),
// attributes other than namespace declarations are kept, and text is
// escaped. A body that holds only text is taken as escaped HTML, as in any
// other RSS body.
func xhtmlToHTML(raw string) string {
	raw = strings.TrimSpace(raw)
	if raw == "" {
		return ""
	}
	d := xml.NewDecoder(strings.NewReader(raw))
	d.Strict = false
	d.Entity = xml.HTMLEntity
	var out, text strings.Builder
	elements := 0
	for {
		tok, err := d.Token()
		if err != nil {
			break
		}
		switch t := tok.(type) {
		case xml.StartElement:
			elements++
			out.WriteByte('<')
			out.WriteString(t.Name.Local)
			for _, a := range t.Attr {
				if a.Name.Space == "xmlns" || a.Name.Local == "xmlns" && a.Name.Space == "" {
					continue
				}
				out.WriteByte(' ')
				out.WriteString(a.Name.Local)
				out.WriteString(`="`)
				out.WriteString(html.EscapeString(a.Value))
				out.WriteByte('"')
			}
			out.WriteByte('>')
		case xml.EndElement:
			if !isVoid(htmlatom.Lookup([]byte(strings.ToLower(t.Name.Local)))) {
				out.WriteString("</" + t.Name.Local + ">")
			}
		case xml.CharData:
			out.WriteString(html.EscapeString(string(t)))
			text.Write(t)
		}
	}
	if elements == 0 {
		return strings.TrimSpace(text.String())
	}
	return strings.TrimSpace(out.String())
}
