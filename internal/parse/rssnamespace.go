package parse

import "bytes"

// dropRSSDefaultNamespace blanks a default namespace declared on an <rss>
// root. RSS 2.0 has no namespace, yet some generators write
// <rss xmlns="http://www.w3.org/2005/Atom">, meaning to declare Atom for
// their atom:link; every unprefixed channel and item element then lands
// in that namespace, and gofeed, which keeps Atom-namespaced elements as
// extensions, finds no channel at all. feedparser reads such a feed by its
// element names, and so does this: with the declaration gone, the
// unprefixed elements are RSS again. Prefixed elements keep their own
// declarations. data is modified only in a copy; the declaration is
// overwritten with spaces, so every offset in the document stays valid.
func dropRSSDefaultNamespace(data []byte) []byte {
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
	if name := rawTagName(data[i:min(len(data), i+16)]); !bytes.EqualFold([]byte(name), []byte("rss")) {
		return data
	}
	start, end, ok := attrSpan(data, i, len(data), "xmlns")
	if !ok || defaultNamespaceEmpty(data[start:end]) {
		return data
	}
	out := bytes.Clone(data)
	blankSpans(out, [][2]int{{start, end}})
	return out
}

// defaultNamespaceEmpty reports an xmlns="" attribute (attr is the whole
// attribute, name to closing quote), which declares nothing to drop.
func defaultNamespaceEmpty(attr []byte) bool {
	_, value, _ := bytes.Cut(attr, []byte("="))
	value = bytes.Trim(bytes.TrimSpace(value), `"'`)
	return len(bytes.TrimSpace(value)) == 0
}
