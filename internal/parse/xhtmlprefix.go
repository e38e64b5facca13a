package parse

import "strings"

// unprefixXHTML reads an xhtml text construct whose div is written with a
// namespace prefix (<h:div xmlns:h="http://www.w3.org/1999/xhtml">). gofeed
// unwraps only an unprefixed div, and HTML has no prefixes, so the
// sanitiser would drop every such element and keep only the words. RFC
// 4287 §3.1.1.3 requires that div to be XHTML, so its prefix names the
// XHTML namespace: the div is unwrapped and the prefix removed from every
// element written with it. Anything else is returned unchanged.
func unprefixXHTML(s string) string {
	t := strings.TrimSpace(s)
	if len(t) < 2 || t[0] != '<' {
		return s
	}
	name := rawTagName([]byte(t[:min(len(t), 256)]))
	prefix, local, ok := strings.Cut(name, ":")
	if !ok || prefix == "" || local != "div" {
		return s
	}
	closing := "</" + prefix + ":div>"
	open := strings.IndexByte(t, '>')
	if open < 0 {
		return s
	}
	if t[open-1] == '/' {
		return "" // <h:div/>: an empty construct
	}
	inner, ok := strings.CutSuffix(t[open+1:], closing)
	if !ok {
		return s
	}
	inner = strings.ReplaceAll(inner, "</"+prefix+":", "</")
	inner = strings.ReplaceAll(inner, "<"+prefix+":", "<")
	return strings.TrimSpace(inner)
}
