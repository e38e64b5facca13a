package fullpost

import (
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/tributary/tributary/internal/htmltext"
)

// Thresholds of Excerpt, in words (see words).
const (
	// ShortWords: a body of fewer words is taken for an excerpt. Blogger's
	// summaries stop near 50 words, WordPress's excerpts at 55.
	ShortWords = 80
	// elidedWords: an ellipsis ends an excerpt only in a body shorter than
	// this; a long post may end on "..." and be whole.
	elidedWords = 400
	// tailBytes is how much of the closing paragraph may hold a "read
	// more" link: its last bytes, a line or two.
	tailBytes = 200
)

// readMorePhrases invite the reader to the rest of the post, in the
// languages blogs are commonly written in; matched lower-case, spaces
// collapsed, at the start of a word.
var readMorePhrases = []string{
	"read more", "read the rest", "read the full", "read full", "read the whole", "read on", "read the article",
	"read the post", "read the story", "continue reading", "keep reading", "more »", "more →", "more >>",
	"view the full post", "view full post", "view the full article", "view full article",
	"weiterlesen", "mehr lesen", "lire la suite", "leer más", "leer mas", "seguir leyendo", "continuar lendo",
	"leia mais", "ler mais", "continua a leggere", "leggi tutto", "leggi di più", "lees meer", "verder lezen",
	"czytaj dalej", "читать далее",
}

// cjkReadMore are the same invitations in scripts without spaces, matched
// anywhere.
var cjkReadMore = []string{"続きを読む", "阅读全文", "閱讀全文"}

// trailers are what may follow the end of an excerpt's text: arrows, quote
// marks and white space.
const trailers = " \t\n»→>\"'”’"

// Excerpt reports whether an entry's body, its content or else its
// summary, is only an excerpt of the post, and why. text is the plain text
// of that body (htmltext.Text), which the caller usually has at hand. A
// body is an excerpt when it is empty, ends with a "read more" link or
// line, ends cut off by an ellipsis (and is not long), repeats the summary
// as content (and is not long), or is short (under ShortWords words).
func Excerpt(content, summary, text string) (why string, excerpt bool) {
	n := countWords(text, elidedWords)
	trimmed := strings.TrimSpace(text)
	switch {
	case n == 0:
		return "the feed gives no text", true
	case readMoreWords(trimmed) >= 0:
		return `it ends with a "read more" link`, true
	case n < elidedWords && elided(tail(trimmed, 64)):
		return "it ends in an ellipsis", true
	case n < elidedWords && content != "" && summary != "" && htmltext.Text(summary) == text:
		return "the content repeats the summary", true
	case n < ShortWords:
		return fmt.Sprintf("it is short (%d words)", n), true
	}
	return "", false
}

// tail returns about the last n bytes of s, cut at a rune boundary.
func tail(s string, n int) string {
	if len(s) <= n {
		return s
	}
	cut := len(s) - n
	for cut < len(s) && !utf8.RuneStart(s[cut]) {
		cut++
	}
	return s[cut:]
}

// fold lower-cases s and collapses its runs of spaces and tabs into one
// space, keeping line breaks: the form readMoreWords searches.
func fold(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	space := false
	for _, r := range strings.ToLower(s) {
		if r == ' ' || r == '\t' || r == '\u00a0' {
			if !space {
				b.WriteByte(' ')
			}
			space = true
			continue
		}
		space = false
		b.WriteRune(r)
	}
	return b.String()
}

// readMoreWords returns how many words, counted as words counts them, the
// invitation to read the rest and what follows it take at the end of text,
// when the last paragraph of text holds one near its end (within
// tailBytes); else -1.
func readMoreWords(text string) int {
	last := text[strings.LastIndexByte(text, '\n')+1:]
	end := tail(last, tailBytes)
	if len(end) < len(last) {
		// Cut inside a long paragraph: start at a word.
		if i := strings.IndexAny(end, " \t"); i >= 0 {
			end = end[i:]
		}
	}
	f := fold(end)
	best := -1
	for _, p := range readMorePhrases {
		for i := 0; i < len(f); {
			j := strings.Index(f[i:], p)
			if j < 0 {
				break
			}
			if at := i + j; at == 0 || !isWordRune(lastRune(f[:at])) {
				if best < 0 || at < best {
					best = at
				}
				break
			}
			i += j + 1
		}
	}
	for _, p := range cjkReadMore {
		if i := strings.Index(f, p); i >= 0 && (best < 0 || i < best) {
			best = i
		}
	}
	if best < 0 {
		return -1
	}
	return len(words(f[best:]))
}

func lastRune(s string) rune {
	r, _ := utf8.DecodeLastRuneInString(s)
	return r
}

func isWordRune(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }

// elided reports whether text ends cut off by an ellipsis ("…", "...",
// "[…]", "[...]", "(more…)", "(more)"), perhaps followed by trailers.
func elided(text string) bool {
	_, ok := trimElision(text)
	return ok
}

// trimElision returns text without the ellipsis that ends it, and whether
// there was one.
func trimElision(text string) (string, bool) {
	s := strings.TrimRight(text, trailers)
	closer := byte(0)
	if n := len(s); n > 0 && (s[n-1] == ']' || s[n-1] == ')') {
		closer, s = s[n-1], strings.TrimRight(s[:n-1], " \t")
	}
	cut := strings.TrimRight(s, ".…")
	if strings.HasSuffix(s, "…") || strings.HasSuffix(s, "...") {
		cut = strings.TrimRight(cut, " \t[")
		if low := strings.ToLower(cut); strings.HasSuffix(low, "(more") {
			cut = cut[:len(cut)-len("(more")]
		}
		return cut, true
	}
	if low := strings.ToLower(s); closer == ')' && strings.HasSuffix(low, "(more") {
		return s[:len(s)-len("(more")], true
	}
	return text, false
}

// teaser is the words of an excerpt without its closing invitation, and
// without its last word when the excerpt was cut (the cut may have split
// it): the words a page holding the whole post must contain. An ellipsis
// is no word, so it needs no removing.
func teaser(text string) []string {
	t := strings.TrimSpace(text)
	ws := words(t)
	n := readMoreWords(t)
	if n > 0 {
		ws = ws[:len(ws)-min(n, len(ws))]
	}
	if (n >= 0 || elided(tail(t, 64))) && len(ws) > 1 {
		ws = ws[:len(ws)-1]
	}
	return ws
}
