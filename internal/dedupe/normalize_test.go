package dedupe

import (
	"slices"
	"testing"
)

func TestWords(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want []string
	}{
		{"empty", "", []string{}},
		{"only space and punctuation", "  \t\n — … !? ", []string{}},
		{"case folded", "Hello WORLD", []string{"hello", "world"}},
		{"straight apostrophe joins", "don't stop", []string{"dont", "stop"}},
		{"typographic apostrophe joins", "don’t stop", []string{"dont", "stop"}},
		{"modifier letter apostrophe joins", "donʼt", []string{"dont"}},
		{"quotes dropped", "“quoted” ‘single’ \"straight\"", []string{"quoted", "single", "straight"}},
		{"dashes split", "naïve—approach–here-now", []string{"naive", "approach", "here", "now"}},
		{"accents removed", "Café crème brûlée", []string{"cafe", "creme", "brulee"}},
		{"composed and decomposed accents agree", "cafe\u0301 caf\u00e9", []string{"cafe", "cafe"}},
		{"stroke letters are not accents", "Łódź", []string{"łodz"}},
		{"dotted capital I", "İstanbul", []string{"istanbul"}},
		{"ligature unfolded", "ﬁne ﬂow", []string{"fine", "flow"}},
		{"fullwidth letters", "Ｆｕｌｌ ｗｉｄｔｈ", []string{"full", "width"}},
		{"digits kept, separators split", "3.14 and 1,000", []string{"3", "14", "and", "1", "000"}},
		{"ellipsis splits", "wait…what", []string{"wait", "what"}},
		{"CJK runs are one token each", "東京 タワー", []string{"東京", "タワー"}},
		{"Hebrew", "שלום עולם", []string{"שלום", "עולם"}},
		{"emoji dropped", "good 🙂 day", []string{"good", "day"}},
		{"nbsp and thin space split", "10\u00a0km\u2009away", []string{"10", "km", "away"}},
		{"newlines split", "one\ntwo\r\nthree", []string{"one", "two", "three"}},
		{"entities are not decoded here", "AT&amp;T", []string{"at", "amp", "t"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := words(tt.in)
			if !slices.Equal(got, tt.want) {
				t.Errorf("words(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

// Copies of one text typeset differently must shingle alike, or none of
// the comparison works.
func TestWordsTypesetCopiesAgree(t *testing.T) {
	tests := []struct {
		name string
		a, b string
	}{
		{"quotes and dashes", `He said "it's fine" -- then left...`, "He said “it’s fine” — then left…"},
		{"accents and case", "CAFÉ NOIR in Zürich", "café noir in zurich"},
		{"spacing", "a  b\tc\n\nd", "a b c d"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if wa, wb := words(tt.a), words(tt.b); !slices.Equal(wa, wb) {
				t.Errorf("words differ:\n%q\n%q", wa, wb)
			}
		})
	}
}

func TestShingles(t *testing.T) {
	tests := []struct {
		name string
		text string
		want int // distinct shingles
	}{
		{"no words", "", 0},
		{"fewer words than a shingle is one shingle", "one two three", 1},
		{"exactly one shingle", "one two three four five", 1},
		{"one per position", "one two three four five six seven", 3},
		{"repeats counted once", "a b a b a b a b a b", 2},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := len(shingles(words(tt.text))); got != tt.want {
				t.Errorf("len(shingles(%q)) = %d, want %d", tt.text, got, tt.want)
			}
		})
	}
	// Shingles keep word order: the same words in another order share none.
	fwd := shingles(words("one two three four five six"))
	rev := shingles(words("six five four three two one"))
	if j := jaccard(fwd, rev); j != 0 {
		t.Errorf("jaccard of reversed texts = %v, want 0", j)
	}
}

func TestParagraphs(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want []string
	}{
		{"empty", "", nil},
		{"one per line, empty lines dropped", "First line.\n\n  \nSecond, line!\n", []string{"first line", "second line"}},
		{"lines of punctuation dropped", "Text\n* * *\n—\nMore", []string{"text", "more"}},
		{"normalised like words", "Don’t “quote” me", []string{"dont quote me"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := paragraphs(tt.in); !slices.Equal(got, tt.want) {
				t.Errorf("paragraphs(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}
