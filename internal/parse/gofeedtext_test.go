package parse

import (
	"encoding/json"
	"os"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/mmcdole/gofeed/atom"
	"github.com/mmcdole/gofeed/rss"
	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/encoding/unicode"

	"github.com/tributary/tributary/internal/charset"
)

// gofeedWrapper puts a body in a document, and picks gofeed's decoding of
// it out of gofeed's result.
type gofeedWrapper struct {
	name string
	wrap func(body string) string
	rss  func(f *rss.Feed) string
	atom func(f *atom.Feed) string
}

// gofeedWrappers put a body where gofeed decodes it with the logic
// gofeedText re-implements: every slot body extraction fills, with every
// Atom type bodyAttrsOK admits.
func gofeedWrappers() []gofeedWrapper {
	return []gofeedWrapper{
		{name: "rss description",
			wrap: func(b string) string {
				return `<rss><channel><item><description>` + b + `</description></item></channel></rss>`
			},
			rss: func(f *rss.Feed) string { return f.Items[0].Description }},
		{name: "rss content:encoded",
			wrap: func(b string) string {
				return `<rss xmlns:content="` + nsContent + `"><channel><item><content:encoded>` + b + `</content:encoded></item></channel></rss>`
			},
			rss: func(f *rss.Feed) string { return f.Items[0].Content }},
		{name: "atom summary",
			wrap: func(b string) string {
				return `<feed xmlns="` + nsAtom10 + `"><entry><summary>` + b + `</summary></entry></feed>`
			},
			atom: func(f *atom.Feed) string { return f.Entries[0].Summary }},
		{name: "atom text content",
			wrap: func(b string) string {
				return `<feed xmlns="` + nsAtom10 + `"><entry><content type="text">` + b + `</content></entry></feed>`
			},
			atom: func(f *atom.Feed) string { return f.Entries[0].Content.Value }},
		{name: "atom html content",
			wrap: func(b string) string {
				return `<feed xmlns="` + nsAtom10 + `"><entry><content type="html">` + b + `</content></entry></feed>`
			},
			atom: func(f *atom.Feed) string { return f.Entries[0].Content.Value }},
		{name: "atom text/plain summary",
			wrap: func(b string) string {
				return `<feed xmlns="` + nsAtom10 + `"><entry><summary type="text/plain">` + b + `</summary></entry></feed>`
			},
			atom: func(f *atom.Feed) string { return f.Entries[0].Summary }},
	}
}

// gofeedDecodes runs gofeed itself over body in the given wrapper. ok is
// false when gofeed refuses the document.
func gofeedDecodes(t testing.TB, w gofeedWrapper, body string) (string, bool) {
	t.Helper()
	doc := w.wrap(body)
	if w.rss != nil {
		f, err := (&rss.Parser{}).Parse(strings.NewReader(doc))
		if err != nil || len(f.Items) != 1 {
			return "", false
		}
		return w.rss(f), true
	}
	f, err := (&atom.Parser{}).Parse(strings.NewReader(doc))
	if err != nil || len(f.Entries) != 1 || (strings.Contains(doc, "<content") && f.Entries[0].Content == nil) {
		return "", false
	}
	return w.atom(f), true
}

// TestGofeedTextMatchesGofeed runs gofeed's own decoding over a corpus of
// tricky bodies (entities, CDATA, numeric references, whitespace, odd
// characters) and compares it with gofeedText, the copy body extraction
// uses. A gofeed upgrade that changes how it decodes bodies fails here
// first, instead of drifting silently from the plain path.
func TestGofeedTextMatchesGofeed(t *testing.T) {
	raw, err := os.ReadFile("testdata/gofeed_bodies/corpus.json")
	if err != nil {
		t.Fatal(err)
	}
	var corpus []struct{ Name, Body string }
	if err := json.Unmarshal(raw, &corpus); err != nil {
		t.Fatal(err)
	}
	if len(corpus) < 20 {
		t.Fatalf("corpus has %d bodies, want the full set", len(corpus))
	}
	for _, c := range corpus {
		for _, w := range gofeedWrappers() {
			t.Run(c.Name+"/"+w.name, func(t *testing.T) {
				want, ok := gofeedDecodes(t, w, c.Body)
				if !ok {
					t.Fatalf("gofeed refused the document; the corpus holds only bodies it reads")
				}
				if got := gofeedText([]byte(c.Body)); got != want {
					t.Errorf("gofeedText(%q)\n got %q\nwant %q (gofeed)", c.Body, got, want)
				}
			})
		}
	}
}

// TestCorpusInEveryEncoding puts each corpus body in a whole feed saved in
// several encodings and checks that Feed reads it the same with body
// extraction and without, that is, exactly as gofeed does on the plain
// path, whatever the bytes were before decoding.
func TestCorpusInEveryEncoding(t *testing.T) {
	raw, err := os.ReadFile("testdata/gofeed_bodies/corpus.json")
	if err != nil {
		t.Fatal(err)
	}
	var corpus []struct{ Name, Body string }
	if err := json.Unmarshal(raw, &corpus); err != nil {
		t.Fatal(err)
	}
	encodings := []struct {
		label string
		enc   encoding.Encoding
	}{
		{"utf-8", nil},
		{"iso-8859-1", charmap.ISO8859_1},
		{"windows-1252", charmap.Windows1252},
		{"utf-16", unicode.UTF16(unicode.LittleEndian, unicode.UseBOM)},
	}
	for _, c := range corpus {
		for _, e := range encodings {
			doc := `<?xml version="1.0" encoding="` + e.label + `"?>` + "\n" + rssItems(`<description>`+c.Body+`</description>`, `<content:encoded>`+c.Body+`</content:encoded>`)
			data := []byte(doc)
			if e.enc != nil {
				if data, err = e.enc.NewEncoder().Bytes(data); err != nil {
					continue // a character the encoding cannot hold
				}
			}
			t.Run(c.Name+"/"+e.label, func(t *testing.T) {
				got, err, _ := feedBothWays(t, data, Options{BaseURL: "https://rss.example/feed"})
				if err != nil || len(got.Entries) != 2 {
					t.Fatalf("Feed = %v, %v; want two entries", got, err)
				}
			})
		}
	}
}

// onlyTextAndCDATA reports a body holding no markup but CDATA sections:
// what extraction ever hands gofeedText.
func onlyTextAndCDATA(body string) bool {
	for {
		lt := strings.IndexByte(body, '<')
		if lt < 0 {
			return true
		}
		if !strings.HasPrefix(body[lt:], cdataStart) {
			return false
		}
		end := strings.Index(body[lt+len(cdataStart):], cdataEnd)
		if end < 0 {
			return false
		}
		body = body[lt+len(cdataStart)+end+len(cdataEnd):]
	}
}

// FuzzGofeedText compares gofeedText with gofeed on any body gofeed reads
// that extraction could hand it.
func FuzzGofeedText(f *testing.F) {
	if raw, err := os.ReadFile("testdata/gofeed_bodies/corpus.json"); err == nil {
		var corpus []struct{ Body string }
		if json.Unmarshal(raw, &corpus) == nil {
			for _, c := range corpus {
				f.Add(c.Body, uint8(0))
			}
		}
	}
	wrappers := gofeedWrappers()
	f.Fuzz(func(t *testing.T, body string, wrapper uint8) {
		// Feed hands the scan valid UTF-8 without the control characters
		// XML forbids, and so never extracts anything else.
		if !utf8.ValidString(body) || string(charset.StripXMLControls([]byte(body))) != body || !onlyTextAndCDATA(body) {
			return
		}
		w := wrappers[int(wrapper)%len(wrappers)]
		want, ok := gofeedDecodes(t, w, body)
		if !ok {
			return
		}
		if got := gofeedText([]byte(body)); got != want {
			t.Errorf("%s: gofeedText(%q) = %q, gofeed %q", w.name, body, got, want)
		}
	})
}
