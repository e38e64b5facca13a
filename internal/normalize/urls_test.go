package normalize

import (
	"testing"
)

func TestCanonicalURL(t *testing.T) {
	tests := []struct {
		name, in, want string
	}{
		{"already canonical", "https://example.com/a/b", "https://example.com/a/b"},
		{"http becomes https", "http://example.com/a", "https://example.com/a"},
		{"scheme and host case", "HTTPS://Example.COM/Path", "https://example.com/Path"},
		{"path case kept", "https://example.com/A/b", "https://example.com/A/b"},
		{"www stripped", "https://www.example.com/a", "https://example.com/a"},
		{"www of short host kept", "https://www.com/", "https://www.com/"},
		{"repeated www", "https://www.www.example.com/", "https://example.com/"},
		{"trailing dot in host", "https://example.com./a", "https://example.com/a"},
		{"default http port", "http://example.com:80/a", "https://example.com/a"},
		{"default https port", "https://example.com:443/a", "https://example.com/a"},
		{"other port kept", "https://example.com:8080/a", "https://example.com:8080/a"},
		{"port leading zeros", "https://example.com:0080/a", "https://example.com/a"},
		{"empty port", "https://example.com:/a", "https://example.com/a"},
		{"bad port", "https://example.com:99999/", ""},
		{"fragment dropped", "https://example.com/a#comments", "https://example.com/a"},
		{"empty path", "https://example.com", "https://example.com/"},
		{"trailing slash", "https://example.com/a/b/", "https://example.com/a/b"},
		{"root slash kept", "https://example.com/", "https://example.com/"},
		{"double slashes", "https://example.com//a///b", "https://example.com/a/b"},
		{"dot segments", "https://example.com/a/./b/../c", "https://example.com/a/c"},
		{"encoded dot segments", "https://example.com/a/%2e%2E/c", "https://example.com/c"},
		{"dot segments above root", "https://example.com/../../a", "https://example.com/a"},
		{"unreserved escapes decoded", "https://example.com/%7Euser/%41%62c", "https://example.com/~user/Abc"},
		{"reserved escapes upper-cased", "https://example.com/a%2fb%3a", "https://example.com/a%2Fb%3A"},
		{"non-ASCII escaped", "https://example.com/café", "https://example.com/caf%C3%A9"},
		{"space escaped", "https://example.com/a b", "https://example.com/a%20b"},
		{"stray percent", "https://example.com/100%", "https://example.com/100%25"},
		{"utm removed", "https://example.com/a?utm_source=rss&utm_medium=feed", "https://example.com/a"},
		{"tracking removed, rest sorted", "https://example.com/a?b=2&fbclid=x&a=1&gclid=y", "https://example.com/a?a=1&b=2"},
		{"tracking keys case-insensitive", "https://example.com/?UTM_Campaign=x&Ref=y&id=3", "https://example.com/?id=3"},
		{"more trackers", "https://example.com/?mc_cid=1&mc_eid=2&_hsenc=3&_hsmi=4&igshid=5&yclid=6&msclkid=7&dclid=8&ref_src=9&p=1", "https://example.com/?p=1"},
		{"sorted by key then value", "https://example.com/?b=1&a=2&a=1", "https://example.com/?a=1&a=2&b=1"},
		{"empty query dropped", "https://example.com/a?", "https://example.com/a"},
		{"empty params dropped", "https://example.com/a?&&x=1&", "https://example.com/a?x=1"},
		{"plus kept", "https://example.com/s?q=a+b", "https://example.com/s?q=a+b"},
		{"query escapes normalised", "https://example.com/s?q=%7e%2f%26", "https://example.com/s?q=~%2F%26"},
		{"query with slash and question mark", "https://example.com/s?next=/a?b", "https://example.com/s?next=/a?b"},
		{"user info dropped", "https://user:pass@example.com/a", "https://example.com/a"},
		{"ipv6", "http://[2001:DB8::0:1]:80/a", "https://[2001:db8::1]/a"},
		{"ipv4", "http://127.0.0.1:8080/", "https://127.0.0.1:8080/"},
		{"unicode host lower-cased", "https://BÜCHER.example/", "https://bücher.example/"},
		{"surrounding space and newlines", " \n https://example.com/a\n ", "https://example.com/a"},
		{"backslashes", `https:\\example.com\a\b`, "https://example.com/a/b"},
		{"extra slashes after scheme", "https:///example.com/a", "https://example.com/a"},
		{"query before path", "https://example.com?x=1", "https://example.com/?x=1"},
		{"javascript", "javascript:alert(1)", ""},
		{"mailto", "mailto:a@example.com", ""},
		{"ftp", "ftp://example.com/a", ""},
		{"relative", "/a/b", ""},
		{"no slashes", "https:example.com", ""},
		{"empty", "", ""},
		{"empty host", "https:///", ""},
		{"bad host", "https://exa mple.com/", ""},
		{"host with percent", "https://ex%41mple.com/", ""},
		{"empty label", "https://example..com/", ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := CanonicalURL(tc.in)
			if got != tc.want {
				t.Errorf("CanonicalURL(%q) = %q, want %q", tc.in, got, tc.want)
			}
			if again := CanonicalURL(got); again != got {
				t.Errorf("CanonicalURL not idempotent: %q -> %q -> %q", tc.in, got, again)
			}
		})
	}
}

func TestCanonicalURLEquivalence(t *testing.T) {
	// Spellings a real feed mixes for one post.
	same := []string{
		"http://www.example.com/2025/02/28/post/",
		"https://example.com/2025/02/28/post",
		"https://EXAMPLE.com:443/2025/02/28/post/?utm_source=feedburner&utm_medium=feed#more-123",
		"https://example.com/2025/02/28/./post",
		"https://example.com/2025/02/28/%70ost/",
	}
	want := CanonicalURL(same[0])
	for _, s := range same[1:] {
		if got := CanonicalURL(s); got != want {
			t.Errorf("CanonicalURL(%q) = %q, want %q like %q", s, got, want, same[0])
		}
	}
}

func FuzzCanonicalURL(f *testing.F) {
	for _, s := range []string{
		"https://example.com/a/b", "http://www.example.com:80/a/../b/?utm_source=x&b=2&a=1#f",
		"https://[::1]:8080/%7e", "https://example.com/caf\u00e9?q=a+b&ref=x", "http://a@b@c/",
		"https://example.com/%", "https:\\\\example.com\\a", "https://www.www.x.com/./",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		got := CanonicalURL(s)
		if got == "" {
			return
		}
		if again := CanonicalURL(got); again != got {
			t.Fatalf("CanonicalURL not idempotent: %q -> %q -> %q", s, got, again)
		}
	})
}
