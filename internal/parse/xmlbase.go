package parse

import (
	"net/url"
	"strings"
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

// baseString is the form in which a base travels with the content it
// applies to: "" when there is none.
func baseString(u *url.URL) string {
	if u == nil {
		return ""
	}
	return u.String()
}
