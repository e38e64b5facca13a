package dedupe

import "testing"

func TestTitleSimilarity(t *testing.T) {
	tests := []struct {
		name     string
		a, b     string
		min, max float64
	}{
		{"identical", "A smaller starter", "A smaller starter", 1, 1},
		{"case", "A Smaller Starter", "a smaller starter", 1, 1},
		{"punctuation", "Open thread: anything goes!", "Open Thread — anything goes", 1, 1},
		{"typographic quotes", "What we learned from this year’s sale", "What we learned from this year's sale", 1, 1},
		{"accents", "Ventoux from Bédoin", "Ventoux from Bedoin", 1, 1},
		{"word order", "Links for Friday", "Friday links for", 1, 1},
		{"repost prefix", "[Repost] Why I still keep a paper notebook", "Why I still keep a paper notebook", 0.9, 0.95},
		{"site name suffix", "Notes on the 1911 census | Field Notes Blog", "Notes on the 1911 census", 0.8, 0.85},
		{"added subtitle", "Winter pruning: what I had been getting wrong", "Winter pruning", 0.35, 0.45},
		{"series parts", "Building a kiln, part 1", "Building a kiln, part 2", 0.8, 0.85},
		{"different", "Riddles under the lanterns", "What to read before a first trip", 0, 0},
		{"one empty", "Open thread", "", 0, 0},
		{"both empty", "", "", 0, 0},
		{"only punctuation", "…", "—", 0, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := TitleSimilarity(tt.a, tt.b)
			if got < tt.min || got > tt.max {
				t.Errorf("TitleSimilarity(%q, %q) = %.3f, want within [%v, %v]", tt.a, tt.b, got, tt.min, tt.max)
			}
			if back := TitleSimilarity(tt.b, tt.a); back != got {
				t.Errorf("not symmetric: %v and %v", got, back)
			}
		})
	}
}
