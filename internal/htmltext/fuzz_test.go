package htmltext

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"
)

// FuzzText holds every reading to its promises on any input: valid UTF-8
// without forbidden characters, lines that are one trimmed line, limits
// kept, Paragraphs and Text inverse on Text's output, and NodeText equal
// to Text of the rendered tree. The golden cases seed it.
func FuzzText(f *testing.F) {
	paths, _ := filepath.Glob(filepath.Join("testdata", "cases", "*.html"))
	for _, p := range paths {
		if b, err := os.ReadFile(p); err == nil {
			f.Add(string(b))
		}
	}
	f.Add("<![CDATA[<b>x</b>]]>&amp;lt;img src=x onerror=alert(1)&amp;gt;<svg><text>t</text></svg>")
	f.Fuzz(func(t *testing.T, s string) {
		text := Text(s)
		lines := map[string]string{"Line": Line(s), "UntypedLine": UntypedLine(s), "CleanLine": CleanLine(s), "TitleFromText": TitleFromText(text)}
		for name, got := range lines {
			if strings.ContainsAny(got, "\n\r\t") || got != strings.TrimSpace(got) {
				t.Fatalf("%s(%q) = %q is not one trimmed line", name, s, got)
			}
			checkChars(t, name, s, got)
		}
		checkChars(t, "Text", s, text)
		if n := utf8.RuneCountInString(lines["TitleFromText"]); n > MaxTitleRunes {
			t.Fatalf("TitleFromText(%q) has %d runes", text, n)
		}
		if back := Text(Paragraphs(text)); back != text {
			t.Fatalf("Text(Paragraphs(%q)) = %q", text, back)
		}
		if short, cut := Excerpt(text, 20); cut && utf8.RuneCountInString(short) > 21 || !cut && short != text {
			t.Fatalf("Excerpt(%q, 20) = %q, %v", text, short, cut)
		}
		if got := TruncateHTML(s, 50); len(got) > 50 && len(s) > 50 {
			t.Fatalf("TruncateHTML(%q, 50) = %q is %d bytes", s, got, len(got))
		}
		checkNodeText(t, s)
	})
}

func checkChars(t *testing.T, name, in, got string) {
	t.Helper()
	if !utf8.ValidString(got) {
		t.Fatalf("%s(%q) = %q is not valid UTF-8", name, in, got)
	}
	for _, r := range got {
		if ForbiddenRune(r) || BidiControl(r) || r == 0xfeff {
			t.Fatalf("%s(%q) = %q holds U+%04X", name, in, got, r)
		}
	}
}
