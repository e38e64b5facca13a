package main

import (
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"
)

// TestInspectExplain reads a saved page with --explain, as text and as
// JSON, and checks that each block's fate and rule are listed.
func TestInspectExplain(t *testing.T) {
	page := filepath.Join("..", "..", "internal", "page", "testdata", "pages", "wordpress.txt")
	out, stderr, err := runCLI(t, "inspect", "--explain", page)
	if err != nil {
		t.Fatalf("inspect --explain: %v\n%s", err, stderr)
	}
	for _, want := range []string{"(text):", "note: single article", "drop  Skip to content", "keep  The Rain Tank That Saved", "[title of a post]", "section boundary"} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}

	out, stderr, err = runCLI(t, "inspect", "--explain", "--json", page)
	if err != nil {
		t.Fatalf("inspect --explain --json: %v\n%s", err, stderr)
	}
	var ex struct {
		Format string
		Notes  []string
		Blocks []struct {
			Text string
			Kept bool
			Rule string
		}
	}
	if err := json.Unmarshal([]byte(out), &ex); err != nil {
		t.Fatalf("not JSON: %v\n%s", err, out)
	}
	if ex.Format != "text" || len(ex.Blocks) == 0 {
		t.Fatalf("format %q with %d blocks", ex.Format, len(ex.Blocks))
	}
	kept := 0
	for _, b := range ex.Blocks {
		if b.Rule == "" {
			t.Errorf("block %q has no rule", b.Text)
		}
		if b.Kept {
			kept++
		}
	}
	if kept == 0 || kept == len(ex.Blocks) {
		t.Errorf("%d of %d blocks kept: the chrome and the article are not told apart", kept, len(ex.Blocks))
	}

	if _, _, err := runCLI(t, "inspect", "--explain", "https://example.org/feed"); exitCode(err) != exitUsage {
		t.Errorf("--explain with a URL: exit %d, want %d", exitCode(err), exitUsage)
	}
}
