package publish

import (
	"bufio"
	"encoding/xml"
	"fmt"
	"io"
	"slices"
	"strings"
	"time"
)

type opmlDoc struct {
	XMLName xml.Name `xml:"opml"`
	Version string   `xml:"version,attr"`
	Head    opmlHead `xml:"head"`
	Body    opmlBody `xml:"body"`
}

type opmlHead struct {
	Title       string `xml:"title"`
	DateCreated string `xml:"dateCreated,omitempty"`
	Docs        string `xml:"docs"`
}

type opmlBody struct {
	Outlines []*opmlOutline `xml:"outline"`
}

type opmlOutline struct {
	Text     string         `xml:"text,attr"`
	Title    string         `xml:"title,attr,omitempty"`
	Type     string         `xml:"type,attr,omitempty"`
	XMLURL   string         `xml:"xmlUrl,attr,omitempty"`
	HTMLURL  string         `xml:"htmlUrl,attr,omitempty"`
	URL      string         `xml:"url,attr,omitempty"`
	Category string         `xml:"category,attr,omitempty"`
	Outlines []*opmlOutline `xml:"outline"`
}

// OPML writes the sources as an OPML 2.0 subscription list. Sources sharing
// a first tag are nested under an outline named after it, placed where the
// first of them appears, so the config's order is kept. Local sources have
// no feed to subscribe to and become type="link" outlines to their site.
// A zero dateCreated is omitted.
func OPML(w io.Writer, title string, sources []Source, dateCreated time.Time) error {
	doc := opmlDoc{
		Version: "2.0",
		Head: opmlHead{
			Title: clean(title),
			Docs:  "http://opml.org/spec2.opml",
		},
	}
	if !dateCreated.IsZero() {
		doc.Head.DateCreated = rfc1123(dateCreated)
	}
	var groups []*opmlOutline // parallel to groupNames
	var groupNames []string
	for _, s := range sources {
		o := sourceOutline(s)
		tags := cleanAll(s.Tags)
		if len(tags) == 0 {
			doc.Body.Outlines = append(doc.Body.Outlines, o)
			continue
		}
		i := slices.Index(groupNames, tags[0])
		if i < 0 {
			g := &opmlOutline{Text: tags[0], Title: tags[0]}
			groups, groupNames = append(groups, g), append(groupNames, tags[0])
			doc.Body.Outlines = append(doc.Body.Outlines, g)
			i = len(groups) - 1
		}
		groups[i].Outlines = append(groups[i].Outlines, o)
	}
	bw := bufio.NewWriter(w)
	bw.WriteString(xml.Header)
	if err := encodeXML(bw, doc); err != nil {
		return fmt.Errorf("publish opml: %w", err)
	}
	if err := bw.Flush(); err != nil {
		return fmt.Errorf("publish opml: %w", err)
	}
	return nil
}

func sourceOutline(s Source) *opmlOutline {
	name := sourceName(s)
	o := &opmlOutline{
		Text:     name,
		Title:    name,
		HTMLURL:  trimClean(s.Link),
		Category: strings.Join(cleanAll(s.Tags), ","),
	}
	if o.Text == "" {
		o.Text = trimClean(s.FeedURL) // text is required
	}
	switch feedURL := trimClean(s.FeedURL); {
	case feedURL != "":
		o.Type, o.XMLURL = "rss", feedURL
	case o.HTMLURL != "":
		o.Type, o.URL, o.HTMLURL = "link", o.HTMLURL, ""
	}
	return o
}
