package fullpost

import (
	"strings"
	"unicode"
	"unicode/utf8"
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

// countWords counts the words of text as words splits them, up to limit:
// deciding whether a body is short needs no more, and a cold run asks it
// of every entry.
func countWords(text string, limit int) int {
	n, in := 0, false
	for _, r := range text {
		if r < utf8.RuneSelf {
			// ASCII, most of most text: no table lookups.
			switch {
			case 'a' <= r && r <= 'z' || 'A' <= r && r <= 'Z' || '0' <= r && r <= '9' || in && r == '\'':
				if !in {
					n, in = n+1, true
				}
			default:
				in = false
			}
			if n >= limit {
				return n
			}
			continue
		}
		switch {
		case unicode.In(r, unicode.Han, unicode.Hiragana, unicode.Katakana):
			n, in = n+1, false
		case unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.Is(unicode.Mn, r) || (in && (r == '\'' || r == '’')):
			if !in {
				n, in = n+1, true
			}
		default:
			in = false
		}
		if n >= limit {
			return n
		}
	}
	return n
}
