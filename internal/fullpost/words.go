package fullpost

import (
	"strings"
	"unicode"
)

// words splits text into lower-case words of letters and digits, so
// punctuation, markup leftovers and case never decide a comparison. A
// Chinese or Japanese character is a word of its own: those scripts put no
// spaces between words.
func words(text string) []string {
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
		case unicode.In(r, unicode.Han, unicode.Hiragana, unicode.Katakana):
			flush()
			out = append(out, string(r))
		case unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.Is(unicode.Mn, r):
			b.WriteRune(unicode.ToLower(r))
		case r == '\'' || r == '’':
			// "don't" is one word on both sides of a comparison
		default:
			flush()
		}
	}
	flush()
	return out
}
