// Package urlref resolves the references HTML and feeds carry: a link
// against its base, the way a browser reads it (white space, tabs and
// backslashes repaired as the WHATWG URL parser does), and a srcset
// attribute per the HTML standard's parsing algorithm. It is a leaf: the
// feed parser, the page reader and the sanitiser all resolve through it.
package urlref

import (
	"net/url"
	"strings"
	"unicode"
)

// Resolve returns ref resolved against base, as a string. A relative ref
// stays relative when base is not an absolute http(s) URL (there is
// nothing to resolve it against), an absolute ref keeps its scheme
// whatever it is, and an empty or unparsable ref gives "". Callers that
// will follow or publish the result check its scheme (see Link).
func Resolve(ref, base string) string {
	u := ResolveURL(Base(base), ref)
	if u == nil {
		return ""
	}
	return u.String()
}

// Link resolves ref against base and returns the absolute http(s) URL it
// names, or "" when there is none: an empty ref, a relative ref without an
// absolute http(s) base, or any other scheme (javascript:, vbscript:,
// data:, mailto:, file: ...), since the result is meant to be followed.
func Link(ref, base string) string {
	u := ResolveURL(Base(base), ref)
	if u == nil || !WebScheme(u.Scheme) || u.Host == "" {
		return ""
	}
	return u.String()
}

// WebScheme reports the schemes a followed link may use.
func WebScheme(s string) bool { return s == "http" || s == "https" }

// Base returns base as a URL when it is absolute http(s), else nil: the
// only kind of base against which relative references make sense.
func Base(base string) *url.URL {
	if base == "" {
		return nil
	}
	u, err := url.Parse(Clean(base))
	if err != nil || !WebScheme(u.Scheme) || u.Host == "" {
		return nil
	}
	return u
}

// ResolveURL parses ref and, when it is relative and base is not nil,
// resolves it per RFC 3986. It returns nil for an empty or unparsable ref;
// a relative ref with no base is returned unresolved.
func ResolveURL(base *url.URL, ref string) *url.URL {
	ref = Clean(ref)
	if ref == "" {
		return nil
	}
	u, err := url.Parse(ref)
	if err != nil {
		return nil
	}
	if u.Scheme != "" || base == nil {
		return u
	}
	out := base.ResolveReference(u)
	if u.Host != "" {
		// A scheme-relative ref's authority was parsed without a scheme,
		// which net/url checks less: "//::" parses, "http://::" does not.
		// A result that would not read back is no URL.
		if _, err := url.Parse(out.String()); err != nil {
			return nil
		}
	}
	return out
}

// Clean applies the WHATWG URL parser's input repairs that net/url does
// not: trim C0 controls and white space, drop tabs and newlines, read '\'
// as '/' before any query (for http(s) and relative refs), encode spaces
// and '%' signs that start no escape.
func Clean(s string) string {
	s = strings.TrimFunc(s, func(r rune) bool { return r <= ' ' || unicode.IsSpace(r) })
	if !strings.ContainsAny(s, "\t\n\r\\ %") {
		return s
	}
	s = dropTabsAndNewlines(s)
	if scheme := Scheme(s); scheme == "" || WebScheme(scheme) {
		end := strings.IndexAny(s, "?#")
		if end < 0 {
			end = len(s)
		}
		s = strings.ReplaceAll(s[:end], `\`, "/") + s[end:]
	}
	var b strings.Builder
	b.Grow(len(s))
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c == ' ':
			b.WriteString("%20")
		case c == '%' && !(i+2 < len(s) && IsHex(s[i+1]) && IsHex(s[i+2])):
			b.WriteString("%25")
		default:
			b.WriteByte(c)
		}
	}
	return b.String()
}

// dropTabsAndNewlines removes what the URL parser ignores anywhere in a
// URL, which is how "jav&#x09;ascript:" still runs.
// It works on bytes: invalid UTF-8 elsewhere in the URL stays as it is.
func dropTabsAndNewlines(s string) string {
	if !strings.ContainsAny(s, "\t\n\r") {
		return s
	}
	b := make([]byte, 0, len(s))
	for i := 0; i < len(s); i++ {
		if c := s[i]; c != '\t' && c != '\n' && c != '\r' {
			b = append(b, c)
		}
	}
	return string(b)
}

// IsHex reports an ASCII hexadecimal digit.
func IsHex(c byte) bool {
	return c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F'
}

// Scheme returns the lower-cased scheme a browser would see in v, or ""
// for a relative reference. Like the WHATWG URL parser it ignores leading
// and trailing C0 controls and spaces and every tab and newline.
func Scheme(v string) string {
	v = strings.TrimFunc(v, func(r rune) bool { return r <= 0x20 })
	i := strings.IndexByte(v, ':')
	if i <= 0 {
		return ""
	}
	scheme := dropTabsAndNewlines(v[:i])
	for j, c := range scheme {
		alpha := (c|0x20) >= 'a' && (c|0x20) <= 'z'
		if !alpha && (j == 0 || !(c >= '0' && c <= '9' || c == '+' || c == '-' || c == '.')) {
			return ""
		}
	}
	return strings.ToLower(scheme)
}
