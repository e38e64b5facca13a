package parse

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"html"
	"io"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/tributary/tributary/internal/feed"
	"github.com/tributary/tributary/internal/htmltext"
)

// JSON Feeds are read field by field rather than through gofeed's typed
// structs, where one member of the wrong type (a string of tags, an author
// given as a bare name) fails the whole document. Each field is read as well
// as it can be, or else ignored with a warning; only a document that is not
// a JSON object, or has no items array, fails.

// parseJSONFeed reads a JSON Feed, salvaging one cut off in transfer. The
// document is decoded once, into a tree of plain values, and read from it.
func parseJSONFeed(text []byte, base *url.URL) (*feed.Document, error) {
	top, err := decodeJSON(text)
	if err != nil {
		// Only a document cut off in transfer is worth salvaging; one that
		// is broken in the middle, or nested beyond the decoder's limit,
		// is not a feed.
		if !errors.Is(err, io.ErrUnexpectedEOF) {
			return nil, fmt.Errorf("parse json feed: %w", err)
		}
		repaired, ok := repairJSON(text)
		if !ok {
			return nil, fmt.Errorf("parse json feed: %w", err)
		}
		if top, err = decodeJSON(repaired); err != nil {
			return nil, fmt.Errorf("parse json feed: repaired document: %w", err)
		}
	}
	var warn warnings
	r := jsonReader{warn: &warn}
	f, err := r.feed(top)
	if err != nil {
		return nil, err
	}
	doc := adaptJSON(f, base)
	doc.Warnings = warn.list()
	return doc, nil
}

// decodeJSON decodes the first JSON value in text, numbers kept as written;
// anything after it is ignored.
func decodeJSON(text []byte) (any, error) {
	dec := json.NewDecoder(bytes.NewReader(text))
	dec.UseNumber()
	var v any
	err := dec.Decode(&v)
	return v, err
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

// jsonFeed is what Tributary reads from a JSON Feed document.
type jsonFeed struct {
	title, homePage, feedURL, language string
	authors                            []string
	hubs                               []jsonHub
	items                              []jsonItem
}

type jsonHub struct{ typ, url string }

type jsonItem struct {
	id, url, externalURL, title       string
	contentHTML, contentText, summary string
	published, modified               string
	authors, tags                     []string
	attachments                       []jsonAttachment
}

type jsonAttachment struct {
	url, mimeType string
	size          int64
}

// jsonReader reads JSON Feed members leniently, noting what it had to
// bend or ignore in warn. Values are what decodeJSON makes: nil, bool,
// string, json.Number, []any and map[string]any.
type jsonReader struct {
	warn *warnings
}

func (r jsonReader) feed(v any) (*jsonFeed, error) {
	m, ok := jsonObject(v)
	if !ok {
		return nil, notFeed("JSON Feed is not an object")
	}
	items, ok := m["items"].([]any)
	if !ok {
		return nil, notFeed("JSON Feed without an items array")
	}
	f := &jsonFeed{
		title:    r.str("title", m["title"]),
		homePage: r.str("home_page_url", m["home_page_url"]),
		feedURL:  r.str("feed_url", m["feed_url"]),
		language: r.str("language", m["language"]),
	}
	f.authors = append(r.authors("authors", m["authors"], true), r.authors("author", m["author"], false)...)
	for _, h := range r.list("hubs", m["hubs"]) {
		if hm, ok := jsonObject(h); ok {
			f.hubs = append(f.hubs, jsonHub{typ: r.str("hub type", hm["type"]), url: r.str("hub url", hm["url"])})
		}
	}
	for _, raw := range items {
		im, ok := jsonObject(raw)
		if !ok {
			if raw != nil {
				r.warn.add("items: an element that is not an object was skipped")
			}
			continue
		}
		f.items = append(f.items, r.item(im))
	}
	return f, nil
}

func (r jsonReader) item(m map[string]any) jsonItem {
	it := jsonItem{
		id:          r.id(m["id"]),
		url:         r.str("item url", m["url"]),
		externalURL: r.str("item external_url", m["external_url"]),
		title:       r.str("item title", m["title"]),
		contentHTML: r.str("item content_html", m["content_html"]),
		contentText: r.str("item content_text", m["content_text"]),
		summary:     r.str("item summary", m["summary"]),
		published:   r.date("item date_published", m["date_published"]),
		modified:    r.date("item date_modified", m["date_modified"]),
		tags:        r.tags(m["tags"]),
	}
	it.authors = append(r.authors("item authors", m["authors"], true), r.authors("item author", m["author"], false)...)
	for _, a := range r.list("item attachments", m["attachments"]) {
		am, ok := jsonObject(a)
		if !ok {
			continue
		}
		it.attachments = append(it.attachments, jsonAttachment{
			url:      r.str("attachment url", am["url"]),
			mimeType: r.str("attachment mime_type", am["mime_type"]),
			size:     r.size(am["size_in_bytes"]),
		})
	}
	return it
}

// jsonObject returns an object with its member names folded to lower case,
// as encoding/json matches them; an exact lower-case name wins over others,
// and of two other spellings the same one every time.
func jsonObject(v any) (map[string]any, bool) {
	m, ok := v.(map[string]any)
	if !ok {
		return nil, false
	}
	folded := true
	for k := range m {
		if strings.ToLower(k) != k {
			folded = false
			break
		}
	}
	if folded {
		return m, true
	}
	out := make(map[string]any, len(m))
	chosen := map[string]string{}
	for k, val := range m {
		lk := strings.ToLower(k)
		if prev, seen := chosen[lk]; seen && (prev == lk || k != lk && prev < k) {
			continue
		}
		chosen[lk] = k
		out[lk] = val
	}
	return out, true
}

// str reads a text member. Numbers are read as their text; a list is read
// as its first text; anything else is ignored with a warning.
func (r jsonReader) str(field string, v any) string {
	switch t := v.(type) {
	case nil:
		return ""
	case string:
		return t
	case json.Number:
		r.warn.add(field + ": a number where text belongs, read as text")
		return t.String()
	case []any:
		for _, e := range t {
			switch e.(type) {
			case string, json.Number:
				if s := r.str(field, e); s != "" {
					r.warn.add(field + ": a list where text belongs, read its first value")
					return s
				}
			}
		}
	}
	r.warn.add(field + ": not text, ignored")
	return ""
}

// date reads a date member: RFC 3339 text by the spec, but a number is
// read as Unix time, in seconds or, when too large for seconds of this
// era, milliseconds.
func (r jsonReader) date(field string, v any) string {
	n, ok := v.(json.Number)
	if !ok {
		return r.str(field, v)
	}
	f, err := n.Float64()
	if err != nil || f <= 0 || f >= 1e14 {
		return r.str(field, v)
	}
	if f >= 1e11 {
		f /= 1000
	}
	r.warn.add(field + ": a number, read as Unix time")
	return time.Unix(int64(f), 0).UTC().Format(time.RFC3339)
}

// id reads an item id, which JSON Feed says a reader must coerce to text
// when it is a number or another type.
func (r jsonReader) id(v any) string {
	switch t := v.(type) {
	case json.Number:
		return t.String()
	case bool:
		return strconv.FormatBool(t)
	}
	return r.str("item id", v)
}

// list reads a member that should be a list of objects; a single object is
// taken as a list of one.
func (r jsonReader) list(field string, v any) []any {
	switch t := v.(type) {
	case nil:
		return nil
	case map[string]any:
		r.warn.add(field + ": an object where a list belongs, read as a list of one")
		return []any{t}
	case []any:
		return t
	}
	r.warn.add(field + ": not a list, ignored")
	return nil
}

// authors reads JSON Feed 1.1's authors list (plural) or 1.0's single
// author. An author given as a bare string is taken as its name.
func (r jsonReader) authors(field string, v any, plural bool) []string {
	var out []string
	person := func(p any) {
		switch t := p.(type) {
		case map[string]any:
			m, _ := jsonObject(t)
			if name := r.str(field+" name", m["name"]); name != "" {
				out = append(out, name)
			}
		case string:
			r.warn.add(field + ": a name where an object belongs, read as the name")
			out = append(out, t)
		case nil:
		default:
			r.warn.add(field + ": not an author, ignored")
		}
	}
	if list, ok := v.([]any); ok && plural {
		for _, p := range list {
			person(p)
		}
		return out
	}
	if _, ok := v.(map[string]any); ok && plural {
		r.warn.add(field + ": an object where a list belongs, read as a list of one")
	}
	person(v)
	return out
}

// tags reads an item's tags: a list of text, or a string of comma-separated
// tags, as some generators write them.
func (r jsonReader) tags(v any) []string {
	switch t := v.(type) {
	case nil:
		return nil
	case string:
		r.warn.add("item tags: a string where a list belongs, split on commas")
		return strings.Split(t, ",")
	case []any:
		var out []string
		for _, e := range t {
			out = append(out, r.str("item tags", e))
		}
		return out
	}
	r.warn.add("item tags: not a list, ignored")
	return nil
}

// size reads a byte count: a number, integer or not, or a numeric string.
func (r jsonReader) size(v any) int64 {
	var s string
	switch t := v.(type) {
	case nil:
		return 0
	case string:
		s = t
	case json.Number:
		s = t.String()
	}
	f, err := strconv.ParseFloat(strings.TrimSpace(s), 64)
	if err != nil || f < 0 || f >= 1<<63 {
		r.warn.add("attachment size_in_bytes: not a size, ignored")
		return 0
	}
	return int64(f)
}

func adaptJSON(f *jsonFeed, base *url.URL) *feed.Document {
	doc := &feed.Document{
		Title:    jsonTitle(f.title),
		Link:     absLink(base, f.homePage),
		FeedURL:  absLink(base, f.feedURL),
		Language: strings.TrimSpace(f.language),
	}
	if base == nil {
		base = firstBase(doc.FeedURL, doc.Link)
	}
	var authors authorList
	for _, name := range f.authors {
		authors.addPerson(name, "")
	}
	doc.Author = authors.first()
	for _, h := range f.hubs {
		if u := absLink(base, h.url); u != "" && (doc.Hub == "" || strings.EqualFold(h.typ, "websub")) {
			doc.Hub = u
		}
	}
	doc.Entries = make([]feed.Entry, 0, len(f.items))
	for _, it := range f.items {
		doc.Entries = append(doc.Entries, jsonEntry(it, base))
	}
	return doc
}

func jsonEntry(it jsonItem, base *url.URL) feed.Entry {
	e := feed.Entry{
		ID:    it.id,
		Title: jsonTitle(it.title),
		Link:  absLink(base, it.url),
	}
	if e.Link == "" {
		e.Link = absLink(base, it.externalURL)
	}
	var authors authorList
	for _, name := range it.authors {
		authors.addPerson(name, "")
	}
	e.Authors = authors.list()
	e.Categories = categories(it.tags)
	e.Published, e.RawPublished = pickDate(dateCand{raw: it.published})
	e.Updated, e.RawUpdated = pickDate(dateCand{raw: it.modified})

	// JSON Feed's summary is plain text by definition.
	summary := ""
	if s := strings.TrimSpace(it.summary); s != "" {
		summary = html.EscapeString(htmltext.Collapse(s))
	}
	switch {
	case strings.TrimSpace(it.contentHTML) != "":
		e.Content, e.ContentBase = strings.TrimSpace(it.contentHTML), baseString(base)
	case strings.TrimSpace(it.contentText) != "":
		e.Content = htmltext.Paragraphs(it.contentText)
	}
	if e.Content == "" {
		e.Content = summary
	} else if summary != e.Content {
		e.Summary = summary
	}
	for _, att := range it.attachments {
		length := ""
		if att.size > 0 {
			length = strconv.FormatInt(att.size, 10)
		}
		e.Enclosures = addEnclosure(e.Enclosures, absLink(base, att.url), att.mimeType, length)
	}
	return e
}

// jsonTitle cleans a JSON Feed title. The spec says plain text, but many
// generators (WordPress plugins among them) leave HTML entities in it, so
// entities are decoded; angle brackets are left alone as real text.
func jsonTitle(s string) string {
	return htmltext.Collapse(html.UnescapeString(s))
}
