package fullpost

import (
	"strings"
	"testing"

	"github.com/tributary/tributary/internal/htmltext"
)

// BenchmarkExcerpt measures the judgement ingest makes of every remote
// entry, on a whole post of 800 words and on a short excerpt.
func BenchmarkExcerpt(b *testing.B) {
	long := "<p>" + strings.Repeat(prose(100)+".</p><p>", 8) + "</p>"
	short := "<p>" + prose(50) + " [&hellip;]</p>"
	for _, bc := range []struct{ name, content, summary string }{
		{"whole", long, ""}, {"whole with summary", long, short}, {"excerpt", "", short},
	} {
		text := htmltext.Text(bc.content)
		if bc.content == "" {
			text = htmltext.Text(bc.summary)
		}
		b.Run(bc.name, func(b *testing.B) {
			for b.Loop() {
				Excerpt(bc.content, bc.summary, text)
			}
		})
	}
}
