package fullpost

import (
	"errors"
	"testing"
)

func TestCheck(t *testing.T) {
	post := "Green tea wants water well below boiling, or it turns bitter in the cup. " +
		"Oolong forgives more, and a second steeping is often the best one of all. " +
		"Black tea takes boiling water and a lid on the pot, four minutes, no more."
	tests := []struct {
		name             string
		excerpt, article string
		want             error
	}{
		{name: "blogger cut mid-word", excerpt: "Green tea wants water well below boiling, or it turns bitter in the cup. Oolong forg...", article: post},
		{name: "read more link", excerpt: "Green tea wants water well below boiling, or it turns bitter in the cup.\n\nRead more »", article: post},
		{name: "edited quotes and case", excerpt: "GREEN tea wants water well below boiling — or it turns ‘bitter’ in the cup […]", article: post},
		{name: "no excerpt at all", excerpt: "", article: post},
		{name: "page is the excerpt too", excerpt: post, article: post, want: ErrNotLonger},
		{name: "paywall", excerpt: "Green tea wants water well below boiling, or it turns bitter...", article: "Subscribe to read.", want: ErrNotLonger},
		{name: "empty article", excerpt: "", article: "  ", want: ErrNotLonger},
		{name: "another post", excerpt: "Coffee wants a coarse grind for the press and four minutes of patience...",
			article: post + " " + post, want: ErrUnrelated},
		{name: "words scrambled", excerpt: "cup the in bitter turns it or boiling below well water wants tea green...",
			article: post + " " + post, want: ErrUnrelated},
		{name: "two-word excerpt present", excerpt: "Oolong forgives...", article: post},
		{name: "two-word excerpt absent", excerpt: "Coffee grind...", article: post, want: ErrUnrelated},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := Check(tt.excerpt, tt.article)
			if tt.want == nil && err != nil || tt.want != nil && !errors.Is(err, tt.want) {
				t.Errorf("Check = %v, want %v", err, tt.want)
			}
		})
	}
}
