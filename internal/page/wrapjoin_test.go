package page

import (
	"strings"
	"testing"
)

// TestWrappedLinesJoin checks that in a save a text browser wrapped at its
// width, a line broken at the width goes on in the next one even among
// short lines (a photograph's caption under its picture), while lines that
// would have fitted, bylines and list items stay lines of their own.
func TestWrappedLinesJoin(t *testing.T) {
	// Five lines filled to the width (80) mark the save as wrapped.
	full := strings.Repeat(strings.Repeat("word ", 15)+"wrapped\n", 5)
	tests := []struct {
		name, group string
		want        []string
	}{
		{"caption broken at the width",
			"[photo.jpg]\nThe minister reacts as he visits the old harbour in the capital city on a windy\nmorning after the vote.\n",
			[]string{"[photo.jpg]", "The minister reacts as he visits the old harbour in the capital city on a windy morning after the vote."}},
		{"short lines that would have fitted",
			"Home\nThe minister reacts\nmorning after the vote\n",
			[]string{"Home", "The minister reacts", "morning after the vote"}},
		{"a byline is a line of its own",
			"[photo.jpg]\nThe minister reacts as he visits the old harbour in the capital city on a windy\nBy Jane Doe\n",
			[]string{"[photo.jpg]", "The minister reacts as he visits the old harbour in the capital city on a windy", "By Jane Doe"}},
		{"a list item starts a line",
			"[photo.jpg]\nThe minister reacts as he visits the old harbour in the capital city on a windy\n- morning\n",
			[]string{"[photo.jpg]", "The minister reacts as he visits the old harbour in the capital city on a windy", "- morning"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			blocks := textBlocks(full + "\n×\nShare\n" + tt.group + "Caption\nBuy Photo\n")
			var got []string
			for _, b := range blocks[3 : len(blocks)-2] {
				got = append(got, b.text)
			}
			if strings.Join(got, " | ") != strings.Join(tt.want, " | ") {
				t.Errorf("got %q, want %q", got, tt.want)
			}
		})
	}
	// Unwrapped, the same lines stay apart.
	if got := textBlocks("×\nShare\n[photo.jpg]\nThe minister reacts as he visits the old harbour in the capital city on a windy\nmorning after the vote.\nCaption\nBuy Photo\n"); len(got) != 7 {
		t.Errorf("unwrapped save: got %d blocks, want 7", len(got))
	}
}
