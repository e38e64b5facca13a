package fullpost

import (
	"errors"
	"fmt"
	"strings"
)

// Why an article read from a post's page is not used; Check wraps them
// with the numbers that decided.
var (
	// ErrNotLonger: the page's article has no more words than the excerpt
	// (a paywall, a cookie wall, a page that is itself a summary).
	ErrNotLonger = errors.New("the page's article is no longer than the excerpt")
	// ErrUnrelated: the page's article does not hold the excerpt's words
	// in order (the extractor picked comments or a sidebar, or the link
	// leads to another post or a home page).
	ErrUnrelated = errors.New("the page's article does not contain the excerpt")
)

// MinShared is the share of the excerpt's three-word runs that the
// article must contain: an excerpt's words in their order, give or take
// the edits a blog engine makes to its summaries (dropped captions,
// footnote marks, a different quote character).
const MinShared = 0.6

// Check decides whether article, the plain text read from a post's page,
// is the whole of the post whose excerpt is the plain text excerpt. It must
// be longer than the excerpt and contain most of the excerpt's runs of
// three consecutive words (MinShared): runs keep the order of the words,
// without requiring one unbroken copy. An empty excerpt leaves nothing to
// compare, so any article with text is taken.
func Check(excerpt, article string) error {
	want := teaser(excerpt)
	got := words(article)
	if len(got) == 0 || len(got) <= len(want) {
		return fmt.Errorf("%w (%d words, the excerpt %d)", ErrNotLonger, len(got), len(want))
	}
	switch {
	case len(want) == 0:
		return nil
	case len(want) < 3:
		have := make(map[string]bool, len(got))
		for _, w := range got {
			have[w] = true
		}
		for _, w := range want {
			if !have[w] {
				return fmt.Errorf("%w (%q is missing)", ErrUnrelated, w)
			}
		}
		return nil
	}
	have := make(map[string]bool, len(got))
	for i := 0; i+3 <= len(got); i++ {
		have[strings.Join(got[i:i+3], " ")] = true
	}
	runs, shared := 0, 0
	for i := 0; i+3 <= len(want); i++ {
		runs++
		if have[strings.Join(want[i:i+3], " ")] {
			shared++
		}
	}
	if float64(shared) < MinShared*float64(runs) {
		return fmt.Errorf("%w (%d of its %d three-word runs found)", ErrUnrelated, shared, runs)
	}
	return nil
}
