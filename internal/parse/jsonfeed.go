package parse

import (
	"bytes"
	"encoding/json"
	"fmt"
	"html"
	"net/url"
	"strings"

	gjson "github.com/mmcdole/gofeed/json"

	"github.com/tributary/tributary/internal/feed"
	"github.com/tributary/tributary/internal/htmltext"
)

// jsonExtras are JSON Feed members gofeed does not decode.
type jsonExtras struct {
	Hubs []struct {
		Type string `json:"type"`
		URL  string `json:"url"`
	} `json:"hubs"`
}

func parseJSONFeed(text []byte, base *url.URL) (*feed.Document, error) {
	if !json.Valid(text) {
		err := json.Unmarshal(text, new(any))
		// Only a document cut off in transfer is worth salvaging; one that
		// is broken in the middle, or nested beyond the decoder's limit,
		// is not a feed.
		if err == nil || !strings.Contains(err.Error(), "unexpected end of JSON input") {
			return nil, fmt.Errorf("parse json feed: %w", err)
		}
		repaired, ok := repairJSON(text)
		if !ok {
			return nil, fmt.Errorf("parse json feed: %w", err)
		}
		text = repaired
	}
	f, err := (&gjson.Parser{}).Parse(bytes.NewReader(text))
	if err != nil {
		return nil, fmt.Errorf("parse json feed: %w", err)
	}
	var extras jsonExtras
	// Hubs are optional; a malformed member just means none.
	_ = json.Unmarshal(text, &extras)
	return adaptJSON(f, extras, base), nil
}

// repairJSON salvages a JSON Feed cut off in transfer: it streams the top
// object, keeps every member and every items element that decoded
// completely, and re-encodes the result.
func repairJSON(text []byte) ([]byte, bool) {
	dec := json.NewDecoder(bytes.NewReader(text))
	if t, err := dec.Token(); err != nil || t != json.Delim('{') {
		return nil, false
	}
	obj := map[string]json.RawMessage{}
	var items []json.RawMessage
members:
	for dec.More() {
		t, err := dec.Token()
		if err != nil {
			break
		}
		key, ok := t.(string)
		if !ok {
			break
		}
		if key != "items" {
			var raw json.RawMessage
			if err := dec.Decode(&raw); err != nil {
				break
			}
			obj[key] = raw
			continue
		}
		if t, err := dec.Token(); err != nil || t != json.Delim('[') {
			break
		}
		for dec.More() {
			var raw json.RawMessage
			if err := dec.Decode(&raw); err != nil {
				break members
			}
			items = append(items, raw)
		}
		if _, err := dec.Token(); err != nil {
			break
		}
	}
	if len(obj) == 0 && len(items) == 0 {
		return nil, false
	}
	list, err := json.Marshal(items)
	if err != nil {
		return nil, false
	}
	obj["items"] = list
	out, err := json.Marshal(obj)
	return out, err == nil
}

func adaptJSON(f *gjson.Feed, extras jsonExtras, base *url.URL) *feed.Document {
	doc := &feed.Document{
		Title:    jsonTitle(f.Title),
		Link:     absLink(base, f.HomePageURL),
		FeedURL:  absLink(base, f.FeedURL),
		Language: strings.TrimSpace(f.Language),
	}
	if base == nil {
		base = firstBase(doc.FeedURL, doc.Link)
	}
	var authors authorList
	for _, p := range f.Authors {
		if p != nil {
			authors.addPerson(p.Name, "")
		}
	}
	if f.Author != nil {
		authors.addPerson(f.Author.Name, "")
	}
	doc.Author = authors.first()
	for _, h := range extras.Hubs {
		if u := absLink(base, h.URL); u != "" && (doc.Hub == "" || strings.EqualFold(h.Type, "websub")) {
			doc.Hub = u
		}
	}
	doc.Entries = make([]feed.Entry, 0, len(f.Items))
	for _, it := range f.Items {
		if it == nil {
			continue
		}
		doc.Entries = append(doc.Entries, jsonEntry(it, base))
	}
	return doc
}

func jsonEntry(it *gjson.Item, base *url.URL) feed.Entry {
	e := feed.Entry{
		ID:    it.ID,
		Title: jsonTitle(it.Title),
		Link:  absLink(base, it.URL),
	}
	if e.Link == "" {
		e.Link = absLink(base, it.ExternalURL)
	}
	var authors authorList
	for _, p := range it.Authors {
		if p != nil {
			authors.addPerson(p.Name, "")
		}
	}
	if it.Author != nil {
		authors.addPerson(it.Author.Name, "")
	}
	e.Authors = authors.list()
	e.Categories = categories(it.Tags)
	e.Published, e.RawPublished = pickDate(dateCand{raw: it.DatePublished})
	e.Updated, e.RawUpdated = pickDate(dateCand{raw: it.DateModified})

	// JSON Feed's summary is plain text by definition.
	summary := ""
	if s := strings.TrimSpace(it.Summary); s != "" {
		summary = html.EscapeString(htmltext.Collapse(s))
	}
	switch {
	case strings.TrimSpace(it.ContentHTML) != "":
		e.Content, e.ContentBase = strings.TrimSpace(it.ContentHTML), baseString(base)
	case strings.TrimSpace(it.ContentText) != "":
		e.Content = htmltext.Paragraphs(it.ContentText)
	}
	if e.Content == "" {
		e.Content = summary
	} else if summary != e.Content {
		e.Summary = summary
	}
	if it.Attachments != nil {
		for _, att := range *it.Attachments {
			length := ""
			if att.SizeInBytes > 0 {
				length = fmt.Sprint(att.SizeInBytes)
			}
			e.Enclosures = addEnclosure(e.Enclosures, absLink(base, att.URL), att.MimeType, length)
		}
	}
	return e
}

// jsonTitle cleans a JSON Feed title. The spec says plain text, but many
// generators (WordPress plugins among them) leave HTML entities in it, so
// entities are decoded; angle brackets are left alone as real text.
func jsonTitle(s string) string {
	return htmltext.Collapse(html.UnescapeString(s))
}
