package parse

import (
	"net/url"
	"strings"

	"github.com/tributary/tributary/internal/urlref"
)

// parseBase returns s as a base URL when it is an absolute http(s) URL, the
// only kind against which relative feed links make sense.
func parseBase(s string) *url.URL { return urlref.Base(s) }

func isWebURL(u *url.URL) bool { return urlref.WebScheme(u.Scheme) && u.Host != "" }

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

// absLink resolves ref against base and keeps it only if the result is an
// absolute http(s) URL: entry and feed links leave this package usable
// as-is or not at all (a javascript: or relative link would be worse than
// none).
func absLink(base *url.URL, ref string) string {
	u := urlref.ResolveURL(base, trimEscapedSpace(ref))
	if u == nil || !isWebURL(u) {
		return ""
	}
	return u.String()
}

// baseString is the form in which a base travels with the content it
// applies to: "" when there is none.
func baseString(u *url.URL) string {
	if u == nil {
		return ""
	}
	return u.String()
}

// trimEscapedSpace removes white space around a URL that reached us
// escaped: gofeed parses an attribute URL while an xml:base is in scope
// and hands it back re-serialised, so href="http://a.example/x  " comes
// back as "http://a.example/x%20%20". Space around an attribute's value
// is never part of the URL (the URL parser strips it), so neither is its
// escaped form at either end.
func trimEscapedSpace(ref string) string {
	ref = strings.TrimSpace(ref)
	for strings.HasSuffix(ref, "%20") {
		ref = strings.TrimSpace(ref[:len(ref)-3])
	}
	for strings.HasPrefix(ref, "%20") {
		ref = strings.TrimSpace(ref[3:])
	}
	return ref
}
