package normalize

import (
	"slices"
	"strings"
	"testing"
	"unicode/utf8"
)

func TestPlainText(t *testing.T) {
	tests := []struct {
		name, in, want string
	}{
		{"plain", "Hello, world", "Hello, world"},
		{"literal ampersand", "China’s tech triumph, & how it ends", "China’s tech triumph, & how it ends"},
		{"entities", "Tom &amp; Jerry &mdash; &#8220;quoted&#8221; &#x263A;", "Tom & Jerry — “quoted” ☺"},
		{"double escaped", "AT&amp;amp;T", "AT&T"},
		{"triple escaped", "Q&amp;amp;amp;A", "Q&A"},
		{"entity named text kept after one layer", "Use &amp;lt; for <", "Use < for <"},
		{"tags stripped", "Hello <em>big</em> <a href='/x'>world</a>", "Hello big world"},
		{"block tags separate words", "<p>one</p><p>two</p>", "one two"},
		{"escaped markup shown as text", "The &lt;dialog&gt; element", "The <dialog> element"},
		{"double-escaped markup shown as text", "&amp;lt;b&amp;gt;Bold&amp;lt;/b&amp;gt; &amp;amp; more", "<b>Bold</b> & more"},
		{"unknown tag-like text kept", "Why List<T> and Map<K, V> matter", "Why List<T> and Map<K, V> matter"},
		{"less-than kept", "a < b and c > d", "a < b and c > d"},
		{"script dropped", "Hi<script>alert(1)</script> there", "Hi there"},
		{"unclosed style keeps the words after it", "Why &lt;style&gt; tags matter", "Why tags matter"},
		{"unclosed script keeps the words after it", "The &lt;script&gt; element", "The element"},
		{"unclosed svg keeps the words after it", "Drawing with <svg> in 2025", "Drawing with in 2025"},
		{"escaped script removed", "Hi &lt;script&gt;alert(1)&lt;/script&gt; there", "Hi there"},
		{"escaped handler removed", "&lt;img src=x onerror=alert(1)&gt;Pic", "Pic"},
		{"unknown tag with handler removed", "<x onclick=alert(1)>click</x>", "click"},
		{"control characters", "a\x00b\x1bc\u0085d\x7fe", "abcde"},
		{"control character references", "a&#1;b&#x7f;c", "abc"},
		{"bidi overrides", "invoice\u202Egnp.exe \u2066x\u2069", "invoicegnp.exe x"},
		{"byte order mark", "\uFEFFTitle", "Title"},
		{"invalid UTF-8", "ok\xff", "ok\uFFFD"},
		{"white space collapsed", "  a \t\n b\u00a0\u2028c  ", "a b c"},
		{"CDATA", "<![CDATA[Title & <More>]]>", "Title & <More>"},
		{"CDATA hiding script", "<![CDATA[<script>alert(1)</script>]]>Safe", "Safe"},
		{"empty", "", ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := PlainText(tc.in)
			if got != tc.want {
				t.Errorf("PlainText(%q) = %q, want %q", tc.in, got, tc.want)
			}
			if v := UnsafeText(got); len(v) > 0 {
				t.Errorf("PlainText(%q) = %q is unsafe: %v", tc.in, got, v)
			}
		})
	}
}

func TestTextFromHTML(t *testing.T) {
	tests := []struct {
		name, in, want string
	}{
		{"paragraphs", "<p>One\n two.</p><p>Three</p>", "One two.\n\nThree"},
		{"inline elements join", "a<b>b</b><i> c</i>", "ab c"},
		{"line breaks", "<p>line one<br>line two<br/></p>", "line one\nline two"},
		{"headings and lists", "<h1>T</h1><ul><li>a</li><li>b</li></ul>", "T\n\na\n\nb"},
		{"table cells", "<table><tr><td>a</td><td>b</td></tr><tr><td>c</td></tr></table>", "a b\n\nc"},
		{"script and style dropped", "<style>p{}</style><p>x<script>var a = 1;</script></p>", "x"},
		{"entities decoded", "<p>AT&amp;T &lt;3</p>", "AT&T <3"},
		{"divs", "<div>a</div><div><div>b</div></div>", "a\n\nb"},
		{"plain text input", "just text", "just text"},
		{"control characters", "<p>a&#1;b\x02c</p>", "abc"},
		{"CDATA", "<p><![CDATA[a < b]]></p>", "a < b"},
		{"empty paragraphs dropped", "<p> </p><p>\n</p><p>x</p>", "x"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := TextFromHTML(tc.in); got != tc.want {
				t.Errorf("TextFromHTML(%q) = %q, want %q", tc.in, got, tc.want)
			}
		})
	}
}

func TestTitleFromContent(t *testing.T) {
	tests := []struct {
		name, in, want string
	}{
		{"first sentence", "<p>The build is green again. We fixed the cache.</p>", "The build is green again"},
		{"question kept", "<p>Why is the build slow? Let us see.</p>", "Why is the build slow?"},
		{"abbreviation not a sentence end", "<p>Dr. Smith arrived today. Then left.</p>", "Dr. Smith arrived today"},
		{"decimal not a sentence end", "<p>Version 2.5 is out now. Upgrade.</p>", "Version 2.5 is out now"},
		{"first paragraph only", "<h2>Heading</h2><p>Body text here.</p>", "Heading"},
		{"no punctuation", "<p>short note</p>", "short note"},
		{"long sentence cut at word",
			"<p>This sentence is deliberately written to be much longer than eighty characters so that it must be cut somewhere sensible.</p>",
			"This sentence is deliberately written to be much longer than eighty characters…"},
		{"cut drops dangling comma",
			"<p>Alpha beta gamma delta epsilon zeta eta theta iota kappa lambda mu, nu xi omicron pi rho sigma tau upsilon</p>",
			"Alpha beta gamma delta epsilon zeta eta theta iota kappa lambda mu, nu xi…"},
		{"no spaces cut mid-word", "<p>" + strings.Repeat("字", 100) + "</p>", strings.Repeat("字", 79) + "…"},
		{"CJK full stop", "<p>今日は晴れです。明日は雨です。</p>", "今日は晴れです。"},
		{"ellipsis kept", "<p>Well, that was unexpected... Anyway.</p>", "Well, that was unexpected..."},
		{"markup in text defused", "<p>&lt;script&gt;alert(1)&lt;/script&gt;Hello there.</p>", "Hello there"},
		{"image only", `<img src="a.png" alt="x">`, ""},
		{"empty", "", ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := TitleFromContent(tc.in)
			if got != tc.want {
				t.Errorf("TitleFromContent(%q) = %q, want %q", tc.in, got, tc.want)
			}
			if n := utf8.RuneCountInString(got); n > maxTitleRunes {
				t.Errorf("TitleFromContent(%q) has %d runes, more than %d", tc.in, n, maxTitleRunes)
			}
			if v := UnsafeText(got); len(v) > 0 {
				t.Errorf("TitleFromContent(%q) = %q is unsafe: %v", tc.in, got, v)
			}
		})
	}
}

func TestCategories(t *testing.T) {
	tests := []struct {
		name string
		in   []string
		want []string
	}{
		{"trim and collapse", []string{"  Go  ", "web\n  dev"}, []string{"Go", "web dev"}},
		{"case-insensitive duplicates keep first", []string{"Go", "go", "GO", "Rust", "rust "}, []string{"Go", "Rust"}},
		{"order kept", []string{"b", "a", "c"}, []string{"b", "a", "c"}},
		{"empty dropped", []string{"", "  ", "\x00", "x"}, []string{"x"}},
		{"entities and tags", []string{"C&amp;C", "<b>bold</b>", "c&c"}, []string{"C&C", "bold"}},
		{"non-ASCII case", []string{"Émile", "émile", "ÉMILE"}, []string{"Émile"}},
		{"nil", nil, nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := Categories(tc.in); !slices.Equal(got, tc.want) {
				t.Errorf("Categories(%q) = %q, want %q", tc.in, got, tc.want)
			}
		})
	}
}

func FuzzPlainText(f *testing.F) {
	for _, s := range []string{
		"AT&amp;amp;T", "&lt;script&gt;alert(1)&lt;/script&gt;", "List<T>", "<x onclick=y>z</x>",
		"a\x00b\u202E", "<![CDATA[<b>x</b>]]>", "&amp;lt;img src=x onerror=alert(1)&amp;gt;",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if got, want := hasBidiOrBOM(s), strings.ContainsFunc(s, func(r rune) bool { return bidiControl(r) || r == 0xfeff }); got != want {
			t.Fatalf("hasBidiOrBOM(%q) = %v, want %v", s, got, want)
		}
		got := PlainText(s)
		if v := UnsafeText(got); len(v) > 0 {
			t.Fatalf("PlainText(%q) = %q is unsafe: %v", s, got, v)
		}
		if strings.ContainsAny(got, "\n\t") || got != strings.TrimSpace(got) {
			t.Fatalf("PlainText(%q) = %q is not one trimmed line", s, got)
		}
	})
}

func TestHasBidiOrBOM(t *testing.T) {
	tests := []struct {
		in   string
		want bool
	}{
		{"", false},
		{"plain ascii", false},
		{"typographic ’quotes’ — and … dashes", false},
		{"\u202eevil", true},
		{"x\u2066y", true},
		{"\ufeffbom", true},
		{"\u202a\u202b\u202c\u202d", true},
		{"\u2069", true},
		{"\u2065\u206a\ufeff"[:6], false},
		{"invalid \xe2\x80", false},
		{"\uff01 fullwidth", false},
	}
	for _, tt := range tests {
		if got := hasBidiOrBOM(tt.in); got != tt.want {
			t.Errorf("hasBidiOrBOM(%q) = %v, want %v", tt.in, got, tt.want)
		}
		want := strings.ContainsFunc(tt.in, func(r rune) bool { return bidiControl(r) || r == 0xfeff })
		if tt.want != want {
			t.Errorf("table wrong for %q", tt.in)
		}
	}
}
