// Package parse turns fetched feed bytes into a *feed.Document. It wraps
// github.com/mmcdole/gofeed behind one adapter and closes the gap between
// gofeed and Python's forgiving feedparser around it, never inside it:
// before gofeed runs it decodes any charset to UTF-8, strips DOCTYPEs and
// illegal control characters, bounds nesting depth and repairs truncated
// documents; after it, it resolves xml:base and relative links, re-parses
// dates and normalises authors, titles and content. Links come out
// absolute; content and summary HTML keep their references as written,
// with the base in scope for each (Entry.ContentBase, SummaryBase), for
// normalize to resolve in the pass it makes over the markup anyway.
package parse

import (
	"bytes"
	"errors"
	"fmt"
	"net/url"
	"strings"
	"unicode/utf8"

	"github.com/mmcdole/gofeed/atom"
	"github.com/mmcdole/gofeed/rss"

	"github.com/tributary/tributary/internal/charset"
	"github.com/tributary/tributary/internal/feed"
	"github.com/tributary/tributary/internal/htmltext"
)

// Defaults applied by Options.WithDefaults.
const (
	DefaultMaxEntries    = 10000
	DefaultMaxEntryBytes = 1 << 20
	DefaultMaxDepth      = 512
)

// Options tunes Feed. The zero value is usable: WithDefaults fills in limits.
type Options struct {
	// BaseURL is the URL the document was fetched from (or the user's
	// --base); relative links resolve against it, below any xml:base.
	BaseURL string
	// ContentType is the HTTP Content-Type header, for its charset.
	ContentType string
	// MaxEntries caps the entries read per feed; extra entries are dropped
	// (not an error). Default 10000.
	MaxEntries int
	// MaxEntryBytes caps one entry's Content plus Summary. Larger entries
	// are kept, never dropped: they are truncated at an HTML token boundary
	// (a text run at its last space) with open elements closed. When both
	// are long, Summary keeps at most a quarter of the cap and Content the
	// rest. Default 1 MiB.
	MaxEntryBytes int
	// MaxDepth caps XML element nesting; deeper documents fail with
	// ErrTooDeep before gofeed sees them. Default 512.
	MaxDepth int

	// extraction tunes the body-extraction shortcut (bodies.go); only
	// this package's tests set it.
	extraction extractionOptions
}

// WithDefaults returns o with every unset (zero or negative) limit replaced
// by its default.
func (o Options) WithDefaults() Options {
	if o.MaxEntries <= 0 {
		o.MaxEntries = DefaultMaxEntries
	}
	if o.MaxEntryBytes <= 0 {
		o.MaxEntryBytes = DefaultMaxEntryBytes
	}
	if o.MaxDepth <= 0 {
		o.MaxDepth = DefaultMaxDepth
	}
	return o
}

// ErrNotFeed is wrapped by Feed's error when the bytes are not a feed at all
// (HTML, plain text, other JSON or XML): worth telling apart from a broken
// feed, since the URL may point at a page that links to its feed.
var ErrNotFeed = errors.New("not a feed")

func notFeed(reason string) error {
	return fmt.Errorf("parse: %w (%s)", ErrNotFeed, reason)
}

// Feed parses an RSS 0.9x/1.0/2.0, Atom 0.3/1.0 or JSON Feed document. A
// document cut off before its end still yields the complete entries it
// holds. Every Entry.Link, Document.Link, FeedURL, Hub and enclosure URL is
// an absolute http(s) URL or empty, and every string is valid UTF-8.
func Feed(data []byte, opts Options) (*feed.Document, error) {
	opts = opts.WithDefaults()
	text, err := charset.ToUTF8(data, opts.ContentType)
	if err != nil {
		return nil, fmt.Errorf("parse: %w", err)
	}
	base := parseBase(opts.BaseURL)
	kind, reason := sniffKind(text, false)
	if kind == kindUnknown {
		if rest, k, ok := skipJunkPrefix(text); ok {
			text, kind = rest, k
		}
	}
	var doc *feed.Document
	switch kind {
	case kindJSON:
		doc, err = parseJSONFeed(text, base)
	case kindRSS, kindAtom:
		doc, err = parseXMLFeed(text, base, opts)
	default:
		return nil, notFeed(reason)
	}
	if err != nil {
		return nil, err
	}
	limitDocument(doc, opts)
	return doc, nil
}

func parseXMLFeed(text []byte, base *url.URL, opts Options) (*feed.Document, error) {
	text = charset.StripXMLControls(resolveDoctype(text))
	text = escapeStrayLT(quoteBareAttrs(dropForeignDefaultNamespace(text)))
	doc, retry, err := parseScanned(text, base, opts, true)
	if retry {
		// The fast scan vouches for the markup it read, but gofeed still
		// failed: start over with scanXML, so that a document encoding/xml
		// flags as broken is repaired exactly as it always was.
		doc, _, err = parseScanned(text, base, opts, false)
	}
	return doc, err
}

// parseScanned pre-scans text (with the fast scan first when tryFast is
// set), repairs it if truncated and hands it to gofeed. retry reports that
// gofeed failed on a document the fast scan had accepted. text itself is
// left untouched in that case.
func parseScanned(text []byte, base *url.URL, opts Options, tryFast bool) (doc *feed.Document, retry bool, err error) {
	sc, bodies, fast, err := scanDocument(text, base, opts, tryFast)
	if err != nil {
		if errors.Is(err, errNoRoot) {
			return nil, false, notFeed("truncated before the root element")
		}
		return nil, false, fmt.Errorf("parse: %w", err)
	}
	if sc.kind == kindUnknown {
		return nil, false, notFeed("unknown root element <" + sc.root + ">")
	}
	if sc.truncated {
		if text, err = repairTruncated(text, sc.safeEnd); err != nil {
			return nil, false, notFeed("truncated before the root element")
		}
		if sc, bodies, fast, err = scanDocument(text, base, opts, tryFast); err != nil {
			return nil, false, fmt.Errorf("parse: repaired document: %w", err)
		}
	}
	if fast {
		// Only the fast scan's element bounds are exact: the reference
		// scan's lenient decoder closes mismatched elements where gofeed
		// may not. The cut document is scanned afresh; should that scan
		// disagree in any way, the whole document goes on as it was.
		if cut, ok := withoutExtraEntries(text, sc, opts.MaxEntries); ok {
			csc, cbodies, cfast, cerr := scanDocument(cut, base, opts, tryFast)
			if cerr == nil && cfast && !csc.truncated && len(csc.entries) == opts.MaxEntries {
				text, sc, bodies, fast = cut, csc, cbodies, cfast
			}
		}
	}
	if fast && len(sc.baseSpans) > 0 {
		// Blanking works in place, and a retry needs the xml:base
		// attributes back; they are rare enough for a copy.
		text = bytes.Clone(text)
	}
	blankSpans(text, sc.baseSpans)
	// With the bodies extracted, gofeed gets input, not text. If gofeed
	// fails on it or its result does not confirm the extraction, it runs
	// again on text, so that the outcome is always that of the plain path.
	input, ex := text, planExtraction(text, sc, bodies)
	if ex != nil {
		input = ex.text
	}
	switch sc.kind {
	case kindRSS:
		f, err := (&rss.Parser{}).Parse(bytes.NewReader(input))
		if ex != nil {
			ok := err == nil && ex.restoreRSS(f, sc)
			ex.record(opts.extraction.stats, ok)
			if !ok {
				f, err = (&rss.Parser{}).Parse(bytes.NewReader(text))
			}
		}
		if err != nil {
			return nil, fast, fmt.Errorf("parse rss: %w", err)
		}
		return adaptRSS(f, sc), false, nil
	default:
		f, err := (&atom.Parser{}).Parse(bytes.NewReader(input))
		if ex != nil {
			ok := err == nil && ex.restoreAtom(f, sc)
			ex.record(opts.extraction.stats, ok)
			if !ok {
				f, err = (&atom.Parser{}).Parse(bytes.NewReader(text))
			}
		}
		if err != nil {
			return nil, fast, fmt.Errorf("parse atom: %w", err)
		}
		return adaptAtom(f, sc), false, nil
	}
}

// scanDocument pre-scans text with scanXMLFast when tryFast is set and
// falls back to scanXML, the reference, whenever the fast scan is unsure of
// the document. fast reports which of the two produced sc; bodies, set only
// by the fast scan unless body extraction is off, locates the entry bodies.
func scanDocument(text []byte, base *url.URL, opts Options, tryFast bool) (sc *scanResult, bodies *bodyScan, fast bool, err error) {
	if tryFast {
		if !opts.extraction.off {
			bodies = newBodyScan()
		}
		if sc, err := scanXMLFastBodies(text, base, opts.MaxDepth, bodies); err == nil {
			return sc, bodies, true, nil
		}
	}
	sc, err = scanXML(text, base, opts.MaxDepth)
	return sc, nil, false, err
}

// limitDocument applies the entry limits and guarantees valid UTF-8.
func limitDocument(doc *feed.Document, opts Options) {
	if len(doc.Entries) > opts.MaxEntries {
		doc.Entries = doc.Entries[:opts.MaxEntries]
	}
	doc.Title = validUTF8(doc.Title)
	doc.Link = validUTF8(doc.Link)
	doc.FeedURL = validUTF8(doc.FeedURL)
	doc.ID = validUTF8(doc.ID)
	doc.Author = validUTF8(doc.Author)
	doc.Language = validUTF8(doc.Language)
	doc.Hub = validUTF8(doc.Hub)
	for i := range doc.Entries {
		e := &doc.Entries[i]
		limitEntry(e, opts.MaxEntryBytes)
		e.ID = validUTF8(e.ID)
		e.Link = validUTF8(e.Link)
		e.Title = validUTF8(e.Title)
		e.Content = validUTF8(e.Content)
		e.Summary = validUTF8(e.Summary)
		e.RawPublished = validUTF8(e.RawPublished)
		e.RawUpdated = validUTF8(e.RawUpdated)
		for j := range e.Authors {
			e.Authors[j] = validUTF8(e.Authors[j])
		}
		for j := range e.Categories {
			e.Categories[j] = validUTF8(e.Categories[j])
		}
		for j := range e.Enclosures {
			e.Enclosures[j].URL = validUTF8(e.Enclosures[j].URL)
			e.Enclosures[j].Type = validUTF8(e.Enclosures[j].Type)
		}
	}
}

// limitEntry truncates Content and Summary so together they fit max bytes.
func limitEntry(e *feed.Entry, max int) {
	if len(e.Content)+len(e.Summary) <= max {
		return
	}
	if len(e.Summary) > max/4 && len(e.Content)+max/4 <= max {
		e.Summary = htmltext.TruncateHTML(e.Summary, max-len(e.Content))
	} else if len(e.Summary) > max/4 {
		e.Summary = htmltext.TruncateHTML(e.Summary, max/4)
	}
	e.Content = htmltext.TruncateHTML(e.Content, max-len(e.Summary))
}

// validUTF8 is the last line of defence for the UTF-8 guarantee; the input
// is decoded to UTF-8 up front, so this almost never changes anything.
func validUTF8(s string) string {
	if utf8.ValidString(s) {
		return s
	}
	return strings.ToValidUTF8(s, "\uFFFD")
}
