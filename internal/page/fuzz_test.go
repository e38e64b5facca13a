package page

import (
	"github.com/tributary/tributary/internal/htmltext"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/tributary/tributary/internal/dates"
)

// FuzzSplitText checks properties that hold for any input: SplitText never
// panics, every post has a title, derived titles respect the length limit,
// and nothing is invented: titles, paragraphs and raw text all come from the
// input.
//
// The seed files are added in pieces of at most fuzzChunk bytes cut at line
// ends: the fuzzing engine minimises every new input it finds, and
// minimising a 46 KB seed takes it longer than a whole fuzzing run. The
// full seeds are covered by TestSeeds.
func FuzzSplitText(f *testing.F) {
	for _, dir := range []string{seedDir, filepath.Join("testdata", "pages")} {
		paths, err := filepath.Glob(filepath.Join(dir, "*.txt"))
		if err != nil {
			f.Fatal(err)
		}
		for _, p := range paths {
			data, err := os.ReadFile(p)
			if err != nil {
				f.Fatal(err)
			}
			for _, chunk := range chunks(string(data), fuzzChunk) {
				f.Add(chunk)
			}
		}
	}
	f.Add("Friday, February 28, 2025\n\nTitle\n\nBody.\n\nAppeal.\n\nNext Title\n\nBody.\n\nAppeal.")
	f.Add("Title\n\nMarch 3, 2025\n\n1. one\n2. two\n   more\n\n- a\n- b")
	f.Add("\r\n\u2029 x \u2028")

	f.Fuzz(func(t *testing.T, text string) {
		norm := normaliseNewlines(text)
		flat := strings.Join(strings.Fields(readableText(norm)), " ")
		for i, p := range SplitText(text) {
			if p.Title == "" {
				t.Fatalf("post %d has no title", i)
			}
			if p.TitleDerived {
				if n := utf8.RuneCountInString(p.Title); n > htmltext.MaxTitleRunes+1 {
					t.Fatalf("post %d: derived title %q has %d characters", i, p.Title, n)
				}
			} else if !strings.Contains(flat, strings.Join(strings.Fields(p.Title), " ")) {
				t.Fatalf("post %d: title %q is not in the input", i, p.Title)
			}
			for k, para := range p.Paragraphs {
				if para == "" || para != strings.TrimSpace(para) {
					t.Fatalf("post %d paragraph %d is empty or untrimmed: %q", i, k, para)
				}
				if !strings.Contains(flat, strings.Join(strings.Fields(para), " ")) {
					t.Fatalf("post %d paragraph %d %q is not in the input", i, k, para)
				}
			}
			if p.Raw == "" || !strings.Contains(norm, p.Raw) {
				t.Fatalf("post %d: raw %q is not a slice of the input", i, p.Raw)
			}
			if p.Date != nil {
				if _, ok := dates.Header(p.RawDate); !ok {
					t.Fatalf("post %d: date %v from %q, which is not a date line", i, p.Date, p.RawDate)
				}
			}
		}
	})
}

const fuzzChunk = 4096

// chunks cuts s into consecutive pieces of at most n bytes, each ending at
// a line end where there is one.
func chunks(s string, n int) []string {
	var out []string
	for len(s) > n {
		cut := strings.LastIndexByte(s[:n], '\n') + 1
		if cut <= 0 {
			cut = n
		}
		out = append(out, s[:cut])
		s = s[cut:]
	}
	if s != "" {
		out = append(out, s)
	}
	return out
}
