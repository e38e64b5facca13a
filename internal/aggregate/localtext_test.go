package aggregate

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/tributary/tributary/internal/config"
	"github.com/tributary/tributary/internal/feed"
	"github.com/tributary/tributary/internal/fetch"
)

// TestLocalWideFeedsAndControlText reads a folder the way a local source
// does: feeds saved in UTF-16 and UTF-32 (with and without a byte order
// mark) are read like the same bytes over HTTP, text pages with terminal
// control sequences keep their words, and only the genuinely binary files
// are skipped, each with one message naming it.
func TestLocalWideFeedsAndControlText(t *testing.T) {
	dir := t.TempDir()
	copyFixture := func(src, name string) {
		t.Helper()
		data, err := os.ReadFile(src)
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, name), data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	parseData := filepath.Join("..", "parse", "testdata")
	pageData := filepath.Join("..", "page", "testdata", "pages")
	copyFixture(filepath.Join(parseData, "utf16le_no_bom.xml"), "utf16le.xml")
	copyFixture(filepath.Join(parseData, "utf16be_no_bom.xml"), "utf16be.xml")
	copyFixture(filepath.Join(parseData, "utf32le_no_bom.xml"), "utf32le.xml")
	copyFixture(filepath.Join(parseData, "utf32be_bom.xml"), "utf32be.xml")
	copyFixture(filepath.Join(pageData, "ansi-colour.txt"), "build.txt")
	copyFixture(filepath.Join(pageData, "overstrike-and-bells.txt"), "man.txt")
	os.WriteFile(filepath.Join(dir, "photo.txt"), []byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"), 0o644)
	os.WriteFile(filepath.Join(dir, "report.md"), []byte("%PDF-1.7\n%\xe2\xe3\xcf\xd3\nnot a page"), 0o644)
	os.WriteFile(filepath.Join(dir, "blob.xml"), []byte("ab\x00cd\x00\x00\x01\x02"), 0o644)

	files, warnings, err := fetch.ReadLocal(context.Background(), filepath.Join(dir, "*"), fetch.LocalOptions{})
	if err != nil {
		t.Fatal(err)
	}
	wantSkipped := []string{"blob.xml", "photo.txt", "report.md"}
	if len(warnings) != len(wantSkipped) {
		t.Fatalf("got warnings %v, want one for each of %v", warnings, wantSkipped)
	}
	for i, w := range warnings {
		msg := w.Error()
		if !errors.Is(w, fetch.ErrBinary) || !strings.Contains(msg, wantSkipped[i]) || strings.Contains(msg, "\n") {
			t.Errorf("warning %q: want one line naming %s as binary", msg, wantSkipped[i])
		}
	}
	docs, err := ParseLocal(feed.Source{Name: "wide", Path: dir}, files, config.Default().Limits)
	if err != nil {
		t.Fatal(err)
	}
	titles := map[string]string{}
	for _, fd := range docs {
		if fd.Err != nil {
			t.Errorf("%s: %v", fd.File.Name, fd.Err)
			continue
		}
		for _, e := range fd.Doc.Entries {
			titles[fd.File.Name] = e.Title
			if strings.ContainsAny(e.Content, "\x00\x07\x08\x1b") {
				t.Errorf("%s: content keeps control characters: %q", fd.File.Name, e.Content)
			}
		}
	}
	want := map[string]string{
		"utf16le.xml": "Saved in UTF-16 — no BOM",
		"utf16be.xml": "Saved in UTF-16BE — no BOM",
		"utf32le.xml": "Saved in UTF-32 — no BOM",
		"utf32be.xml": "Saved in UTF-32 — with BOM",
		"build.txt":   "Build notes from the night shift",
		"man.txt":     "Reading old manual pages",
	}
	for name, title := range want {
		if titles[name] != title {
			t.Errorf("%s: title %q, want %q", name, titles[name], title)
		}
	}
}
