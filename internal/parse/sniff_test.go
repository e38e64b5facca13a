package parse

import (
	"errors"
	"strings"
	"testing"

	"golang.org/x/text/encoding/unicode"
)

func TestSniff(t *testing.T) {
	utf16 := func(s string) string {
		b, err := unicode.UTF16(unicode.LittleEndian, unicode.UseBOM).NewEncoder().String(s)
		if err != nil {
			t.Fatal(err)
		}
		return b
	}
	tests := []struct {
		name string
		in   string
		want bool
	}{
		{"rss 2.0", `<?xml version="1.0"?><rss version="2.0"><channel></channel></rss>`, true},
		{"atom", `<feed xmlns="http://www.w3.org/2005/Atom"><title>x</title></feed>`, true},
		{"rdf", `<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/">`, true},
		{"prefixed atom root", `<atom:feed xmlns:atom="http://www.w3.org/2005/Atom">`, true},
		{"after comments, PIs and a doctype", "\n<?xml version=\"1.0\"?>\n<?xml-stylesheet href=\"s.xsl\"?>\n<!-- generated -->\n<!DOCTYPE rss [<!ENTITY a \"<html>\">]>\n<rss>", true},
		{"utf-8 bom", "\xEF\xBB\xBF<rss>", true},
		{"utf-16 with bom", utf16(`<?xml version="1.0" encoding="UTF-16"?><rss version="2.0">`), true},
		{"json feed", `{"version": "https://jsonfeed.org/version/1.1", "title": "x", "items": []}`, true},
		{"json feed without version", `{"title": "x", "items": [{"id": "1"}]}`, true},
		{"json with items only nested", `{"data": {"items": [1, 2]}, "title": "items"}`, false},
		{"json array", `[{"items": []}]`, false},
		{"json feed with items after nested objects", `{"author": {"name": "items"}, "hubs": [{"type": "x"}], "items": []}`, true},
		{"truncated rss is still a feed", `<rss version="2.0"><channel><title>cut`, true},
		{"html5", "<!DOCTYPE html>\n<html><head><title>Hi</title></head></html>", false},
		{"xhtml with xml declaration", `<?xml version="1.0"?><!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Strict//EN" "x"><html xmlns="http://www.w3.org/1999/xhtml">`, false},
		{"html without doctype", "<html><body><rss>not the root</rss></body></html>", false},
		{"html doctype before rss", "<!DOCTYPE html>\n<rss version=\"2.0\"><channel>", true},
		{"xhtml doctype before atom", `<?xml version="1.0"?><!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Strict//EN" "x"><feed xmlns="http://www.w3.org/2005/Atom">`, true},
		{"netscape doctype", `<!DOCTYPE rss PUBLIC "-//Netscape Communications//DTD RSS 0.91//EN" "http://my.netscape.com/publish/formats/rss-0.91.dtd"><rss version="0.91">`, true},
		{"root behind a long internal subset", "<?xml version=\"1.0\"?>\n<!DOCTYPE rss [" + strings.Repeat("<!ENTITY e \"&#233;\">\n", 600) + "]>\n<rss version=\"2.0\"><channel>", true},
		{"html fragment", "<div><p>hello</p></div>", false},
		{"other xml", `<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">`, false},
		{"plain text", "Service Unavailable", false},
		{"empty", "", false},
		{"whitespace", " \n\t ", false},
		{"other json", `{"error": "not found"}`, false},
		{"json array", `[{"items": []}]`, false},
		{"png", "\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", false},
		{"feed word in text", "feed me <rss>", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Sniff([]byte(tt.in)); got != tt.want {
				t.Errorf("Sniff(%q) = %v, want %v", tt.in, got, tt.want)
			}
		})
	}
}

// TestSniffReadsOnlyThePrefix shows Sniff does not depend on what follows
// the first few kilobytes, so its cost is bounded for any body size.
func TestSniffReadsOnlyThePrefix(t *testing.T) {
	doc := `<rss version="2.0"><channel>` + strings.Repeat("<item><title>x</title></item>", 1000)
	if !Sniff([]byte(doc + "\x00\x00 binary tail")) {
		t.Errorf("Sniff = false for an RSS document with a junk tail, want true")
	}
}

func TestFeedNotAFeedErrors(t *testing.T) {
	tests := []struct {
		name, in, want string
	}{
		{"html", "<!doctype html><html><body>hi</body></html>", "parse: not a feed (looks like HTML)"},
		{"html doctype then text", "<!DOCTYPE html>\nHello", "parse: not a feed (looks like HTML)"},
		{"text", "just words", "parse: not a feed (looks like plain text)"},
		{"empty", "", "parse: not a feed (empty document)"},
		{"binary", "\x00\x01\x02\x03garbage", "parse: not a feed (looks like binary data)"},
		{"json", `{"a": 1}`, "parse: not a feed (JSON but not a JSON Feed)"},
		{"xml", `<opml version="2.0"><body/></opml>`, "parse: not a feed (unknown root element <opml>)"},
		{"cut inside root tag", `<?xml version="1.0"?><rss versi`, "parse: not a feed (truncated before the root element)"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			doc, err := Feed([]byte(tt.in), Options{})
			if err == nil {
				t.Fatalf("Feed(%q) = %+v, want error %q", tt.in, doc, tt.want)
			}
			if err.Error() != tt.want {
				t.Errorf("Feed(%q) error = %q, want %q", tt.in, err, tt.want)
			}
			if !errors.Is(err, ErrNotFeed) {
				t.Errorf("errors.Is(%v, ErrNotFeed) = false, want true", err)
			}
		})
	}
}
