package main

import (
	"encoding/json"
	"encoding/xml"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// searchConfig writes dated notes, each about its own topic, read by two
// sources ("notes" and a mirror of the same files, whose copies merge),
// and a config reading them.
func searchConfig(t *testing.T, dir string) string {
	t.Helper()
	notes := filepath.Join(dir, "notes")
	if err := os.MkdirAll(notes, 0o755); err != nil {
		t.Fatal(err)
	}
	topics := []string{"lighthouses", "gardening", "sourdough", "typography", "gophers"}
	for i, topic := range topics {
		body := fmt.Sprintf("---\ntitle: About %s\ndate: 2025-01-%02d\n---\nA note about %s, %s.\n", topic, i+1, topic,
			strings.Repeat("and some more words on the matter", 10))
		if err := os.WriteFile(filepath.Join(notes, fmt.Sprintf("n%d.md", i)), []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	cfg := fmt.Sprintf(`feed:
  title: Notes
  url: https://planet.example/atom.xml
output:
  dir: %[1]s/public
database: %[1]s/data/t.db
sources:
  - name: notes
    path: %[1]s/notes/*.md
  - name: mirror
    path: %[1]s/notes/*.md
`, dir)
	path := filepath.Join(dir, "tributary.yaml")
	if err := os.WriteFile(path, []byte(cfg), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

// atomIDs maps the titles of a published Atom feed's entries to their ids.
func atomIDs(t *testing.T, path string) map[string]string {
	t.Helper()
	raw, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var doc struct {
		Entries []struct {
			ID    string `xml:"id"`
			Title string `xml:"title"`
		} `xml:"entry"`
	}
	if err := xml.Unmarshal(raw, &doc); err != nil {
		t.Fatal(err)
	}
	out := map[string]string{}
	for _, e := range doc.Entries {
		out[e.Title] = e.ID
	}
	return out
}

func TestSearchCommand(t *testing.T) {
	dir := t.TempDir()
	cfg := searchConfig(t, dir)
	if out, _, err := runCLI(t, "-c", cfg, "search", "gophers"); err != nil || out != "" {
		t.Errorf("search before any run: %q, %v", out, err)
	}
	if _, stderr, err := runCLI(t, "-c", cfg, "run"); err != nil {
		t.Fatalf("run: %v\n%s", err, stderr)
	}
	ids := atomIDs(t, filepath.Join(dir, "public", "atom.xml"))

	out, stderr, err := runCLI(t, "-c", cfg, "search", "--json", "gophers OR sourdough")
	if err != nil {
		t.Fatalf("search --json: %v\n%s", err, stderr)
	}
	var rows []searchRow
	if err := json.Unmarshal([]byte(out), &rows); err != nil {
		t.Fatalf("search --json output: %v\n%s", err, out)
	}
	if len(rows) != 2 {
		t.Fatalf("search --json = %d rows, want each merged post once:\n%s", len(rows), out)
	}
	for _, r := range rows {
		if want := ids[r.Title]; r.ID != want || want == "" {
			t.Errorf("result %q has id %q, the feed %q", r.Title, r.ID, want)
		}
		if len(r.Highlights) == 0 || !strings.Contains(r.Snippet, r.Highlights[0]) || r.Score <= 0 {
			t.Errorf("result %q: snippet %q, highlights %q, score %v", r.Title, r.Snippet, r.Highlights, r.Score)
		}
	}

	out, _, err = runCLI(t, "-c", cfg, "search", "--limit", "1", "--", "-sourdough", "about")
	if err != nil {
		t.Fatalf("search text: %v", err)
	}
	lines := strings.Split(strings.TrimSpace(out), "\n")
	if len(lines) != 2 || !strings.HasPrefix(lines[0], "2025-01-") || !strings.Contains(lines[0], ": About ") ||
		!strings.Contains(lines[1], "A note about") || strings.Contains(out, "sourdough") {
		t.Errorf("search text output:\n%s", out)
	}

	for _, bad := range [][]string{{"--", "-gophers"}, {"gophers OR"}, {"\"\""}} {
		_, _, err := runCLI(t, append([]string{"-c", cfg, "search"}, bad...)...)
		if exitCode(err) != exitUsage || !strings.Contains(fmt.Sprint(err), "bad query: ") {
			t.Errorf("search %q: exit %d, %v; want a usage error saying bad query", bad, exitCode(err), err)
		}
	}
}
