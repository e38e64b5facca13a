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
)

// JSON Feeds are read field by field rather than through gofeed's typed
// structs, where one member of the wrong type (a string of tags, an author
// given as a bare name) fails the whole document. Each field is read as well
// as it can be, or else ignored with a warning; only a document that is not
// a JSON object, or has no items array, fails.

// parseJSONFeed reads a JSON Feed, salvaging one cut off in transfer.
func parseJSONFeed(text []byte, base *url.URL) (*feed.Document, error) {
	var top json.RawMessage
	if err := json.NewDecoder(bytes.NewReader(text)).Decode(&top); err != nil {
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
		top = repaired
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
// bend or ignore in warn.
type jsonReader struct {
	warn *warnings
}

func (r jsonReader) feed(raw json.RawMessage) (*jsonFeed, error) {
	m, ok := r.object(raw)
	if !ok {
		return nil, notFeed("JSON Feed is not an object")
	}
	items, ok := m["items"]
	if !ok || jsonKind(items) != '[' {
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
		if hm, ok := r.object(h); ok {
			f.hubs = append(f.hubs, jsonHub{typ: r.str("hub type", hm["type"]), url: r.str("hub url", hm["url"])})
		}
	}
	var list []json.RawMessage
	if err := json.Unmarshal(items, &list); err != nil {
		return nil, fmt.Errorf("parse json feed: items: %w", err)
	}
	for _, raw := range list {
		im, ok := r.object(raw)
		if !ok {
			if jsonKind(raw) != 'n' {
				r.warn.add("items: an element that is not an object was skipped")
			}
			continue
		}
		f.items = append(f.items, r.item(im))
	}
	return f, nil
}

func (r jsonReader) item(m map[string]json.RawMessage) jsonItem {
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
		am, ok := r.object(a)
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

// jsonKind returns the first byte of a JSON value: '"', '{', '[', 'n',
// 't', 'f', or another for a number; 0 for nothing.
func jsonKind(raw json.RawMessage) byte {
	raw = bytes.TrimLeft(raw, " \t\r\n")
	if len(raw) == 0 {
		return 0
	}
	return raw[0]
}

// object decodes a JSON object, its member names folded to lower case as
// encoding/json matches them; an exact lower-case name wins over others.
func (r jsonReader) object(raw json.RawMessage) (map[string]json.RawMessage, bool) {
	if jsonKind(raw) != '{' {
		return nil, false
	}
	var m map[string]json.RawMessage
	if err := json.Unmarshal(raw, &m); err != nil {
		return nil, false
	}
	out := make(map[string]json.RawMessage, len(m))
	for k, v := range m {
		lk := strings.ToLower(k)
		if _, exact := m[lk]; exact && lk != k {
			continue
		}
		if prev, seen := out[lk]; seen && lk != k && string(prev) < string(v) {
			continue // two spellings, neither exact: keep one, the same every time
		}
		out[lk] = v
	}
	return out, true
}

// str reads a text member. Numbers are read as their text; a list is read
// as its first text; anything else is ignored with a warning.
func (r jsonReader) str(field string, raw json.RawMessage) string {
	switch jsonKind(raw) {
	case 0, 'n':
		return ""
	case '"':
		var s string
		if err := json.Unmarshal(raw, &s); err == nil {
			return s
		}
	case '[':
		var list []json.RawMessage
		if err := json.Unmarshal(raw, &list); err == nil {
			for _, v := range list {
				if k := jsonKind(v); k != '[' && k != '{' {
					if s := r.str(field, v); s != "" {
						r.warn.add(field + ": a list where text belongs, read its first value")
						return s
					}
				}
			}
		}
	case '{', 't', 'f':
	default:
		var n json.Number
		if err := json.Unmarshal(raw, &n); err == nil {
			r.warn.add(field + ": a number where text belongs, read as text")
			return n.String()
		}
	}
	r.warn.add(field + ": not text, ignored")
	return ""
}

// date reads a date member: RFC 3339 text by the spec, but a number is
// read as Unix time, in seconds or, when too large for seconds of this
// era, milliseconds.
func (r jsonReader) date(field string, raw json.RawMessage) string {
	switch jsonKind(raw) {
	case '"', '[', '{', 't', 'f', 'n', 0:
		return r.str(field, raw)
	}
	n, err := strconv.ParseFloat(strings.TrimSpace(string(raw)), 64)
	if err != nil || n <= 0 || n >= 1e14 {
		return r.str(field, raw)
	}
	if n >= 1e11 {
		n /= 1000
	}
	r.warn.add(field + ": a number, read as Unix time")
	return time.Unix(int64(n), 0).UTC().Format(time.RFC3339)
}

// id reads an item id, which JSON Feed says a reader must coerce to text
// when it is a number or another type.
func (r jsonReader) id(raw json.RawMessage) string {
	switch k := jsonKind(raw); {
	case k == 0, k == 'n':
		return ""
	case k == '"', k == '[', k == '{':
		return r.str("item id", raw)
	default:
		return strings.TrimSpace(string(raw)) // a number or a boolean, as written
	}
}

// list reads a member that should be a list of objects; a single object is
// taken as a list of one.
func (r jsonReader) list(field string, raw json.RawMessage) []json.RawMessage {
	switch jsonKind(raw) {
	case 0, 'n':
		return nil
	case '{':
		r.warn.add(field + ": an object where a list belongs, read as a list of one")
		return []json.RawMessage{raw}
	case '[':
		var list []json.RawMessage
		if err := json.Unmarshal(raw, &list); err == nil {
			return list
		}
	}
	r.warn.add(field + ": not a list, ignored")
	return nil
}

// authors reads JSON Feed 1.1's authors list (plural) or 1.0's single
// author. An author given as a bare string is taken as its name.
func (r jsonReader) authors(field string, raw json.RawMessage, plural bool) []string {
	var out []string
	person := func(v json.RawMessage) {
		switch jsonKind(v) {
		case '{':
			if m, ok := r.object(v); ok {
				if name := r.str(field+" name", m["name"]); name != "" {
					out = append(out, name)
				}
			}
		case '"':
			r.warn.add(field + ": a name where an object belongs, read as the name")
			out = append(out, r.str(field, v))
		case 0, 'n':
		default:
			r.warn.add(field + ": not an author, ignored")
		}
	}
	if plural && jsonKind(raw) == '[' {
		var list []json.RawMessage
		if err := json.Unmarshal(raw, &list); err == nil {
			for _, v := range list {
				person(v)
			}
		}
		return out
	}
	if plural && jsonKind(raw) == '{' {
		r.warn.add(field + ": an object where a list belongs, read as a list of one")
	}
	person(raw)
	return out
}

// tags reads an item's tags: a list of text, or a string of comma-separated
// tags, as some generators write them.
func (r jsonReader) tags(raw json.RawMessage) []string {
	switch jsonKind(raw) {
	case 0, 'n':
		return nil
	case '"':
		r.warn.add("item tags: a string where a list belongs, split on commas")
		return strings.Split(r.str("item tags", raw), ",")
	case '[':
		var list []json.RawMessage
		if err := json.Unmarshal(raw, &list); err != nil {
			return nil
		}
		var out []string
		for _, v := range list {
			out = append(out, r.str("item tags", v))
		}
		return out
	}
	r.warn.add("item tags: not a list, ignored")
	return nil
}

// size reads a byte count: a number, integer or not, or a numeric string.
func (r jsonReader) size(raw json.RawMessage) int64 {
	var s string
	switch jsonKind(raw) {
	case 0, 'n':
		return 0
	case '"':
		if err := json.Unmarshal(raw, &s); err != nil {
			return 0
		}
	default:
		s = string(raw)
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
		summary = html.EscapeString(collapseSpace(s))
	}
	switch {
	case strings.TrimSpace(it.contentHTML) != "":
		e.Content, e.ContentBase = strings.TrimSpace(it.contentHTML), baseString(base)
	case strings.TrimSpace(it.contentText) != "":
		e.Content = textToHTML(it.contentText)
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
	return collapseSpace(html.UnescapeString(s))
}
