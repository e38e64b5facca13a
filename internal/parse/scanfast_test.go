package parse

import (
	"fmt"
	"io/fs"
	"math/rand/v2"
	"net/url"
	"os"
	"path/filepath"
	"reflect"
	"sort"
	"strings"
	"testing"

	"github.com/tributary/tributary/internal/charset"
)

// eachXMLFixture calls fn with every .xml fixture under testdata,
// subdirectories included, and the options its .opts.json sidecar gives.
func eachXMLFixture(t testing.TB, fn func(path string, data []byte, opts Options)) {
	t.Helper()
	err := filepath.WalkDir("testdata", func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || filepath.Ext(path) != ".xml" {
			return err
		}
		data, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		fn(path, data, fixtureOptions(t, strings.TrimSuffix(path, ".xml")))
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

// fixtureXML returns every .xml fixture under testdata, subdirectories
// included, as raw bytes and as the text parseXMLFeed scans (decoded to
// UTF-8 with its DOCTYPE and control characters stripped), keyed by a name.
func fixtureXML(t testing.TB) map[string][]byte {
	t.Helper()
	docs := map[string][]byte{}
	eachXMLFixture(t, func(path string, data []byte, opts Options) {
		text, err := charset.ToUTF8(data, opts.ContentType)
		if err != nil {
			t.Fatalf("%s: %v", path, err)
		}
		docs[path+" (raw)"] = data
		docs[path] = charset.StripXMLControls(resolveDoctype(text))
	})
	return docs
}

// dumpScan renders a scan result completely and canonically, URLs by their
// String form, for comparing and for readable failures.
func dumpScan(r *scanResult) string {
	if r == nil {
		return "<nil>"
	}
	var b strings.Builder
	fmt.Fprintf(&b, "kind=%d root=%q truncated=%v safeEnd=%d baseSpans=%v (nil %v)\n",
		r.kind, r.root, r.truncated, r.safeEnd, r.baseSpans, r.baseSpans == nil)
	dumpNode(&b, "feed", &r.feed)
	fmt.Fprintf(&b, "%d entries (nil %v)\n", len(r.entries), r.entries == nil)
	for i, e := range r.entries {
		dumpNode(&b, fmt.Sprintf("entry %d", i), e)
	}
	return b.String()
}

func dumpNode(b *strings.Builder, what string, n *nodeInfo) {
	str := func(u *url.URL) string {
		if u == nil {
			return "<nil>"
		}
		return u.String()
	}
	fmt.Fprintf(b, "%s: base=%s about=%q id=%q hasID=%v\n", what, str(n.base), n.about, n.id, n.hasID)
	fmt.Fprintf(b, "  linkBases (nil %v):", n.linkBases == nil)
	for _, u := range n.linkBases {
		fmt.Fprintf(b, " %s", str(u))
	}
	fmt.Fprintf(b, "\n  fields (nil %v):", n.fields == nil)
	keys := make([]string, 0, len(n.fields))
	for k := range n.fields {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		fmt.Fprintf(b, " %s={%s %q}", k, str(n.fields[k].base), n.fields[k].typ)
	}
	b.WriteString("\n")
}

// checkFastScan runs both scans on data and fails if the fast one accepted
// it but disagrees with scanXML. It reports whether the fast scan accepted.
func checkFastScan(t *testing.T, data []byte, base *url.URL, maxDepth int) bool {
	t.Helper()
	fast, err := scanXMLFast(data, base, maxDepth)
	if err != nil {
		if err != errScanUnsure || fast != nil {
			t.Fatalf("scanXMLFast = %v, %v; want a result or errScanUnsure alone", fast, err)
		}
		return false
	}
	want, err := scanXML(data, base, maxDepth)
	if err != nil {
		t.Fatalf("scanXMLFast accepted a document scanXML rejects (%v):\n%s", err, data)
	}
	if got, exp := dumpScan(fast), dumpScan(want); got != exp || !reflect.DeepEqual(fast, want) {
		t.Fatalf("scanXMLFast disagrees with scanXML (base %v, maxDepth %d) on\n%s\ngot:\n%s\nwant:\n%s",
			base, maxDepth, data, got, exp)
	}
	return true
}

var scanTestBases = []string{"", "https://example.com/feeds/main/"}

func scanTestBase(s string) *url.URL {
	if s == "" {
		return nil
	}
	return parseBase(s)
}

// TestScanFastFixtures holds the fast scan to scanXML's results on every
// fixture, and makes sure it does not quietly refuse the ordinary ones.
func TestScanFastFixtures(t *testing.T) {
	docs := fixtureXML(t)
	accepted := map[string]bool{}
	for name, data := range docs {
		for _, b := range scanTestBases {
			for _, depth := range []int{DefaultMaxDepth, 3} {
				ok := checkFastScan(t, data, scanTestBase(b), depth)
				if depth == DefaultMaxDepth && ok {
					accepted[name] = true
				}
			}
		}
	}
	// Plain RSS 2.0, Atom 1.0 and RSS 1.0 must take the fast path, or the
	// comparison above proves nothing.
	for _, name := range []string{
		"testdata/wordpress_rss2.xml", "testdata/substack_rss.xml", "testdata/podcast_itunes.xml",
		"testdata/blogger_atom_xmlbase.xml", "testdata/atom_text_types.xml", "testdata/atom03.xml",
		"testdata/rss10_rdf.xml", "testdata/rss091.xml", "testdata/xmlbase_rss.xml",
		"testdata/bench/wordpress_100k.xml",
	} {
		if _, ok := docs[name]; !ok {
			t.Errorf("fixture %s is missing", name)
		} else if !accepted[name] {
			t.Errorf("scanXMLFast refused %s, an ordinary feed", name)
		}
	}
	t.Logf("fast scan accepted %d of %d fixture texts", len(accepted), len(docs))
}

// scanEdgeCases are small documents probing where a hand-written lexer could
// part ways with encoding/xml. accept says whether the fast scan must take
// the document ('y'), must refuse it ('n') or may do either ('?').
var scanEdgeCases = []struct {
	name   string
	accept byte
	doc    string
}{
	{"rss2 plain", 'y', `<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>T</title><link>/x</link><item><title>a</title><link>/a</link><description>&lt;p&gt;hi &amp; &#8217;bye&lt;/p&gt;</description></item></channel></rss>`},
	{"atom plain", 'y', `<feed xmlns="http://www.w3.org/2005/Atom"><id>urn:feed</id><link href="/"/><entry><id> urn:e1 </id><link rel="alternate" type="text/html" href="a"/><content type="html">&lt;b&gt;x&lt;/b&gt;</content></entry></feed>`},
	{"atom prefixed", 'y', `<a:feed xmlns:a="http://www.w3.org/2005/Atom"><a:id>f</a:id><a:entry><a:id>e</a:id><a:link href="x"/><link href="not native"/></a:entry></a:feed>`},
	{"atom default namespace changes", 'y', `<feed xmlns="http://www.w3.org/2005/Atom"><entry><id>e1</id><x xmlns="urn:other"><id>not an id</id></x><link xmlns="urn:other" href="ext"/></entry><entry xmlns="urn:other"><id>e2</id></entry><entry xmlns=""><id>e3</id></entry></feed>`},
	{"namespace undone at end tag", 'y', `<feed xmlns="http://www.w3.org/2005/Atom"><entry><title xmlns="urn:t"/><id>after</id><link href="l"/></entry></feed>`},
	{"namespace URI with spaces and entities", 'y', `<feed xmlns=" http://www.w3.org/2005/Atom&#x20;"><entry><id>e</id></entry></feed>`},
	{"rss foreign default namespace", 'y', `<rss xmlns="http://example.com/bogus"><channel><item><link>l</link></item><item xmlns="urn:other"><link>m</link></item></channel></rss>`},
	{"rss undeclared prefixes", 'y', `<rss><channel><rss:item><rss:link>a</rss:link></rss:item><foo:item><link>b</link></foo:item><rdf:item rdf:about=" x "/></channel></rss>`},
	{"rss prefix bound elsewhere", 'y', `<rss xmlns:rdf="urn:not-rdf"><channel><rdf:item rdf:about="x"/><item rdf:about="y" about="z"/></channel></rss>`},
	{"rdf about", 'y', `<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/"><channel rdf:about="http://example.com/"><title>c</title><link>http://example.com/</link></channel><item rdf:about="http://example.com/1"><link>/1</link></item><item about="  plain  "><link>/2</link></item></rdf:RDF>`},
	{"rdf items at root and in channel", 'y', `<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"><item rdf:about="r1"/><channel><item rdf:about="c1"/></channel><item rdf:about="r2"/></rdf:RDF>`},
	{"two channels", 'y', `<rss><channel><item><link>a</link></item></channel><channel xml:base="http://c2/"><title>2</title><item><link>b</link></item></channel></rss>`},
	{"xml:base on many levels", 'y', `<feed xmlns="http://www.w3.org/2005/Atom" xml:base="http://example.org/a/b/"><link href="x"/><entry xml:base="../c/"><link xml:base="d/" href="e"/><content xml:base="/f/" type="xhtml"><div xmlns="http://www.w3.org/1999/xhtml" xml:base="g/"><a href="h">h</a></div></content><id>i</id></entry><entry xml:base="//other.example/p/"><link href="q"/></entry><entry xml:base="mailto:x@y"><link href="r"/></entry></feed>`},
	{"xml:base relative with no document base", 'y', `<rss><channel xml:base="rel/"><item xml:base="http://abs.example/x/"><link xml:base="y/">z</link></item></channel></rss>`},
	{"xml:base twice on one element", '?', `<feed xmlns="http://www.w3.org/2005/Atom"><entry xml:base="http://a/" xml:base="b/"><link href="c"/></entry></feed>`},
	{"xml:base with entities", 'y', `<rss><channel xml:base="http://a.example/x?y=1&amp;z=2&#x2F;"><link>l</link></channel></rss>`},
	{"prefix bound to the xml namespace", 'y', `<feed xmlns="http://www.w3.org/2005/Atom" xmlns:x="http://www.w3.org/XML/1998/namespace" x:base="http://b.example/"><link href="l"/></feed>`},
	{"base and type without the xml prefix", 'y', `<feed xmlns="http://www.w3.org/2005/Atom" base="http://nope/" xmlns:e=""><entry><content e:type="HTML" x:type="xhtml">c</content><summary type=" Text ">s</summary></entry></feed>`},
	{"cdata in id", 'y', `<feed xmlns="http://www.w3.org/2005/Atom"><entry><id><![CDATA[ tag:x,2025:&amp;<1> ]]></id></entry><entry><id>a<![CDATA[b]]>c<!-- d --><?pi e?>f<x>g</x>h</id></entry></feed>`},
	{"entities in id", 'y', `<feed xmlns="http://www.w3.org/2005/Atom"><id>&lt;&gt;&amp;&apos;&quot;</id><entry><id>tag:a&amp;b&#x41;&#65;&#x1F600;&#xD800;</id></entry></feed>`},
	{"line ends in id", 'y', "<feed xmlns=\"http://www.w3.org/2005/Atom\"><entry><id>\r\na\r\nb\rc\r&amp;\nd<![CDATA[\r\ne\r]]></id></entry></feed>"},
	{"unknown entity in id", '?', `<feed xmlns="http://www.w3.org/2005/Atom"><entry><id>a&nbsp;b</id></entry></feed>`},
	{"malformed entity in id", '?', `<feed xmlns="http://www.w3.org/2005/Atom"><entry><id>a&amp b &#X41; &#; &</id></entry></feed>`},
	{"unknown entities in skipped text", 'y', `<rss><channel><item><title>a&nbsp;b &copy; & &# &#x; &#99999999999999999999;</title><link>l</link></item></channel></rss>`},
	{"id outside atom", 'y', `<rss><channel><item><id>x</id><guid>g</guid></item></channel></rss>`},
	{"empty and self-closing ids", 'y', `<feed xmlns="http://www.w3.org/2005/Atom"><id/><entry><id></id></entry><entry><id />x</entry></feed>`},
	{"comments and PIs between entries", 'y', `<?xml version="1.0"?><?xml-stylesheet type="text/xsl" href="s.xsl"?><!-- top --><feed xmlns="http://www.w3.org/2005/Atom"><!----><entry><id>1</id></entry><?pi?><!-- a - b --><entry><id>2</id></entry><?xml version='1.0'?></feed>`},
	{"self-closing tags", 'y', `<feed xmlns="http://www.w3.org/2005/Atom"><link href="a"/><entry/><entry><link href="b" /><link/></entry></feed>`},
	{"self-closing root", 'y', `<rss/>`},
	{"single-quoted attributes", 'y', `<feed xmlns='http://www.w3.org/2005/Atom' xml:base='http://q.example/'><entry><link href='a"b'/><content type='html'>x</content></entry></feed>`},
	{"> inside attribute values", 'y', `<rss><channel><item><enclosure url="http://a/b>c" type='x>y'/><link>l</link></item></channel></rss>`},
	{"attributes without spaces between", 'y', `<feed xmlns="http://www.w3.org/2005/Atom"><entry><link rel="x"href="a"/><content type = "html" >c</content ></entry></feed>`},
	{"upper-case names", 'y', `<RSS><Channel><ITEM><Link>a</Link></ITEM></Channel></RSS>`},
	{"uppercase atom", 'y', `<Feed xmlns="http://www.w3.org/2005/Atom"><Entry><ID>x</ID><Link href="a"/></Entry></Feed>`},
	{"atom 0.3", 'y', `<feed version="0.3" xmlns="http://purl.org/atom/ns#"><entry><id>x</id></entry></feed>`},
	{"nested entry", 'y', `<feed xmlns="http://www.w3.org/2005/Atom"><entry><entry><id>inner</id></entry><id>outer</id></entry></feed>`},
	{"item inside item", 'y', `<rss><channel><item><item><link>x</link></item></item></channel></rss>`},
	{"text before root and BOM", 'y', "\uFEFF junk <rss><channel/></rss>"},
	{"junk after root", 'y', `<rss><channel><item/></channel></rss> trailing <junk & ]]> &`},
	{"unknown root", 'y', `<html xml:base="http://h/"><body><rss/></body></html>`},
	{"unknown root, self-closing", 'y', `<opml/>`},
	{"tabs and newlines in tags", 'y', "<rss\n\tversion=\"2.0\"\r\n><channel\n><item\t><link\n>a</link\n></item></channel></rss\n>"},
	{"deep nesting", '?', `<rss><channel><item><description><a><b><c><d><e><f>x</f></e></d></c></b></a></description></item></channel></rss>`},
	{"long names and dots", 'y', `<rss><channel><item><media:content.x-y_z xmlns:media="http://search.yahoo.com/mrss/" url="u"/><link>l</link></item></channel></rss>`},

	// What the fast scan must leave to scanXML.
	{"truncated in an entry", 'n', `<rss><channel><item><title>a</title></item><item><ti`},
	{"truncated in a tag", 'n', `<feed xmlns="http://www.w3.org/2005/Atom"><entry><id>1</id></entry><entry><link href="x`},
	{"truncated in a comment", 'n', `<rss><channel><!-- a`},
	{"truncated in CDATA", 'n', `<rss><channel><item><description><![CDATA[abc`},
	{"truncated in an entity", 'n', `<rss><channel><item><title>a &am`},
	{"no root", 'n', `<?xml version="1.0"?><!-- nothing -->`},
	{"empty", 'n', ``},
	{"mismatched end tag", 'n', `<rss><channel><item><title>a</item></channel></rss>`},
	{"end tag differs in prefix", 'n', `<rss xmlns:a="u" xmlns:b="u"><channel><a:x></b:x></channel></rss>`},
	{"stray end tag before root", 'n', `</x><rss/>`},
	{"doctype", 'n', `<!DOCTYPE rss [<!ENTITY e "x">]><rss><channel><title>&e;</title></channel></rss>`},
	{"unquoted attribute", 'n', `<rss version=2.0><channel/></rss>`},
	{"attribute without value", 'n', `<rss><channel><item><enclosure url="x" hidden/></item></channel></rss>`},
	{"< in attribute value", 'n', `<rss><channel><item><enclosure url="a<b"/></item></channel></rss>`},
	{"]]> in text", 'n', `<rss><channel><item><title>a]]>b</title></item></channel></rss>`},
	{"]]> in text before the root", 'n', `]]><rss/>`},
	{"character reference to NUL", 'n', `<rss><channel><item><title>a&#0;b</title></item></channel></rss>`},
	{"character reference to U+FFFE in an attribute", 'n', `<rss><channel><item><enclosure url="&#xFFFE;"/></item></channel></rss>`},
	{"control character", 'n', "<rss><channel><item><title>a\x01b</title></item></channel></rss>"},
	{"invalid UTF-8", 'n', "<rss><channel><item><title>a\xffb</title></item></channel></rss>"},
	{"U+FFFF", 'n', "<rss><channel><item><title>a\uffffb</title></item></channel></rss>"},
	{"xml 1.1", 'n', `<?xml version="1.1"?><rss/>`},
	{"double dash in comment", 'n', `<rss><!-- a -- b --><channel/></rss>`},
	{"non-ASCII name", 'n', `<rss><channel><item><tïtle>x</tïtle></item></channel></rss>`},
	{"two colons in a name", 'n', `<rss><channel><a:b:c/></channel></rss>`},
	{"stray <", 'n', `<rss><channel><item><title>a < b</title></item></channel></rss>`},
	{"space after <", 'n', `<rss>< channel/></rss>`},
	{"bad empty-element tag", 'n', `<rss><channel/ ></rss>`},
}

func TestScanFastEdgeCases(t *testing.T) {
	for _, tc := range scanEdgeCases {
		t.Run(tc.name, func(t *testing.T) {
			accepted := false
			for _, b := range scanTestBases {
				for _, depth := range []int{DefaultMaxDepth, 1, 2, 5, 8, 9, 10} {
					if checkFastScan(t, []byte(tc.doc), scanTestBase(b), depth) && depth == DefaultMaxDepth {
						accepted = true
					}
				}
			}
			switch {
			case tc.accept == 'y' && !accepted:
				t.Errorf("scanXMLFast refused the document; want it accepted")
			case tc.accept == 'n' && accepted:
				t.Errorf("scanXMLFast accepted the document; want it left to scanXML")
			}
		})
	}
}

// TestParseRetriesAfterFastScan checks the fallback in parseXMLFeed: when
// gofeed fails on a document the fast scan accepted, the result is exactly
// that of the scanXML path, and the caller's text is left as it was.
func TestParseRetriesAfterFastScan(t *testing.T) {
	// gofeed honours the declared encoding and fails on an unknown one,
	// while the scans ignore it (Feed has rewritten the declaration by then).
	text := []byte(`<?xml version="1.0" encoding="x-no-such-charset"?>` +
		`<feed xmlns="http://www.w3.org/2005/Atom" xml:base="http://x.example/"><entry><id>1</id><link href="a"/></entry></feed>`)
	orig := string(text)
	base := parseBase("https://example.com/")
	opts := Options{}.WithDefaults()
	if _, err := scanXMLFast(text, base, opts.MaxDepth); err != nil {
		t.Fatalf("scanXMLFast: %v; the test needs a document it accepts", err)
	}
	_, retry, fastErr := parseScanned(text, base, opts, true)
	if !retry || fastErr == nil {
		t.Fatalf("parseScanned = retry %v, %v; want a gofeed error and a retry", retry, fastErr)
	}
	if string(text) != orig {
		t.Fatalf("text changed by a failed fast attempt:\n%s", text)
	}
	doc, err := parseXMLFeed(text, base, opts)
	slowDoc, _, slowErr := parseScanned([]byte(orig), base, opts, false)
	if fmt.Sprint(err) != fmt.Sprint(slowErr) || !reflect.DeepEqual(doc, slowDoc) {
		t.Errorf("parseXMLFeed = %v, %v; want the scanXML path's %v, %v", doc, err, slowDoc, slowErr)
	}
}

// FuzzScanFast checks that scanXMLFast never panics and, whenever it
// accepts a document, agrees with scanXML exactly.
func FuzzScanFast(f *testing.F) {
	for _, data := range fixtureXML(f) {
		f.Add(data, uint8(0))
	}
	for _, tc := range scanEdgeCases {
		f.Add([]byte(tc.doc), uint8(0))
		f.Add([]byte(tc.doc), uint8(4))
	}
	f.Fuzz(func(t *testing.T, data []byte, depth uint8) {
		maxDepth := DefaultMaxDepth
		if depth > 0 {
			maxDepth = int(depth % 16)
		}
		checkFastScan(t, data, parseBase("https://fuzz.example/a/b/"), maxDepth)
	})
}

// TestScanFastRandomDocs compares the scans on many generated, mostly
// well-formed feeds: byte-level fuzzing rarely produces documents the fast
// scan accepts with nesting, namespaces and xml:base this varied.
func TestScanFastRandomDocs(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	pick := func(s ...string) string { return s[rng.IntN(len(s))] }
	names := []string{"channel", "item", "entry", "id", "link", "title", "content", "summary", "guid",
		"description", "author", "a:id", "a:entry", "a:link", "rdf:item", "x:id", "ID", "Entry", "Item", "div"}
	attrs := []string{
		` xml:base="` + pick("http://b.example/x/", "../up/", "rel/", "/root/", "//h.example/", "?q", "#f", "mailto:m@x") + `"`,
		` xml:base='sub/'`, ` type="html"`, ` type=" XHTML "`, ` a:type="text"`, ` rdf:about="urn:a"`, ` about=" b "`,
		` href="h&amp;i"`, ` xmlns="http://www.w3.org/2005/Atom"`, ` xmlns=""`, ` xmlns="urn:other"`,
		` xmlns:a="http://www.w3.org/2005/Atom"`, ` xmlns:a=""`, ` xmlns:x="http://www.w3.org/XML/1998/namespace"`,
		` x:base="http://x.example/"`, ` rdf:about="&lt;&#65;&gt;"`, ` xml:base="http://e.example/&#x2F;a/"`,
	}
	texts := []string{"text", " &amp; ", "&lt;p&gt;", "&#65;", "&#x1F600;", "<![CDATA[c<d]]>", "<!-- c -->",
		"<?pi x?>", "\r\n", "  ", "&nbsp;", "a]]b", "]]>", "&#0;", "&bogus"}
	var gen func(sb *strings.Builder, depth int)
	gen = func(sb *strings.Builder, depth int) {
		for n := rng.IntN(4); n > 0; n-- {
			if depth > 6 || rng.IntN(3) == 0 {
				sb.WriteString(texts[rng.IntN(len(texts))])
				continue
			}
			name := names[rng.IntN(len(names))]
			sb.WriteString("<" + name)
			for k := rng.IntN(3); k > 0; k-- {
				sb.WriteString(attrs[rng.IntN(len(attrs))])
			}
			if rng.IntN(5) == 0 {
				sb.WriteString("/>")
				continue
			}
			sb.WriteString(">")
			gen(sb, depth+1)
			sb.WriteString("</" + name + ">")
		}
	}
	accepted := 0
	const docs = 3000
	for range docs {
		var sb strings.Builder
		root := pick("rss", "feed", "rdf:RDF", "a:feed", "RSS")
		sb.WriteString(pick("", `<?xml version="1.0"?>`, "<!-- x -->\n"))
		sb.WriteString("<" + root + pick("", ` xmlns="http://www.w3.org/2005/Atom"`, ` xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"`,
			` xmlns:a="http://www.w3.org/2005/Atom" xml:base="http://root.example/r/"`) + ">")
		gen(&sb, 0)
		sb.WriteString("</" + root + ">")
		doc := []byte(sb.String())
		if rng.IntN(10) == 0 {
			doc = doc[:rng.IntN(len(doc))]
		}
		for _, b := range scanTestBases {
			for _, depth := range []int{DefaultMaxDepth, 4} {
				if checkFastScan(t, doc, scanTestBase(b), depth) && depth == DefaultMaxDepth && b == "" {
					accepted++
				}
			}
		}
	}
	// The fast scan must take a fair share, or this compares nothing.
	if accepted < docs/4 {
		t.Errorf("fast scan accepted only %d of %d generated documents", accepted, docs)
	}
	t.Logf("fast scan accepted %d of %d generated documents", accepted, docs)
}
