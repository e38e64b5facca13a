package aggregate

import (
	"strings"
	"testing"

	"github.com/tributary/tributary/internal/feed"
	"github.com/tributary/tributary/internal/htmltext"
	"github.com/tributary/tributary/internal/normalize"
)

func TestStripRepeatedBlocks(t *testing.T) {
	const appeal = "<p>If you appreciate my work, I hope you become a one-time or regular donor to my Patreon account. Go to my Patreon here.</p>" +
		"<p>To keep this platform effective amid the censorship against dissenting voices, join my Telegram channel.</p>"
	post := func(body string) feed.Entry {
		// Real posts are longer than their closing: a block that makes up
		// most of every post is taken for duplicated prose, not chrome.
		own := strings.Repeat("This paragraph says something about "+body+" that no other post says. ", 6)
		return feed.Entry{Content: "<p>" + body + "</p><p>A second paragraph that is about " + body + " and nothing else.</p><p>" +
			own + "</p>" + appeal}
	}
	tests := []struct {
		name       string
		entries    []feed.Entry
		wantAppeal bool
	}{
		{"three posts with the same closing", []feed.Entry{post("strikes"), post("elections"), post("harvests")}, false},
		{"a feed of one post keeps it", []feed.Entry{post("strikes")}, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			texts := normalize.Texts{}
			stripRepeatedBlocks(tt.entries, texts)
			for i, e := range tt.entries {
				if text, ok := texts[e.Content]; ok && text != htmltext.Text(e.Content) {
					t.Errorf("entry %d: the text kept for its trimmed content is stale: %q", i, text)
				}
				if got := strings.Contains(e.Content, "Patreon"); got != tt.wantAppeal {
					t.Errorf("entry %d keeps the appeal = %v, want %v:\n%s", i, got, tt.wantAppeal, e.Content)
				}
				if !strings.Contains(e.Content, "A second paragraph") {
					t.Errorf("entry %d lost its own text:\n%s", i, e.Content)
				}
			}
		})
	}
}
