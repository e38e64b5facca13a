package parse

import (
	"bytes"
	"net/url"
	"strings"

	"golang.org/x/net/html"
)

// parseBase returns s as a base URL when it is an absolute http(s) URL, the
// only kind against which relative feed links make sense.
func parseBase(s string) *url.URL {
	s = strings.TrimSpace(s)
	if s == "" {
		return nil
	}
	u, err := url.Parse(s)
	if err != nil || !isWebURL(u) {
		return nil
	}
	return u
}

func isWebURL(u *url.URL) bool {
	return (u.Scheme == "http" || u.Scheme == "https") && u.Host != ""
}

// childBase applies an xml:base attribute value to the base in scope. A
// relative xml:base with nothing absolute to resolve it against changes
// nothing: it could only yield relative links.
func childBase(parent *url.URL, attr string) *url.URL {
	attr = strings.TrimSpace(attr)
	ref, err := url.Parse(attr)
	if err != nil {
		return parent
	}
	if parent == nil {
		if isWebURL(ref) {
			return ref
		}
		return nil
	}
	u := parent.ResolveReference(ref)
	if !isWebURL(u) {
		return parent
	}
	return u
}

// resolveRef resolves ref against base per RFC 3986. Absolute references
// come back verbatim, so a URL already written in full is never rewritten.
// With no base, a relative reference is returned unchanged.
func resolveRef(base *url.URL, ref string) string {
	trimmed := strings.TrimSpace(ref)
	if trimmed == "" {
		return ref
	}
	u, err := url.Parse(trimmed)
	if err != nil || u.Scheme != "" || base == nil {
		return ref
	}
	return base.ResolveReference(u).String()
}

// absLink resolves ref and keeps it only if the result is an absolute
// http(s) URL: entry and feed links leave this package usable as-is or not
// at all (a javascript: or relative link would be worse than none).
func absLink(base *url.URL, ref string) string {
	ref = strings.TrimSpace(ref)
	if ref == "" {
		return ""
	}
	abs := resolveRef(base, ref)
	u, err := url.Parse(abs)
	if err != nil || !isWebURL(u) {
		return ""
	}
	return abs
}

// urlAttrs are the HTML attributes holding one URL each; srcset is handled
// separately because it holds a list.
var urlAttrs = map[string]bool{
	"href": true, "src": true, "poster": true, "cite": true, "action": true,
	"background": true, "longdesc": true, "usemap": true, "formaction": true,
	"data": true, "codebase": true, "manifest": true, "icon": true, "xlink:href": true,
}

// resolveHTML makes the relative URLs in an HTML fragment absolute against
// base. It rewrites only the tags that need it and copies every other byte
// through untouched, so markup the tokenizer would normalise stays as the
// feed wrote it.
func resolveHTML(fragment string, base *url.URL) string {
	if base == nil || !strings.ContainsRune(fragment, '<') {
		return fragment
	}
	z := html.NewTokenizer(strings.NewReader(fragment))
	var out bytes.Buffer
	out.Grow(len(fragment) + len(fragment)/8)
	for {
		tt := z.Next()
		if tt == html.ErrorToken {
			break
		}
		if tt != html.StartTagToken && tt != html.SelfClosingTagToken {
			out.Write(z.Raw())
			continue
		}
		raw := append([]byte(nil), z.Raw()...)
		tok := z.Token()
		changed := false
		for i, a := range tok.Attr {
			var v string
			switch {
			case strings.HasPrefix(strings.TrimSpace(a.Val), "#"):
				// An in-page anchor (footnotes, say) points into the
				// content itself wherever it is shown; resolving it against
				// the feed URL would send readers away.
				continue
			case urlAttrs[a.Key]:
				v = resolveRef(base, a.Val)
			case a.Key == "srcset":
				v = resolveSrcset(base, a.Val)
			default:
				continue
			}
			if v != a.Val {
				tok.Attr[i].Val = v
				changed = true
			}
		}
		if changed {
			out.WriteString(tok.String())
		} else {
			out.Write(raw)
		}
	}
	return out.String()
}

// resolveSrcset resolves each candidate URL of a srcset list, keeping the
// width/density descriptors.
func resolveSrcset(base *url.URL, set string) string {
	var out strings.Builder
	rest := set
	first, changed := true, false
	for {
		rest = strings.TrimLeft(rest, " \t\n\r\f,")
		if rest == "" {
			break
		}
		end := strings.IndexAny(rest, " \t\n\r\f")
		if end < 0 {
			end = len(rest)
		}
		u := rest[:end]
		rest = rest[end:]
		descriptor := ""
		if strings.HasSuffix(u, ",") {
			u = strings.TrimRight(u, ",")
		} else if comma := strings.IndexByte(rest, ','); comma >= 0 {
			descriptor = strings.TrimSpace(rest[:comma])
			rest = rest[comma+1:]
		} else {
			descriptor = strings.TrimSpace(rest)
			rest = ""
		}
		if !first {
			out.WriteString(", ")
		}
		first = false
		abs := resolveRef(base, u)
		changed = changed || abs != u
		out.WriteString(abs)
		if descriptor != "" {
			out.WriteByte(' ')
			out.WriteString(descriptor)
		}
	}
	if !changed {
		return set
	}
	return out.String()
}
