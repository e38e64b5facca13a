package parse

import (
	"bytes"
	"encoding/binary"
	"encoding/xml"
	"errors"
	"net/url"
	"strings"
	"unicode"
	"unicode/utf8"
)

// errScanUnsure is scanXMLFast's only error: the document holds something
// the fast scan cannot promise to read exactly as encoding/xml would, and the
// caller must run scanXML instead. It never means the document is broken.
var errScanUnsure = errors.New("fast xml scan unsure; use scanXML")

// scanXMLFast computes exactly what scanXML computes, for the ordinary
// well-formed documents that make up nearly every feed, at a fraction of the
// cost. scanXML spends nearly all its time in encoding/xml decoding character
// data byte by byte (entries carry kilobytes of escaped HTML), yet it only
// ever reads the text of Atom <id> elements. This scan jumps from one '<' to
// the next with bytes.IndexByte and decodes nothing but names, the few
// attributes the scan consults and <id> text.
//
// Whatever it meets that it is not sure to treat like encoding/xml's
// non-strict decoder (a directive such as DOCTYPE, unquoted or valueless
// attributes, an unknown entity in a value it must decode, a mismatched or
// stray end tag, non-ASCII names, characters encoding/xml rejects, the end of
// input before the root closes, excessive depth, ...) makes it give up with
// errScanUnsure, so that scanXML, the reference, decides. It never returns a
// result scanXML would not.
func scanXMLFast(data []byte, docBase *url.URL, maxDepth int) (*scanResult, error) {
	return scanXMLFastBodies(data, docBase, maxDepth, nil)
}

// scanXMLFastBodies is scanXMLFast that also records the entry bodies in
// bodies, when not nil, for body extraction (see bodies.go).
func scanXMLFastBodies(data []byte, docBase *url.URL, maxDepth int, bodies *bodyScan) (*scanResult, error) {
	if !fastScanSafe(data) {
		return nil, errScanUnsure
	}
	s := &fastScanner{
		data:      data,
		docBase:   docBase,
		maxDepth:  maxDepth,
		res:       &scanResult{feed: nodeInfo{base: docBase}},
		cdataFrom: len(data) + 1, // nothing searched yet
		bodies:    bodies,
	}
	if !s.run() {
		return nil, errScanUnsure
	}
	return s.res, nil
}

// fastFrame is the fast scan's record of an open element: scanXML's frame
// plus what encoding/xml would otherwise track for it.
type fastFrame struct {
	base   *url.URL
	role   role
	node   *nodeInfo
	isID   bool
	idText []byte
	name   []byte // the raw qualified name, which the end tag must repeat
	field  string // as in frame
	nsMark int    // len(fastScanner.ns) before this element's declarations
	// bodySlots tracks an entry's bodies for noteBody: 0 for none seen, k
	// for bodies.spans[k-1], -1 for one that is not to be extracted.
	bodySlots [numSlots]int32
	// isBody and bodyStart are scanXML's frame fields of the same names.
	isBody    bool
	bodyStart int
}

// nsBinding is one xmlns or xmlns:prefix declaration in scope.
type nsBinding struct {
	prefix string // "" for the default namespace
	uri    string
}

// rawAttr is an attribute as written: a name split at its colon and the
// still-escaped value between the quotes.
type rawAttr struct {
	prefix, local, value []byte
}

// fastScanner is the state of one scanXMLFast run. Its fields beyond the
// lexer's mirror scanXML's local variables.
type fastScanner struct {
	data     []byte
	docBase  *url.URL
	maxDepth int

	stack []fastFrame
	ns    []nsBinding // in declaration order; the innermost comes last
	attrs []rawAttr   // the current start tag's attributes
	xattr []xml.Attr  // the current start tag's decoded attributes for rdfAbout/recordField

	// cdataAt is the first "]]>" at or after cdataFrom (len(data) if none),
	// so searching for it costs one pass over the document in total.
	cdataFrom, cdataAt int

	res                         *scanResult
	channelEntries, rootEntries []*nodeInfo
	entriesOpen                 int
	rootSpace                   string
	done                        bool      // the root closed or is not a feed root: stop, as scanXML does
	bodies                      *bodyScan // nil unless recording entry bodies
}

// run lexes the document up to the root's end, reporting false when unsure.
func (s *fastScanner) run() bool {
	data := s.data
	i := 0
	for !s.done {
		lt := bytes.IndexByte(data[i:], '<')
		if lt < 0 {
			return false // input ends before the root closes: truncated or no root
		}
		lt += i
		if lt > i && !s.charData(i, lt) {
			return false
		}
		i = lt
		if i+1 >= len(data) {
			return false
		}
		if s.bodies != nil && s.bodies.open >= 0 {
			s.bodyMarkup(i)
		}
		var ok bool
		switch data[i+1] {
		case '/':
			i, ok = s.endTag(i)
		case '?':
			i, ok = s.procInst(i)
		case '!':
			i, ok = s.bang(i)
		default:
			i, ok = s.startTag(i)
		}
		if !ok {
			return false
		}
	}
	if s.res.kind != kindUnknown {
		s.res.entries = append(s.channelEntries, s.rootEntries...)
	}
	return true
}

// charData handles the text data[i:j]. encoding/xml rejects "]]>" in text;
// everything else it could reject (bad UTF-8, illegal characters, character
// references to them) fastScanSafe has ruled out for the whole document. Only
// Atom <id> text is decoded.
func (s *fastScanner) charData(i, j int) bool {
	if k := s.cdataClose(i); k >= 0 && k < j {
		return false
	}
	if n := len(s.stack); n > 0 && s.stack[n-1].isID {
		f := &s.stack[n-1]
		var ok bool
		if f.idText, ok = appendCharData(f.idText, s.data[i:j], true); !ok {
			return false
		}
	}
	return true
}

// cdataClose returns the offset of the first "]]>" at or after p, or -1.
func (s *fastScanner) cdataClose(p int) int {
	if p < s.cdataFrom || p > s.cdataAt {
		s.cdataFrom = p
		s.cdataAt = len(s.data)
		if k := bytes.Index(s.data[p:], []byte("]]>")); k >= 0 {
			s.cdataAt = p + k
		}
	}
	if s.cdataAt == len(s.data) {
		return -1
	}
	return s.cdataAt
}

// bang handles "<!" at i: a comment or a CDATA section. Anything else is a
// directive (DOCTYPE, ENTITY, ...), which only scanXML handles.
func (s *fastScanner) bang(i int) (int, bool) {
	data := s.data
	switch {
	case bytes.HasPrefix(data[i:], []byte("<!--")):
		// Like encoding/xml, the first "--" must start the closing "-->".
		k := bytes.Index(data[i+4:], []byte("--"))
		if k < 0 {
			return 0, false
		}
		end := i + 4 + k + 2
		if end >= len(data) || data[end] != '>' {
			return 0, false
		}
		return end + 1, true
	case bytes.HasPrefix(data[i:], []byte("<![CDATA[")):
		start := i + len("<![CDATA[")
		k := s.cdataClose(start)
		if k < 0 {
			return 0, false
		}
		if n := len(s.stack); n > 0 && s.stack[n-1].isID {
			f := &s.stack[n-1]
			f.idText, _ = appendCharData(f.idText, data[start:k], false)
		}
		return k + 3, true
	}
	return 0, false
}

// procInst handles "<?" at i: the XML declaration or another processing
// instruction, which the scan skips.
func (s *fastScanner) procInst(i int) (int, bool) {
	data := s.data
	p, ok := lexName(data, i+2)
	if !ok {
		return 0, false
	}
	target := data[i+2 : p]
	p = skipSpace(data, p)
	k := bytes.Index(data[p:], []byte("?>"))
	if k < 0 {
		return 0, false
	}
	if string(target) == "xml" && !xmlDeclVersionOK(data[p:p+k]) {
		return 0, false
	}
	return p + k + 2, true
}

// xmlDeclVersionOK reports whether encoding/xml accepts the version in the
// body of an XML declaration: it refuses any but 1.0. Only the plain forms
// are recognised; anything else is left to scanXML.
func xmlDeclVersionOK(body []byte) bool {
	k := bytes.Index(body, []byte("version="))
	if k < 0 {
		return true
	}
	v := body[k+len("version="):]
	return bytes.HasPrefix(v, []byte(`"1.0"`)) || bytes.HasPrefix(v, []byte(`'1.0'`))
}

// endTag handles "</" at i.
func (s *fastScanner) endTag(i int) (int, bool) {
	data := s.data
	p, _, _, ok := lexQName(data, i+2)
	if !ok {
		return 0, false
	}
	name := data[i+2 : p]
	p = skipSpace(data, p)
	if p >= len(data) || data[p] != '>' {
		return 0, false
	}
	// encoding/xml's non-strict mode closes mismatched elements implicitly
	// and an end tag before the root is an error; scanXML decides both.
	if n := len(s.stack); n == 0 || !bytes.Equal(s.stack[n-1].name, name) {
		return 0, false
	}
	if f := &s.stack[len(s.stack)-1]; f.isBody {
		f.node.xhtmlBody = string(data[f.bodyStart:i])
	}
	s.endElement(p + 1)
	return p + 1, true
}

// endElement closes the innermost element; end is the offset after its end
// tag, or after "/>" for an empty-element tag.
func (s *fastScanner) endElement(end int) {
	f := &s.stack[len(s.stack)-1]
	if f.isID {
		f.node.id = strings.TrimSpace(string(f.idText))
		f.node.hasID = true
	}
	if f.role == roleEntry {
		s.entriesOpen--
		f.node.end = end
	}
	if s.entriesOpen == 0 {
		s.res.safeEnd = end
	}
	s.ns = s.ns[:f.nsMark]
	s.stack = s.stack[:len(s.stack)-1]
	if len(s.stack) == 0 {
		// gofeed stops at the root's end tag; so does the scan.
		s.done = true
	}
}

// startTag handles a start or empty-element tag at i, mirroring scanXML's
// StartElement case.
func (s *fastScanner) startTag(i int) (int, bool) {
	data := s.data
	p, prefix, local, ok := lexQName(data, i+1)
	if !ok {
		return 0, false
	}
	name := data[i+1 : p]
	end, empty, ok := s.lexAttrs(p)
	if !ok {
		return 0, false
	}
	if len(s.stack) >= s.maxDepth {
		return 0, false // scanXML reports ErrTooDeep
	}

	// Namespace declarations apply to the element's own name and
	// attributes, so they go first, as in encoding/xml's Token.
	nsMark := len(s.ns)
	for _, a := range s.attrs {
		isDecl := string(a.prefix) == "xmlns"
		if !isDecl && !(len(a.prefix) == 0 && string(a.local) == "xmlns") {
			continue
		}
		v, ok := decodeAttr(a.value)
		if !ok {
			return 0, false
		}
		key := ""
		if isDecl {
			key = string(a.local)
		}
		s.ns = append(s.ns, nsBinding{prefix: key, uri: v})
	}

	var parent *fastFrame
	base := s.docBase
	if n := len(s.stack); n > 0 {
		parent = &s.stack[n-1]
		base = parent.base
	}
	for _, a := range s.attrs {
		if string(a.local) != "base" || s.translate(a.prefix, a.local, false) != nsXML {
			continue
		}
		v, ok := decodeAttr(a.value)
		if !ok {
			return 0, false
		}
		base = childBase(base, v)
		if bs, be, ok := attrSpan(data, i, end, "xml:base"); ok {
			s.res.baseSpans = append(s.res.baseSpans, [2]int{bs, be})
		} else if s.bodies != nil {
			s.bodies.unsure = true
		}
	}
	f := fastFrame{base: base, name: name, nsMark: nsMark}

	if parent == nil {
		lname := lowerASCII(local)
		space := strings.TrimSpace(s.translate(prefix, local, true))
		s.res.root = lname
		s.rootSpace = space
		switch lname {
		case "rss", "rdf":
			s.res.kind = kindRSS
			f.role = roleRoot
		case "feed":
			s.res.kind = kindAtom
			f.role = roleContainer
			s.res.feed.base = base
			f.node = &s.res.feed
		default:
			s.done = true // not a feed root: scanXML returns at once too
			return end, true
		}
		s.res.safeEnd = end
		return s.push(f, end, empty)
	}

	if parent.role == roleField {
		parent.node.childElement(parent.field)
	}
	// Below a field or an unremarkable element nothing is a feed, entry or
	// field, so the name need not even be resolved: the frame keeps
	// roleOther, as in scanXML.
	if parent.role == roleRoot || parent.role == roleContainer || parent.role == roleEntry {
		lname := lowerASCII(local)
		space := strings.TrimSpace(s.translate(prefix, local, true))
		native := isNative(s.res.kind, space, s.rootSpace)
		switch {
		case parent.role == roleRoot && native && lname == "channel":
			attrs, ok := s.decodedAttrs()
			if !ok {
				return 0, false
			}
			f.role = roleContainer
			s.res.feed = nodeInfo{base: base, about: rdfAbout(attrs)}
			f.node = &s.res.feed
			s.channelEntries = nil
		case native && lname == "item" && (parent.role == roleRoot || parent.role == roleContainer && s.res.kind == kindRSS),
			native && lname == "entry" && parent.role == roleContainer && s.res.kind == kindAtom:
			attrs, ok := s.decodedAttrs()
			if !ok {
				return 0, false
			}
			f.role = roleEntry
			f.node = &nodeInfo{base: base, about: rdfAbout(attrs), start: i}
			if parent.role == roleRoot {
				s.rootEntries = append(s.rootEntries, f.node)
			} else {
				s.channelEntries = append(s.channelEntries, f.node)
			}
			s.entriesOpen++
		case parent.role == roleContainer || parent.role == roleEntry:
			attrs, ok := s.decodedAttrs()
			if !ok {
				return 0, false
			}
			f.role = roleField
			f.node = parent.node
			fr := frame{base: f.base, node: f.node}
			recordField(&fr, xml.StartElement{Attr: attrs}, lname, native, s.res.kind)
			f.isID, f.field = fr.isID, fr.field
			if parent.role == roleEntry && s.res.kind == kindRSS && isXHTMLBody(lname, space) {
				if empty {
					f.node.xhtmlBody = ""
				} else {
					f.isBody, f.bodyStart = true, end
				}
			}
			if s.bodies != nil && parent.role == roleEntry {
				s.noteBody(parent, lname, space, native, end, empty)
			}
		}
	}
	return s.push(f, end, empty)
}

// push opens f, whose start tag ends at end, and closes it again at once
// for an empty-element tag, as encoding/xml reports <a/> as <a></a>.
func (s *fastScanner) push(f fastFrame, end int, empty bool) (int, bool) {
	// Reuse the id buffer of an earlier frame in this slot.
	if n := len(s.stack); n < cap(s.stack) {
		f.idText = s.stack[:n+1][n].idText[:0]
	}
	s.stack = append(s.stack, f)
	if s.entriesOpen == 0 && (f.role == roleContainer || f.role == roleRoot) {
		s.res.safeEnd = end
	}
	if empty {
		s.endElement(end)
	}
	return end, true
}

// lexAttrs reads the attributes of a start tag from p, just after its name,
// into s.attrs and returns the offset after the tag and whether it was an
// empty-element tag. Like encoding/xml it needs no space between
// attributes; unlike its non-strict mode it refuses valueless and unquoted
// attributes, and '<' in a value, which is an error there.
func (s *fastScanner) lexAttrs(p int) (end int, empty, ok bool) {
	data := s.data
	s.attrs = s.attrs[:0]
	for {
		p = skipSpace(data, p)
		if p >= len(data) {
			return 0, false, false
		}
		switch data[p] {
		case '>':
			return p + 1, false, true
		case '/':
			if p+1 < len(data) && data[p+1] == '>' {
				return p + 2, true, true
			}
			return 0, false, false
		}
		q, prefix, local, ok := lexQName(data, p)
		if !ok {
			return 0, false, false
		}
		q = skipSpace(data, q)
		if q >= len(data) || data[q] != '=' {
			return 0, false, false
		}
		q = skipSpace(data, q+1)
		if q >= len(data) || data[q] != '"' && data[q] != '\'' {
			return 0, false, false
		}
		k := bytes.IndexByte(data[q+1:], data[q])
		if k < 0 {
			return 0, false, false
		}
		value := data[q+1 : q+1+k]
		if bytes.IndexByte(value, '<') >= 0 {
			return 0, false, false
		}
		s.attrs = append(s.attrs, rawAttr{prefix: prefix, local: local, value: value})
		p = q + 1 + k + 1
	}
}

// decodedAttrs returns the current tag's attributes that rdfAbout and
// recordField look at (about, type, mode and rel), in order, with their names resolved
// and values decoded as encoding/xml's Token would. The rest are left out:
// those two functions never read them.
func (s *fastScanner) decodedAttrs() ([]xml.Attr, bool) {
	s.xattr = s.xattr[:0]
	for _, a := range s.attrs {
		var local string
		switch string(a.local) {
		case "about":
			local = "about"
		case "type":
			local = "type"
		case "mode":
			local = "mode"
		case "rel":
			local = "rel"
		default:
			continue
		}
		v, ok := decodeAttr(a.value)
		if !ok {
			return nil, false
		}
		s.xattr = append(s.xattr, xml.Attr{
			Name:  xml.Name{Space: s.translate(a.prefix, a.local, false), Local: local},
			Value: v,
		})
	}
	return s.xattr, true
}

// translate resolves a name's prefix to its namespace exactly as
// encoding/xml's (*Decoder).translate does, including its non-strict
// leniency: an undeclared prefix is reported as the namespace itself.
func (s *fastScanner) translate(prefix, local []byte, isElementName bool) string {
	switch {
	case string(prefix) == "xmlns":
		return "xmlns"
	case len(prefix) == 0 && !isElementName:
		return ""
	case string(prefix) == "xml":
		// encoding/xml then looks the URL up as a prefix, which cannot
		// succeed: declared prefixes are names and a URL never is one.
		return nsXML
	case len(prefix) == 0 && string(local) == "xmlns":
		return ""
	}
	for k := len(s.ns) - 1; k >= 0; k-- {
		if s.ns[k].prefix == string(prefix) {
			return s.ns[k].uri
		}
	}
	return string(prefix) // "" for an unprefixed name with no default namespace
}

// isNameByte reports the ASCII bytes encoding/xml allows in names, and
// isNameStart those allowed first. c must be ASCII.
func isNameByte(c byte) bool {
	return isNameStart(c) || '0' <= c && c <= '9' || c == '.' || c == '-'
}

func isNameStart(c byte) bool {
	return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || c == '_' || c == ':'
}

// lexName reads an ASCII XML name at data[p:] and returns the offset after
// it. Names with other characters are refused: encoding/xml's Unicode rules
// for them are not worth reproducing for feeds.
func lexName(data []byte, p int) (int, bool) {
	start := p
	for p < len(data) {
		c := data[p]
		if c >= utf8.RuneSelf {
			return 0, false
		}
		if !isNameByte(c) {
			break
		}
		p++
	}
	// A name running into the end of input is refused with it.
	if p == start || p >= len(data) || !isNameStart(data[start]) {
		return 0, false
	}
	return p, true
}

// lexQName reads a qualified name like lexName and splits it at its colon.
// More than one colon is an error to encoding/xml, and a leading or trailing
// one a special case; both are refused.
func lexQName(data []byte, p int) (end int, prefix, local []byte, ok bool) {
	end, ok = lexName(data, p)
	if !ok {
		return 0, nil, nil, false
	}
	name := data[p:end]
	c := bytes.IndexByte(name, ':')
	if c < 0 {
		return end, nil, name, true
	}
	if c == 0 || c == len(name)-1 || bytes.IndexByte(name[c+1:], ':') >= 0 {
		return 0, nil, nil, false
	}
	return end, name[:c], name[c+1:], true
}

func skipSpace(data []byte, p int) int {
	for p < len(data) && isXMLSpace(data[p]) {
		p++
	}
	return p
}

// lowerASCII returns the lower-case form of an ASCII name as a string.
func lowerASCII(b []byte) string {
	if s, ok := commonName(b); ok {
		return s
	}
	for _, c := range b {
		if 'A' <= c && c <= 'Z' {
			return strings.ToLower(string(b))
		}
	}
	return string(b)
}

// commonName returns the lower-case form of the local names that every
// channel and entry repeats, as generators spell them, so that lowerASCII
// need not allocate a string per element (a switch on string(b) compares
// without converting).
func commonName(b []byte) (string, bool) {
	switch string(b) {
	case "rss":
		return "rss", true
	case "rdf":
		return "rdf", true
	case "feed":
		return "feed", true
	case "channel":
		return "channel", true
	case "item":
		return "item", true
	case "entry":
		return "entry", true
	case "title":
		return "title", true
	case "link":
		return "link", true
	case "description":
		return "description", true
	case "guid":
		return "guid", true
	case "category":
		return "category", true
	case "comments":
		return "comments", true
	case "author":
		return "author", true
	case "creator":
		return "creator", true
	case "encoded":
		return "encoded", true
	case "content":
		return "content", true
	case "summary":
		return "summary", true
	case "id":
		return "id", true
	case "updated":
		return "updated", true
	case "published":
		return "published", true
	case "modified":
		return "modified", true
	case "issued":
		return "issued", true
	case "created":
		return "created", true
	case "name":
		return "name", true
	case "email":
		return "email", true
	case "uri":
		return "uri", true
	case "enclosure":
		return "enclosure", true
	case "source":
		return "source", true
	case "language":
		return "language", true
	case "generator":
		return "generator", true
	case "image":
		return "image", true
	case "url":
		return "url", true
	case "width":
		return "width", true
	case "height":
		return "height", true
	case "subtitle":
		return "subtitle", true
	case "tagline":
		return "tagline", true
	case "rights":
		return "rights", true
	case "copyright":
		return "copyright", true
	case "icon":
		return "icon", true
	case "logo":
		return "logo", true
	case "contributor":
		return "contributor", true
	case "date":
		return "date", true
	case "subject":
		return "subject", true
	case "thumbnail":
		return "thumbnail", true
	case "duration":
		return "duration", true
	case "explicit":
		return "explicit", true
	case "keywords":
		return "keywords", true
	case "ttl":
		return "ttl", true
	case "docs":
		return "docs", true
	case "cloud":
		return "cloud", true
	case "total":
		return "total", true
	case "info":
		return "info", true
	case "items":
		return "items", true
	case "li":
		return "li", true
	case "in-reply-to":
		return "in-reply-to", true
	case "post-id":
		return "post-id", true
	case "RDF":
		return "rdf", true
	case "pubDate":
		return "pubdate", true
	case "lastBuildDate":
		return "lastbuilddate", true
	case "commentRss":
		return "commentrss", true
	case "updatePeriod":
		return "updateperiod", true
	case "updateFrequency":
		return "updatefrequency", true
	case "updateBase":
		return "updatebase", true
	case "managingEditor":
		return "managingeditor", true
	case "webMaster":
		return "webmaster", true
	case "textInput":
		return "textinput", true
	case "Seq":
		return "seq", true
	}
	return "", false
}

// decodeAttr decodes an attribute value as encoding/xml does.
func decodeAttr(raw []byte) (string, bool) {
	if bytes.IndexByte(raw, '&') < 0 && bytes.IndexByte(raw, '\r') < 0 {
		return string(raw), true
	}
	b, ok := appendCharData(nil, raw, true)
	return string(b), ok
}

// appendCharData appends raw character data to dst decoded as encoding/xml
// decodes it: "\r\n" and lone "\r" become "\n" and, when entities is set
// (outside CDATA sections), the five predefined entities and character
// references are replaced. Any other reference makes it report false; the
// non-strict decoder would keep it literally, but such text is rare enough to
// leave to scanXML.
func appendCharData(dst, raw []byte, entities bool) ([]byte, bool) {
	var prev byte
	for k := 0; k < len(raw); k++ {
		c := raw[k]
		switch {
		case c == '&' && entities:
			text, n, ok := decodeReference(raw[k:])
			if !ok {
				return dst, false
			}
			dst = append(dst, text...)
			k += n - 1
			prev = 0 // encoding/xml forgets the previous byte after a reference
			continue
		case c == '\r':
			dst = append(dst, '\n')
		case c == '\n' && prev == '\r':
			// already written as the '\r'
		default:
			dst = append(dst, c)
		}
		prev = c
	}
	return dst, true
}

// decodeReference decodes the entity or character reference at the start of
// b and returns its text and length. It accepts only references that
// encoding/xml replaces.
func decodeReference(b []byte) (string, int, bool) {
	if len(b) > 1 && b[1] == '#' {
		n, size, ok := parseCharRef(b)
		if !ok {
			return "", 0, false
		}
		return string(rune(n)), size, true
	}
	// The entities encoding/xml knows without a DTD.
	for _, e := range [...]struct{ ref, text string }{
		{"&lt;", "<"}, {"&gt;", ">"}, {"&amp;", "&"}, {"&apos;", "'"}, {"&quot;", `"`},
	} {
		if bytes.HasPrefix(b, []byte(e.ref)) {
			return e.text, len(e.ref), true
		}
	}
	return "", 0, false
}

// parseCharRef parses a character reference at the start of b ("&#" is
// already known to be there) the way encoding/xml reads one: a lower-case x
// for hexadecimal, digits, a semicolon, and a value up to unicode.MaxRune
// (encoding/xml keeps larger values, overflowing or not, as literal text).
// ok is false for whatever encoding/xml leaves as literal text. It is
// written out rather than calling strconv, as fastScanSafe runs it on every
// reference in the document.
func parseCharRef(b []byte) (n rune, size int, ok bool) {
	p, base := 2, rune(10)
	if p < len(b) && b[p] == 'x' {
		p, base = 3, 16
	}
	start := p
	for ; p < len(b); p++ {
		c := b[p]
		var d rune
		switch {
		case '0' <= c && c <= '9':
			d = rune(c - '0')
		case base == 16 && 'a' <= c && c <= 'f':
			d = rune(c-'a') + 10
		case base == 16 && 'A' <= c && c <= 'F':
			d = rune(c-'A') + 10
		default:
			goto digitsDone
		}
		if n <= unicode.MaxRune { // once above, it stays above; no overflow
			n = n*base + d
		}
	}
digitsDone:
	if p == start || p >= len(b) || b[p] != ';' || n > unicode.MaxRune {
		return 0, 0, false
	}
	return n, p + 1, true
}

// fastScanSafe reports whether no character data or attribute value in data
// can hold a character encoding/xml rejects: the input is valid UTF-8 with
// no C0 control but tab, LF and CR, no U+FFFE or U+FFFF, and no character
// reference to any of those. The check covers the whole input, markup and
// comments included, so it may refuse more than encoding/xml does, never
// less. In Feed the text has been through charset.ToUTF8 and StripXMLControls, so
// only an odd character reference can fail it.
func fastScanSafe(data []byte) bool {
	if !utf8.Valid(data) || hasC0Control(data) {
		return false
	}
	// U+FFFE and U+FFFF are EF BF BE and EF BF BF.
	for p := 0; ; p++ {
		k := bytes.IndexByte(data[p:], 0xEF)
		if k < 0 {
			break
		}
		p += k
		if p+2 < len(data) && data[p+1] == 0xBF && data[p+2] >= 0xBE {
			return false
		}
	}
	// Character references, found by their '#', which is far rarer than
	// '&' in escaped HTML.
	for p := 1; p < len(data); p++ {
		k := bytes.IndexByte(data[p:], '#')
		if k < 0 {
			break
		}
		p += k
		if data[p-1] != '&' {
			continue
		}
		if n, _, ok := parseCharRef(data[p-1:]); ok && !xmlCharOK(n) {
			return false
		}
	}
	return true
}

// hasC0Control reports whether data holds a byte below 0x20 other than tab,
// LF and CR. It tests eight bytes at a time, looking at single bytes only in
// words that hold some byte below 0x20, mostly line ends.
func hasC0Control(data []byte) bool {
	const (
		ones  = 0x0101010101010101
		highs = 0x8080808080808080
	)
	p := 0
	for ; p+8 <= len(data); p += 8 {
		w := binary.LittleEndian.Uint64(data[p:])
		// Nonzero exactly when some byte of w is below 0x20.
		if (w-0x20*ones)&^w&highs == 0 {
			continue
		}
		for _, c := range data[p : p+8] {
			if c < 0x20 && c != '\t' && c != '\n' && c != '\r' {
				return true
			}
		}
	}
	for _, c := range data[p:] {
		if c < 0x20 && c != '\t' && c != '\n' && c != '\r' {
			return true
		}
	}
	return false
}

// xmlCharOK reports whether encoding/xml accepts the character that the
// reference &#n; stands for (surrogates having become U+FFFD).
func xmlCharOK(r rune) bool {
	if !utf8.ValidRune(r) {
		r = utf8.RuneError
	}
	return r == '\t' || r == '\n' || r == '\r' ||
		r >= 0x20 && r <= 0xD7FF || r >= 0xE000 && r <= 0xFFFD || r >= 0x10000 && r <= unicode.MaxRune
}
