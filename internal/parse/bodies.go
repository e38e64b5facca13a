package parse

import (
	"bytes"
	"html"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/mmcdole/gofeed/atom"
	"github.com/mmcdole/gofeed/rss"
)

// Body extraction spares gofeed the bulk of its work. Entry bodies (RSS
// <description> and <content:encoded>, Atom <content> and <summary>) carry
// kilobytes of escaped HTML that encoding/xml decodes byte by byte inside
// gofeed, only for gofeed to discard the decoded text and keep the raw inner
// XML, which it then trims and decodes itself. When the fast scan accepted
// the document it has already located every body, so each one is cut out of
// the bytes gofeed sees, replaced by a short placeholder, and the field that
// comes back holding that placeholder is set to what gofeed would have made
// of the raw bytes (gofeedText). Anything unusual leaves the body, or the
// whole document, to gofeed; and should gofeed's result not hold every
// placeholder exactly where the scan expects it, gofeed runs again on the
// untouched document, so the outcome never depends on the shortcut.

// extractionOptions tune the shortcut for one parse. The zero value, which
// every caller outside this package gets, takes it and counts nothing.
type extractionOptions struct {
	// off parses on the plain path only, for tests comparing both paths.
	off bool
	// stats, when set, counts what the shortcut did, for tests to prove
	// it is taken.
	stats *extractionStats
}

// extractionStats counts the documents and bodies whose extraction was
// confirmed by gofeed's result, and the documents where it was planned but
// abandoned for a second, plain gofeed run.
type extractionStats struct {
	docs, bodies, abandoned int64
}

// placeholderPrefix starts every placeholder. A document already holding it
// anywhere is left alone, so a placeholder can only come from extraction.
const placeholderPrefix = "tributary-extracted-body-"

// nsContent is the namespace gofeed recognises content:encoded by.
const nsContent = "http://purl.org/rss/1.0/modules/content/"

// bodySlot names an entry field gofeed fills from an element's raw inner
// XML and the adapter reads.
type bodySlot uint8

const (
	slotDescription bodySlot = iota // RSS item <description>: Item.Description
	slotEncoded                     // RSS item <content:encoded>: Item.Content
	slotSummary                     // Atom entry <summary>: Entry.Summary
	slotContent                     // Atom entry <content>: Entry.Content.Value
	numSlots
)

// bodySpan is one body element the fast scan met.
type bodySpan struct {
	node       *nodeInfo // the entry it belongs to
	slot       bodySlot
	start, end int  // the element's inner content, data[start:end]
	ok         bool // closed, and still safe to extract
}

// bodyScan is what scanXMLFast records about entry bodies when asked to,
// beside its scanResult.
type bodyScan struct {
	spans []bodySpan
	// open indexes the body element whose content is being read, or is -1.
	// Extractable bodies hold no child markup, so it never needs a stack.
	open int
	// unsure reports something that makes the whole document unsafe to
	// extract from: an xml:base the scan could not blank, which would make
	// gofeed resolve links inside Atom HTML.
	unsure bool
}

// newBodyScan returns an empty bodyScan with no body open.
func newBodyScan() *bodyScan {
	return &bodyScan{open: -1}
}

// bodyMarkup is called for the markup at data[i] ('<') while a body element
// is open: its end tag closes the body; a CDATA section is part of it; any
// other markup (a child element, comment or processing instruction) would
// make gofeed's inner XML more than text, so the body is left to gofeed.
func (s *fastScanner) bodyMarkup(i int) {
	b := s.bodies
	switch {
	case s.data[i+1] == '/':
		// With no child element open, this can only be the body's own end
		// tag, or a mismatch that fails the whole scan.
		b.spans[b.open].end = i
		b.spans[b.open].ok = true
	case bytes.HasPrefix(s.data[i:], []byte("<![CDATA[")):
		return
	}
	b.open = -1
}

// noteBody is called for every start tag directly inside an entry, whose
// frame is entry, with the element's lower-case local name, namespace and
// nativeness; data[end] is the first byte after the start tag, and s.attrs
// still holds its attributes. It records the bodies worth extracting and
// spoils any body that occurs twice in an entry: gofeed keeps the last, so
// an earlier placeholder would go missing.
func (s *fastScanner) noteBody(entry *fastFrame, lname, space string, native bool, end int, empty bool) {
	slot, ok := s.bodySlotFor(lname, space, native)
	if !ok {
		return
	}
	b := s.bodies
	switch prev := entry.bodySlots[slot]; {
	case prev > 0:
		b.spans[prev-1].ok = false
		entry.bodySlots[slot] = -1
		return
	case prev < 0:
		return
	}
	entry.bodySlots[slot] = -1
	if empty || !s.bodyAttrsOK(slot, space) {
		return
	}
	b.spans = append(b.spans, bodySpan{node: entry.node, slot: slot, start: end})
	entry.bodySlots[slot] = int32(len(b.spans))
	b.open = len(b.spans) - 1
}

// bodySlotFor tells which slot, if any, gofeed fills from an entry child.
// Any non-native "encoded" counts as content:encoded: gofeed maps it to
// Item.Content whenever its namespace's prefix is "content", which is not
// worth predicting; bodyAttrsOK extracts only the canonical namespace, and a
// rival just makes the slot a duplicate.
func (s *fastScanner) bodySlotFor(lname, space string, native bool) (bodySlot, bool) {
	switch {
	case s.res.kind == kindRSS && native && lname == "description":
		return slotDescription, true
	case s.res.kind == kindRSS && !native && lname == "encoded":
		return slotEncoded, true
	case s.res.kind == kindAtom && native && lname == "summary":
		return slotSummary, true
	case s.res.kind == kindAtom && native && lname == "content":
		return slotContent, true
	}
	return 0, false
}

// bodyAttrsOK reports whether the current start tag, whose namespace is
// space, lets gofeed take the body through the plain trim-and-decode path.
// RSS ignores attributes, but only the standard namespaces are sure to make
// a description native to gofeed. Atom consults type (matched by local name
// in any namespace) and mode, and content may point elsewhere with src, so
// only one unprefixed type and xml:base or xml:lang are allowed, and only
// the types whose path gofeedText mirrors: none, text, html and text/*, but
// never xhtml, whose markup gofeed re-serialises.
func (s *fastScanner) bodyAttrsOK(slot bodySlot, space string) bool {
	switch slot {
	case slotEncoded:
		return space == nsContent
	case slotDescription:
		// gofeed treats the root's own namespace as native only when it
		// is not one it knows for an extension; the scan cannot tell.
		switch space {
		case "", "rss", "rdf", nsRDF, nsRSS10, nsRSS09, nsRSS09Alt:
			return true
		}
		return false
	}
	typ, seen := "", false
	for _, a := range s.attrs {
		switch {
		case string(a.prefix) == "xml" && (string(a.local) == "base" || string(a.local) == "lang"):
		case len(a.prefix) == 0 && string(a.local) == "type" && !seen:
			v, ok := decodeAttr(a.value)
			if !ok {
				return false
			}
			typ, seen = strings.ToLower(v), true
		default:
			return false
		}
	}
	switch {
	case typ == "", typ == "text", typ == "html":
		return true
	case strings.HasPrefix(typ, "text/"):
		return !strings.Contains(typ, "xhtml")
	}
	return false
}

// extractedBody is a body cut out of the document given to gofeed.
type extractedBody struct {
	entry      int // index into scanResult.entries and gofeed's items
	slot       bodySlot
	start, end int // inner content in the original text
}

// extraction is a document with its bodies replaced by placeholders.
type extraction struct {
	src    []byte // the document as it would have gone to gofeed
	text   []byte // the document with placeholders, for gofeed
	bodies []extractedBody
}

// planExtraction decides which bodies to extract from text, which has been
// blanked as it would go to gofeed, and builds the placeholder document. It
// returns nil when there is nothing to extract or the document is unusual.
func planExtraction(text []byte, sc *scanResult, bs *bodyScan) *extraction {
	if bs == nil || bs.unsure || len(bs.spans) == 0 || !utf8DeclOnly(text) ||
		bytes.Contains(text, []byte(placeholderPrefix)) {
		return nil
	}
	entryOf := make(map[*nodeInfo]int, len(sc.entries))
	for i, n := range sc.entries {
		entryOf[n] = i
	}
	ex := &extraction{src: text}
	// The spans, and so ex.bodies, are in document order, as the copy
	// below needs, whatever order sc.entries lists their entries in.
	for _, sp := range bs.spans {
		// Bodies of entries gofeed drops as the scan does (an earlier
		// channel's items) are not worth the bookkeeping.
		i, kept := entryOf[sp.node]
		if sp.ok && kept && sp.end > sp.start {
			ex.bodies = append(ex.bodies, extractedBody{entry: i, slot: sp.slot, start: sp.start, end: sp.end})
		}
	}
	if len(ex.bodies) == 0 {
		return nil
	}
	size := len(text)
	for _, b := range ex.bodies {
		size -= b.end - b.start
	}
	out := make([]byte, 0, size+len(ex.bodies)*(len(placeholderPrefix)+8))
	prev := 0
	for k, b := range ex.bodies {
		out = append(out, text[prev:b.start]...)
		out = append(out, placeholderPrefix...)
		out = strconv.AppendInt(out, int64(k), 10)
		prev = b.end
	}
	ex.text = append(out, text[prev:]...)
	return ex
}

// utf8DeclOnly reports whether every XML declaration in text (normally
// just the one ToUTF8 rewrote) leaves the encoding alone or declares UTF-8.
// encoding/xml obeys the encoding in any <?xml ...?> it meets, even
// mid-document, and would then hand gofeed transcoded body bytes, not the
// ones extraction read. Only the plainest spelling is trusted: the word
// "encoding" once, directly followed by ="utf-8" in either quotes and case.
func utf8DeclOnly(text []byte) bool {
	for p := 0; ; {
		k := bytes.Index(text[p:], []byte("<?xml"))
		if k < 0 {
			return true
		}
		p += k + len("<?xml")
		if p < len(text) && text[p] < utf8.RuneSelf && isNameByte(text[p]) {
			continue // another target, such as xml-stylesheet
		}
		end := bytes.Index(text[p:], []byte("?>"))
		if end < 0 {
			return false
		}
		body := bytes.ToLower(text[p : p+end])
		switch bytes.Count(body, []byte("encoding")) {
		case 0:
		case 1:
			if !bytes.Contains(body, []byte(`encoding="utf-8"`)) && !bytes.Contains(body, []byte(`encoding='utf-8'`)) {
				return false
			}
		default:
			return false
		}
		p += end
	}
}

// placeholderFor reports whether v is exactly the k-th placeholder.
func placeholderFor(v string, k int) bool {
	rest, ok := strings.CutPrefix(v, placeholderPrefix)
	return ok && rest == strconv.Itoa(k)
}

// restoreRSS puts the bodies back into gofeed's items, reporting false if
// any placeholder is not exactly where the scan expects it (f is then
// partly restored and must be discarded).
func (ex *extraction) restoreRSS(f *rss.Feed, sc *scanResult) bool {
	if len(f.Items) != len(sc.entries) {
		return false
	}
	for k, b := range ex.bodies {
		it := f.Items[b.entry]
		var field *string
		switch b.slot {
		case slotDescription:
			field = &it.Description
		case slotEncoded:
			field = &it.Content
		default:
			return false
		}
		if !placeholderFor(*field, k) {
			return false
		}
		*field = gofeedText(ex.src[b.start:b.end])
	}
	return true
}

// restoreAtom is restoreRSS for Atom entries.
func (ex *extraction) restoreAtom(f *atom.Feed, sc *scanResult) bool {
	if len(f.Entries) != len(sc.entries) {
		return false
	}
	for k, b := range ex.bodies {
		en := f.Entries[b.entry]
		var field *string
		switch {
		case b.slot == slotSummary:
			field = &en.Summary
		case b.slot == slotContent && en.Content != nil:
			field = &en.Content.Value
		default:
			return false
		}
		if !placeholderFor(*field, k) {
			return false
		}
		*field = gofeedText(ex.src[b.start:b.end])
	}
	return true
}

// record adds a confirmed or abandoned extraction to stats, if any.
func (ex *extraction) record(stats *extractionStats, confirmed bool) {
	switch {
	case stats == nil:
	case confirmed:
		stats.docs++
		stats.bodies += int64(len(ex.bodies))
	default:
		stats.abandoned++
	}
}

// gofeedText returns what gofeed makes of an element whose raw inner XML is
// raw, for the bodies extraction takes: gofeed's shared.ParseText, which
// is also what its Atom parser does for the types bodyAttrsOK admits (it
// additionally strips a wrapping <div> from html and resolves links against
// xml:base, but a body without CDATA holds no markup at all, and every
// xml:base has been blanked).
func gofeedText(raw []byte) string {
	s := strings.TrimSpace(string(raw))
	if strings.Contains(s, cdataStart) {
		return stripCDATA(s)
	}
	return decodeEntities(s)
}

const (
	cdataStart = "<![CDATA["
	cdataEnd   = "]]>"
)

// stripCDATA mirrors gofeed's shared.StripCDATA: CDATA sections are kept
// verbatim, the text around them is entity-decoded, and an unterminated
// section is decoded with its marker.
func stripCDATA(s string) string {
	var buf strings.Builder
	buf.Grow(len(s))
	for curr := 0; curr < len(s); {
		start := strings.Index(s[curr:], cdataStart)
		if start < 0 {
			buf.WriteString(decodeEntities(s[curr:]))
			break
		}
		start += curr
		buf.WriteString(decodeEntities(s[curr:start]))
		end := strings.Index(s[start+len(cdataStart):], cdataEnd)
		if end < 0 {
			buf.WriteString(decodeEntities(s[start:]))
			break
		}
		end += start + len(cdataStart)
		buf.WriteString(s[start+len(cdataStart) : end])
		curr = end + len(cdataEnd)
	}
	return buf.String()
}

// maxEntityLen is gofeed's bound on how far past an '&' its ';' may be.
const maxEntityLen = 64

// decodeEntities mirrors gofeed's shared.DecodeEntities: an '&' starts an
// entity only when a ';' follows within maxEntityLen bytes with no
// whitespace before it and html.UnescapeString decodes the span using that
// ';'; anything else keeps the '&' literally.
func decodeEntities(s string) string {
	if strings.IndexByte(s, '&') < 0 {
		return s
	}
	var buf strings.Builder
	buf.Grow(len(s))
	data := s
	for len(data) > 0 {
		idx := strings.IndexByte(data, '&')
		if idx < 0 {
			buf.WriteString(data)
			break
		}
		buf.WriteString(data[:idx])
		data = data[idx:]
		window := data
		if len(window) > maxEntityLen {
			window = window[:maxEntityLen]
		}
		end := strings.IndexByte(window, ';')
		if end < 0 && len(window) == len(data) {
			buf.WriteString(data)
			break
		}
		if end < 0 || strings.ContainsAny(data[1:end], " \t\r\n") {
			buf.WriteByte('&')
			data = data[1:]
			continue
		}
		dec, ok := decodeEntitySpan(data[:end+1])
		if !ok {
			buf.WriteByte('&')
			data = data[1:]
			continue
		}
		buf.WriteString(dec)
		data = data[end+1:]
	}
	return buf.String()
}

// commonEntity decodes the references escaped HTML is made of as
// decodeEntitySpan's general path does (TestCommonEntities checks it).
// Trying them first spares two html.UnescapeString calls, each allocating,
// per reference.
func commonEntity(span string) (string, bool) {
	switch span {
	case "&lt;":
		return "<", true
	case "&gt;":
		return ">", true
	case "&amp;":
		return "&", true
	case "&quot;", "&#34;":
		return `"`, true
	case "&apos;", "&#39;":
		return "'", true
	case "&nbsp;":
		return "\u00a0", true
	}
	return "", false
}

// decodeEntitySpan decodes span, an '&' through the next ';', as gofeed's
// DecodeEntities does: ok is false unless html.UnescapeString's result
// depends on the ';', that is, unless the span is one entity.
func decodeEntitySpan(span string) (dec string, ok bool) {
	if dec, ok := commonEntity(span); ok {
		return dec, true
	}
	dec = html.UnescapeString(span)
	return dec, dec != html.UnescapeString(span[:len(span)-1])+";"
}
