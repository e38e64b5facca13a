package store

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/runes"
	"golang.org/x/text/transform"
	"golang.org/x/text/unicode/norm"
)

// snippetWords is how many words a snippet shows, as FTS5's snippet() did
// with 32 tokens and ts_headline does with MaxWords=32.
const snippetWords = 32

// snippetLead is how many words a snippet shows before its first match,
// so that the match is read in its sentence.
const snippetLead = 4

// wordMatcher says which words of a text a query matched, the way the
// FTS5 index compares them (its unicode61 tokenizer with
// remove_diacritics 2): words are runs of letters and numbers, compared
// without case or diacritics, the last word of a prefix term by its start.
type wordMatcher struct {
	words    map[string]bool
	prefixes []string
}

func newWordMatcher(q Query) wordMatcher {
	m := wordMatcher{words: map[string]bool{}}
	for _, g := range q.Groups {
		for _, t := range g {
			ws := words(t.Text)
			for i, w := range ws {
				f := foldWord(w)
				if t.Prefix && i == len(ws)-1 {
					m.prefixes = append(m.prefixes, f)
				} else {
					m.words[f] = true
				}
			}
		}
	}
	return m
}

// matches reports whether the query matched the word, and the folded
// word it matched as (to count distinct words).
func (m wordMatcher) matches(word string) (string, bool) {
	f := foldWord(word)
	if m.words[f] {
		return f, true
	}
	for _, p := range m.prefixes {
		if strings.HasPrefix(f, p) {
			return p + "*", true
		}
	}
	return "", false
}

// foldWord lowers a word's case and removes its diacritics.
func foldWord(w string) string {
	w = strings.ToLower(w)
	for _, r := range w {
		if r >= utf8.RuneSelf {
			t := transform.Chain(norm.NFD, runes.Remove(runes.In(unicode.Mn)), norm.NFC)
			if out, _, err := transform.String(t, w); err == nil {
				return out
			}
			break
		}
	}
	return w
}

// textWord is one word of a text: its bytes and whether it matched.
type textWord struct {
	start, end int
	key        string // the folded word it matched as; "" if none
}

func (m wordMatcher) scan(text string) []textWord {
	var out []textWord
	start := -1
	flush := func(end int) {
		if start >= 0 {
			key, _ := m.matches(text[start:end])
			out = append(out, textWord{start, end, key})
			start = -1
		}
	}
	for i, r := range text {
		if wordRune(r) {
			if start < 0 {
				start = i
			}
		} else {
			flush(i)
		}
	}
	flush(len(text))
	return out
}

// highlight marks every matched word of text.
func (m wordMatcher) highlight(text string) Marked {
	return mark(text, m.scan(text), 0, len(text))
}

// snippet returns a passage of at most n words of text, marked: the one
// holding the most distinct matched words (the first such), starting a
// few words before its first match. An ellipsis stands for text left out
// at either end. A text of at most n words is returned whole.
func (m wordMatcher) snippet(text string, n int) Marked {
	ws := m.scan(text)
	if len(ws) <= n {
		return mark(text, ws, 0, len(text))
	}
	best, bestScore := 0, -1
	for i, w := range ws {
		if w.key == "" {
			continue
		}
		from := min(max(0, i-snippetLead), len(ws)-n)
		distinct := map[string]bool{}
		for _, x := range ws[from : from+n] {
			if x.key != "" {
				distinct[x.key] = true
			}
		}
		if len(distinct) > bestScore {
			best, bestScore = from, len(distinct)
		}
	}
	lo, hi := ws[best].start, ws[best+n-1].end
	if best == 0 {
		lo = 0
	}
	if best+n == len(ws) {
		hi = len(text)
	}
	out := mark(text, ws, lo, hi)
	if lo > 0 {
		out = "…" + out
	}
	if hi < len(text) {
		out += "…"
	}
	return out
}

// mark returns text[lo:hi] with the matched words among ws marked.
func mark(text string, ws []textWord, lo, hi int) Marked {
	var b strings.Builder
	at := lo
	for _, w := range ws {
		if w.key == "" || w.start < lo || w.end > hi {
			continue
		}
		b.WriteString(text[at:w.start])
		b.WriteRune(markStart)
		b.WriteString(text[w.start:w.end])
		b.WriteRune(markEnd)
		at = w.end
	}
	b.WriteString(text[at:hi])
	return Marked(b.String())
}
