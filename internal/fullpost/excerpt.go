package fullpost

import (
	"fmt"
	"regexp"
	"strings"
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

// elidedRE matches text that ends cut off: an ellipsis ("…", "...", "[…]",
// "[...]", "(more…)"), perhaps followed by an arrow or quote mark.
var elidedRE = regexp.MustCompile(`(?:…|\.{3,}|\[\s*(?:…|\.{3,})\s*\]|\(\s*more\s*(?:…|\.{3,})?\s*\))[\s»→>"'”’)\]]*$`)

// readMoreRE matches a closing paragraph or link that invites the reader to
// the rest of the post, in the languages blogs are commonly written in.
var readMoreRE = regexp.MustCompile(`(?i)(?:(?:^|[\s(\[…]|\.{3})(?:read\s+(?:the\s+)?(?:more|rest|full|whole|on|article|post|story)|continue\s+reading|keep\s+reading|more\s*(?:»|→|>>)|view\s+(?:the\s+)?full\s+(?:post|article)|weiterlesen|mehr\s+lesen|lire\s+la\s+suite|leer\s+m[aá]s|seguir\s+leyendo|continuar\s+lendo|leia\s+mais|ler\s+mais|continua\s+a\s+leggere|leggi\s+(?:tutto|di\s+più)|lees\s+meer|verder\s+lezen|czytaj\s+dalej|читать\s+далее)|続きを読む|阅读全文|閱讀全文)`)

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
	case readMore(trimmed):
		return `it ends with a "read more" link`, true
	case n < elidedWords && elidedRE.MatchString(tail(trimmed, 64)):
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

// readMore reports whether the last paragraph of text, when short, holds
// an invitation to read the rest.
func readMore(text string) bool {
	last := text
	if i := strings.LastIndex(text, "\n"); i >= 0 {
		last = strings.TrimSpace(text[i+1:])
	}
	// A long closing paragraph: only its very end counts.
	return readMoreRE.MatchString(tail(last, tailBytes))
}

// teaser is the text of an excerpt without its closing invitation or
// ellipsis, and without its last word, which the cut may have split: the
// words a page holding the whole post must contain.
func teaser(text string) []string {
	t := strings.TrimSpace(text)
	if loc := readMoreRE.FindAllStringIndex(t, -1); len(loc) > 0 && readMore(t) {
		t = t[:loc[len(loc)-1][0]]
	}
	t = elidedRE.ReplaceAllString(strings.TrimSpace(t), "")
	ws := words(t)
	if elided := len(t) < len(strings.TrimSpace(text)); elided && len(ws) > 1 {
		ws = ws[:len(ws)-1]
	}
	return ws
}
