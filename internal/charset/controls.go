package charset

import "unicode/utf8"

// StripControls removes from text what a terminal would have interpreted
// rather than shown: ANSI/ECMA-48 escape sequences (CSI colour codes, OSC
// titles, two-byte escapes) entirely, a backspace together with the
// character it overstrikes ("_\bx" and "x\bx", as man pages bold and
// underline, leave "x"), and every other C0 or C1 control character except
// tab, line feed, carriage return, vertical tab and form feed. stray counts
// the control characters that were not part of an escape sequence or an
// overstrike: many of them mean the data was never text.
func StripControls(text string) (clean string, stray int) {
	if !hasControl(text) {
		return text, 0
	}
	out := make([]byte, 0, len(text))
	for i := 0; i < len(text); {
		r, size := utf8.DecodeRuneInString(text[i:])
		switch {
		case r == 0x1b:
			i += escapeLen(text[i:])
			continue
		case r == '\b':
			if last, n := utf8.DecodeLastRune(out); n > 0 && last != '\n' && last != '\r' {
				out = out[:len(out)-n]
			} else {
				stray++
			}
		case isControl(r):
			stray++
		default:
			out = append(out, text[i:i+size]...)
		}
		i += size
	}
	return string(out), stray
}

// escapeLen returns the length of the escape sequence at the start of s,
// which begins with ESC: CSI (ESC [ parameters intermediates final), OSC,
// DCS and the other string sequences (up to BEL or ESC \), or ESC followed
// by intermediates and one final byte. A lone ESC is one byte.
func escapeLen(s string) int {
	if len(s) < 2 {
		return len(s)
	}
	switch s[1] {
	case '[':
		i := 2
		for i < len(s) && s[i] >= 0x20 && s[i] <= 0x3f {
			i++
		}
		if i < len(s) && s[i] >= 0x40 && s[i] <= 0x7e {
			return i + 1
		}
		return i
	case ']', 'P', 'X', '^', '_':
		for i := 2; i < len(s); i++ {
			if s[i] == 0x07 {
				return i + 1
			}
			if s[i] == 0x1b && i+1 < len(s) && s[i+1] == '\\' {
				return i + 2
			}
			if s[i] == '\n' {
				return i // an unterminated string ends with its line
			}
		}
		return len(s)
	}
	i := 1
	for i < len(s) && s[i] >= 0x20 && s[i] <= 0x2f {
		i++
	}
	if i < len(s) && s[i] >= 0x30 && s[i] <= 0x7e {
		return i + 1
	}
	return 1
}

func isControl(r rune) bool {
	switch r {
	case '\t', '\n', '\r', '\v', '\f':
		return false
	}
	return r < 0x20 || r == 0x7f || (r >= 0x80 && r < 0xa0)
}

// hasControl is isControl over s, byte-wise: C0 and DEL are single bytes,
// and C1 controls are U+0080-U+009F, encoded 0xC2 0x80-0x9F.
func hasControl(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f':
		case c < 0x20 || c == 0x7f:
			return true
		case c == 0xc2 && i+1 < len(s) && s[i+1] >= 0x80 && s[i+1] < 0xa0:
			return true
		}
	}
	return false
}

// StripXMLControls removes what XML 1.0 forbids in a UTF-8 document: C0
// controls other than tab, LF and CR, and the noncharacters U+FFFE and
// U+FFFF. Real feeds carry them (pasted from word processors) and
// encoding/xml rejects the whole document over one of them.
func StripXMLControls(data []byte) []byte {
	bad := func(i int) int {
		c := data[i]
		if c < 0x20 && c != '\t' && c != '\n' && c != '\r' {
			return 1
		}
		if c == 0xEF && i+2 < len(data) && data[i+1] == 0xBF && (data[i+2] == 0xBE || data[i+2] == 0xBF) {
			return 3
		}
		return 0
	}
	first := -1
	for i := range data {
		if bad(i) > 0 {
			first = i
			break
		}
	}
	if first < 0 {
		return data
	}
	out := make([]byte, first, len(data))
	copy(out, data[:first])
	for i := first; i < len(data); {
		if n := bad(i); n > 0 {
			i += n
			continue
		}
		out = append(out, data[i])
		i++
	}
	return out
}
