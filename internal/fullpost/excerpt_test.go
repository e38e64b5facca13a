package fullpost

import (
	"strings"
	"testing"

	"github.com/tributary/tributary/internal/htmltext"
)

// prose returns n distinct words of running text.
func prose(n int) string {
	var b strings.Builder
	for i := range n {
		if i > 0 {
			b.WriteByte(' ')
		}
		b.WriteString([]string{"the", "kettle", "sang", "while", "rain", "fell", "on", "tin", "roofs", "of"}[i%10])
		if i%10 == 9 {
			b.WriteString(strings.Repeat("x", i/10%7)) // vary the runs
		}
	}
	return b.String()
}

func TestExcerpt(t *testing.T) {
	long := "<p>" + prose(300) + ".</p>"
	tests := []struct {
		name             string
		content, summary string
		want             bool
		why              string // a substring of the reason
	}{
		{name: "nothing at all", want: true, why: "no text"},
		{name: "only markup", content: `<p><img src="https://x.example/a.png"></p>`, want: true, why: "no text"},
		{name: "whole post", content: long},
		{name: "whole post with summary", content: long, summary: "<p>" + prose(30) + "</p>"},
		{name: "blogger summary", summary: prose(40) + "...", want: true, why: "ellipsis"},
		{name: "wordpress excerpt", summary: "<p>" + prose(55) + " [&hellip;]</p>", want: true, why: "ellipsis"},
		{name: "wordpress more link", content: "<p>" + prose(150) + `</p><p><a href="/p/1#more-1" class="more-link">Continue reading <span>"Tea"</span></a></p>`, want: true, why: "read more"},
		{name: "read more arrow", content: "<p>" + prose(120) + `</p><p><a href="/p">Read more →</a></p>`, want: true, why: "read more"},
		{name: "german link", content: "<p>" + prose(120) + ` <a href="/p">Weiterlesen</a></p>`, want: true, why: "read more"},
		{name: "french link", content: "<p>" + prose(120) + `</p><p><a href="/p">Lire la suite…</a></p>`, want: true, why: "read more"},
		{name: "more in parentheses", content: "<p>" + prose(120) + ` <a href="/p">(more…)</a></p>`, want: true, why: "ellipsis"},
		{name: "long post ending in dots", content: "<p>" + prose(500) + " to be continued...</p>"},
		{name: "content repeats summary", content: "<p>" + prose(150) + "</p>", summary: prose(150), want: true, why: "repeats"},
		{name: "short", content: "<p>" + prose(30) + ".</p>", want: true, why: "short (30 words)"},
		{name: "phrase inside a long last paragraph", content: "<p>" + prose(150) + " and you can read more about kettles in the appendix, which covers the history of tea at length and in more detail than anyone needs " + prose(40) + ".</p>"},
		{name: "phrase inside a word", content: "<p>" + prose(150) + " and then they spread more butter on the bread.</p>"},
		{name: "read more across a line break", content: "<p>" + prose(150) + "</p><p><a href=\"/p\">Read\tmore</a></p>", want: true, why: "read more"},
		{name: "more in plain parentheses", content: "<p>" + prose(120) + " (more)</p>", want: true, why: "ellipsis"},
		{name: "japanese short", summary: "今日は雨が降っています。続きを読む", want: true, why: "read more"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			text := htmltext.Text(tt.content)
			if tt.content == "" {
				text = htmltext.Text(tt.summary)
			}
			why, got := Excerpt(tt.content, tt.summary, text)
			if got != tt.want {
				t.Fatalf("Excerpt = %v (%q), want %v", got, why, tt.want)
			}
			if !strings.Contains(why, tt.why) {
				t.Errorf("reason = %q, want it to contain %q", why, tt.why)
			}
		})
	}
}
