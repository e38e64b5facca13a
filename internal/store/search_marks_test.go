package store

import (
	"strings"
	"testing"
)

func TestSearchMarksInGo(t *testing.T) {
	long := strings.Repeat("filler ", 40)
	tests := []struct {
		name, query, text  string
		highlight, snippet string
	}{
		{"word", "storage", "Notes on storage", "Notes on \x02storage\x03", "Notes on \x02storage\x03"},
		{"case and diacritics", "cafe", "Le Café, le CAFE.", "Le \x02Café\x03, le \x02CAFE\x03.", "Le \x02Café\x03, le \x02CAFE\x03."},
		{"prefix", "walk*", "Walking and a walker; a wall.", "\x02Walking\x03 and a \x02walker\x03; a wall.", "\x02Walking\x03 and a \x02walker\x03; a wall."},
		{"phrase words", `"full text"`, "Full-text search", "\x02Full\x03-\x02text\x03 search", "\x02Full\x03-\x02text\x03 search"},
		{"no match", "zebra", "Nothing here.", "Nothing here.", "Nothing here."},
		{"long text: a window around the match, ellipses at both ends",
			"lighthouse", long + "the old lighthouse keeper " + long, "",
			"…" + fillers(2) + " the old \x02lighthouse\x03 keeper " + fillers(26) + "…"},
		{"long text: the window with the most distinct words wins",
			"sea keeper", "sea " + long + "sea keeper at sea " + long, "",
			"…" + fillers(4) + " \x02sea\x03 \x02keeper\x03 at \x02sea\x03 " + fillers(24) + "…"},
		{"long text without a match: its start", "zebra", long, "", fillers(32) + "…"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			q, err := ParseQuery(tt.query)
			if err != nil {
				t.Fatal(err)
			}
			m := newWordMatcher(q)
			h, s := m.highlight(tt.text), m.snippet(tt.text, snippetWords)
			if tt.highlight != "" && string(h) != tt.highlight {
				t.Errorf("highlight = %q, want %q", h, tt.highlight)
			}
			if string(s) != tt.snippet {
				t.Errorf("snippet = %q, want %q", s, tt.snippet)
			}
		})
	}
}

func fillers(n int) string { return strings.TrimSpace(strings.Repeat("filler ", n)) }
