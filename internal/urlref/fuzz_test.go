package urlref

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// FuzzSrcset checks what every caller relies on: a candidate's URL is
// never empty and holds no white space, Srcset's output parses back into
// the same candidates (resolution is idempotent), and Link returns only
// absolute http(s) URLs that are their own resolution. The golden cases
// seed it.
func FuzzSrcset(f *testing.F) {
	if data, err := os.ReadFile(filepath.Join("testdata", "cases.txt")); err == nil {
		for _, line := range strings.Split(string(data), "\n") {
			if _, base, in, err := parseCase(line); err == nil {
				f.Add(in, base)
			}
		}
	}
	f.Add("a.png 1x, b.png 2x", "https://img.test/p/")
	f.Add("image.php?w=1,2 1x,image.php?w=3,4 2x", "https://img.test/")
	f.Add("a.png (max-width: 10px, 2x) 1x,, ,b.png", "")
	f.Add(" \\\\evil.test\\x 1x", "http://[::1")
	f.Fuzz(func(t *testing.T, value, base string) {
		for _, c := range ParseSrcset(value) {
			if c.URL == "" || strings.ContainsAny(c.URL, " \t\n\r\f") {
				t.Fatalf("ParseSrcset(%q) gave URL %q", value, c.URL)
			}
		}
		out := Srcset(value, base)
		if again := Srcset(out, base); again != out {
			t.Fatalf("Srcset not idempotent on %q, %q: %q then %q", value, base, out, again)
		}
		for _, ref := range []string{value, base} {
			l := Link(ref, base)
			if l == "" {
				continue
			}
			if s := Scheme(l); !WebScheme(s) {
				t.Fatalf("Link(%q, %q) = %q has scheme %q", ref, base, l, s)
			}
			if again := Link(l, ""); again != l {
				t.Fatalf("Link(%q, %q) = %q, which resolves to %q", ref, base, l, again)
			}
		}
	})
}
