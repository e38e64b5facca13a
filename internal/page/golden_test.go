package page

import (
	"bytes"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/tributary/tributary/internal/feed"
)

var update = flag.Bool("update", false, "rewrite golden files")

// seedDir holds the five reference inputs, shared with the rest of the
// project and never edited.
const seedDir = "../../seeds"

// loadSeeds reads every seed file, keyed by base name.
func loadSeeds(t *testing.T) map[string][]byte {
	t.Helper()
	paths, err := filepath.Glob(filepath.Join(seedDir, "*.txt"))
	if err != nil {
		t.Fatal(err)
	}
	if len(paths) != 5 {
		t.Fatalf("found %d seed files in %s, want 5", len(paths), seedDir)
	}
	seeds := map[string][]byte{}
	for _, p := range paths {
		data, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		seeds[filepath.Base(p)] = data
	}
	return seeds
}

// parseSeeds parses every seed with the boilerplate detected over all five
// together, as the default configuration treats them as one source.
func parseSeeds(t *testing.T) map[string]*feed.Document {
	t.Helper()
	seeds := loadSeeds(t)
	bp := DetectBoilerplate(seeds)
	docs := map[string]*feed.Document{}
	for name, data := range seeds {
		doc, err := Parse(name, data, Options{Boilerplate: bp})
		if err != nil {
			t.Fatalf("Parse(%s): %v", name, err)
		}
		docs[name] = doc
	}
	return docs
}

// goldenEntry is the part of an entry the golden files pin down; Raw is
// left out because it is the input verbatim.
type goldenEntry struct {
	Title        string   `json:"title"`
	Link         string   `json:"link,omitempty"`
	Authors      []string `json:"authors,omitempty"`
	Categories   []string `json:"categories,omitempty"`
	Published    string   `json:"published,omitempty"`
	RawPublished string   `json:"raw_published,omitempty"`
	File         string   `json:"file"`
	Content      string   `json:"content"`
}

type goldenDoc struct {
	Title   string        `json:"title,omitempty"`
	Link    string        `json:"link,omitempty"`
	Entries []goldenEntry `json:"entries"`
}

func toGolden(doc *feed.Document) goldenDoc {
	g := goldenDoc{Title: doc.Title, Link: doc.Link}
	for _, e := range doc.Entries {
		ge := goldenEntry{
			Title: e.Title, Link: e.Link, Authors: e.Authors, Categories: e.Categories,
			RawPublished: e.RawPublished, File: e.File, Content: e.Content,
		}
		if e.Published != nil {
			ge.Published = e.Published.Format("2006-01-02T15:04:05Z07:00")
		}
		g.Entries = append(g.Entries, ge)
	}
	return g
}

func TestGoldenSeeds(t *testing.T) {
	for name, doc := range parseSeeds(t) {
		t.Run(name, func(t *testing.T) {
			checkGolden(t, strings.TrimSuffix(name, filepath.Ext(name)), toGolden(doc))
		})
	}
}

// TestGoldenFixtures runs every fixture in testdata/pages through Parse with
// the options its name suggests, against testdata/golden.
func TestGoldenFixtures(t *testing.T) {
	paths, err := filepath.Glob(filepath.Join("testdata", "pages", "*"))
	if err != nil {
		t.Fatal(err)
	}
	if len(paths) == 0 {
		t.Fatal("no fixtures in testdata/pages")
	}
	for _, p := range paths {
		name := filepath.Base(p)
		t.Run(name, func(t *testing.T) {
			data, err := os.ReadFile(p)
			if err != nil {
				t.Fatal(err)
			}
			doc, err := Parse(name, data, Options{BaseURL: "https://example.org/blog/post/"})
			if err != nil {
				t.Fatalf("Parse(%s): %v", name, err)
			}
			checkGolden(t, name, toGolden(doc))
		})
	}
}

func checkGolden(t *testing.T, name string, got goldenDoc) {
	t.Helper()
	path := filepath.Join("testdata", "golden", name+".golden.json")
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false) // keep the content HTML readable in diffs
	enc.SetIndent("", "  ")
	if err := enc.Encode(got); err != nil {
		t.Fatal(err)
	}
	gotJSON := buf.Bytes()
	if *update {
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, gotJSON, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("read golden file (run with -update to create it): %v", err)
	}
	if !bytes.Equal(gotJSON, want) {
		t.Errorf("%s differs from %s (run with -update to accept):\ngot:\n%s", name, path, gotJSON)
	}
}
