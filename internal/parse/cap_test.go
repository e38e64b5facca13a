package parse

import (
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

// TestMaxEntriesCutMatchesFullParse holds the cut of entries beyond the cap
// to the plain outcome: parsing every fixture with a small MaxEntries gives
// exactly what parsing it whole gives, truncated to that many entries.
func TestMaxEntriesCutMatchesFullParse(t *testing.T) {
	compared := 0
	for _, path := range capFixtures(t) {
		data, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		opts := fixtureOptions(t, strings.TrimSuffix(path, filepath.Ext(path)))
		compared += checkCapMatchesFull(t, path, data, opts)
	}
	if compared == 0 {
		t.Fatal("no fixture has two entries to compare")
	}
}

// FuzzMaxEntriesCut is TestMaxEntriesCutMatchesFullParse on any input.
func FuzzMaxEntriesCut(f *testing.F) {
	for _, path := range capFixtures(f) {
		if data, err := os.ReadFile(path); err == nil {
			f.Add(data)
		}
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		checkCapMatchesFull(t, "input", data, Options{BaseURL: "https://fuzz.example/feed/"})
	})
}

// capFixtures lists the parser's fixtures and benchmark bodies.
func capFixtures(t testing.TB) []string {
	t.Helper()
	var out []string
	for _, pattern := range []string{"testdata/*", "testdata/bench/*"} {
		paths, err := filepath.Glob(pattern)
		if err != nil {
			t.Fatal(err)
		}
		for _, path := range paths {
			if info, err := os.Stat(path); err == nil && !info.IsDir() && isFixtureInput(path) {
				out = append(out, path)
			}
		}
	}
	return out
}

// checkCapMatchesFull parses data whole and then capped at one entry and
// at one fewer than it has, and reports how many capped parses it compared
// with the whole one cut short.
func checkCapMatchesFull(t *testing.T, name string, data []byte, opts Options) int {
	t.Helper()
	full, err := Feed(data, opts)
	if err != nil || len(full.Entries) < 2 {
		return 0
	}
	compared := 0
	for _, max := range []int{1, len(full.Entries) - 1} {
		o := opts
		o.MaxEntries = max
		got, err := Feed(data, o)
		if err != nil {
			t.Errorf("%s with MaxEntries %d: %v", name, max, err)
			continue
		}
		want := *full
		want.Entries = full.Entries[:max]
		if !reflect.DeepEqual(*got, want) {
			t.Errorf("%s with MaxEntries %d:\ngot  %+v\nwant %+v", name, max, *got, want)
		}
		compared++
	}
	return compared
}

// TestWithoutExtraEntries checks that the entries beyond the cap are cut
// from the bytes, in gofeed's order, and that what follows them stays.
func TestWithoutExtraEntries(t *testing.T) {
	tests := []struct {
		name, doc string
		max       int
		want      string // the cut document, or "" for no cut
		title     string // the feed title parsed from the capped document
	}{
		{
			name:  "rss2 title after items",
			doc:   `<rss version="2.0"><channel><item><title>a</title></item><item><title>b</title></item><item/><title>T</title></channel></rss>`,
			max:   1,
			want:  `<rss version="2.0"><channel><item><title>a</title></item><title>T</title></channel></rss>`,
			title: "T",
		},
		{
			name:  "rss1 items beside the channel",
			doc:   `<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/"><channel><title>T</title></channel><item><title>a</title></item><item><title>b</title></item></rdf:RDF>`,
			max:   1,
			want:  `<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/"><channel><title>T</title></channel><item><title>a</title></item></rdf:RDF>`,
			title: "T",
		},
		{
			name:  "atom with namespaces declared on entries",
			doc:   `<feed xmlns="http://www.w3.org/2005/Atom"><entry><title>a</title></entry><entry xmlns:x="urn:x"><x:y/><title>b</title></entry><title>T</title></feed>`,
			max:   1,
			want:  `<feed xmlns="http://www.w3.org/2005/Atom"><entry><title>a</title></entry><title>T</title></feed>`,
			title: "T",
		},
		{
			name:  "within the cap",
			doc:   `<rss version="2.0"><channel><title>T</title><item><title>a</title></item></channel></rss>`,
			max:   1,
			title: "T",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			for _, fast := range []bool{true, false} {
				sc, _, _, err := scanDocument([]byte(tt.doc), nil, Options{MaxDepth: DefaultMaxDepth}, fast)
				if err != nil {
					t.Fatalf("scan (fast %v): %v", fast, err)
				}
				got, cut := withoutExtraEntries([]byte(tt.doc), sc, tt.max)
				if cut != (tt.want != "") || cut && string(got) != tt.want {
					t.Errorf("fast %v: cut %v, got\n%s\nwant\n%s", fast, cut, got, tt.want)
				}
			}
			doc, err := Feed([]byte(tt.doc), Options{MaxEntries: tt.max})
			if err != nil {
				t.Fatal(err)
			}
			if len(doc.Entries) != tt.max || doc.Entries[0].Title != "a" || doc.Title != tt.title {
				t.Errorf("Feed: %d entries, first %+v, title %q; want %d, \"a\", %q", len(doc.Entries), doc.Entries, doc.Title, tt.max, tt.title)
			}
		})
	}
}
