package parse

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

// golden is what a fixture's .golden.json holds: the parsed Document, or
// the error. TTL is spelled as a duration string to stay readable.
type golden struct {
	Error string `json:",omitempty"`
	*feed.Document
	TTL string `json:",omitempty"`
}

// isFixtureInput tells feed inputs from their golden and options sidecars.
func isFixtureInput(name string) bool {
	if strings.HasPrefix(filepath.Base(name), ".") {
		return false
	}
	return !strings.HasSuffix(name, ".golden.json") && !strings.HasSuffix(name, ".opts.json")
}

// fixtureOptions reads testdata/<name>.opts.json if it exists.
func fixtureOptions(t testing.TB, stem string) Options {
	t.Helper()
	var opts Options
	raw, err := os.ReadFile(stem + ".opts.json")
	if os.IsNotExist(err) {
		return opts
	}
	if err != nil {
		t.Fatal(err)
	}
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&opts); err != nil {
		t.Fatalf("%s.opts.json: %v", stem, err)
	}
	return opts
}

// TestGolden parses every testdata/<name>.<ext> and compares the result with
// testdata/<name>.golden.json. Adding a pair is all it takes to add a case;
// run with -update to (re)write the golden files, then review the diff.
func TestGolden(t *testing.T) {
	paths, err := filepath.Glob("testdata/*")
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, path := range paths {
		if info, err := os.Stat(path); err != nil || info.IsDir() || !isFixtureInput(path) {
			continue
		}
		n++
		stem := strings.TrimSuffix(path, filepath.Ext(path))
		t.Run(filepath.Base(path), func(t *testing.T) {
			data, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			doc, err := Feed(data, fixtureOptions(t, stem))
			g := golden{Document: doc}
			if err != nil {
				g.Error = err.Error()
			}
			if doc != nil && doc.TTL != 0 {
				g.TTL = doc.TTL.String()
			}
			var buf bytes.Buffer
			enc := json.NewEncoder(&buf)
			enc.SetEscapeHTML(false) // keep content HTML readable in the golden files
			enc.SetIndent("", "  ")
			if err := enc.Encode(g); err != nil {
				t.Fatal(err)
			}
			got := buf.Bytes()
			goldenPath := stem + ".golden.json"
			if *update {
				if err := os.WriteFile(goldenPath, got, 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(goldenPath)
			if err != nil {
				t.Fatalf("missing golden file (run with -update): %v", err)
			}
			if !bytes.Equal(got, want) {
				t.Errorf("%s mismatch\ngot:\n%s\nwant:\n%s", goldenPath, got, want)
			}
		})
	}
	if n == 0 {
		t.Fatal("no fixtures found in testdata")
	}
}
