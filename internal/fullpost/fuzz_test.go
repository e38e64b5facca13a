package fullpost

import (
	"errors"
	"testing"
)

// FuzzExcerptAndCheck feeds arbitrary text to the judgements: they never
// panic, an empty article is never taken, and an article is never taken
// for an excerpt at least as long.
func FuzzExcerptAndCheck(f *testing.F) {
	for _, s := range []string{"", "Read more »", "a b c...", "(MORE…)", "İİ(more)", "x\n\tread\tmore", "続きを読む", "[…]", "\xff(more"} {
		f.Add(s, s+" and more words follow here")
	}
	f.Fuzz(func(t *testing.T, excerpt, article string) {
		Excerpt(excerpt, "", excerpt)
		err := Check(excerpt, article)
		if len(words(article)) == 0 && !errors.Is(err, ErrNotLonger) {
			t.Errorf("Check(%q, %q) = %v for an article without words", excerpt, article, err)
		}
		if err == nil && len(words(article)) <= len(teaser(excerpt)) {
			t.Errorf("Check(%q, %q) took an article no longer than the excerpt", excerpt, article)
		}
	})
}
