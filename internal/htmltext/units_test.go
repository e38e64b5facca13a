package htmltext

import (
	"strings"
	"testing"
)

func TestUntypedLine(t *testing.T) {
	tests := []struct{ in, want string }{
		{"Plain title", "Plain title"},
		{"Ben &amp; Jerry", "Ben & Jerry"},
		{"<b>Big</b> news", "Big news"},
		{"Why <div> soup is bad", "Why <div> soup is bad"},
		{"Name <mail>", "Name <mail>"},
		{"a < b > c", "a < b > c"},
		{"  spaced\n\tout  ", "spaced out"},
		{"<p>Two</p><p>paras</p>", "Two paras"},
		{"History of the <blink> tag", "History of the <blink> tag"},
		{"std::vector<int> pitfalls", "std::vector<int> pitfalls"},
		{"&lt;b&gt;Big&lt;/b&gt; news", "Big news"},
		{"The &lt;dialog&gt; element", "The <dialog> element"},
		{"AT&amp;amp;T", "AT&T"},
	}
	for _, tt := range tests {
		if got := UntypedLine(tt.in); got != tt.want {
			t.Errorf("UntypedLine(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestParagraphs(t *testing.T) {
	tests := []struct{ in, want string }{
		{"one", "<p>one</p>"},
		{"a & b < c", "<p>a &amp; b &lt; c</p>"},
		{"line one\nline two\r\n\r\nnext para\n\n\n", "<p>line one<br>line two</p><p>next para</p>"},
		{"  \n ", ""},
	}
	for _, tt := range tests {
		if got := Paragraphs(tt.in); got != tt.want {
			t.Errorf("Paragraphs(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestTruncateHTML(t *testing.T) {
	tests := []struct {
		name  string
		in    string
		limit int
		want  string
	}{
		{"fits", "<p>short</p>", 100, "<p>short</p>"},
		{"closes open elements", "<div><p>one</p><p>two two two</p></div>", 34, "<div><p>one</p><p>two</p></div>"},
		{"never cuts inside a tag", `<p>a</p><img src="https://example.com/very/long/path.png"><p>b</p>`, 30, "<p>a</p>"},
		{"text cut at a space", "<p>alpha beta gamma delta</p>", 22, "<p>alpha beta</p>"},
		{"text cut at a rune boundary", "<p>ééééééééé</p>", 12, "<p>éé</p>"},
		{"void elements need no closer", "<p>x<br>y<br>zzzzzzzzzzzz</p>", 18, "<p>x<br>y<br>z</p>"},
		{"long unbroken text cut at a rune", "<p>" + strings.Repeat("é", 50) + "</p>", 13, "<p>ééé</p>"},
		{"zero limit", "<p>x</p>", 0, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := TruncateHTML(tt.in, tt.limit)
			if got != tt.want {
				t.Errorf("TruncateHTML(%q, %d) = %q, want %q", tt.in, tt.limit, got, tt.want)
			}
			if len(got) > tt.limit && len(tt.in) > tt.limit {
				t.Errorf("TruncateHTML(%q, %d) is %d bytes, over the limit", tt.in, tt.limit, len(got))
			}
		})
	}
}

func TestHasBidiOrBOM(t *testing.T) {
	for _, in := range []string{
		"", "plain ascii", "typographic ’quotes’ — and … dashes", "\u202eevil", "x\u2066y",
		"\ufeffbom", "\u202a\u202b\u202c\u202d", "\u2069", "\u2065\u206a\ufeff"[:6], "invalid \xe2\x80", "\uff01 fullwidth",
	} {
		want := strings.ContainsFunc(in, func(r rune) bool { return BidiControl(r) || r == 0xfeff })
		if got := hasBidiOrBOM(in); got != want {
			t.Errorf("hasBidiOrBOM(%q) = %v, want %v", in, got, want)
		}
	}
}

func TestExcerpt(t *testing.T) {
	tests := []struct {
		name string
		in   string
		max  int
		want string
		cut  bool
	}{
		{"short enough", "short text", 20, "short text", false},
		{"exact", "12345", 5, "12345", false},
		{"word boundary", "the quick brown fox jumps", 17, "the quick brown…", true},
		{"trailing punctuation", "one, two three", 6, "one…", true},
		{"no space nearby", "abcdefghij", 4, "abcd…", true},
		{"runes not bytes", "小红书小红书", 3, "小红书…", true},
		{"disabled", "anything", 0, "anything", false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, cut := Excerpt(tc.in, tc.max)
			if got != tc.want || cut != tc.cut {
				t.Errorf("Excerpt(%q, %d) = %q, %v; want %q, %v", tc.in, tc.max, got, cut, tc.want, tc.cut)
			}
		})
	}
}
