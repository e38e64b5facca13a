package aggregate

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"regexp/syntax"
	"testing"

	"github.com/tributary/tributary/internal/config"
	"github.com/tributary/tributary/internal/feed"
)

// TestPatternsCompiledOncePerConfig checks that a configured source's
// patterns are compiled when the App is built and reused by every cycle,
// and that a source whose patterns changed since is compiled afresh.
func TestPatternsCompiledOncePerConfig(t *testing.T) {
	cfg := config.Default()
	src := feed.Source{Name: "golang", URL: "https://go.example/feed", Enabled: true,
		Include: []string{"/go(lang)?/i"}, Exclude: []string{"sponsored"}, Strip: []string{"Share this"}}
	cfg.Sources = []feed.Source{src}
	a := New(Options{Config: cfg})
	first, again := a.patterns(src), a.patterns(src)
	if first.err != nil {
		t.Fatal(first.err)
	}
	if len(first.include) != 1 || first.include[0] != again.include[0] || first.exclude[0] != again.exclude[0] || first.strip[0] != again.strip[0] {
		t.Errorf("patterns compiled again on the second call, want the ones compiled with the config")
	}
	edited := src
	edited.Include = []string{"rust"}
	if got := a.patterns(edited); len(got.include) != 1 || !got.include[0].re.MatchString("Rust news") {
		t.Errorf("a source whose patterns changed kept the old ones: %v", got.include)
	}

	entries := []feed.Entry{{Title: "Golang 1.26"}, {Title: "Rust 2"}, {Title: "Go: sponsored post"}}
	got := a.filter(src, entries)
	if len(got) != 1 || got[0].Title != "Golang 1.26" {
		t.Errorf("filter kept %+v, want only the Golang entry", got)
	}
}

// TestBadPatternFailsTheSource checks that a pattern that does not compile
// (on a source built in code, past config validation) fails the source with
// the compile error instead of being dropped and letting everything through.
func TestBadPatternFailsTheSource(t *testing.T) {
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "post.txt"), []byte("A title\n\nA body."), 0o644); err != nil {
		t.Fatal(err)
	}
	cfg := config.Default()
	src := feed.Source{Name: "local", Path: dir, Enabled: true, Include: []string{"/(unclosed/"}}
	cfg.Sources = []feed.Source{src}
	a := New(Options{Config: cfg})
	res := a.prepare(context.Background(), src, feed.SourceState{Name: src.Name})
	var syn *syntax.Error
	if !errors.As(res.err, &syn) {
		t.Fatalf("prepare error = %v, want the regexp syntax error", res.err)
	}
	if res.records != nil {
		t.Errorf("prepare stored %d records from a source with a bad pattern, want none", len(res.records))
	}
}
