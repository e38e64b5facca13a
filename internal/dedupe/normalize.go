// Package dedupe decides which entries are the same post, whatever path
// they came by: a cross-post on another platform, a saved copy of the page,
// a re-issued item with a new guid. It is pure: the caller stores
// signatures and band keys and asks Compare about candidate pairs only.
//
// Two layers keep the cost linear in the number of entries. A MinHash
// signature of each entry's word shingles is split into LSH bands; entries
// that share a band are candidates (Index, or the caller's database table).
// Compare then looks at the two texts themselves: it removes the runs of
// paragraphs the two share at their start and end (an author's repeated
// closing appeal, a newsletter template) before judging, so that the same
// author's different posts never merge on their common footer, and it asks
// the titles to agree unless the bodies are all but identical.
package dedupe

import (
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"
)

// words splits text into normalised tokens: case-folded, accents removed,
// typographic quotes and dashes unified, punctuation dropped, so that
// re-typeset copies of one text compare equal.
func words(text string) []string {
	text = norm.NFKD.String(text)
	var out []string
	var b strings.Builder
	flush := func() {
		if b.Len() > 0 {
			out = append(out, b.String())
			b.Reset()
		}
	}
	for _, r := range text {
		switch {
		case unicode.Is(unicode.Mn, r):
			// combining accent: dropped so "café" matches "cafe"
		case r == '\'' || r == '’' || r == 'ʼ':
			// apostrophes join: "don't" and "don’t" are one token
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			b.WriteRune(unicode.ToLower(r))
		default:
			flush()
		}
	}
	flush()
	return out
}

// paragraphs splits plain text at line breaks into normalised paragraphs
// (their tokens joined by spaces), dropping empty ones.
func paragraphs(text string) []string {
	var out []string
	for _, line := range strings.Split(text, "\n") {
		if w := words(line); len(w) > 0 {
			out = append(out, strings.Join(w, " "))
		}
	}
	return out
}
