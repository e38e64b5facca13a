package htmltext

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// MaxTitleRunes is the longest title TitleFromText derives, "…" included:
// long enough for a sentence, short enough for a list of posts.
const MaxTitleRunes = 80

// minSentenceRunes keeps a first "sentence" from ending at an abbreviation
// ("Dr. Smith", "e.g. this").
const minSentenceRunes = 12

// TitleFromText derives a title for a post that has none from its text (as
// Text returns it): the first sentence of the first paragraph, without a
// final full stop, cut at a word boundary and ended with "…" when longer
// than MaxTitleRunes. It returns "" when there is no text.
func TitleFromText(text string) string {
	if i := strings.Index(text, "\n\n"); i >= 0 {
		text = text[:i]
	}
	text = CleanLine(text)
	if text == "" {
		return ""
	}
	sentence := firstSentence(text)
	if utf8.RuneCountInString(sentence) <= MaxTitleRunes {
		if strings.HasSuffix(sentence, ".") && !strings.HasSuffix(sentence, "..") {
			sentence = strings.TrimRightFunc(strings.TrimSuffix(sentence, "."), unicode.IsSpace)
		}
		return sentence
	}
	short, _ := Excerpt(sentence, MaxTitleRunes-1)
	return short
}

// firstSentence returns text up to and including the first sentence-ending
// punctuation that is followed by a space (or, for CJK full stops, by
// anything), once the sentence is at least minSentenceRunes long.
func firstSentence(text string) string {
	n := 0
	for i, r := range text {
		n++
		end := i + utf8.RuneLen(r)
		switch r {
		case '。', '！', '？':
			return text[:end]
		case '.', '!', '?', '…':
			if n >= minSentenceRunes && (end == len(text) || text[end] == ' ') {
				return text[:end]
			}
		}
	}
	return text
}
