package parse

import (
	"bytes"
	"encoding/json"
	"strings"
	"unicode/utf8"

	"github.com/tributary/tributary/internal/charset"
)

// sniffLen is how much of a document Sniff decodes and inspects: the root
// element or a JSON Feed's version sits well inside it.
const sniffLen = 4096

// Sniff reports whether data looks like a feed document (XML whose root is
// rss, feed or rdf:RDF, or a JSON Feed) rather than HTML or text. It
// decodes only the first few kilobytes, so it is cheap enough to run on every
// fetched body, e.g. to decide whether to look for feed links in HTML.
func Sniff(data []byte) bool {
	// A DOCTYPE with a long internal subset (a feed declaring the whole
	// HTML entity set) can push the root past the first few kilobytes: the
	// window then widens, up to maxSniffLen.
	for n := sniffLen; ; n *= 16 {
		head := data
		if len(head) > n {
			head = head[:n]
		}
		text, err := charset.ToUTF8(head, "")
		if err != nil {
			return false
		}
		kind, reason := sniffKind(text, true)
		if kind == kindUnknown {
			if _, k, ok := skipJunkPrefix(text); ok {
				kind = k
			}
		}
		if kind != kindUnknown || reason != reasonNoRoot || len(head) == len(data) || n >= maxSniffLen {
			return kind != kindUnknown
		}
	}
}

// maxSniffLen bounds how far Sniff looks for a root element behind a long
// prolog.
const maxSniffLen = 1 << 20

// reasonNoRoot is sniffKind's reason for text whose prolog runs to its end.
const reasonNoRoot = "ends before its root element"

// sniffKind classifies UTF-8 text by its first significant bytes. When the
// text is not a feed, reason says what it looks like instead, for the error
// message. partial means text may be a prefix of the document.
func sniffKind(text []byte, partial bool) (docKind, string) {
	trimmed := bytes.TrimLeft(text, " \t\r\n\f\v")
	if len(trimmed) == 0 {
		return kindUnknown, "empty document"
	}
	switch trimmed[0] {
	case '{':
		if looksLikeJSONFeed(trimmed, partial) {
			return kindJSON, ""
		}
		return kindUnknown, "JSON but not a JSON Feed"
	case '[':
		return kindUnknown, "JSON but not a JSON Feed"
	case '<':
		return sniffXMLRoot(trimmed)
	}
	if looksBinary(trimmed) {
		return kindUnknown, "looks like binary data"
	}
	return kindUnknown, "looks like plain text"
}

// looksLikeJSONFeed checks for the version URL every JSON Feed carries, or,
// forgivingly, a top-level "items" member.
func looksLikeJSONFeed(text []byte, partial bool) bool {
	head := text
	if len(head) > sniffLen {
		head = head[:sniffLen]
	}
	if bytes.Contains(head, []byte("jsonfeed.org/version")) {
		return true
	}
	if partial {
		text = head
	}
	return topLevelKey(text, "items")
}

// topLevelKey reports whether the JSON object in text has key among its
// own members, not in some nested object: any JSON document can contain an
// "items" somewhere, and only a feed has it at the top. A document cut off
// early still answers for the members it got to.
func topLevelKey(text []byte, key string) bool {
	dec := json.NewDecoder(bytes.NewReader(text))
	if t, err := dec.Token(); err != nil || t != json.Delim('{') {
		return false
	}
	depth := 1
	wantKey := true
	for {
		t, err := dec.Token()
		if err != nil {
			return false
		}
		switch v := t.(type) {
		case json.Delim:
			switch v {
			case '{', '[':
				depth++
			case '}', ']':
				depth--
				if depth == 0 {
					return false
				}
			}
			if depth == 1 {
				wantKey = true
			}
			continue
		case string:
			if depth == 1 && wantKey {
				if v == key {
					return true
				}
				wantKey = false
				continue
			}
		}
		if depth == 1 {
			wantKey = true
		}
	}
}

// sniffXMLRoot finds the root element after the prolog and classifies it.
// The root decides, not the DOCTYPE: generators stamp an HTML or a Netscape
// DOCTYPE on real feeds, and an HTML DOCTYPE only names what a document
// whose root is not a feed looks like.
func sniffXMLRoot(text []byte) (docKind, string) {
	i := 0
	htmlDoctype := false
	for {
		start, end, kind := prologItem(text, i)
		if kind == 0 {
			i = start
			break
		}
		if kind == 'd' && isHTMLDoctype(text[start:end]) {
			htmlDoctype = true
		}
		i = end
	}
	if i >= len(text) && !htmlDoctype {
		return kindUnknown, reasonNoRoot
	}
	kind, reason := classifyRoot(text, i)
	if kind == kindUnknown && htmlDoctype {
		reason = "looks like HTML"
	}
	return kind, reason
}

// classifyRoot classifies the element that should start at text[i].
func classifyRoot(text []byte, i int) (docKind, string) {
	if i >= len(text) || text[i] != '<' {
		return kindUnknown, "looks like plain text"
	}
	name := rawTagName(text[i:])
	local := strings.ToLower(name)
	if c := strings.LastIndexByte(local, ':'); c >= 0 {
		local = local[c+1:]
	}
	switch local {
	case "rss", "rdf":
		return kindRSS, ""
	case "feed":
		return kindAtom, ""
	case "html", "head", "body", "div", "p", "script", "meta", "title", "a", "table", "span":
		return kindUnknown, "looks like HTML"
	case "":
		return kindUnknown, "not XML"
	}
	if !utf8.ValidString(name) || len(name) > 64 {
		return kindUnknown, "not XML"
	}
	return kindUnknown, "unknown root element <" + name + ">"
}

func isHTMLDoctype(decl []byte) bool {
	rest := bytes.TrimLeft(decl[min(9, len(decl)):], " \t\r\n")
	return len(rest) >= 4 && bytes.EqualFold(rest[:4], []byte("html"))
}

// looksBinary reports NUL or other control bytes that text never holds.
func looksBinary(b []byte) bool {
	if len(b) > 512 {
		b = b[:512]
	}
	for _, c := range b {
		if c < 0x20 && c != '\t' && c != '\n' && c != '\r' && c != '\f' {
			return true
		}
	}
	return false
}
