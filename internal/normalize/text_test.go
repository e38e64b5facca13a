package normalize

import (
	"slices"
	"strings"
	"testing"
)

func TestPlainText(t *testing.T) {
	tests := []struct {
		name, in, want string
	}{
		{"plain", "Hello, world", "Hello, world"},
		{"literal ampersand", "China’s tech triumph, & how it ends", "China’s tech triumph, & how it ends"},
		{"entities are text", "Tom &amp; Jerry", "Tom &amp; Jerry"},
		{"tag-like text kept", "History of the <blink> tag", "History of the <blink> tag"},
		{"known element kept", "Why <details> beats JavaScript", "Why <details> beats JavaScript"},
		{"template argument kept", "std::vector<int> pitfalls", "std::vector<int> pitfalls"},
		{"unknown tag-like text kept", "Why List<T> and Map<K, V> matter", "Why List<T> and Map<K, V> matter"},
		{"less-than kept", "a < b and c > d", "a < b and c > d"},
		{"script defused", "Hi<script>alert(1)</script> there", "Hi there"},
		{"unclosed script defused, words kept", "The <script> element", "The element"},
		{"bare form control kept", "Styling <input> and <button> elements", "Styling <input> and <button> elements"},
		{"bare meta and form kept", "The <meta> tag, the <form> element", "The <meta> tag, the <form> element"},
		{"form with an action defused", "Log in <form action=https://evil.example/>here", "Log in here"},
		{"meta refresh defused", "<meta http-equiv=refresh content=0;url=https://evil.example/>News", "News"},
		{"raw-text element defused", "Why <textarea> swallows markup", "Why swallows markup"},
		{"handler defused", "<img src=x onerror=alert(1)>Pic", "Pic"},
		{"unknown tag with handler defused", "<x onclick=alert(1)>click</x>", "click"},
		{"control characters", "a\x00b\x1bc\u0085d\x7fe", "abcde"},
		{"bidi overrides", "invoice\u202Egnp.exe \u2066x\u2069", "invoicegnp.exe x"},
		{"byte order mark and zero-width space", "\uFEFFTi\u200btle", "Title"},
		{"joiners kept", "\U0001F469\u200D\U0001F4BB", "\U0001F469\u200D\U0001F4BB"},
		{"invalid UTF-8", "ok\xff", "ok\uFFFD"},
		{"layout white space collapsed", "  a \t\n b\u2028c  ", "a b c"},
		{"author's spacing kept", "10\u00a0km \u00ab\u202fOui\u202f\u00bb a\u2009b", "10\u00a0km \u00ab\u202fOui\u202f\u00bb a\u2009b"},
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
		{"text taken literally", []string{"C&C", "<b>bold</b>", "c&c", "c&amp;c"}, []string{"C&C", "<b>bold</b>", "c&amp;c"}},
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
		"AT&amp;amp;T", "<script>alert(1)</script>", "List<T>", "<x onclick=y>z</x>",
		"a\x00b\u202E", "<![CDATA[<b>x</b>]]>", "&lt;img src=x onerror=alert(1)&gt;",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		got := PlainText(s)
		if v := UnsafeText(got); len(v) > 0 {
			t.Fatalf("PlainText(%q) = %q is unsafe: %v", s, got, v)
		}
		if strings.ContainsAny(got, "\n\t") || got != strings.TrimSpace(got) {
			t.Fatalf("PlainText(%q) = %q is not one trimmed line", s, got)
		}
	})
}
