package main

import (
	"encoding/json"
	"strings"
	"testing"
)

func TestInspectSeedPage(t *testing.T) {
	// Config paths are relative to where Tributary runs: the repository root.
	t.Chdir("../..")
	out, stderr, err := runCLI(t, "inspect", "--json", "seeds/001_be754e4c41323dda.txt")
	if err != nil {
		t.Fatalf("inspect: %v\n%s", err, stderr)
	}
	var doc struct {
		Feed    map[string]string `json:"feed"`
		Entries []map[string]any  `json:"entries"`
	}
	if err := json.Unmarshal([]byte(out), &doc); err != nil {
		t.Fatalf("inspect --json is not JSON: %v\n%s", err, out)
	}
	want := []struct{ title, date string }{
		{"The empire wants to make Gaza the new global normal", "2025-02-28T00:00:00Z"},
		{"Extermination is Trump’s goal for Gaza", "2025-02-25T00:00:00Z"},
		{"Fascist Ukraine’s defeat is a triumph for the Soviet spirit", "2025-02-23T00:00:00Z"},
		{"Why we’ve picked this battle", "2025-02-23T00:00:00Z"},
		{"China’s communist tech triumph", "2025-02-20T00:00:00Z"},
	}
	if len(doc.Entries) != len(want) {
		t.Fatalf("got %d entries, want %d", len(doc.Entries), len(want))
	}
	keys := []string{"id", "title", "link", "published", "updated", "author", "content", "summary", "categories"}
	for i, w := range want {
		e := doc.Entries[i]
		for _, k := range keys {
			if _, ok := e[k]; !ok {
				t.Errorf("entry %d lacks key %q", i, k)
			}
		}
		if len(e) != len(keys) {
			t.Errorf("entry %d has keys %v, want exactly %v", i, e, keys)
		}
		if title, _ := e["title"].(string); !strings.HasPrefix(title, w.title) {
			t.Errorf("entry %d title = %q, want prefix %q", i, title, w.title)
		}
		if e["published"] != w.date {
			t.Errorf("entry %d published = %v, want %s", i, e["published"], w.date)
		}
		if content, _ := e["content"].(string); strings.Contains(content, "Patreon") || strings.Contains(content, "Telegram") {
			t.Errorf("entry %d keeps the closing appeals", i)
		}
	}
	if doc.Feed["title"] != "Rainer Shea (Blogger)" {
		t.Errorf("feed title = %q", doc.Feed["title"])
	}
}

func TestInspectUsage(t *testing.T) {
	if _, _, err := runCLI(t, "inspect"); exitCode(err) != exitUsage {
		t.Errorf("inspect without a target: exit %d, want %d", exitCode(err), exitUsage)
	}
	if _, _, err := runCLI(t, "inspect", "--base", "ftp://x", "a.txt"); exitCode(err) != exitUsage {
		t.Errorf("bad --base: exit %d, want %d", exitCode(err), exitUsage)
	}
	if _, _, err := runCLI(t, "inspect", "/nonexistent/file.txt"); exitCode(err) != exitFailure {
		t.Errorf("missing file: exit %d, want %d", exitCode(err), exitFailure)
	}
}
