package aggregate

import (
	"strings"

	"github.com/tributary/tributary/internal/feed"
	"github.com/tributary/tributary/internal/htmltext"
	"github.com/tributary/tributary/internal/normalize"
	"github.com/tributary/tributary/internal/page"
)

// stripRepeatedBlocks removes the blocks a feed repeats at the start or end
// of its entries (a newsletter's subscribe prompt, a blogger's donation and
// channel appeals under every post), the way saved pages lose theirs: they
// are not part of any one post, and a reader sees them once per entry. The
// repetition is found across the entries of the document itself, so a
// feed of one entry is left as it is; only the edges of an entry are
// trimmed, and never to nothing.
//
// texts holds the plain text of entry bodies, as normalize.Document
// returned them; the text of every body trimmed here is added to it.
func stripRepeatedBlocks(entries []feed.Entry, texts normalize.Texts) {
	if len(entries) < 2 {
		return
	}
	posts := make([][]string, len(entries))
	for i, e := range entries {
		text := texts.Of(firstNonEmpty(e.Content, e.Summary))
		for _, p := range strings.Split(text, "\n\n") {
			if p != "" {
				posts[i] = append(posts[i], p)
			}
		}
	}
	if !edgesRepeat(posts) {
		return
	}
	bp := page.RepeatedBlocks(posts)
	if bp.Len() == 0 {
		return
	}
	for i := range entries {
		e := &entries[i]
		if p := posts[i]; len(p) == 0 || !bp.Contains(p[0]) && !bp.Contains(p[len(p)-1]) {
			continue // neither edge is repeated: nothing to parse and trim
		}
		c, trimmedContent := normalize.TrimEdgeBlocks(e.Content, bp.Contains)
		s, trimmedSummary := normalize.TrimEdgeBlocks(e.Summary, bp.Contains)
		if !trimmedContent && !trimmedSummary {
			continue
		}
		e.Content, e.Summary = c, s
		body := firstNonEmpty(e.Content, e.Summary)
		texts[body] = htmltext.Text(body)
	}
}

// edgeParagraphs is how many paragraphs at each end of an entry may be
// repeated blocks; appeals and prompts are a few lines, not half a post.
const edgeParagraphs = 4

// edgesRepeat is a cheap first look: whether any paragraph near the start
// or end of one entry appears, exactly, near an edge of another. Without
// that, the full detection (which also matches edited blocks) is not worth
// its cost on a cold run of thousands of entries.
func edgesRepeat(posts [][]string) bool {
	seen := map[string]int{}
	for i, p := range posts {
		for j, para := range p {
			if j >= edgeParagraphs && j < len(p)-edgeParagraphs {
				continue
			}
			if last, ok := seen[para]; ok && last != i {
				return true
			}
			seen[para] = i
		}
	}
	return false
}
