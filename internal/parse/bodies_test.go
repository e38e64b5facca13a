package parse

import (
	"fmt"
	"html"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/tributary/tributary/internal/feed"
)

// feedBothWays parses data with body extraction and without, fails the test
// unless both give the same document and error, and returns what the
// extracting run did.
func feedBothWays(t *testing.T, data []byte, opts Options) (doc *feed.Document, err error, did extractionStats) {
	t.Helper()
	opts.extraction = extractionOptions{stats: &did}
	doc, err = Feed(data, opts)

	opts.extraction = extractionOptions{off: true}
	plain, plainErr := Feed(data, opts)
	if fmt.Sprint(err) != fmt.Sprint(plainErr) {
		t.Fatalf("error with extraction %v, without %v", err, plainErr)
	}
	if !reflect.DeepEqual(doc, plain) {
		t.Fatalf("documents differ\nwith extraction:    %#v\nwithout extraction: %#v", doc, plain)
	}
	return doc, err, did
}

// TestBodyExtractionFixtures checks every XML fixture parses the same with
// and without body extraction, and that the ordinary feeds among them are
// in fact extracted from.
func TestBodyExtractionFixtures(t *testing.T) {
	var total extractionStats
	extracted := map[string]int64{}
	eachXMLFixture(t, func(path string, data []byte, opts Options) {
		t.Run(path, func(t *testing.T) {
			_, _, did := feedBothWays(t, data, opts)
			if did.abandoned != 0 {
				t.Errorf("extraction abandoned %d times", did.abandoned)
			}
			total.docs += did.docs
			total.bodies += did.bodies
			extracted[filepath.ToSlash(path)] = did.bodies
		})
	})
	t.Run("escapedHTMLFeed", func(t *testing.T) {
		_, _, did := feedBothWays(t, escapedHTMLFeed(12), Options{BaseURL: "https://bench.example/feed/"})
		if did.bodies != 24 {
			t.Errorf("extracted %d bodies from 12 entries with summary and content, want 24", did.bodies)
		}
	})
	for _, name := range []string{
		"testdata/bench/wordpress_100k.xml",
		"testdata/wordpress_rss2.xml",
		"testdata/substack_rss.xml",
		"testdata/atom_text_types.xml",
		"testdata/blogger_atom_xmlbase.xml",
		"testdata/rss10_rdf.xml",
	} {
		if extracted[name] == 0 {
			t.Errorf("%s: no body extracted", name)
		}
	}
	t.Logf("extracted %d bodies from %d of %d fixtures", total.bodies, total.docs, len(extracted))
}

const (
	rssHead = `<?xml version="1.0" encoding="UTF-8"?>` + "\n" +
		`<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:dc="http://purl.org/dc/elements/1.1/">` +
		`<channel><title>T</title><link>https://rss.example/</link>`
	rssTail  = `</channel></rss>`
	atomHead = `<?xml version="1.0" encoding="UTF-8"?>` + "\n" +
		`<feed xmlns="http://www.w3.org/2005/Atom"><title>T</title><id>urn:x</id><link href="https://atom.example/"/>`
	atomTail = `</feed>`
)

func rssItems(items ...string) string {
	return rssHead + "<item><title>x</title><link>/p</link>" +
		strings.Join(items, "</item>\n<item><title>x</title><link>/p</link>") + "</item>" + rssTail
}

func atomEntries(entries ...string) string {
	return atomHead + "<entry><id>urn:e</id><title>x</title><link href=\"/p\"/>" +
		strings.Join(entries, "</entry>\n<entry><id>urn:e</id><title>x</title><link href=\"/p\"/>") + "</entry>" + atomTail
}

// bodyCases are hand-written documents for the differential test. bodies
// is how many bodies must be extracted, or -1 where the test does not care.
var bodyCases = []struct {
	name   string
	doc    string
	bodies int64
}{
	{"rss cdata", rssItems(`<description><![CDATA[<p>Hello <b>world</b> &amp; co</p>]]></description>`), 1},
	{"rss escaped", rssItems(`<description>&lt;p&gt;Fish &amp;amp; chips&lt;/p&gt; &#8211; &#x2014; &#39;q&#39; &quot;d&quot; &apos;a&apos;</description>`), 1},
	{"rss html named entities", rssItems(`<description>a&nbsp;b &copy; &hellip; &eacute;&Eacute; &rarr; &notanentity; &amp;nbsp; &lt;br&gt;</description>`), 1},
	{"rss stray ampersands", rssItems(`<description>AT&amp;T &amp; Q&amp;A &amp;copy=2; a&amp;b;c &amp; x;` + strings.Repeat("y", 80) + `; &amp</description>`), 1},
	{"rss raw stray ampersand", rssItems(`<description>fish & chips &amp; AT&T; & ;</description>`), -1},
	{"rss long entity window", rssItems(`<description>&amp;` + strings.Repeat("a", 70) + `; &amp;lt</description>`), 1},
	{"mixed cdata and text", rssItems(`<description>before &amp;lt; <![CDATA[<i>x</i> &amp;]]> mid &lt; <![CDATA[y]]> after</description>`), 1},
	{"whitespace around", rssItems("<description>\n\t  <![CDATA[ <p>x</p> ]]>  \n</description><content:encoded>\r\n  &lt;p&gt;y&lt;/p&gt;\r\n\t</content:encoded>"), 2},
	{"crlf inside", rssItems("<description>line one\r\nline two\rthree &amp;\r\n<![CDATA[a\r\nb]]></description>"), 1},
	{"empty bodies", rssItems(`<description></description>`, `<description/>`, `<description>   </description><content:encoded/>`, `<description><![CDATA[]]></description>`), 2},
	{"both description and content", rssItems(`<description>&lt;p&gt;short&lt;/p&gt;</description><content:encoded><![CDATA[<p>long</p>]]></content:encoded>`), 2},
	{"identical description and content", rssItems(`<description>same</description><content:encoded>same</content:encoded>`), 2},
	{"two descriptions", rssItems(`<description>first</description><description>second &amp; last</description>`, `<description>ok</description>`), 1},
	{"two contents, one odd", rssItems(`<content:encoded>first</content:encoded><content:encoded>a <b>b</b></content:encoded>`), 0},
	{"placeholder in document", rssItems(`<description>tributary-extracted-body-0</description>`, `<description>x</description>`), 0},
	{"placeholder in a title", rssHead + `<item><title>tributary-extracted-body-1</title><description>x</description></item>` + rssTail, 0},
	{"placeholder made by a reference", rssItems(`<description>&lt;p&gt;</description><content:encoded>a</content:encoded><content:encoded>&#116;ributary-extracted-body-0</content:encoded>`), 1},
	{"child element in body", rssItems(`<description>a <b>bold</b> c</description>`, `<description>b</description>`), 1},
	{"comment in body", rssItems(`<description>a <!-- note --> c</description>`), 0},
	{"processing instruction in body", rssItems(`<description>a <?php echo 1; ?> c</description>`), 0},
	{"upper-case names", rssHead + `<item><title>x</title><DESCRIPTION>&lt;b&gt;</DESCRIPTION></item>` + rssTail, 1},
	{"attributes on rss body", rssItems(`<description type="html" xml:lang="en">&lt;i&gt;x&lt;/i&gt;</description>`), 1},
	{"dc description is no body", rssItems(`<dc:description>&lt;i&gt;x&lt;/i&gt;</dc:description>`), 0},
	{"other content prefix", rssItems(`<c:encoded xmlns:c="http://purl.org/rss/1.0/modules/content/">&lt;p&gt;c&lt;/p&gt;</c:encoded>`), 1},
	{"undeclared content prefix", strings.Replace(rssItems(`<content:encoded>&lt;p&gt;c&lt;/p&gt;</content:encoded>`), ` xmlns:content="http://purl.org/rss/1.0/modules/content/"`, "", 1), 0},
	{"native encoded", rssItems(`<encoded>&lt;p&gt;c&lt;/p&gt;</encoded><description>d</description>`), 1},
	{"native and namespaced encoded", rssItems(`<content:encoded>a</content:encoded><encoded xmlns="urn:other">b</encoded>`), 0},
	{"channel description", rssHead + `<description>&lt;b&gt;chan&lt;/b&gt;</description><item><description>i</description></item>` + rssTail, 1},
	{"two channels", `<rss version="2.0"><channel><item><description>gone</description></item></channel><channel><item><description>kept &amp;</description></item></channel></rss>`, 1},
	{"rss 1.0", `<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/"><item rdf:about="https://r.example/0"><description>early</description></item><channel rdf:about="https://r.example/"><title>R</title><link>https://r.example/</link></channel><item rdf:about="https://r.example/1"><description>&lt;b&gt;one&lt;/b&gt;</description></item></rdf:RDF>`, 2},
	{"rss default namespace on root", `<rss xmlns="urn:bogus" version="2.0"><channel><item><description>x &amp; y</description></item></channel></rss>`, 0},
	{"rss canonical namespace on root", `<rss xmlns="http://purl.org/dc/elements/1.1/" version="2.0"><channel><item><description>x &amp; y</description></item></channel></rss>`, 0},
	{"xml:base in rss", `<rss version="2.0" xml:base="https://b.example/a/"><channel><item xml:base="sub/"><description xml:base="deeper/">&lt;a href="x"&gt;x&lt;/a&gt;</description><link>p</link></item></channel></rss>`, 1},
	{"truncated rss", rssHead + `<item><description>&lt;p&gt;whole&lt;/p&gt;</description></item><item><description>cut &lt;p`, 1},
	{"second xml declaration", rssHead + `<?xml version="1.0" encoding="iso-8859-1"?><item><description>caf` + "\u00e9" + `</description></item>` + rssTail, 0},
	{"entity from doctype", `<!DOCTYPE rss [<!ENTITY x "y">]>` + rssItems(`<description>a &x; b</description>`)[len(`<?xml version="1.0" encoding="UTF-8"?>`)+1:], -1},

	{"atom html", atomEntries(`<content type="html">&lt;p&gt;Hi &amp;amp; bye&lt;/p&gt;</content><summary type="html">&lt;b&gt;s&lt;/b&gt;</summary>`), 2},
	{"atom html cdata", atomEntries(`<content type="html"><![CDATA[<div><p>Hi</p></div>]]></content>`), 1},
	{"atom html wrapping div escaped", atomEntries(`<content type="html">&lt;div&gt;&lt;p&gt;Hi&lt;/p&gt;&lt;/div&gt;</content>`), 1},
	{"atom html element child", atomEntries(`<content type="html"><div><p>Hi</p></div></content>`), 0},
	{"atom text", atomEntries(`<content type="text">a &lt; b &amp;&amp; c</content><summary type="text"><![CDATA[x < y]]></summary>`), 2},
	{"atom no type", atomEntries(`<summary>plain &amp; simple</summary><content>body</content>`), 2},
	{"atom upper-case type", atomEntries(`<content type="HTML">&lt;p&gt;x&lt;/p&gt;</content>`), 1},
	{"atom spaced type", atomEntries(`<content type=" html ">&lt;p&gt;x&lt;/p&gt;</content>`), 0},
	{"atom text/html", atomEntries(`<content type="text/html">&lt;p&gt;x&lt;/p&gt;</content><summary type="text/plain">a&amp;b</summary>`), 2},
	{"atom xhtml", atomEntries(`<content type="xhtml"><div xmlns="http://www.w3.org/1999/xhtml"><p>Hi <a href="/x">x</a></p></div></content><summary type="xhtml"><div xmlns="http://www.w3.org/1999/xhtml">s</div></summary>`), 0},
	{"atom xhtml text only", atomEntries(`<content type="xhtml">just &amp; text</content><summary type="application/xhtml+xml">t</summary>`), 0},
	{"atom src", atomEntries(`<content type="html" src="https://atom.example/x">&lt;p&gt;x&lt;/p&gt;</content>`), 0},
	{"atom mode", atomEntries(`<content type="text/html" mode="escaped">&lt;p&gt;x&lt;/p&gt;</content>`), 0},
	{"atom binary", atomEntries(`<content type="image/png">aGVsbG8=</content>`), 0},
	{"atom other attribute", atomEntries(`<content type="html" xmlns:x="urn:x" x:type="text">&lt;p&gt;x&lt;/p&gt;</content>`), 0},
	{"atom two types", atomEntries(`<content type="html" type="text">x</content>`), -1},
	{"atom xml:base", `<feed xmlns="http://www.w3.org/2005/Atom" xml:base="https://b.example/"><entry xml:base="e/"><id>1</id><content type="html" xml:base="c/">&lt;a href="r"&gt;r&lt;/a&gt;</content><summary type="html"><![CDATA[<a href="s">s</a>]]></summary></entry></feed>`, 2},
	{"atom same summary and content", atomEntries(`<content type="html">&lt;p&gt;x&lt;/p&gt;</content><summary type="html">&lt;p&gt;x&lt;/p&gt;</summary>`), 2},
	{"atom two summaries", atomEntries(`<summary>one</summary><summary>two</summary><content>c</content>`), 1},
	{"atom foreign summary", atomEntries(`<x:summary xmlns:x="urn:x">s</x:summary>`), 0},
	{"atom 0.3", `<feed version="0.3" xmlns="http://purl.org/atom/ns#"><entry><id>1</id><content type="text/html" mode="escaped">&lt;p&gt;x&lt;/p&gt;</content><summary>&lt;b&gt;</summary></entry></feed>`, 1},
	{"truncated atom", atomEntries(`<content type="html">&lt;p&gt;whole&lt;/p&gt;</content>`)[:len(atomEntries(`<content type="html">&lt;p&gt;whole&lt;/p&gt;</content>`))-len(atomTail)] + `<entry><id>2</id><content type="html">cut`, 1},
}

// TestBodyExtractionCases checks the hand-written cases parse the same with
// and without extraction, and extract exactly what they are meant to.
func TestBodyExtractionCases(t *testing.T) {
	for _, tc := range bodyCases {
		t.Run(tc.name, func(t *testing.T) {
			_, _, did := feedBothWays(t, []byte(tc.doc), Options{BaseURL: "https://cases.example/feed/"})
			if did.abandoned != 0 {
				t.Errorf("extraction abandoned %d times", did.abandoned)
			}
			if tc.bodies >= 0 && did.bodies != tc.bodies {
				t.Errorf("extracted %d bodies, want %d", did.bodies, tc.bodies)
			}
		})
	}
}

// FuzzBodyExtraction checks that body extraction never changes what Feed
// returns, and never panics.
func FuzzBodyExtraction(f *testing.F) {
	for _, data := range fixtureXML(f) {
		f.Add(data)
	}
	for _, tc := range bodyCases {
		f.Add([]byte(tc.doc))
	}
	f.Add(escapedHTMLFeed(3))
	f.Fuzz(func(t *testing.T, data []byte) {
		feedBothWays(t, data, Options{BaseURL: "https://fuzz.example/feed/", MaxEntryBytes: 4096})
	})
}

// TestCommonEntities checks decodeEntitySpan's shortcut against its general
// path, which mirrors gofeed.
func TestCommonEntities(t *testing.T) {
	for _, span := range []string{"&lt;", "&gt;", "&amp;", "&quot;", "&apos;", "&#39;", "&#34;", "&nbsp;"} {
		want, shortcut := commonEntity(span)
		if !shortcut {
			t.Errorf("%s: no shortcut", span)
		}
		dec := html.UnescapeString(span)
		ok := dec != html.UnescapeString(span[:len(span)-1])+";"
		if !ok || dec != want {
			t.Errorf("%s: general path gives %q, %v; shortcut %q", span, dec, ok, want)
		}
	}
}
