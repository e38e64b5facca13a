package parse

import (
	"net/url"
	"os"
	"path/filepath"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/tributary/tributary/internal/feed"
)

// FuzzFeed checks Feed's guarantees on arbitrary input: it never panics,
// every entry link is an absolute http(s) URL or empty, every string is
// valid UTF-8, and dates are UTC.
func FuzzFeed(f *testing.F) {
	paths, _ := filepath.Glob("testdata/*")
	for _, p := range paths {
		if !isFixtureInput(p) {
			continue
		}
		if data, err := os.ReadFile(p); err == nil {
			f.Add(data, "")
		}
	}
	for _, s := range []string{
		`<rss><channel><item><link>/rel</link><guid>javascript:x</guid></item>`,
		`<feed xmlns="http://www.w3.org/2005/Atom" xml:base="http://a/b/"><entry><link href="//c/d"/></entry></feed>`,
		`{"version":"https://jsonfeed.org/version/1","items":[{"url":"x:y","id":1}]}`,
		"<rss>\xff\xfe<channel>\x00</channel></rss>",
		"\xff\xfe<\x00r\x00s\x00s\x00>\x00",
	} {
		f.Add([]byte(s), "text/xml; charset=iso-8859-1")
	}
	f.Fuzz(func(t *testing.T, data []byte, contentType string) {
		opts := Options{BaseURL: "https://fuzz.example/feed/", ContentType: contentType, MaxEntryBytes: 4096}
		doc, err := Feed(data, opts)
		if err != nil {
			return
		}
		if doc == nil {
			t.Fatal("Feed returned nil document and nil error")
		}
		checkDocument(t, doc, opts.WithDefaults())
	})
}

func checkDocument(t *testing.T, doc *feed.Document, opts Options) {
	t.Helper()
	valid := func(what, s string) {
		if !utf8.ValidString(s) {
			t.Errorf("%s is not valid UTF-8: %q", what, s)
		}
	}
	link := func(what, s string) {
		valid(what, s)
		if s == "" {
			return
		}
		u, err := url.Parse(s)
		if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
			t.Errorf("%s = %q, want an absolute http(s) URL or empty", what, s)
		}
	}
	utc := func(what string, tm *time.Time) {
		if tm != nil && tm.Location() != time.UTC {
			t.Errorf("%s = %v, want UTC", what, tm)
		}
	}
	for what, s := range map[string]string{"Title": doc.Title, "ID": doc.ID, "Author": doc.Author, "Language": doc.Language} {
		valid(what, s)
	}
	link("Link", doc.Link)
	link("FeedURL", doc.FeedURL)
	link("Hub", doc.Hub)
	utc("Updated", doc.Updated)
	if len(doc.Entries) > opts.MaxEntries {
		t.Errorf("%d entries, over MaxEntries %d", len(doc.Entries), opts.MaxEntries)
	}
	for _, e := range doc.Entries {
		link("entry Link", e.Link)
		for what, s := range map[string]string{"ID": e.ID, "Title": e.Title, "Content": e.Content, "Summary": e.Summary, "RawPublished": e.RawPublished, "RawUpdated": e.RawUpdated} {
			valid("entry "+what, s)
		}
		for _, s := range append(append([]string{}, e.Authors...), e.Categories...) {
			valid("entry author/category", s)
		}
		for _, enc := range e.Enclosures {
			link("enclosure URL", enc.URL)
		}
		utc("entry Published", e.Published)
		utc("entry Updated", e.Updated)
		if n := len(e.Content) + len(e.Summary); n > opts.MaxEntryBytes {
			t.Errorf("entry content+summary is %d bytes, over MaxEntryBytes %d", n, opts.MaxEntryBytes)
		}
	}
}
