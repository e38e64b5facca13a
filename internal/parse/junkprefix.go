package parse

import "bytes"

// maxJunkPrefix bounds how far into a document an XML declaration is
// looked for behind output that does not belong there.
const maxJunkPrefix = 64 << 10

// skipJunkPrefix returns the feed behind output a server printed before
// it: a PHP warning ("<br /><b>Warning</b>: Cannot modify header..."), a
// debug line, stray blank HTML. The feed is recognised by its XML
// declaration, which can only start a document, followed by an RSS or
// Atom root; an HTML page never has both, so it is never taken for a feed.
func skipJunkPrefix(text []byte) ([]byte, docKind, bool) {
	head := text[:min(len(text), maxJunkPrefix)]
	i := bytes.Index(head, []byte("<?xml"))
	if i <= 0 || len(text) < i+6 || !isXMLSpace(text[i+5]) {
		return nil, kindUnknown, false
	}
	rest := text[i:]
	kind, _ := sniffKind(rest, true)
	if kind != kindRSS && kind != kindAtom {
		return nil, kindUnknown, false
	}
	return rest, kind, true
}
