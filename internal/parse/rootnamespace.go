package parse

import (
	"bytes"
	"strings"
)

// dropForeignDefaultNamespace blanks a default namespace declared on an
// <rss> root, or a foreign one on a <feed> or <rdf:RDF> root. RSS 2.0 has
// no namespace, yet some generators write
// <rss xmlns="http://www.w3.org/2005/Atom">, meaning to declare Atom for
// their atom:link; every unprefixed channel and item element then lands in
// that namespace, and gofeed, which keeps Atom-namespaced elements as
// extensions, finds no channel at all. Atom feeds written against a draft
// of the format or with a mistyped namespace
// ("http://www.w3.org/2005/Atom/"), and RSS 1.0 feeds with a mistyped one
// ("http://purl.org/rss/1.0"), lose every element the same way. feedparser
// reads such feeds by their element names, and so does this: with the
// declaration gone, the unprefixed elements are RSS or Atom again.
// Prefixed elements keep their own declarations. data is modified only in
// a copy; the declaration is overwritten with spaces, so every offset in
// the document stays valid.
func dropForeignDefaultNamespace(data []byte) []byte {
	i := 0
	for {
		start, end, kind := prologItem(data, i)
		if kind == 0 {
			i = start
			break
		}
		i = end
	}
	if i >= len(data) || data[i] != '<' {
		return data
	}
	name := strings.ToLower(rawTagName(data[i:min(len(data), i+16)]))
	if name != "rss" && name != "feed" && name != "rdf:rdf" {
		return data
	}
	start, end, ok := attrSpan(data, i, len(data), "xmlns")
	if !ok {
		return data
	}
	switch ns := defaultNamespace(data[start:end]); {
	case ns == "":
		return data
	case name == "feed" && (ns == nsAtom10 || ns == nsAtom03):
		return data
	case name == "rdf:rdf" && (ns == nsRSS10 || ns == nsRSS09 || ns == nsRSS09Alt):
		return data
	}
	out := bytes.Clone(data)
	blankSpans(out, [][2]int{{start, end}})
	return out
}

// defaultNamespace returns the value of an xmlns attribute (attr is the
// whole attribute, name to closing quote), trimmed.
func defaultNamespace(attr []byte) string {
	_, value, _ := bytes.Cut(attr, []byte("="))
	value = bytes.Trim(bytes.TrimSpace(value), `"'`)
	return string(bytes.TrimSpace(value))
}
