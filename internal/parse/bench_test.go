package parse

import (
	"os"
	"testing"
)

// BenchmarkFeed parses a ~100 KB WordPress RSS 2.0 feed with content:encoded
// and relative links, the common case for a fetched feed.
func BenchmarkFeed(b *testing.B) {
	data, err := os.ReadFile("testdata/bench/wordpress_100k.xml")
	if err != nil {
		b.Fatal(err)
	}
	opts := Options{BaseURL: "https://garden.example.org/feed/", ContentType: "application/rss+xml; charset=UTF-8"}
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
