package publish

import (
	"bytes"
	"flag"
	"io"
	"os"
	"path/filepath"
	"testing"
	"time"
)

var update = flag.Bool("update", false, "rewrite golden files")

// writers are every output written from the test feed, keyed by golden file.
func writers() []struct {
	name   string
	golden string
	write  func(io.Writer) error
} {
	f := testFeed()
	return []struct {
		name   string
		golden string
		write  func(io.Writer) error
	}{
		{"atom", "atom.golden.xml", func(w io.Writer) error { return Atom(w, f, AtomOptions{Stylesheet: XSLFile}) }},
		{"rss", "rss.golden.xml", func(w io.Writer) error { return RSS(w, f) }},
		{"json", "feed.golden.json", func(w io.Writer) error { return JSONFeed(w, f) }},
		{"opml", "opml.golden.xml", func(w io.Writer) error {
			return OPML(w, f.Title, f.Sources, time.Date(2025, 2, 28, 15, 0, 0, 0, time.UTC))
		}},
		{"html", "index.golden.html", func(w io.Writer) error { return HTML(w, f, testHTMLOptions()) }},
	}
}

func TestGolden(t *testing.T) {
	for _, tc := range writers() {
		t.Run(tc.name, func(t *testing.T) {
			var buf bytes.Buffer
			if err := tc.write(&buf); err != nil {
				t.Fatalf("write: %v", err)
			}
			path := filepath.Join("testdata", tc.golden)
			if *update {
				if err := os.WriteFile(path, buf.Bytes(), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			want, err := os.ReadFile(path)
			if err != nil {
				t.Fatalf("read golden (run with -update to create): %v", err)
			}
			if got := buf.Bytes(); !bytes.Equal(got, want) {
				t.Errorf("%s differs from %s (run with -update after checking the change):\ngot:\n%s", tc.name, path, got)
			}
		})
	}
}

func TestDeterministic(t *testing.T) {
	for _, tc := range writers() {
		t.Run(tc.name, func(t *testing.T) {
			var a, b bytes.Buffer
			if err := tc.write(&a); err != nil {
				t.Fatal(err)
			}
			if err := tc.write(&b); err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(a.Bytes(), b.Bytes()) {
				t.Errorf("two writes of the same feed differ")
			}
		})
	}
}
