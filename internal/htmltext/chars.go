package htmltext

import (
	"strings"
	"unicode/utf8"
)

// ForbiddenRune reports characters no output may carry: C0 controls other
// than tab, LF and CR, DEL, C1 controls, and U+FFFE/U+FFFF, which XML 1.0
// forbids and which would make an Atom document ill-formed.
func ForbiddenRune(r rune) bool {
	switch {
	case r < 0x20:
		return r != '\t' && r != '\n' && r != '\r'
	case r == 0x7f:
		return true
	case r >= 0x80 && r <= 0x9f:
		return true
	case r == 0xfffe || r == 0xffff:
		return true
	}
	return false
}

// BidiControl reports the explicit embedding, override and isolate
// controls, which can make metadata display differently from what it says
// (the "Trojan Source" trick). The implicit marks LRM, RLM and ALM stay:
// right-to-left text uses them legitimately.
func BidiControl(r rune) bool {
	return (r >= 0x202a && r <= 0x202e) || (r >= 0x2066 && r <= 0x2069)
}

// invisible reports the characters a line of metadata loses besides the
// bidi controls: the byte order mark and the zero-width characters that
// only hide text or split words unseen (zero-width space, word joiner,
// Mongolian vowel separator). ZWJ and ZWNJ stay: they decide how letters
// join in Arabic and Indic scripts and build emoji sequences.
func invisible(r rune) bool {
	return r == 0xfeff || r == 0x200b || r == 0x2060 || r == 0x180e
}

// CleanChars returns s as valid UTF-8 (invalid bytes become U+FFFD)
// without the characters ForbiddenRune rejects, with CR LF and lone CR
// turned into LF.
func CleanChars(s string) string {
	if charsClean(s) {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && size == 1:
			b.WriteRune(utf8.RuneError)
		case r == '\r':
			b.WriteByte('\n')
			if i+1 < len(s) && s[i+1] == '\n' {
				i++
			}
		case ForbiddenRune(r):
		default:
			b.WriteString(s[i : i+size])
		}
		i += size
	}
	return b.String()
}

// asciiDirty marks the ASCII bytes CleanChars changes: controls other than
// tab and LF, CR and DEL. It is a constant table, computed once.
var asciiDirty = func() (t [utf8.RuneSelf]bool) {
	for c := range t {
		t[c] = c == '\r' || ForbiddenRune(rune(c))
	}
	return t
}()

// charsClean is CleanChars's fast path: most input needs no change.
func charsClean(s string) bool {
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			if asciiDirty[c] {
				return false
			}
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if (r == utf8.RuneError && size == 1) || ForbiddenRune(r) {
			return false
		}
		i += size
	}
	return true
}

// cleanText is CleanChars plus the removal of bidi controls and the byte
// order mark, for text that is read rather than laid out as markup.
func cleanText(s string) string {
	s = CleanChars(s)
	if !hasBidiOrBOM(s) {
		return s
	}
	return strings.Map(func(r rune) rune {
		if BidiControl(r) || r == 0xfeff {
			return -1
		}
		return r
	}, s)
}

// hasBidiOrBOM reports whether s holds a bidi control or a byte order
// mark. All of them are encoded in UTF-8 with a lead byte of 0xE2 or 0xEF,
// so only runes starting with one of those are decoded: this runs on the
// text of every entry.
func hasBidiOrBOM(s string) bool {
	for i := 0; i < len(s); i++ {
		if c := s[i]; c != 0xe2 && c != 0xef {
			continue
		}
		if r, _ := utf8.DecodeRuneInString(s[i:]); BidiControl(r) || r == 0xfeff {
			return true
		}
	}
	return false
}
