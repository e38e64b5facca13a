package opml

import (
	"bytes"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/tributary/tributary/internal/feed"
)

var update = flag.Bool("update", false, "rewrite golden files")

func golden(t *testing.T, path string, got []byte) {
	t.Helper()
	if *update {
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run with -update to create it)", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("%s differs:\n--- got\n%s\n--- want\n%s", path, got, want)
	}
}

func parseFile(t *testing.T, path string) *Document {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	doc, err := Parse(f)
	if err != nil {
		t.Fatalf("Parse: %v", err)
	}
	return doc
}

// TestParse reads every testdata/*.opml and compares with the .json next to
// it: adding a pair is all a new export shape takes.
func TestParse(t *testing.T) {
	files, _ := filepath.Glob("testdata/*.opml")
	if len(files) == 0 {
		t.Fatal("no fixtures")
	}
	for _, file := range files {
		t.Run(filepath.Base(file), func(t *testing.T) {
			doc := parseFile(t, file)
			got, err := json.MarshalIndent(doc, "", "  ")
			if err != nil {
				t.Fatal(err)
			}
			golden(t, strings.TrimSuffix(file, ".opml")+".json", append(got, '\n'))
		})
	}
}

func TestParseMessy(t *testing.T) {
	doc := parseFile(t, "testdata/messy.opml")
	byURL := map[string]Feed{}
	for _, f := range doc.Feeds {
		byURL[f.XMLURL] = f
	}
	tests := []struct {
		url, title, tags string
	}{
		{"http://deep.example/rss", "My name for it", "Research|Deep|Tech|Go|news"},
		{"http://cafe.example/feed", "Café Society", "Research|Deep"},
		{"https://spaced.example/feed", "Spaced out", "Research"},
		{"https://parent.example/feed", "Nested feed with children", "Top level"},
		{"https://child.example/feed", "Child", "Top level"},
		{"https://untitled.example/feed", "", "Titled folder"},
	}
	for _, tt := range tests {
		f, ok := byURL[tt.url]
		if !ok {
			t.Errorf("%s missing; got %v", tt.url, doc.Feeds)
			continue
		}
		if f.Title != tt.title || strings.Join(f.Tags(), "|") != tt.tags {
			t.Errorf("%s: title %q tags %q, want %q %q", tt.url, f.Title, f.Tags(), tt.title, tt.tags)
		}
	}
	if len(doc.Feeds) != len(tests) {
		t.Errorf("got %d feeds, want %d (the type=link outline is not a feed)", len(doc.Feeds), len(tests))
	}
}

func TestParseRejects(t *testing.T) {
	tests := []struct {
		name, in string
		notOPML  bool
	}{
		{"html", "<!DOCTYPE html><html><body>hi</body></html>", true},
		{"rss", `<rss version="2.0"><channel/></rss>`, true},
		{"empty", "", true},
		{"text", "just text", true},
		{"truncated", `<opml version="2.0"><body><outline text="a" xmlUrl="https://a.example/"`, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Parse(strings.NewReader(tt.in))
			if err == nil {
				t.Fatal("no error")
			}
			if errors.Is(err, ErrNotOPML) != tt.notOPML {
				t.Errorf("errors.Is(err, ErrNotOPML) = %v, want %v (%v)", !tt.notOPML, tt.notOPML, err)
			}
		})
	}
}

// toSources does what import does, minus naming: title, URL, site and tags.
func toSources(doc *Document) []feed.Source {
	var out []feed.Source
	for i, f := range doc.Feeds {
		out = append(out, feed.Source{Name: fmt.Sprintf("s%d", i), URL: f.XMLURL, Title: f.Title, Link: f.HTMLURL, Tags: f.Tags()})
	}
	return out
}

// TestRoundTrip: import then export then import keeps every feed, its
// title, its site and its categories.
func TestRoundTrip(t *testing.T) {
	files, _ := filepath.Glob("testdata/*.opml")
	for _, file := range files {
		t.Run(filepath.Base(file), func(t *testing.T) {
			first := parseFile(t, file)
			var buf bytes.Buffer
			if err := Write(&buf, first.Title, toSources(first)); err != nil {
				t.Fatal(err)
			}
			second, err := Parse(bytes.NewReader(buf.Bytes()))
			if err != nil {
				t.Fatalf("re-parse: %v\n%s", err, buf.Bytes())
			}
			if second.Title != first.Title {
				t.Errorf("title %q, want %q", second.Title, first.Title)
			}
			// Compared as multisets: a feed listed in two folders stays listed twice.
			key := func(f Feed, title string) string {
				return strings.Join([]string{f.XMLURL, f.HTMLURL, title, strings.Join(sorted(f.Tags()), ",")}, " | ")
			}
			var want, got []string
			for i, f := range first.Feeds {
				title := f.Title
				if title == "" {
					title = fmt.Sprintf("s%d", i) // an untitled feed exports under its source's name
				}
				want = append(want, key(f, title))
			}
			for _, f := range second.Feeds {
				got = append(got, key(f, f.Title))
			}
			slices.Sort(want)
			slices.Sort(got)
			if !slices.Equal(got, want) {
				t.Errorf("after the round trip:\n  %s\nwant\n  %s", strings.Join(got, "\n  "), strings.Join(want, "\n  "))
			}
		})
	}
}

func sorted(s []string) []string {
	s = slices.Clone(s)
	slices.Sort(s)
	return s
}

func TestWrite(t *testing.T) {
	sources := []feed.Source{
		{Name: "workshop", URL: "https://workshop.example/feed/", Title: "Workshop & <Press>", Link: "https://workshop.example/", Tags: []string{"tech", "print"}},
		{Name: "seeds", Path: "seeds/*.txt", Tags: []string{"tech"}},
		{Name: "red-sails", URL: "https://redsails.example/feed/", Tags: []string{"politics"}},
		{Name: "untagged", URL: "https://untagged.example/atom.xml", Title: "Untagged \"quoted\""},
		{Name: "blogger", URL: "https://b.example/feeds/posts/default", Title: "Blogger", Tags: []string{"tech"}},
	}
	var buf bytes.Buffer
	if err := Write(&buf, "My river", sources); err != nil {
		t.Fatal(err)
	}
	golden(t, "testdata/export.golden.xml", buf.Bytes())
	var again bytes.Buffer
	if err := Write(&again, "My river", sources); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(buf.Bytes(), again.Bytes()) {
		t.Error("the same sources gave different bytes")
	}
}

func FuzzParse(f *testing.F) {
	files, _ := filepath.Glob("testdata/*.opml")
	for _, file := range files {
		b, _ := os.ReadFile(file)
		f.Add(b)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		doc, err := Parse(bytes.NewReader(data))
		if err != nil {
			return
		}
		for _, fd := range doc.Feeds {
			if fd.XMLURL == "" {
				t.Errorf("a feed without a URL: %+v", fd)
			}
		}
		// Whatever was read can be written and read back.
		var buf bytes.Buffer
		if err := Write(&buf, doc.Title, toSources(doc)); err != nil {
			t.Fatal(err)
		}
		if _, err := Parse(&buf); err != nil {
			t.Errorf("cannot re-read what was written: %v", err)
		}
	})
}
