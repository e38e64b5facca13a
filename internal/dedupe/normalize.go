// Package dedupe decides which entries are the same post, whatever path
// they came by: a cross-post on another platform, a saved copy of the page,
// a re-issued item with a new guid, an excerpt. It is pure: the caller
// stores signatures and asks Compare about candidate pairs only.
//
// Two layers keep the cost linear in the number of entries. A MinHash
// signature of each entry's word shingles is split into LSH bands; entries
// that share a band are candidates (CandidatePairs in memory, or Pairs fed
// with buckets of band keys the caller stored). The bands
// cover both the whole text and its opening words, so that an excerpt
// meets its full text. Compare then looks at
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
	// The tokens are written into one buffer, separated by spaces, and
	// cut out of a single string: one allocation for all of them, which
	// matters on a cold run that tokenises every entry.
	buf := make([]byte, 0, len(text))
	var one [utf8.UTFMax]byte
	for i := 0; i < len(text); {
		// ASCII, nearly all of most texts, is handled inline, byte by byte.
		if c := text[i]; c < utf8.RuneSelf {
			switch {
			case 'a' <= c && c <= 'z', '0' <= c && c <= '9':
				buf = append(buf, c)
			case 'A' <= c && c <= 'Z':
				buf = append(buf, c+'a'-'A')
			case c == '\'':
				// apostrophes join: "don't" and "don’t" are one token
			default:
				buf = endWord(buf)
			}
			i++
			continue
		}
		// Decompose only what is not ASCII: normalising the whole text
		// costs more than everything else here.
		r0, size := utf8.DecodeRuneInString(text[i:])
		i += size
		n := utf8.EncodeRune(one[:], r0)
		for _, r := range norm.NFKD.String(string(one[:n])) {
			buf = appendWordRune(buf, r)
		}
	}
	all := string(buf)
	out := make([]string, 0, strings.Count(all, " ")+1)
	for all != "" {
		w, rest, _ := strings.Cut(all, " ")
		if w != "" {
			out = append(out, w)
		}
		all = rest
	}
	return out
}

// appendWordRune adds r to the token being built at the end of buf, or ends
// the token with a space.
func appendWordRune(buf []byte, r rune) []byte {
	if r < utf8.RuneSelf {
		switch {
		case 'a' <= r && r <= 'z', '0' <= r && r <= '9':
			return append(buf, byte(r))
		case 'A' <= r && r <= 'Z':
			return append(buf, byte(r+'a'-'A'))
		case r == '\'':
			// apostrophes join: "don't" and "don’t" are one token
			return buf
		}
		return endWord(buf)
	}
	switch {
	case unicode.Is(unicode.Mn, r):
		// combining accent: dropped so "café" matches "cafe"
		return buf
	case r == '’' || r == 'ʼ':
		return buf
	case unicode.IsLetter(r) || unicode.IsDigit(r):
		return utf8.AppendRune(buf, unicode.ToLower(r))
	}
	return endWord(buf)
}

func endWord(buf []byte) []byte {
	if len(buf) > 0 && buf[len(buf)-1] != ' ' {
		return append(buf, ' ')
	}
	return buf
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
