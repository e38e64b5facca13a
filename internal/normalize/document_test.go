package normalize

import (
	"fmt"
	"github.com/tributary/tributary/internal/htmltext"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/tributary/tributary/internal/feed"
)

var testNow = time.Date(2025, 3, 1, 12, 0, 0, 0, time.UTC)

func at(s string) *time.Time {
	t, err := time.Parse(time.RFC3339, s)
	if err != nil {
		panic(err)
	}
	return &t
}

func fmtTime(t *time.Time) string {
	if t == nil {
		return "nil"
	}
	return t.Format(time.RFC3339)
}

// dated is an entry's input dates and link, and the dates Document must
// settle on.
type dated struct {
	published, updated *time.Time
	link               string
	wantPub, wantUpd   string
}

func TestDocumentDates(t *testing.T) {
	const now = "2025-03-01T12:00:00Z"
	tests := []struct {
		name    string
		entries []dated
	}{
		{"published and updated", []dated{
			{at("2025-02-01T10:00:00Z"), at("2025-02-02T10:00:00Z"), "", "2025-02-01T10:00:00Z", "2025-02-02T10:00:00Z"},
		}},
		{"published only", []dated{
			{at("2025-02-01T10:00:00Z"), nil, "", "2025-02-01T10:00:00Z", "2025-02-01T10:00:00Z"},
		}},
		{"updated only", []dated{
			{nil, at("2025-02-02T10:00:00Z"), "", "2025-02-02T10:00:00Z", "2025-02-02T10:00:00Z"},
		}},
		{"date from link", []dated{
			{nil, nil, "https://blog.test/2025/02/20/post/", "2025-02-20T00:00:00Z", "2025-02-20T00:00:00Z"},
		}},
		{"nothing", []dated{
			{nil, nil, "https://blog.test/post/", "nil", "nil"},
		}},
		{"absurd published falls to updated", []dated{
			{at("1970-01-01T00:00:00Z"), at("2025-02-02T10:00:00Z"), "", "2025-02-02T10:00:00Z", "2025-02-02T10:00:00Z"},
		}},
		{"absurd dates fall to link", []dated{
			{at("0001-01-01T00:00:00Z"), at("1994-12-31T23:59:59Z"), "https://blog.test/2024/07/post", "2024-07-01T00:00:00Z", "2024-07-01T00:00:00Z"},
		}},
		{"1995 is plausible", []dated{
			{at("1995-01-01T00:00:00Z"), nil, "", "1995-01-01T00:00:00Z", "1995-01-01T00:00:00Z"},
		}},
		{"future clamped to now", []dated{
			{at("2025-03-05T00:00:00Z"), at("2025-03-06T00:00:00Z"), "", now, now},
			{at("2025-02-01T00:00:00Z"), nil, "", "2025-02-01T00:00:00Z", "2025-02-01T00:00:00Z"},
		}},
		{"within slack not clamped", []dated{
			{at("2025-03-01T12:09:00Z"), nil, "", "2025-03-01T12:09:00Z", "2025-03-01T12:09:00Z"},
		}},
		{"future link date clamped", []dated{
			{nil, nil, "https://blog.test/2026/01/01/x", now, now},
			{at("2025-02-01T00:00:00Z"), nil, "", "2025-02-01T00:00:00Z", "2025-02-01T00:00:00Z"},
		}},
		{"event feed keeps future dates", []dated{
			{at("2025-04-01T18:00:00Z"), nil, "", "2025-04-01T18:00:00Z", "2025-04-01T18:00:00Z"},
			{at("2025-05-01T18:00:00Z"), nil, "", "2025-05-01T18:00:00Z", "2025-05-01T18:00:00Z"},
			{at("2025-02-01T18:00:00Z"), nil, "", "2025-02-01T18:00:00Z", "2025-02-01T18:00:00Z"},
		}},
		{"exactly half future is clamped", []dated{
			{at("2025-04-01T18:00:00Z"), nil, "", now, now},
			{at("2025-02-01T18:00:00Z"), nil, "", "2025-02-01T18:00:00Z", "2025-02-01T18:00:00Z"},
		}},
		{"same updated everywhere ignored", []dated{
			{nil, at("2025-02-28T08:00:00Z"), "https://blog.test/2025/01/05/a", "2025-01-05T00:00:00Z", "2025-01-05T00:00:00Z"},
			{at("2025-01-10T09:00:00Z"), at("2025-02-28T08:00:00Z"), "", "2025-01-10T09:00:00Z", "2025-01-10T09:00:00Z"},
			{nil, at("2025-02-28T08:00:00Z"), "https://blog.test/about", "nil", "nil"},
		}},
		{"same updated on one entry kept", []dated{
			{nil, at("2025-02-28T08:00:00Z"), "", "2025-02-28T08:00:00Z", "2025-02-28T08:00:00Z"},
		}},
		{"different updated kept", []dated{
			{nil, at("2025-02-28T08:00:00Z"), "", "2025-02-28T08:00:00Z", "2025-02-28T08:00:00Z"},
			{nil, at("2025-02-27T08:00:00Z"), "", "2025-02-27T08:00:00Z", "2025-02-27T08:00:00Z"},
		}},
		{"updated before published raised", []dated{
			{at("2025-02-10T00:00:00Z"), at("2025-02-01T00:00:00Z"), "", "2025-02-10T00:00:00Z", "2025-02-10T00:00:00Z"},
		}},
		{"offsets become UTC", []dated{
			{at("2025-02-10T09:00:00+02:00"), nil, "", "2025-02-10T07:00:00Z", "2025-02-10T07:00:00Z"},
		}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			doc := &feed.Document{}
			for i, d := range tc.entries {
				doc.Entries = append(doc.Entries, feed.Entry{
					Title: fmt.Sprint("entry ", i), Link: d.link, Published: d.published, Updated: d.updated,
					RawPublished: "raw pub", RawUpdated: "raw upd",
				})
			}
			Document(doc, feed.Source{Name: "s", URL: "https://blog.test/feed"}, testNow)
			for i, e := range doc.Entries {
				want := tc.entries[i]
				if got := fmtTime(e.Published); got != want.wantPub {
					t.Errorf("entry %d Published = %s, want %s", i, got, want.wantPub)
				}
				if got := fmtTime(e.Updated); got != want.wantUpd {
					t.Errorf("entry %d Updated = %s, want %s", i, got, want.wantUpd)
				}
				if e.Published != nil && e.Published.Location() != time.UTC {
					t.Errorf("entry %d Published in %v, want UTC", i, e.Published.Location())
				}
				if e.RawPublished != "raw pub" || e.RawUpdated != "raw upd" {
					t.Errorf("entry %d raw dates changed to %q, %q", i, e.RawPublished, e.RawUpdated)
				}
			}
		})
	}
}

func TestDocumentDatesDoNotAlias(t *testing.T) {
	pub := at("2025-02-01T10:00:00Z")
	doc := &feed.Document{Entries: []feed.Entry{{Published: pub}}}
	Document(doc, feed.Source{}, testNow)
	e := doc.Entries[0]
	if e.Published == pub {
		t.Error("Published aliases the parser's value")
	}
	if e.Updated == e.Published {
		t.Error("Updated and Published share one pointer")
	}
}

func TestDocumentAuthors(t *testing.T) {
	tests := []struct {
		name      string
		entry     []string
		srcAuthor string
		docAuthor string
		want      []string
	}{
		{"entry authors cleaned", []string{" Ana  Lima ", "ana lima", "Bo\u200b"}, "Src", "Doc", []string{"Ana Lima", "Bo"}},
		{"entry authors are text", []string{"<b>Bo</b>", "Doc &amp; Co"}, "", "", []string{"<b>Bo</b>", "Doc &amp; Co"}},
		{"source override first", nil, "  Src Author ", "Doc Author", []string{"Src Author"}},
		{"document author next", []string{"", " "}, "", " Doc  & Co", []string{"Doc & Co"}},
		{"none", nil, "", "", nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			doc := &feed.Document{Author: tc.docAuthor, Entries: []feed.Entry{{Title: "t", Authors: tc.entry}}}
			Document(doc, feed.Source{Author: tc.srcAuthor}, testNow)
			if got := doc.Entries[0].Authors; !slices.Equal(got, tc.want) {
				t.Errorf("Authors = %q, want %q", got, tc.want)
			}
		})
	}
}

func TestDocumentLinks(t *testing.T) {
	tests := []struct {
		name              string
		srcURL, srcLink   string
		docLink           string
		entryLink         string
		wantDoc, wantLink string
	}{
		{"relative to site link", "https://feeds.test/blog.xml", "", "https://blog.test/", "/2025/02/post", "https://blog.test/", "https://blog.test/2025/02/post"},
		{"relative site link resolved against source", "https://blog.test/feed/atom", "", "/", "post", "https://blog.test/", "https://blog.test/post"},
		{"no site link uses source URL", "https://blog.test/feed/", "", "", "../post", "", "https://blog.test/post"},
		{"local source uses configured link", "", "https://site.test/notes/", "", "a.html", "", "https://site.test/notes/a.html"},
		{"absolute kept", "https://blog.test/feed", "", "https://blog.test/", "http://other.test/x", "https://blog.test/", "http://other.test/x"},
		{"javascript link dropped", "https://blog.test/feed", "", "javascript:alert(1)", "javascript:alert(1)", "", ""},
		{"no base at all", "", "", "", "/post", "", ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			doc := &feed.Document{Link: tc.docLink, Entries: []feed.Entry{{Title: "t", Link: tc.entryLink}}}
			Document(doc, feed.Source{URL: tc.srcURL, Link: tc.srcLink}, testNow)
			if doc.Link != tc.wantDoc {
				t.Errorf("doc.Link = %q, want %q", doc.Link, tc.wantDoc)
			}
			if got := doc.Entries[0].Link; got != tc.wantLink {
				t.Errorf("entry Link = %q, want %q", got, tc.wantLink)
			}
		})
	}
}

func TestDocumentEntry(t *testing.T) {
	doc := &feed.Document{
		Title:   " My\t& Blog ",
		Link:    "https://blog.test/",
		FeedURL: "/feed.xml",
		Entries: []feed.Entry{{
			ID:         " guid-1 ",
			Link:       "/2025/02/28/post/",
			Title:      "",
			Categories: []string{"Go", " go ", "Web&Dev"},
			Content:    `<p onclick="x()">The build is green again. More later.</p><img src="chart.png"><script>alert(1)</script>`,
			Summary:    `<a href="javascript:alert(1)">Summary</a>`,
			Enclosures: []feed.Enclosure{
				{URL: "/ep1.mp3", Type: " Audio/MPEG ", Length: 123},
				{URL: "https://blog.test/ep1.mp3", Type: "audio/mpeg", Length: 123},
				{URL: "javascript:alert(1)", Type: "audio/mpeg"},
				{URL: "ep1.ogg", Type: "not a type", Length: -5},
			},
			Raw:  "raw text",
			File: "post.md",
		}},
	}
	Document(doc, feed.Source{Name: "s", URL: "https://blog.test/feed.xml"}, testNow)
	e := doc.Entries[0]
	checks := []struct{ what, got, want string }{
		{"doc title", doc.Title, "My & Blog"},
		{"doc feed URL", doc.FeedURL, "https://blog.test/feed.xml"},
		{"id verbatim", e.ID, " guid-1 "},
		{"link", e.Link, "https://blog.test/2025/02/28/post/"},
		{"derived title", e.Title, "The build is green again"},
		{"content", e.Content, `<p>The build is green again. More later.</p><img src="https://blog.test/2025/02/28/post/chart.png"/>`},
		{"summary", e.Summary, "Summary"},
		{"categories", fmt.Sprint(e.Categories), "[Go Web&Dev]"},
		{"enclosures", fmt.Sprint(e.Enclosures), "[{https://blog.test/ep1.mp3 audio/mpeg 123} {https://blog.test/2025/02/28/post/ep1.ogg  0}]"},
		{"raw", e.Raw, "raw text"},
		{"file", e.File, "post.md"},
		{"published from link", fmtTime(e.Published), "2025-02-28T00:00:00Z"},
	}
	for _, c := range checks {
		if c.got != c.want {
			t.Errorf("%s = %q, want %q", c.what, c.got, c.want)
		}
	}
}

func TestDocumentOutputsSafe(t *testing.T) {
	doc := &feed.Document{Entries: []feed.Entry{
		{Title: "<script>alert(1)</script>Hi\u202E", Authors: []string{"<img src=x onerror=alert(1)>"},
			Categories: []string{"a\x00b"}, Content: `<svg onload=alert(1)>`},
	}}
	Document(doc, feed.Source{URL: "https://blog.test/"}, testNow)
	e := doc.Entries[0]
	for _, s := range append([]string{e.Title}, append(e.Authors, e.Categories...)...) {
		if v := UnsafeText(s); len(v) > 0 {
			t.Errorf("metadata %q unsafe: %v", s, v)
		}
	}
	if v := Unsafe(e.Content); len(v) > 0 {
		t.Errorf("content %q unsafe: %v", e.Content, v)
	}
	if e.Title != "Hi" {
		t.Errorf("Title = %q, want %q", e.Title, "Hi")
	}
}

// TestDocumentTexts checks the texts Document returns: one per entry,
// keyed by the body as sanitised (content, else summary), each what
// TextFromHTML reads from that body.
func TestDocumentTexts(t *testing.T) {
	doc := &feed.Document{Entries: []feed.Entry{
		{Content: `<p onclick="x()">Full <b>text</b></p><script>no()</script>`, Summary: "<p>Short</p>"},
		{Summary: "<div>Only a <i>summary</i><br>here</div>"},
		{Content: "<script>only()</script>", Summary: "<p>Fallback &amp; more</p>"},
		{Title: "nothing at all"},
	}}
	texts := Document(doc, feed.Source{URL: "https://blog.test/feed"}, testNow)
	if len(texts) != len(doc.Entries) {
		t.Errorf("Document returned %d texts for %d entries: %q", len(texts), len(doc.Entries), texts)
	}
	for i, e := range doc.Entries {
		body := firstNonEmpty(e.Content, e.Summary)
		text, ok := texts[body]
		if !ok {
			t.Errorf("entry %d: no text for its sanitised body %q", i, body)
			continue
		}
		if want := htmltext.Text(body); text != want {
			t.Errorf("entry %d: text %q, TextFromHTML of its body %q", i, text, want)
		}
	}
}

// TestDocumentContentBases checks that relative references in content and
// summary resolve against the bases the parser recorded (xml:base, the
// feed document), in-page ones against the post, and that without a
// recorded base the entry link is the base.
func TestDocumentContentBases(t *testing.T) {
	doc := &feed.Document{Entries: []feed.Entry{
		{
			Link:        "https://blog.test/2025/post",
			Content:     `<p><a href="img/a.png">a</a> <a href="#note">n</a> <img src="/b.png" srcset="c.png 2x"></p>`,
			ContentBase: "https://cdn.test/media/",
			Summary:     `<p><a href="s.html">s</a></p>`,
			SummaryBase: "https://other.test/dir/feed.xml",
		},
		{
			Link:    "https://blog.test/2025/two",
			Content: `<p><a href="x.html">x</a> <a href="#top">t</a></p>`,
		},
	}}
	Document(doc, feed.Source{URL: "https://blog.test/feed"}, testNow)
	tests := []struct {
		got  string
		want []string
	}{
		{doc.Entries[0].Content, []string{
			`href="https://cdn.test/media/img/a.png"`, `href="https://blog.test/2025/post#note"`,
			`src="https://cdn.test/b.png"`, `srcset="https://cdn.test/media/c.png 2x"`,
		}},
		{doc.Entries[0].Summary, []string{`href="https://other.test/dir/s.html"`}},
		{doc.Entries[1].Content, []string{`href="https://blog.test/2025/x.html"`, `href="https://blog.test/2025/two#top"`}},
	}
	for i, tt := range tests {
		for _, w := range tt.want {
			if !strings.Contains(tt.got, w) {
				t.Errorf("case %d: %s lacks %s", i, tt.got, w)
			}
		}
	}
	if e := doc.Entries[0]; e.ContentBase != "" || e.SummaryBase != "" {
		t.Errorf("bases kept after resolving: %q, %q", e.ContentBase, e.SummaryBase)
	}
}
