package parse

import (
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"net/url"
	"strings"
)

// Namespaces the pre-scan needs to tell feed elements from extensions the
// same way gofeed does.
const (
	nsAtom10   = "http://www.w3.org/2005/Atom"
	nsAtom03   = "http://purl.org/atom/ns#"
	nsRDF      = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
	nsRSS10    = "http://purl.org/rss/1.0/"
	nsRSS09    = "http://channel.netscape.com/rdf/simple/0.9/"
	nsRSS09Alt = "http://my.netscape.com/rdf/simple/0.9/"
	nsXML      = "http://www.w3.org/XML/1998/namespace"
	nsXHTML    = "http://www.w3.org/1999/xhtml"
)

// docKind is the format family of a document.
type docKind int

const (
	kindUnknown docKind = iota
	kindRSS             // RSS 0.9x, 2.0 and RDF-based RSS 0.9/1.0
	kindAtom            // Atom 0.3 and 1.0
	kindJSON            // JSON Feed
)

// fieldInfo is what the scan learns about one child element of a feed or
// entry: the xml:base in scope, its type and (Atom 0.3) mode attributes,
// and whether it holds child elements, which make a text construct
// markup whatever it declares (see textconstruct.go).
type fieldInfo struct {
	base     *url.URL
	typ      string
	mode     string
	children bool
}

// nodeInfo is what gofeed does not report about a feed or an entry and the
// adapter needs: the effective xml:base at each place URLs occur, the raw
// identifier text, and rdf:about.
type nodeInfo struct {
	base      *url.URL
	about     string
	id        string
	hasID     bool
	linkBases []*url.URL           // one per native <link> child, in order
	linkRels  []string             // the rel of each of those, lower case ("" when absent)
	fields    map[string]fieldInfo // by lower-case local name; the last one wins, as in gofeed
	// xhtmlBody is the raw inner XML of an RSS item's last xhtml:body,
	// whose markup gofeed flattens to text as it does any extension.
	xhtmlBody string
	// start and end delimit an entry's whole element, data[start:end];
	// end is 0 until the element closes. They let entries beyond
	// Options.MaxEntries be cut out before gofeed sees them (cap.go).
	start, end int
}

func (n *nodeInfo) field(name string) fieldInfo {
	if f, ok := n.fields[name]; ok {
		return f
	}
	return fieldInfo{base: n.base}
}

// linkIsAlternate reports whether the i-th of total links gofeed reported
// points at the page itself: it has no rel or rel="alternate". An RSS
// <link href="..." rel="self"/>, an Atom link written without its prefix,
// is the feed's own address, which gofeed reports as a link all the same.
// Should the counts differ, every link counts as alternate.
func (n *nodeInfo) linkIsAlternate(i, total int) bool {
	if len(n.linkRels) != total {
		return true
	}
	return n.linkRels[i] == "" || n.linkRels[i] == "alternate"
}

// linkRel returns a start tag's rel attribute, trimmed and lower case.
func linkRel(attrs []xml.Attr) string {
	for _, a := range attrs {
		if a.Name.Local == "rel" && a.Name.Space == "" {
			return strings.ToLower(strings.TrimSpace(a.Value))
		}
	}
	return ""
}

// linkBase returns the base for the i-th of total links gofeed reported,
// pairing it with the i-th native <link> the scan saw. Should the counts
// differ, every link gets the node's own base instead of a neighbour's.
func (n *nodeInfo) linkBase(i, total int) *url.URL {
	if len(n.linkBases) == total && n.linkBases[i] != nil {
		return n.linkBases[i]
	}
	return n.base
}

// scanResult is the outcome of the pre-scan of an XML document.
type scanResult struct {
	kind      docKind
	root      string // lower-case local name of the root element
	feed      nodeInfo
	entries   []*nodeInfo // in the order gofeed returns its items/entries
	truncated bool        // the document broke off before its root closed
	safeEnd   int         // offset after which cutting keeps only whole entries
	baseSpans [][2]int    // byte ranges of xml:base attributes
}

type role int

const (
	roleOther role = iota
	roleRoot
	roleContainer // <channel>, or the Atom <feed> root
	roleEntry
	roleField // direct child of a container or entry
)

type frame struct {
	base   *url.URL
	role   role
	node   *nodeInfo // the container or entry a frame belongs to
	isID   bool
	idText strings.Builder
	// isBody marks an item's xhtml:body, whose inner XML starts at bodyStart.
	isBody    bool
	bodyStart int
	field     string // the fields key a recorded field is kept under
}

// isXHTMLBody reports an xhtml:body element, by lower-case local name and
// namespace (or undeclared prefix).
func isXHTMLBody(local, space string) bool {
	return local == "body" && (space == nsXHTML || space == "xhtml")
}

// ErrTooDeep is wrapped by Feed's error when XML nesting exceeds
// Options.MaxDepth.
var ErrTooDeep = errors.New("xml nesting too deep")

// newScanDecoder returns a decoder as lenient as the one gofeed uses. The
// text is UTF-8 by now, so any leftover encoding label is ignored.
func newScanDecoder(data []byte) *xml.Decoder {
	d := xml.NewDecoder(bytes.NewReader(data))
	d.Strict = false
	d.CharsetReader = func(_ string, r io.Reader) (io.Reader, error) { return r, nil }
	return d
}

// scanXML walks the document once, iteratively, before gofeed sees it. It
// enforces maxDepth (gofeed's extension parser recurses per level, so an
// unbounded document could exhaust the stack), finds where a truncated
// document can be cut, records the xml:base in scope for every entry and
// URL-bearing element, and locates xml:base attributes so they can be
// blanked out: the adapter resolves URLs itself, per RFC 3986, instead of
// relying on gofeed's partial and non-standard handling.
func scanXML(data []byte, docBase *url.URL, maxDepth int) (*scanResult, error) {
	res := &scanResult{feed: nodeInfo{base: docBase}}
	var channelEntries, rootEntries []*nodeInfo
	var stack []*frame
	entriesOpen := 0
	rootSpace := ""
	d := newScanDecoder(data)
	for {
		start := d.InputOffset()
		tok, err := d.Token()
		if err != nil {
			if len(stack) == 0 && res.root == "" {
				// A syntax error once the decoder has read every byte is
				// the input running out, not a fault in what it read.
				var syn *xml.SyntaxError
				if errors.Is(err, io.EOF) || errors.As(err, &syn) && d.InputOffset() >= int64(len(data)) {
					return nil, errNoRoot
				}
				return nil, fmt.Errorf("xml: %w", err)
			}
			res.truncated = true
			break
		}
		switch t := tok.(type) {
		case xml.StartElement:
			if len(stack) >= maxDepth {
				return nil, fmt.Errorf("%w: more than %d levels", ErrTooDeep, maxDepth)
			}
			var parent *frame
			base := docBase
			if len(stack) > 0 {
				parent = stack[len(stack)-1]
				base = parent.base
			}
			for _, a := range t.Attr {
				if a.Name.Local == "base" && a.Name.Space == nsXML {
					base = childBase(base, a.Value)
					if s, e, ok := attrSpan(data, int(start), int(d.InputOffset()), "xml:base"); ok {
						res.baseSpans = append(res.baseSpans, [2]int{s, e})
					}
				}
			}
			f := &frame{base: base}
			local := strings.ToLower(t.Name.Local)
			space := strings.TrimSpace(t.Name.Space)
			if parent == nil {
				res.root = local
				rootSpace = space
				switch local {
				case "rss", "rdf":
					res.kind = kindRSS
					f.role = roleRoot
				case "feed":
					res.kind = kindAtom
					f.role = roleContainer
					res.feed.base = base
					f.node = &res.feed
				default:
					return res, nil
				}
				res.safeEnd = int(d.InputOffset())
				stack = append(stack, f)
				continue
			}
			native := isNative(res.kind, space, rootSpace)
			switch {
			case parent.role == roleRoot && native && local == "channel":
				f.role = roleContainer
				res.feed = nodeInfo{base: base, about: rdfAbout(t.Attr)}
				f.node = &res.feed
				channelEntries = nil
			case native && local == "item" && (parent.role == roleRoot || parent.role == roleContainer && res.kind == kindRSS),
				native && local == "entry" && parent.role == roleContainer && res.kind == kindAtom:
				f.role = roleEntry
				f.node = &nodeInfo{base: base, about: rdfAbout(t.Attr), start: int(start)}
				if parent.role == roleRoot {
					rootEntries = append(rootEntries, f.node)
				} else {
					channelEntries = append(channelEntries, f.node)
				}
				entriesOpen++
			case parent.role == roleContainer || parent.role == roleEntry:
				f.role = roleField
				f.node = parent.node
				recordField(f, t, local, native, res.kind)
				if parent.role == roleEntry && res.kind == kindRSS && isXHTMLBody(local, space) {
					f.isBody, f.bodyStart = true, int(d.InputOffset())
				}
			}
			if parent.role == roleField {
				parent.node.childElement(parent.field)
			}
			stack = append(stack, f)
			if entriesOpen == 0 && (f.role == roleContainer || f.role == roleRoot) {
				res.safeEnd = int(d.InputOffset())
			}
		case xml.EndElement:
			if len(stack) == 0 {
				continue
			}
			f := stack[len(stack)-1]
			stack = stack[:len(stack)-1]
			if f.isID {
				f.node.id = strings.TrimSpace(f.idText.String())
				f.node.hasID = true
			}
			if f.isBody && int(start) >= f.bodyStart {
				f.node.xhtmlBody = string(data[f.bodyStart:start])
			}
			if f.role == roleEntry {
				entriesOpen--
				f.node.end = int(d.InputOffset())
			}
			if entriesOpen == 0 {
				res.safeEnd = int(d.InputOffset())
			}
		case xml.CharData:
			if n := len(stack); n > 0 && stack[n-1].isID {
				stack[n-1].idText.Write(t)
			}
		}
		if len(stack) == 0 && res.root != "" {
			// gofeed stops at the root's end tag; so does the scan, and
			// trailing junk after it does not matter.
			break
		}
	}
	res.entries = append(channelEntries, rootEntries...)
	return res, nil
}

// recordField notes what the adapter needs about a direct child of a feed
// or entry.
func recordField(f *frame, t xml.StartElement, local string, native bool, kind docKind) {
	n := f.node
	if native && local == "link" {
		n.linkBases = append(n.linkBases, f.base)
		n.linkRels = append(n.linkRels, linkRel(t.Attr))
	}
	if native && local == "id" && kind == kindAtom {
		f.isID = true
	}
	if native || local == "encoded" {
		if n.fields == nil {
			n.fields = map[string]fieldInfo{}
		}
		typ, mode := "", ""
		for _, a := range t.Attr {
			if a.Name.Local == "type" && a.Name.Space == "" {
				typ = strings.ToLower(strings.TrimSpace(a.Value))
			}
			if a.Name.Local == "mode" && a.Name.Space == "" {
				mode = strings.ToLower(strings.TrimSpace(a.Value))
			}
		}
		n.fields[local] = fieldInfo{base: f.base, typ: typ, mode: mode}
		f.field = local
	}
}

// isNative mirrors gofeed's split between a format's own elements and
// extension elements, which it never treats as items or links.
func isNative(kind docKind, space, rootSpace string) bool {
	switch space {
	case "":
		return true
	case nsAtom10, nsAtom03:
		return kind == kindAtom
	case "rss", "rdf", nsRDF, nsRSS10, nsRSS09, nsRSS09Alt:
		return kind == kindRSS
	}
	// gofeed also accepts the root's own (non-standard) default namespace
	// for RSS, which some generators stamp on <rss>.
	return kind == kindRSS && space == rootSpace
}

func rdfAbout(attrs []xml.Attr) string {
	for _, a := range attrs {
		if a.Name.Local == "about" && (a.Name.Space == nsRDF || a.Name.Space == "" || a.Name.Space == "rdf") {
			return strings.TrimSpace(a.Value)
		}
	}
	return ""
}

// attrSpan finds the attribute called name inside the raw start tag
// data[start:end] and returns its byte range, from the name to the closing
// quote. It lexes attributes properly, so the same text inside another
// attribute's value is never matched.
func attrSpan(data []byte, start, end int, name string) (int, int, bool) {
	if start < 0 || end > len(data) || start >= end || data[start] != '<' {
		return 0, 0, false
	}
	i := start + 1
	for i < end && !isXMLSpace(data[i]) && data[i] != '>' && data[i] != '/' {
		i++
	}
	for i < end {
		for i < end && isXMLSpace(data[i]) {
			i++
		}
		if i >= end || data[i] == '>' || data[i] == '/' {
			return 0, 0, false
		}
		nameStart := i
		for i < end && !isXMLSpace(data[i]) && data[i] != '=' && data[i] != '>' && data[i] != '/' {
			i++
		}
		attrName := string(data[nameStart:i])
		for i < end && isXMLSpace(data[i]) {
			i++
		}
		if i < end && data[i] == '=' {
			i++
			for i < end && isXMLSpace(data[i]) {
				i++
			}
			if i < end && (data[i] == '"' || data[i] == '\'') {
				q := data[i]
				i++
				for i < end && data[i] != q {
					i++
				}
				i++ // past the closing quote
			} else {
				for i < end && !isXMLSpace(data[i]) && data[i] != '>' {
					i++
				}
			}
		}
		if attrName == name && i <= end {
			return nameStart, i, true
		}
		if nameStart == i {
			i++ // a stray character; step over it
		}
	}
	return 0, 0, false
}

// blankSpans overwrites each span with spaces, keeping every other offset
// in the document valid.
func blankSpans(data []byte, spans [][2]int) {
	for _, s := range spans {
		for i := s[0]; i < s[1] && i < len(data); i++ {
			data[i] = ' '
		}
	}
}
