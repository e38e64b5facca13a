package parse

import (
	"fmt"
	"net/url"
	"os"
	"strings"
	"testing"

	"github.com/tributary/tributary/internal/charset"
)

// BenchmarkFeed parses a ~100 KB WordPress RSS 2.0 feed with content:encoded
// and relative links, the common case for a fetched feed.
func BenchmarkFeed(b *testing.B) {
	data, err := os.ReadFile("testdata/bench/wordpress_100k.xml")
	if err != nil {
		b.Fatal(err)
	}
	opts := Options{BaseURL: "https://garden.example.org/feed/", ContentType: "application/rss+xml; charset=UTF-8"}
	benchFeed(b, data, opts)
}

// BenchmarkFeedEscapedHTML parses a generated ~200 KB Atom feed whose
// entries carry 1-8 KB of entity-escaped HTML, where the pre-scan used to
// spend its time.
func BenchmarkFeedEscapedHTML(b *testing.B) {
	benchFeed(b, escapedHTMLFeed(40), Options{BaseURL: "https://bench.example/feed/"})
}

func benchFeed(b *testing.B, data []byte, opts Options) {
	doc, err := Feed(data, opts)
	if err != nil || len(doc.Entries) == 0 {
		b.Fatalf("Feed = %v entries, %v; want entries", doc, err)
	}
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Feed(data, opts); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkScan compares the pre-scan through encoding/xml (scanXML) with
// the fast scan on the text parseXMLFeed would hand them.
func BenchmarkScan(b *testing.B) {
	wordpress, err := os.ReadFile("testdata/bench/wordpress_100k.xml")
	if err != nil {
		b.Fatal(err)
	}
	base := parseBase("https://bench.example/feed/")
	for _, doc := range []struct {
		name string
		data []byte
	}{
		{"wordpress_100k", wordpress},
		{"escaped_html", escapedHTMLFeed(40)},
	} {
		text, err := charset.ToUTF8(doc.data, "")
		if err != nil {
			b.Fatal(err)
		}
		text = charset.StripXMLControls(resolveDoctype(text))
		for _, scan := range []struct {
			name string
			fn   func([]byte, *url.URL, int) (*scanResult, error)
		}{
			{"scanXML", scanXML},
			{"fast", scanXMLFast},
		} {
			b.Run(doc.name+"/"+scan.name, func(b *testing.B) {
				if _, err := scan.fn(text, base, DefaultMaxDepth); err != nil {
					b.Fatal(err)
				}
				b.SetBytes(int64(len(text)))
				b.ReportAllocs()
				for b.Loop() {
					scan.fn(text, base, DefaultMaxDepth)
				}
			})
		}
	}
}

// escapedHTMLFeed generates an Atom feed of n entries, each with a summary
// and 1-8 KB of entity-escaped HTML content, deterministically.
func escapedHTMLFeed(n int) []byte {
	const para = `&lt;p&gt;The beans went in late this year, and the &lt;a href=&quot;/tags/soil&quot;&gt;soil&lt;/a&gt; ` +
		`stayed cold &amp;amp; heavy well into April &#8211; so we waited.&lt;/p&gt;` + "\n"
	var sb strings.Builder
	sb.WriteString(`<?xml version="1.0" encoding="UTF-8"?>` + "\n" +
		`<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="en">` + "\n" +
		`<title>Bench</title><id>tag:bench.example,2025:feed</id><link href="/"/><updated>2025-03-01T08:00:00Z</updated>` + "\n")
	for i := range n {
		fmt.Fprintf(&sb, "<entry>\n<id>tag:bench.example,2025:%d</id>\n<title>Post %d &amp; more</title>\n"+
			"<link rel=\"alternate\" type=\"text/html\" href=\"/posts/%d/\"/>\n<updated>2025-02-28T08:00:00Z</updated>\n"+
			"<author><name>M. Hale</name></author>\n<summary type=\"html\">%s</summary>\n<content type=\"html\">",
			i, i, i, para)
		size := 1024 + (i*2654435761)%(7*1024) // 1-8 KB, spread evenly
		for written := 0; written < size; written += len(para) {
			sb.WriteString(para)
		}
		sb.WriteString("</content>\n</entry>\n")
	}
	sb.WriteString("</feed>\n")
	return []byte(sb.String())
}

// BenchmarkFeedJSON parses a generated ~200 KB JSON Feed whose items carry
// 1-8 KB of HTML, read field by field.
func BenchmarkFeedJSON(b *testing.B) {
	var sb strings.Builder
	sb.WriteString(`{"version":"https://jsonfeed.org/version/1.1","title":"Bench","home_page_url":"https://bench.example/","items":[`)
	for i := range 40 {
		if i > 0 {
			sb.WriteByte(',')
		}
		body := strings.Repeat(`<p>Some \"quoted\" text with <a href=\"/x\">a link</a> &amp; more.</p>`, 16+i*4)
		fmt.Fprintf(&sb, `{"id":"https://bench.example/%d","url":"/p/%d","title":"Post %d","content_html":"%s","summary":"Summary %d","date_published":"2025-02-%02dT10:00:00Z","tags":["a","b"],"authors":[{"name":"Author %d"}]}`,
			i, i, i, body, i, i%28+1, i%3)
	}
	sb.WriteString(`]}`)
	benchFeed(b, []byte(sb.String()), Options{BaseURL: "https://bench.example/feed.json"})
}
