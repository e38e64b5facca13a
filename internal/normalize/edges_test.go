package normalize

import (
	"strings"
	"testing"
)

func TestTrimEdgeBlocks(t *testing.T) {
	appeal := map[string]bool{
		"Thanks for reading! Subscribe for free to receive new posts.": true,
		"Go to my Patreon here.":    true,
		"Join my Telegram channel.": true,
		"A word from our sponsor.":  true,
	}
	drop := func(p string) bool { return appeal[p] }
	tests := []struct {
		name, in, want string
		trimmed        bool
	}{
		{"trailing appeals",
			"<p>Post body.</p><p>More body.</p><p>Go to my Patreon here.</p><p>Join my Telegram channel.</p>",
			"<p>Post body.</p><p>More body.</p>", true},
		{"leading and trailing",
			"<p>A word from our sponsor.</p><p>Post body.</p><p>Join my Telegram channel.</p>",
			"<p>Post body.</p>", true},
		{"inside a wrapping div",
			`<div class="body"><p>Post body.</p><p>Go to my Patreon here.</p></div>`,
			`<div class="body"><p>Post body.</p></div>`, true},
		{"a block with one appeal and one real paragraph stays",
			"<p>Post body.</p><div><p>Real closing thought.</p><p>Go to my Patreon here.</p></div>",
			"", false},
		{"an appeal in the middle stays",
			"<p>Post body.</p><p>Go to my Patreon here.</p><p>More body.</p>",
			"", false},
		{"never trimmed to nothing",
			"<p>Go to my Patreon here.</p><p>Join my Telegram channel.</p>",
			"", false},
		{"nothing to trim", "<p>Post body.</p>", "", false},
		{"empty", "", "", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, trimmed := TrimEdgeBlocks(tt.in, drop)
			if trimmed != tt.trimmed {
				t.Fatalf("trimmed = %v, want %v (%q)", trimmed, tt.trimmed, got)
			}
			want := tt.want
			if !tt.trimmed {
				want = tt.in
			}
			if strings.TrimSpace(got) != want {
				t.Errorf("got  %q\nwant %q", got, want)
			}
		})
	}
}
