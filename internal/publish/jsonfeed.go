package publish

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"math"
	"slices"
	"time"

	"github.com/gorilla/feeds"

	"github.com/tributary/tributary/internal/htmltext"
	"github.com/tributary/tributary/internal/normalize"
)

const jsonFeedVersion = "https://jsonfeed.org/version/1.1"

// jsonFeed extends feeds.JSONFeed. Its Items field shadows the embedded one
// (encoding/json prefers the shallower field) so items can carry our
// extension object and an always-present content_html.
type jsonFeed struct {
	feeds.JSONFeed
	Items []*jsonItem `json:"items"`
}

type jsonItem struct {
	feeds.JSONItem
	// JSON Feed 1.1 requires content_html or content_text on every item;
	// the embedded field omits an empty one, so this one does not.
	ContentHTML string   `json:"content_html"`
	Tributary   *jsonExt `json:"_tributary,omitempty"`
}

// jsonExt is a JSON Feed extension object (names starting with "_" are
// reserved for publishers): where the item came from and its other copies.
type jsonExt struct {
	Source  *jsonSource `json:"source,omitempty"`
	Related []string    `json:"related,omitempty"`
}

type jsonSource struct {
	Name        string `json:"name,omitempty"`
	Title       string `json:"title,omitempty"`
	HomePageURL string `json:"home_page_url,omitempty"`
	FeedURL     string `json:"feed_url,omitempty"`
}

// JSONFeed writes f as a JSON Feed 1.1 document.
func JSONFeed(w io.Writer, f Feed) error {
	doc := jsonFeed{
		JSONFeed: feeds.JSONFeed{
			Version:     jsonFeedVersion,
			Title:       clean(f.Title),
			HomePageUrl: trimClean(f.Link),
			FeedUrl:     clean(f.PublicURL(JSONFile)),
			Description: clean(f.Subtitle),
		},
		Items: make([]*jsonItem, 0, len(f.Entries)),
	}
	if name := trimClean(f.Author); name != "" {
		doc.Authors = []*feeds.JSONAuthor{{Name: name, Url: trimClean(f.AuthorURI)}}
	}
	if hub := trimClean(f.Hub); hub != "" {
		doc.Hubs = []*feeds.JSONHub{{Type: "WebSub", Url: hub}}
	}
	updated := f.updated()
	for i, e := range f.Entries {
		it, err := buildJSONItem(e, f, updated)
		if err != nil {
			return fmt.Errorf("publish json feed: entry %d: %w", i, err)
		}
		doc.Items = append(doc.Items, it)
	}
	bw := bufio.NewWriter(w)
	enc := json.NewEncoder(bw)
	enc.SetIndent("", "  ")
	// The document is served as application/feed+json, never inlined in
	// HTML, so \u003c-style escaping would only bloat the content.
	enc.SetEscapeHTML(false)
	if err := enc.Encode(doc); err != nil {
		return fmt.Errorf("publish json feed: %w", err)
	}
	if err := bw.Flush(); err != nil {
		return fmt.Errorf("publish json feed: %w", err)
	}
	return nil
}

func buildJSONItem(e Entry, f Feed, feedUpdated time.Time) (*jsonItem, error) {
	id := trimClean(e.ID)
	if id == "" {
		return nil, fmt.Errorf("%q has an empty id", e.Title)
	}
	link := trimClean(e.Link)
	content, summary := clean(e.Content), clean(e.Summary)
	if content == "" {
		content = summary
	}
	it := &jsonItem{
		JSONItem: feeds.JSONItem{
			Id:    id,
			Url:   link,
			Title: clean(e.Title),
			Tags:  cleanAll(e.Categories),
		},
		ContentHTML: content,
	}
	// JSON Feed's summary is plain text, ours is HTML. Decoding its
	// entities can turn escaped markup into markup ("&lt;script&gt;"), and
	// readers do render summaries as HTML, so its text goes through
	// PlainText, which defuses that.
	if summary != "" && summary != content {
		it.Summary = normalize.PlainText(htmltext.Line(summary))
	}
	if t := stamp(e.Published); !t.IsZero() {
		it.PublishedDate = &t
	}
	mod := entryUpdated(e, feedUpdated)
	it.ModifiedDate = &mod
	for _, name := range entryAuthors(e, f) {
		it.Authors = append(it.Authors, &feeds.JSONAuthor{Name: name})
	}
	for _, enc := range e.Enclosures {
		u := trimClean(enc.URL)
		if u == "" {
			continue
		}
		typ := trimClean(enc.Type)
		if !mediaTypeOK(typ) {
			typ = "application/octet-stream" // mime_type is required
		}
		a := feeds.JSONAttachment{Url: u, MIMEType: typ}
		// gorilla's size is an int32; a larger file is better sizeless than wrong.
		if enc.Length > 0 && enc.Length <= math.MaxInt32 {
			a.Size = int32(enc.Length)
		}
		it.Attachments = append(it.Attachments, a)
	}
	ext := &jsonExt{}
	seen := []string{link}
	for _, r := range cleanAll(e.Related) {
		if !slices.Contains(seen, r) {
			seen = append(seen, r)
			ext.Related = append(ext.Related, r)
		}
	}
	src := jsonSource{
		Name:        trimClean(e.Source.Name),
		Title:       trimClean(e.Source.Title),
		HomePageURL: trimClean(e.Source.Link),
		FeedURL:     trimClean(e.Source.FeedURL),
	}
	if src != (jsonSource{}) {
		ext.Source = &src
	}
	if ext.Source != nil || len(ext.Related) > 0 {
		it.Tributary = ext
	}
	return it, nil
}
