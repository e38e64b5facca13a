package aggregate

import (
	"testing"
	"time"

	"github.com/tributary/tributary/internal/feed"
)

// TestPublicIDRulePinned pins the id rule: a published id must never
// change, so any change here needs a new IDRuleVersion, not new values.
func TestPublicIDRulePinned(t *testing.T) {
	day := time.Date(2025, 2, 20, 0, 0, 0, 0, time.UTC)
	tests := []struct {
		name          string
		source, guid  string
		entry         feed.Entry
		canonical     string
		wantKey, want string
	}{
		{"blogger tag id kept verbatim", "blog", "tag:blogger.com,1999:blog-1.post-2",
			feed.Entry{ID: "tag:blogger.com,1999:blog-1.post-2"}, "https://b.example/p",
			"id:tag:blogger.com,1999:blog-1.post-2", "tag:blogger.com,1999:blog-1.post-2"},
		{"http permalink kept verbatim", "wp", "http://Example.org/?p=1",
			feed.Entry{ID: "http://Example.org/?p=1"}, "",
			"id:http://Example.org/?p=1", "http://Example.org/?p=1"},
		{"numeric guid gets a tag URI", "substack", "157688421",
			feed.Entry{ID: "157688421"}, "",
			"id:157688421", "tag:tributary,2026:v1/substack/b876e5c78de4fc172a7aff94"},
		{"no guid: link", "x", "",
			feed.Entry{Link: "https://x.example/a"}, "https://x.example/a",
			"link:https://x.example/a", "tag:tributary,2026:v1/x/b57143ace46fa5d7d135da24"},
		{"local page: title and day", "seeds", "",
			feed.Entry{Title: "The Virtual Factory", Published: &day, Raw: "text"}, "",
			"post:52b98f290f0f59f1efdb59d7", "tag:tributary,2026:v1/seeds/e7ac3a31f1f9e6f9d865d70f"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			key := EntryKey(tt.entry, tt.canonical)
			if key != tt.wantKey {
				t.Errorf("key = %q, want %q", key, tt.wantKey)
			}
			if got := PublicID(tt.source, key, tt.guid); got != tt.want {
				t.Errorf("id = %q, want %q", got, tt.want)
			}
		})
	}
}

func TestUsableIRI(t *testing.T) {
	for s, want := range map[string]bool{
		"https://a.example/x":         true,
		"urn:uuid:1225c695-cfb8-4ebb": true,
		"tag:a.example,2025:1":        true,
		"157688421":                   false,
		"/relative/path":              false,
		"http://":                     false,
		"https://a.example/has space": false,
		"javascript:alert(1)":         false,
		"mailto:someone@example.org":  false,
	} {
		if got := usableIRI(s); got != want {
			t.Errorf("usableIRI(%q) = %v, want %v", s, got, want)
		}
	}
}

func TestBackoff(t *testing.T) {
	h := time.Hour
	tests := []struct {
		name       string
		interval   time.Duration
		failures   int
		retryAfter time.Duration
		want       time.Duration
	}{
		{"first failure retries soon", h, 1, 0, 15 * time.Minute},
		{"short interval first failure", 10 * time.Minute, 1, 0, 10 * time.Minute},
		{"doubles", h, 3, 0, 4 * h},
		{"capped", h, 10, 0, 24 * h},
		{"retry-after wins when longer", h, 1, 2 * h, 2 * h},
		{"retry-after capped at a week", h, 1, 30 * 24 * h, 7 * 24 * h},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Backoff(tt.interval, tt.failures, tt.retryAfter, 24*h); got != tt.want {
				t.Errorf("Backoff = %v, want %v", got, tt.want)
			}
		})
	}
}
