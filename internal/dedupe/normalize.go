// Package dedupe decides which entries are the same post, whatever path
// they came by: a cross-post on another platform, a saved copy of the page,
// a re-issued item with a new guid, an excerpt. It is pure: the caller
// stores signatures and asks Compare about candidate pairs only.
//
// Two layers keep the cost linear in the number of entries. A MinHash
// signature of each entry's word shingles is split into LSH bands; entries
// that share a band are candidates (CandidatePairs, or Index). The bands
// are tuned to find pairs that share as little as a fifth of their
// shingles, so that an excerpt meets its full text. Compare then looks at
// the two texts themselves. It sets aside the short lines a platform adds
// at either end of one copy (subscribe prompts, Share buttons, "Read more",
// "Cross-posted from ..."), treats texts that differ only inside a shared
// header, closing appeal or template as different posts, never merges
// texts of a sentence or two, or titles numbered as parts of a series, and
// asks the titles to agree unless the texts are all but identical. The
// thresholds are tuned on the labelled pairs in testdata/pairs.
package dedupe

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// words splits text into normalised tokens: case-folded, accents removed,
// typographic quotes and dashes unified, punctuation dropped, so that
// re-typeset copies of one text compare equal.
func words(text string) []string {
	out := make([]string, 0, len(text)/6)
	var b strings.Builder
	flush := func() {
		if b.Len() > 0 {
			out = append(out, b.String())
			b.Reset()
		}
	}
	var one [utf8.UTFMax]byte
	for _, r0 := range text {
		// Decompose only what is not ASCII: normalising the whole text
		// costs more than everything else here.
		if r0 < utf8.RuneSelf {
			word(r0, &b, flush)
			continue
		}
		n := utf8.EncodeRune(one[:], r0)
		for _, r := range norm.NFKD.String(string(one[:n])) {
			word(r, &b, flush)
		}
	}
	flush()
	return out
}

// word adds r to the token being built, or ends the token.
func word(r rune, b *strings.Builder, flush func()) {
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
