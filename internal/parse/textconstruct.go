package parse

import (
	"encoding/base64"
	"html"
	"strings"
	"unicode/utf8"

	"github.com/tributary/tributary/internal/htmltext"
)

// childElement notes that the field recorded under name holds a child
// element. A field the scan did not record ("") is ignored.
func (n *nodeInfo) childElement(name string) {
	if name == "" {
		return
	}
	if fi, ok := n.fields[name]; ok && !fi.children {
		fi.children = true
		n.fields[name] = fi
	}
}

// textKind is how an Atom text construct (title, summary, content) is to
// be read, by what it declares (RFC 4287 §3.1 and §4.1.3.3; Atom 0.3's
// type and mode).
type textKind int

const (
	kindText   textKind = iota // text, text/plain, other text/* and XML media types: literal text
	kindHTML                   // html, text/html: markup, entities decoded by gofeed
	kindXHTML                  // xhtml, application/xhtml+xml, or child elements: the div's children
	kindBase64                 // any other media type, or Atom 0.3 mode="base64"
)

// constructKind classifies a text construct. Child elements make it markup
// whatever it declares, as feedparser reads it (an Atom 0.3 summary with
// undeclared inline markup keeps its markup), except in an XML media type,
// whose content is its child elements: that XML is shown as text.
func constructKind(fi fieldInfo) textKind {
	typ := mediaType(fi.typ)
	switch {
	case fi.mode == "base64":
		return kindBase64
	case fi.children && !htmlType(typ) && !xmlType(typ):
		return kindXHTML
	case typ == "" || typ == "text" || typ == "text/plain":
		return kindText
	case typ == "html" || typ == "text/html":
		return kindHTML
	case typ == "xhtml" || typ == "application/xhtml+xml":
		return kindXHTML
	case strings.HasPrefix(typ, "text/") || xmlType(typ):
		return kindText
	}
	return kindBase64
}

// mediaType drops the parameters of a type attribute ("text/html;
// charset=utf-8").
func mediaType(typ string) string {
	typ, _, _ = strings.Cut(typ, ";")
	return strings.TrimSpace(typ)
}

// htmlType reports the types whose payload is HTML or XHTML markup.
func htmlType(typ string) bool {
	switch typ {
	case "html", "text/html", "xhtml", "application/xhtml+xml":
		return true
	}
	return false
}

// xmlType reports XML media types (RFC 7303): kept as text, not base64.
func xmlType(typ string) bool {
	return strings.HasSuffix(typ, "/xml") || strings.HasSuffix(typ, "+xml")
}

// atomTitle renders an Atom text construct as one line of plain text by
// its declared type: a text title is literal, so "History of the <blink>
// tag" keeps its words; html and xhtml titles lose their markup.
func atomTitle(s string, fi fieldInfo) string {
	switch constructKind(fi) {
	case kindHTML, kindXHTML:
		return htmltext.Line(s)
	case kindBase64:
		payload, isHTML, ok := decodePayload(s, fi)
		switch {
		case !ok:
			return ""
		case isHTML:
			return htmltext.Line(payload)
		}
		return htmltext.CleanLine(payload)
	}
	return htmltext.CleanLine(xmlText(s, fi))
}

// atomContent renders an Atom content or summary as HTML by its declared
// type: markup stays as it is, text is escaped into paragraphs, and a
// base64 payload is decoded and shown when it is HTML or text (an image
// or a PDF inline has nothing to show as text).
func atomContent(s string, fi fieldInfo) string {
	s = strings.TrimSpace(s)
	if s == "" {
		return ""
	}
	switch constructKind(fi) {
	case kindHTML, kindXHTML:
		return s
	case kindText:
		return htmltext.Paragraphs(xmlText(s, fi))
	case kindBase64:
		payload, isHTML, ok := decodePayload(s, fi)
		switch {
		case !ok:
			return ""
		case isHTML:
			return strings.TrimSpace(payload)
		}
		return htmltext.Paragraphs(payload)
	}
	return htmltext.Paragraphs(s)
}

// decodePayload decodes a base64 text construct and reports whether the
// result is HTML (by its declared type) and whether it is text at all.
// gofeed decodes some of these itself (binary media types) and not others
// (Atom 0.3 mode="base64" with a text type, unknown types), so the value
// is decoded only if it still is base64; a value that is not, or that
// decodes to bytes that are not text, is kept if it is text itself.
func decodePayload(s string, fi fieldInfo) (payload string, isHTML, ok bool) {
	typ := mediaType(fi.typ)
	isHTML = htmlType(typ)
	compact := strings.Join(strings.Fields(s), "")
	if b, err := base64.StdEncoding.DecodeString(compact); err == nil && textual(b) {
		return string(b), isHTML, true
	}
	return xmlText(s, fi), isHTML, textual([]byte(s))
}

// xmlText returns the text of a construct whose media type gofeed knows
// neither as text nor as binary (application/xml, application/json...):
// it hands back the inner XML as written, entities and all, where every
// other construct comes back decoded.
// Inner XML with child elements is the XML itself, shown as written.
func xmlText(s string, fi fieldInfo) string {
	switch typ := mediaType(fi.typ); {
	case fi.children, typ == "" || typ == "text" || typ == "html" || strings.HasPrefix(typ, "text/"):
		return s
	}
	return html.UnescapeString(s)
}

// textual reports bytes that are readable text: valid UTF-8 without NUL or
// other control characters but white space.
func textual(b []byte) bool {
	if !utf8.Valid(b) {
		return false
	}
	for _, c := range b {
		if c < 0x20 && c != '\t' && c != '\n' && c != '\r' && c != '\f' || c == 0x7f {
			return false
		}
	}
	return true
}
