package dedupe

import (
	"strings"
	"testing"
	"unicode/utf8"
)

var fuzzSeeds = []string{
	"",
	" ",
	"Back next week.",
	"don’t “quote” me — café\u0301 ﬁne Ｆｕｌｌ 東京 🙂",
	fox,
	strings.Join(body, "\n"),
	strings.Join(append(append([]string{header}, body...), appeal...), "\n\n"),
	"a\nb\n\n\nc\r\nd\x00e\xff\xfe",
	strings.Repeat("word ", 500),
}

// FuzzSign checks that signing never panics, is deterministic, survives a
// storage round trip, and that a text is wholly similar to itself.
func FuzzSign(f *testing.F) {
	for _, s := range fuzzSeeds {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, text string) {
		s := Sign(text)
		if again := Sign(text); again != s {
			t.Fatalf("Sign(%q) differs between two calls", text)
		}
		if s.Empty() != (len(words(text)) == 0) {
			t.Fatalf("Sign(%q).Empty() = %v with %d words", text, s.Empty(), len(words(text)))
		}
		if !s.Empty() {
			if sim := s.Similarity(s); sim != 1 {
				t.Fatalf("Similarity of %q with itself = %v, want 1", text, sim)
			}
			if n := len(s.Bands()); n != numBands {
				t.Fatalf("%d bands, want %d", n, numBands)
			}
		}
		data, err := s.MarshalBinary()
		if err != nil {
			t.Fatal(err)
		}
		var back Signature
		if err := back.UnmarshalBinary(data); err != nil || back != s {
			t.Fatalf("storage round trip: err %v, changed %v", err, back != s)
		}
	})
}

// FuzzCompare checks that comparing never panics, is symmetric, and that a
// text of at least minWords words is the same post as itself. The seeds
// include every labelled pair.
func FuzzCompare(f *testing.F) {
	for i, s := range fuzzSeeds {
		f.Add(s, fuzzSeeds[(i+1)%len(fuzzSeeds)], "Title", "Title")
	}
	for _, p := range loadPairs(f) {
		a, b := p.A.doc(), p.B.doc()
		f.Add(a.Text, b.Text, a.Title, b.Title)
	}
	f.Fuzz(func(t *testing.T, ta, tb, titleA, titleB string) {
		a := Doc{Source: "a", Title: titleA, Text: ta}
		b := Doc{Source: "b", Title: titleB, Text: tb}
		sa, sb := Sign(ta), Sign(tb)
		v := Compare(a, b, sa, sb)
		if r := Compare(b, a, sb, sa); r.Same != v.Same || r.TextSimilarity != v.TextSimilarity || r.Containment != v.Containment {
			t.Fatalf("not symmetric:\nCompare(a, b) = %+v\nCompare(b, a) = %+v", v, r)
		}
		for _, x := range []float64{v.TextSimilarity, v.TitleSimilarity, v.Containment} {
			if x < 0 || x > 1 {
				t.Fatalf("measure %v outside [0, 1]: %+v", x, v)
			}
		}
		if v.Reason == "" || !utf8.ValidString(v.Reason) {
			t.Fatalf("bad reason %q", v.Reason)
		}
		self := Compare(a, a, sa, sa)
		if n := len(words(ta)); n >= minWords && !self.Same {
			t.Fatalf("a %d-word text is not the same post as itself: %s", n, self.Reason)
		}
	})
}
