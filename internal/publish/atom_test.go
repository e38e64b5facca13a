package publish

import (
	"bytes"
	"encoding/xml"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// edgeFeeds are feeds whose entries stress RFC 4287's cross-element rules:
// no author anywhere, no link, no content, no feed author.
func edgeFeeds() map[string]Feed {
	bare := Entry{ID: "urn:x:bare", Title: "bare", Updated: date("2025-01-01T00:00:00Z")}
	noFeedAuthor := testFeed()
	noFeedAuthor.Author, noFeedAuthor.AuthorEmail, noFeedAuthor.AuthorURI = "", "", ""
	noFeedAuthor.Entries = append(noFeedAuthor.Entries, bare)

	withFeedAuthor := testFeed()
	withFeedAuthor.Entries = []Entry{bare}

	nothing := Feed{ID: "urn:x:feed", Entries: []Entry{bare, {ID: "urn:x:zero"}}}

	archive := testFeed()
	archive.Archive = true
	archive.SelfURL = "https://river.example.org/feeds/archive/4.xml"
	archive.Current = "https://river.example.org/feeds/atom.xml"
	archive.NextArchive = "https://river.example.org/feeds/archive/5.xml"
	archive.Hub = ""

	badValues := testFeed()
	badValues.AuthorEmail = "not an email"
	badValues.Entries[1].Enclosures = append(badValues.Entries[1].Enclosures,
		Enclosure{URL: "https://x.example/a", Type: "mp3"}, Enclosure{URL: "", Type: "audio/mpeg"})
	badValues.Entries[0].Categories = []string{"", "  ", "ok"}

	return map[string]Feed{
		"no-feed-author":   noFeedAuthor,
		"with-feed-author": withFeedAuthor,
		"nothing":          nothing,
		"archive":          archive,
		"bad-values":       badValues,
	}
}

func writeAtom(t testing.TB, f Feed) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := Atom(&buf, f, AtomOptions{}); err != nil {
		t.Fatalf("Atom: %v", err)
	}
	return buf.Bytes()
}

// TestAtomSchema validates the golden feed and the edge documents with jing
// against RFC 4287's RELAX NG schema (a copy in testdata).
func TestAtomSchema(t *testing.T) {
	jing, err := exec.LookPath("jing")
	if err != nil {
		t.Skip("jing not on PATH")
	}
	dir := t.TempDir()
	files := []string{filepath.Join("testdata", "atom.golden.xml")}
	for name, f := range edgeFeeds() {
		p := filepath.Join(dir, name+".xml")
		if err := os.WriteFile(p, writeAtom(t, f), 0o644); err != nil {
			t.Fatal(err)
		}
		files = append(files, p)
	}
	args := append([]string{"-c", filepath.Join("testdata", "atom.rnc")}, files...)
	var out bytes.Buffer
	cmd := exec.Command(jing, args...)
	cmd.Stdout = &out // jing reports errors on stdout; stderr has JVM noise
	if err := cmd.Run(); err != nil {
		t.Errorf("jing: %v\n%s", err, out.String())
	}
}

// TestAtomRulesHold runs the Go-side RFC checks on everything Atom writes.
func TestAtomRulesHold(t *testing.T) {
	feeds := edgeFeeds()
	feeds["golden"] = testFeed()
	for name, f := range feeds {
		t.Run(name, func(t *testing.T) {
			if err := CheckAtomRules(writeAtom(t, f)); err != nil {
				t.Errorf("CheckAtomRules: %v", err)
			}
		})
	}
}

func TestAtomEntryShape(t *testing.T) {
	type link struct {
		Href   string `xml:"href,attr"`
		Rel    string `xml:"rel,attr"`
		Type   string `xml:"type,attr"`
		Length string `xml:"length,attr"`
	}
	type entry struct {
		Authors []string `xml:"author>name"`
		Links   []link   `xml:"link"`
		Content *struct {
			Type string `xml:"type,attr"`
			Text string `xml:",chardata"`
		} `xml:"content"`
		Summary   *string `xml:"summary"`
		Published string  `xml:"published"`
		Updated   string  `xml:"updated"`
	}
	type doc struct {
		Archive *struct{} `xml:"http://purl.org/syndication/history/1.0 archive"`
		Links   []link    `xml:"link"`
		Entries []entry   `xml:"entry"`
	}
	parse := func(t *testing.T, f Feed) doc {
		var d doc
		if err := xml.Unmarshal(writeAtom(t, f), &d); err != nil {
			t.Fatalf("unmarshal: %v", err)
		}
		return d
	}
	tests := []struct {
		name  string
		entry Entry
		check func(t *testing.T, e entry)
	}{
		{"authors from entry", Entry{Authors: []string{"A", " ", "B", "A"}, Link: "https://x/1"}, func(t *testing.T, e entry) {
			if got, want := strings.Join(e.Authors, "|"), "A|B"; got != want {
				t.Errorf("authors = %q, want %q", got, want)
			}
		}},
		{"author from source title", Entry{Source: Source{Name: "n", Title: "Site"}, Link: "https://x/1"}, func(t *testing.T, e entry) {
			if got, want := strings.Join(e.Authors, "|"), "Site"; got != want {
				t.Errorf("authors = %q, want %q", got, want)
			}
		}},
		{"author from source name", Entry{Source: Source{Name: "n"}, Link: "https://x/1"}, func(t *testing.T, e entry) {
			if got, want := strings.Join(e.Authors, "|"), "n"; got != want {
				t.Errorf("authors = %q, want %q", got, want)
			}
		}},
		{"no content no link gives empty content", Entry{}, func(t *testing.T, e entry) {
			if e.Content == nil || e.Content.Text != "" {
				t.Errorf("content = %+v, want empty content element", e.Content)
			}
		}},
		{"no content with link gives no content", Entry{Link: "https://x/1"}, func(t *testing.T, e entry) {
			if e.Content != nil {
				t.Errorf("content = %+v, want none", e.Content)
			}
		}},
		{"summary stands in for content", Entry{Summary: "<p>s</p>"}, func(t *testing.T, e entry) {
			if e.Content == nil || e.Content.Text != "<p>s</p>" || e.Content.Type != "html" {
				t.Errorf("content = %+v, want the summary as html", e.Content)
			}
			if e.Summary != nil {
				t.Errorf("summary = %q, want none (same as content)", *e.Summary)
			}
		}},
		{"related skips link and duplicates", Entry{Link: "https://a/", Related: []string{"https://a/", "https://b/", "https://b/"}}, func(t *testing.T, e entry) {
			var rel []string
			for _, l := range e.Links {
				rel = append(rel, l.Rel+" "+l.Href)
			}
			if got, want := strings.Join(rel, ", "), "alternate https://a/, related https://b/"; got != want {
				t.Errorf("links = %q, want %q", got, want)
			}
		}},
		{"enclosure without type or length", Entry{Link: "https://a/", Enclosures: []Enclosure{{URL: "https://a/f", Type: "bogus", Length: 0}}}, func(t *testing.T, e entry) {
			l := e.Links[1]
			if l.Rel != "enclosure" || l.Type != "" || l.Length != "" {
				t.Errorf("enclosure link = %+v, want rel only", l)
			}
		}},
		{"updated falls back to published", Entry{Link: "https://a/", Published: date("2024-05-06T07:08:09+02:00")}, func(t *testing.T, e entry) {
			if e.Updated != "2024-05-06T05:08:09Z" || e.Published != "2024-05-06T05:08:09Z" {
				t.Errorf("updated, published = %q, %q; want both 2024-05-06T05:08:09Z", e.Updated, e.Published)
			}
		}},
		{"unwritable year counts as no date", Entry{Link: "https://a/", Published: time.Date(12025, 1, 1, 0, 0, 0, 0, time.UTC)}, func(t *testing.T, e entry) {
			if e.Updated != "2020-01-02T03:04:05Z" || e.Published != "" {
				t.Errorf("updated, published = %q, %q; want feed date and none", e.Updated, e.Published)
			}
		}},
		{"no dates at all use the feed's", Entry{Link: "https://a/"}, func(t *testing.T, e entry) {
			if e.Updated != "2020-01-02T03:04:05Z" || e.Published != "" {
				t.Errorf("updated, published = %q, %q; want feed date and none", e.Updated, e.Published)
			}
		}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			tc.entry.ID = "urn:x:1"
			f := Feed{ID: "urn:x:f", Updated: date("2020-01-02T03:04:05Z"), Entries: []Entry{tc.entry}}
			d := parse(t, f)
			if len(d.Entries) != 1 {
				t.Fatalf("got %d entries, want 1", len(d.Entries))
			}
			tc.check(t, d.Entries[0])
		})
	}

	t.Run("archive document", func(t *testing.T) {
		d := parse(t, edgeFeeds()["archive"])
		if d.Archive == nil {
			t.Error("no fh:archive element in the history namespace")
		}
		var rels []string
		for _, l := range d.Links {
			rels = append(rels, l.Rel)
		}
		if got, want := strings.Join(rels, " "), "self alternate current prev-archive next-archive"; got != want {
			t.Errorf("feed link rels = %q, want %q", got, want)
		}
	})
}

func TestAtomFeedUpdated(t *testing.T) {
	tests := []struct {
		name string
		feed Feed
		want string
	}{
		{"explicit", Feed{Updated: date("2025-03-01T10:00:00+01:00")}, "2025-03-01T09:00:00Z"},
		{"newest entry", Feed{Entries: []Entry{
			{ID: "a", Updated: date("2025-01-01T00:00:00Z")},
			{ID: "b", Published: date("2025-02-01T00:00:00Z")},
		}}, "2025-02-01T00:00:00Z"},
		{"empty feed is the epoch, not now", Feed{}, "1970-01-01T00:00:00Z"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			tc.feed.ID = "urn:x:f"
			var d struct {
				Updated string `xml:"updated"`
			}
			if err := xml.Unmarshal(writeAtom(t, tc.feed), &d); err != nil {
				t.Fatal(err)
			}
			if d.Updated != tc.want {
				t.Errorf("updated = %q, want %q", d.Updated, tc.want)
			}
		})
	}
}

func TestAtomErrors(t *testing.T) {
	tests := []struct {
		name string
		feed Feed
		want string
	}{
		{"no feed id", Feed{}, "neither an id nor a self URL"},
		{"empty entry id", Feed{ID: "urn:x", Entries: []Entry{{ID: "a"}, {ID: " \x01", Title: "t"}}}, `entry 1: "t" has an empty id`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var buf bytes.Buffer
			err := Atom(&buf, tc.feed, AtomOptions{})
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("err = %v, want it to contain %q", err, tc.want)
			}
		})
	}
	t.Run("self URL stands in for id", func(t *testing.T) {
		out := writeAtom(t, Feed{SelfURL: "https://x.example/atom.xml"})
		if !bytes.Contains(out, []byte("<id>https://x.example/atom.xml</id>")) {
			t.Errorf("no id from SelfURL in:\n%s", out)
		}
	})
}

func TestAtomStylesheetEscaped(t *testing.T) {
	var buf bytes.Buffer
	if err := Atom(&buf, Feed{ID: "urn:x"}, AtomOptions{Stylesheet: `a"?>b&.xsl`}); err != nil {
		t.Fatal(err)
	}
	want := `<?xml-stylesheet type="text/xsl" href="a&#34;?&gt;b&amp;.xsl"?>`
	if !bytes.Contains(buf.Bytes(), []byte(want)) {
		t.Errorf("got:\n%s\nwant it to contain %s", buf.Bytes(), want)
	}
}

func TestBaseURL(t *testing.T) {
	tests := []struct{ self, want string }{
		{"https://example.org/atom.xml", "https://example.org/"},
		{"https://example.org/feeds/atom.xml?x=1#top", "https://example.org/feeds/"},
		{"https://example.org/feeds/", "https://example.org/feeds/"},
		{"https://example.org", "https://example.org/"},
		{"http://127.0.0.1:8080/atom.xml", "http://127.0.0.1:8080/"},
		{"/relative/atom.xml", ""},
		{"tag:x,2020:y", ""},
		{"", ""},
	}
	for _, tc := range tests {
		t.Run(tc.self, func(t *testing.T) {
			if got := (Feed{SelfURL: tc.self}).BaseURL(); got != tc.want {
				t.Errorf("BaseURL(%q) = %q, want %q", tc.self, got, tc.want)
			}
		})
	}
	if got, want := (Feed{SelfURL: "https://e.org/a/atom.xml"}).PublicURL(RSSFile), "https://e.org/a/rss.xml"; got != want {
		t.Errorf("PublicURL = %q, want %q", got, want)
	}
}

// BenchmarkAtom writes a feed of 100 entries with about 5 KB of content each.
func BenchmarkAtom(b *testing.B) {
	f := testFeed()
	para := "<p>" + strings.Repeat("Workers of the world & their <em>platforms</em>, “小红书”. ", 80) + "</p>"
	base := f.Entries
	f.Entries = nil
	for i := range 100 {
		e := base[i%len(base)]
		e.ID = e.ID + "/" + string(rune('a'+i%26)) + time.Duration(i).String()
		e.Content = strings.ToValidUTF8(para[:5000], "")
		f.Entries = append(f.Entries, e)
	}
	b.ReportAllocs()
	var buf bytes.Buffer
	for b.Loop() {
		buf.Reset()
		if err := Atom(&buf, f, AtomOptions{Stylesheet: XSLFile}); err != nil {
			b.Fatal(err)
		}
	}
	b.SetBytes(int64(buf.Len()))
}
