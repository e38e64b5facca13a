package aggregate

import (
	"testing"

	"github.com/tributary/tributary/internal/config"
)

// The keyword prefilter is a view of the expressions: with it or without
// it, a pattern matches the same texts.
func TestKeywordPrefilter(t *testing.T) {
	tests := []struct {
		pattern, text string
		want          bool
	}{
		{"garcia", "Notes by Ana Garcia", true},
		{"garcia", "Notes by Ana Garciana", false},
		{"Kelvin", "a \u212Aelvin scale", true}, // the Kelvin sign folds to k
		{"kiss", "\u212Ai\u017F\u017F", true},   // and the long s to s
		{"straße", "STRAßE", true},
		{"straße", "STRASSE", false}, // (?i) folds runes one by one, as the prefilter does
		{"ǅ", "ǆ and Ǆ", true},       // a three-rune orbit
		{"c++", "I write c++ daily", true},
		{"go", "golang", false},
		{"Σ", "σ and ς", true},
		{"bad", "bad \xff byte here", true},
		{"déjà vu", "DÉJÀ VU", true},
		{"naïve", "NAÏVE", true},
		{"x", "", false},
	}
	for _, tc := range tests {
		t.Run(tc.pattern+"/"+tc.text, func(t *testing.T) {
			checkPrefilter(t, tc.pattern, tc.text)
			pats, err := compileFilters([]string{tc.pattern})
			if err != nil {
				t.Fatal(err)
			}
			if got := anyMatch(pats, &matchable{fields: []string{tc.text}}); got != tc.want {
				t.Errorf("matched %t, want %t", got, tc.want)
			}
		})
	}
}

// checkPrefilter fails when the prefiltered match and the bare expression
// disagree on text.
func checkPrefilter(t *testing.T, pattern, text string) {
	t.Helper()
	pats, err := compileFilters([]string{pattern})
	if err != nil {
		return // config validation rejects it
	}
	re, _ := config.CompilePattern(pattern)
	want := re.MatchString(text)
	if got := anyMatch(pats, &matchable{fields: []string{"", text}}); got != want {
		t.Errorf("pattern %q on %q: prefiltered %t, expression %t", pattern, text, got, want)
	}
}

func FuzzKeywordPrefilter(f *testing.F) {
	for _, seed := range [][2]string{{"garcia", "Ana GARCIA"}, {"k", "\u212A"}, {"ſ", "S s"}, {"Σ", "ς"}, {"a b", "A\tB"}, {"é", "É"}} {
		f.Add(seed[0], seed[1])
	}
	f.Fuzz(func(t *testing.T, pattern, text string) {
		checkPrefilter(t, pattern, text)
	})
}
