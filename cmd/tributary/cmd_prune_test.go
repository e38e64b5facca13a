package main

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// notesConfig writes n dated Markdown notes and a config reading them,
// with the retention section given.
func notesConfig(t *testing.T, dir string, n int, retention string) string {
	t.Helper()
	notes := filepath.Join(dir, "notes")
	if err := os.MkdirAll(notes, 0o755); err != nil {
		t.Fatal(err)
	}
	for i := 1; i <= n; i++ {
		body := fmt.Sprintf("---\ntitle: Note %d\ndate: 2025-01-%02d\n---\nNote %d is about %s.\n", i, i, i, strings.Repeat(fmt.Sprintf("topic %d ", i), 30))
		if err := os.WriteFile(filepath.Join(notes, fmt.Sprintf("n%02d.md", i)), []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	cfg := fmt.Sprintf(`feed:
  title: Notes
  url: https://planet.example/atom.xml
output:
  dir: %[1]s/public
  max_entries: 2
  archive_pages: 1
database: %[1]s/data/t.db
retention:
%[2]s
sources:
  - name: notes
    path: %[1]s/notes/*.md
`, dir, retention)
	path := filepath.Join(dir, "tributary.yaml")
	if err := os.WriteFile(path, []byte(cfg), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

func TestPruneCommand(t *testing.T) {
	dir := t.TempDir()
	cfg := notesConfig(t, dir, 9, "  max_age: 0\n  max_per_source: 0")
	if _, stderr, err := runCLI(t, "-c", cfg, "run"); err != nil {
		t.Fatalf("run: %v\n%s", err, stderr)
	}
	// Keep 3 per source: notes 9 and 8 are in atom.xml, 7 alone on the
	// newest archive page (pages fill from the oldest post); 1-6 go.
	cfg = notesConfig(t, dir, 9, "  max_age: 0\n  max_per_source: 3")
	out, _, err := runCLI(t, "-c", cfg, "check")
	if err != nil || !strings.Contains(out, "retention: # no age limit, max_per_source 3;") || !strings.Contains(out, "  max_per_source: 3\n") {
		t.Errorf("check: %v\n%s", err, out)
	}
	out, _, err = runCLI(t, "-c", cfg, "prune", "--dry-run")
	if err != nil || !strings.Contains(out, "notes   6") || !strings.Contains(out, "would prune 6 entries (6 posts) from 1 sources; 3 stay") {
		t.Errorf("prune --dry-run: %v\n%s", err, out)
	}
	out, _, err = runCLI(t, "-c", cfg, "prune")
	if err != nil || !strings.Contains(out, "pruned 6 entries (6 posts) from 1 sources; 3 stay") {
		t.Errorf("prune: %v\n%s", err, out)
	}
	out, _, err = runCLI(t, "-c", cfg, "prune")
	if err != nil || !strings.Contains(out, "pruned 0 entries") {
		t.Errorf("prune again: %v\n%s", err, out)
	}
	out, _, err = runCLI(t, "-c", cfg, "sources", "--json")
	var rows []sourceRow
	if err != nil || json.Unmarshal([]byte(out), &rows) != nil || len(rows) != 1 || rows[0].Entries != 3 || rows[0].Pruned != 6 {
		t.Errorf("sources --json: %v\n%s", err, out)
	}
	out, _, _ = runCLI(t, "-c", cfg, "sources")
	if !strings.Contains(out, "3 (+6 pruned)") || !strings.Contains(out, "has pruned 6 entries") {
		t.Errorf("sources:\n%s", out)
	}
	// The pruned notes are still on disk: with two more notes the source
	// is read again, and only the new ones are added. Over its cap again,
	// the cycle trims the source at once: notes 8 and 7 are no longer
	// shown (9 is alone on the newest archive page) and go.
	notesConfig(t, dir, 11, "  max_age: 0\n  max_per_source: 3")
	if _, stderr, err := runCLI(t, "-c", cfg, "run"); err != nil || !strings.Contains(stderr, "2 new") {
		t.Errorf("run after prune: %v\n%s", err, stderr)
	}
	out, _, _ = runCLI(t, "-c", cfg, "sources", "--json")
	if !strings.Contains(out, `"entries": 3`) || !strings.Contains(out, `"pruned": 8`) {
		t.Errorf("after another run:\n%s", out)
	}
	for _, want := range []string{"Note 11", "Note 10"} {
		atom, _ := os.ReadFile(filepath.Join(dir, "public", "atom.xml"))
		if !strings.Contains(string(atom), ">"+want+"</title>") {
			t.Errorf("atom.xml lacks %s:\n%s", want, atom)
		}
	}
}

func TestPruneWithoutDatabase(t *testing.T) {
	dir := t.TempDir()
	cfg := notesConfig(t, dir, 1, "  max_per_source: 3")
	out, _, err := runCLI(t, "-c", cfg, "prune", "--dry-run")
	if err != nil || !strings.Contains(out, "nothing stored yet") {
		t.Errorf("prune without a database: %v\n%s", err, out)
	}
	if _, err := os.Stat(filepath.Join(dir, "data", "t.db")); !os.IsNotExist(err) {
		t.Errorf("prune created the database (err %v)", err)
	}
}
