package htmltext

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// Excerpt shortens text to at most max runes followed by "…", cutting at
// the last word boundary when one lies in the second half (else mid-word,
// for scripts without spaces), and dropping white space and punctuation
// left dangling at the cut, except closing brackets and quotes. cut is
// false, and text comes back whole, when it is short enough already.
func Excerpt(text string, max int) (short string, cut bool) {
	if max <= 0 || utf8.RuneCountInString(text) <= max {
		return text, false
	}
	end := 0 // byte offset of rune number max
	for i := range text {
		if max == 0 {
			end = i
			break
		}
		max--
	}
	head := text[:end]
	if next, _ := utf8.DecodeRuneInString(text[end:]); !unicode.IsSpace(next) {
		// The cut falls inside a word: end at the word before it.
		if sp := strings.LastIndexFunc(head, unicode.IsSpace); sp > len(head)/2 {
			head = head[:sp]
		}
	}
	return strings.TrimRightFunc(head, dangling) + "…", true
}

// dangling reports what an excerpt must not end with.
func dangling(r rune) bool {
	if unicode.IsSpace(r) {
		return true
	}
	if !unicode.IsPunct(r) {
		return false
	}
	switch r {
	case ')', ']', '}', '"', '”', '’', '»', '›':
		return false
	}
	return true
}
