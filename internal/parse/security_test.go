package parse

import (
	"errors"
	"os"
	"reflect"
	"strings"
	"testing"
)

// TestDeepNesting checks that absurd nesting fails with ErrTooDeep from the
// pre-scan instead of reaching gofeed's recursive parser.
func TestDeepNesting(t *testing.T) {
	const levels = 100000
	tests := []struct {
		name string
		doc  string
		opts Options
	}{
		{"rss item field", `<rss><channel><item><description>` + strings.Repeat("<x>", levels), Options{}},
		{"rss extension", `<rss xmlns:e="urn:e"><channel><item><e:a>` + strings.Repeat("<e:a>", levels) + strings.Repeat("</e:a>", levels) + `</e:a></item></channel></rss>`, Options{}},
		{"atom", `<feed xmlns="http://www.w3.org/2005/Atom">` + strings.Repeat("<entry>", levels), Options{}},
		{"custom limit", `<rss><channel><item><a><b><c><d/></c></b></a></item></channel></rss>`, Options{MaxDepth: 5}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			doc, err := Feed([]byte(tt.doc), tt.opts)
			if !errors.Is(err, ErrTooDeep) {
				t.Fatalf("Feed = %v, %v; want ErrTooDeep", doc, err)
			}
		})
	}
	t.Run("within the limit", func(t *testing.T) {
		doc := `<rss><channel><item><title>ok</title><description>` + strings.Repeat("<x>", 400) + strings.Repeat("</x>", 400) + `</description></item></channel></rss>`
		got, err := Feed([]byte(doc), Options{})
		if err != nil {
			t.Fatalf("Feed: %v, want success", err)
		}
		if len(got.Entries) != 1 || got.Entries[0].Title != "ok" {
			t.Errorf("entries = %+v, want one titled ok", got.Entries)
		}
	})
	t.Run("json", func(t *testing.T) {
		// encoding/json bounds its own depth; this just has to return.
		doc := `{"version":"https://jsonfeed.org/version/1.1","items":[` + strings.Repeat("[", levels)
		if got, err := Feed([]byte(doc), Options{}); err == nil && len(got.Entries) > 0 {
			t.Errorf("Feed of deeply nested JSON = %d entries, want an error or none", len(got.Entries))
		}
	})
}

// TestEntityExpansion checks that internal-subset entities, including a
// "billion laughs" chain and an external entity, are never expanded.
func TestEntityExpansion(t *testing.T) {
	data, err := os.ReadFile("testdata/billion_laughs.xml")
	if err != nil {
		t.Fatal(err)
	}
	doc, err := Feed(data, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if len(doc.Entries) != 1 {
		t.Fatalf("got %d entries, want 1", len(doc.Entries))
	}
	e := doc.Entries[0]
	if e.Title != "Laughs: &lol9;" {
		t.Errorf("title = %q, want the entity reference left as text", e.Title)
	}
	if strings.Contains(e.Content, "root:") || e.Content != "&xxe;" {
		t.Errorf("content = %q, want the external entity left as text", e.Content)
	}
	// A billion-laughs document with a very large entity chain in the
	// DOCTYPE and many references in the body stays linear in its size.
	big := `<?xml version="1.0"?><!DOCTYPE rss [` + strings.Repeat(`<!ENTITY a "&a;&a;&a;&a;&a;&a;&a;&a;">`, 1000) + `]><rss><channel><title>` +
		strings.Repeat("&a;", 20000) + `</title></channel></rss>`
	doc, err = Feed([]byte(big), Options{})
	if err != nil {
		t.Fatal(err)
	}
	if len(doc.Title) > len(big) {
		t.Errorf("title is %d bytes from a %d-byte document, want no expansion", len(doc.Title), len(big))
	}
}

// cutPoints lists the offsets where a transfer cut is most telling (just
// before and after every tag or JSON value), plus a regular stride through
// text, in increasing order. Every byte would be thorough but slow under
// -race.
func cutPoints(data []byte) []int {
	var cuts []int
	for i := range data {
		switch {
		case i%41 == 0, data[i] == '<', i > 0 && strings.IndexByte(">},]", data[i-1]) >= 0:
			cuts = append(cuts, i)
		}
	}
	return cuts
}

// TestTruncationAtTagBoundaries cuts real feeds at every tag boundary. Whatever
// comes back must be a prefix of the full document's entries, each one
// identical to its uncut version: a partial entry is dropped, never
// returned half-filled.
func TestTruncationAtTagBoundaries(t *testing.T) {
	for _, name := range []string{"wordpress_rss2", "blogger_atom_xmlbase", "rss10_rdf", "jsonfeed_1_1"} {
		t.Run(name, func(t *testing.T) {
			path := "testdata/" + name + ".xml"
			if strings.HasPrefix(name, "json") {
				path = "testdata/" + name + ".json"
			}
			data, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			opts := fixtureOptions(t, strings.TrimSuffix(path, path[strings.LastIndexByte(path, '.'):]))
			full, err := Feed(data, opts)
			if err != nil {
				t.Fatal(err)
			}
			maxSeen := 0
			for _, cut := range cutPoints(data) {
				doc, err := Feed(data[:cut], opts)
				if err != nil {
					continue
				}
				if len(doc.Entries) > len(full.Entries) {
					t.Fatalf("cut at %d: %d entries, more than the full %d", cut, len(doc.Entries), len(full.Entries))
				}
				for i, e := range doc.Entries {
					if !reflect.DeepEqual(e, full.Entries[i]) {
						t.Fatalf("cut at %d: entry %d = %+v, want %+v", cut, i, e, full.Entries[i])
					}
				}
				if len(doc.Entries) < maxSeen {
					t.Fatalf("cut at %d: %d entries, fewer than the %d of a shorter cut", cut, len(doc.Entries), maxSeen)
				}
				maxSeen = len(doc.Entries)
			}
			if maxSeen != len(full.Entries) {
				t.Errorf("longest cut kept %d entries, want all %d", maxSeen, len(full.Entries))
			}
		})
	}
}
