package parse

import (
	"encoding/xml"
	"html"
	"strings"

	ext "github.com/mmcdole/gofeed/extensions"
	"github.com/mmcdole/gofeed/rss"
	htmlatom "golang.org/x/net/html/atom"

	"github.com/tributary/tributary/internal/htmltext"
)

// rssBodies are the bodies an RSS item can carry, by what they hold.
type rssBodies struct {
	content string // the richest full text: content:encoded, atom:content, xhtml:body, <body>, <fullitem>
	field   string // the lower-case local name of the element content came from
	summary string // <description>, else dc:description, <summary>, <abstract>, dcterms:abstract, itunes:summary or atom:summary
}

// itemBodies picks an item's content and summary the way feedparser does:
// every full-text element is content, tried from the most to the least
// common, and the description (or its stand-ins, as gofeed tries them) is
// the summary.
func itemBodies(it *rss.Item, info *nodeInfo) rssBodies {
	var b rssBodies
	for _, sum := range []func() string{
		func() string { return it.Description },
		func() string { return extFirst(it.Extensions, "dc", "description") },
		func() string { return customField(it.Custom, "summary") },
		func() string { return customField(it.Custom, "abstract") },
		func() string { return extFirst(it.Extensions, "dcterms", "abstract") },
		func() string { return textOrHTML(extFirst(it.Extensions, "itunes", "summary")) },
		func() string { return atomExtText(it.Extensions, "summary") },
	} {
		if b.summary = strings.TrimSpace(sum()); b.summary != "" {
			break
		}
	}
	for _, full := range []struct {
		field string
		text  func() string
	}{
		{"encoded", func() string { return it.Content }},
		{"atom:content", func() string { return atomExtText(it.Extensions, "content") }},
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

// atomExtText returns the first atom:name text construct in an RSS item or
// channel as HTML: html as it is, anything else escaped as text. gofeed
// keeps only the text of extension elements, so xhtml markup is already
// flattened to its words by then.
func atomExtText(exts ext.Extensions, name string) string {
	for _, prefix := range []string{"atom", "atom10", "atom03"} {
		for _, e := range extMatches(exts, prefix, name) {
			v := strings.TrimSpace(e.Value)
			if v == "" {
				continue
			}
			if strings.EqualFold(strings.TrimSpace(e.Attrs["type"]), "html") {
				return v
			}
			return html.EscapeString(v)
		}
	}
	return ""
}

// textOrHTML takes a plain-text field (iTunes says its summary is one)
// as HTML: escaped, unless it holds real markup, as many podcasts' does.
func textOrHTML(s string) string {
	if htmltext.HasMarkup(s) {
		return s
	}
	return html.EscapeString(s)
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

// firstAuthors returns the authors named by the first source that names
// any, in order. A source naming only addresses is kept in reserve, in
// case no later one gives a real name ("jane@example.com" in <author> and
// "Jane Doe" in dc:creator are one person, better called by her name).
func firstAuthors(sources ...func(*authorList)) []string {
	var mailsOnly []string
	for _, add := range sources {
		var l authorList
		add(&l)
		if len(l.names) > 0 {
			return l.names
		}
		if mailsOnly == nil {
			mailsOnly = l.mails
		}
	}
	return mailsOnly
}

// addAll adds every value to l.
func addAll(values ...string) func(*authorList) {
	return func(l *authorList) {
		for _, v := range values {
			l.add(v)
		}
	}
}

// addRSSAuthor adds an RSS <author>, which some generators write the Atom
// way, with <name> and <email> children: gofeed then hands over the
// children's markup, which is read here for the name and address.
func addRSSAuthor(raw string) func(*authorList) {
	return func(l *authorList) {
		if !strings.Contains(raw, "<") {
			l.add(raw)
			return
		}
		d := xml.NewDecoder(strings.NewReader("<author>" + raw + "</author>"))
		d.Strict = false
		d.Entity = xml.HTMLEntity
		child, depth := "", 0
		fields := map[string]string{}
		for {
			tok, err := d.Token()
			if err != nil {
				break
			}
			switch t := tok.(type) {
			case xml.StartElement:
				depth++
				if depth == 2 {
					child = strings.ToLower(t.Name.Local)
				}
			case xml.EndElement:
				depth--
			case xml.CharData:
				if depth >= 2 {
					fields[child] += string(t)
				}
			}
		}
		if fields["name"] == "" && fields["email"] == "" {
			l.add(raw) // markup of another kind, such as a link around the name
			return
		}
		l.addPerson(fields["name"], fields["email"])
	}
}

// itemAuthors returns an item's authors from the first element that names
// any, in gofeed's order: RSS author ("mail (Name)" and the other forms
// authorName reads), dc:author, dc:creator, itunes:author, atom:author.
// Several elements of one kind (two dc:creator) are co-authors.
func itemAuthors(it *rss.Item) []string {
	itunes := ""
	if it.ITunesExt != nil {
		itunes = it.ITunesExt.Author
	}
	return firstAuthors(
		addRSSAuthor(it.Author),
		addAll(extValues(it.Extensions, "dc", "author")...),
		addAll(extValues(it.Extensions, "dc", "creator")...),
		addAll(itunes),
		func(l *authorList) {
			for _, p := range extChildren(it.Extensions, "atom", "author") {
				l.addPerson(p["name"], p["email"])
			}
		},
	)
}

// channelAuthor is itemAuthors for the channel: managingEditor, dc:author,
// dc:creator and itunes:author.
func channelAuthor(f *rss.Feed) string {
	itunes := ""
	if f.ITunesExt != nil {
		itunes = f.ITunesExt.Author
	}
	authors := firstAuthors(
		addAll(f.ManagingEditor),
		addAll(extValues(f.Extensions, "dc", "author")...),
		addAll(extValues(f.Extensions, "dc", "creator")...),
		addAll(itunes),
	)
	if len(authors) == 0 {
		return ""
	}
	return authors[0]
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
			if !htmltext.VoidElement(htmlatom.Lookup([]byte(strings.ToLower(t.Name.Local)))) {
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
