package parse

import (
	"net/url"
	"strings"
	"testing"
	"time"

	ext "github.com/mmcdole/gofeed/extensions"
)

func TestAuthorName(t *testing.T) {
	tests := []struct {
		in       string
		wantName string
		wantMail bool
	}{
		{"jane@example.com (Jane Doe)", "Jane Doe", false},
		{"Jane Doe <jane@example.com>", "Jane Doe", false},
		{`"Doe, Jane" <jane@example.com>`, "Doe, Jane", false},
		{"Jane Q. Doe <jane@example.com>", "Jane Q. Doe", false},
		{"Jane Doe (jane@example.com)", "Jane Doe", false},
		{"jane@example.com", "jane@example.com", true},
		{"<jane@example.com>", "jane@example.com", true},
		{"Jane Doe", "Jane Doe", false},
		{"  Jane\n   Doe ", "Jane Doe", false},
		{"Zoë &amp; Friends", "Zoë & Friends", false},
		{`<a href="https://example.com/jane">Jane</a>`, "Jane", false},
		{"Jane (the gardener)", "Jane (the gardener)", false},
		{"", "", false},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			name, isMail := authorName(tt.in)
			if name != tt.wantName || isMail != tt.wantMail {
				t.Errorf("authorName(%q) = %q, %v; want %q, %v", tt.in, name, isMail, tt.wantName, tt.wantMail)
			}
		})
	}
}

func TestAbsLink(t *testing.T) {
	base, _ := url.Parse("https://example.com/feed/index.xml")
	tests := []struct{ in, want string }{
		{"https://example.com/a", "https://example.com/a"},
		{"  http://example.com/a  ", "http://example.com/a"},
		{"/a", "https://example.com/a"},
		{"a?x=1", "https://example.com/feed/a?x=1"},
		{"//other.example/a", "https://other.example/a"},
		{"javascript:alert(1)", ""},
		{"mailto:a@example.com", ""},
		{"ftp://example.com/f", ""},
		{"https://", ""},
		{"", ""},
	}
	for _, tt := range tests {
		if got := absLink(base, tt.in); got != tt.want {
			t.Errorf("absLink(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
	if got := absLink(nil, "/a"); got != "" {
		t.Errorf("absLink(nil, /a) = %q, want empty", got)
	}
}

func TestChildBase(t *testing.T) {
	parent, _ := url.Parse("https://example.com/a/b.html")
	tests := []struct {
		name   string
		parent *url.URL
		attr   string
		want   string
	}{
		{"absolute", parent, "https://other.example/x/", "https://other.example/x/"},
		{"relative per RFC 3986", parent, "c/", "https://example.com/a/c/"},
		{"file-like base keeps its directory", parent, "d.html", "https://example.com/a/d.html"},
		{"relative with no parent is ignored", nil, "c/", ""},
		{"non-web scheme is ignored", parent, "file:///etc/", "https://example.com/a/b.html"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := ""
			if u := childBase(tt.parent, tt.attr); u != nil {
				got = u.String()
			}
			if got != tt.want {
				t.Errorf("childBase(%v, %q) = %q, want %q", tt.parent, tt.attr, got, tt.want)
			}
		})
	}
}

func TestTTL(t *testing.T) {
	sy := func(period, freq string) ext.Extensions {
		m := map[string][]ext.Extension{}
		if period != "" {
			m["updatePeriod"] = []ext.Extension{{Value: period}}
		}
		if freq != "" {
			m["updateFrequency"] = []ext.Extension{{Value: freq}}
		}
		return ext.Extensions{"sy": m}
	}
	tests := []struct {
		name string
		ttl  string
		exts ext.Extensions
		want time.Duration
	}{
		{"rss ttl minutes", "60", nil, time.Hour},
		{"rss ttl wins over sy", "15", sy("daily", "1"), 15 * time.Minute},
		{"sy hourly", "", sy("hourly", ""), time.Hour},
		{"sy daily twice", "", sy(" daily ", "2"), 12 * time.Hour},
		{"sy weekly", "", sy("weekly", "1"), 7 * 24 * time.Hour},
		{"bad ttl falls back to sy", "soon", sy("hourly", "4"), 15 * time.Minute},
		{"bad frequency means once", "", sy("daily", "zero"), 24 * time.Hour},
		{"unknown period", "", sy("fortnightly", "1"), 0},
		{"nothing", "", nil, 0},
		{"negative ttl", "-5", nil, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := ttl(tt.ttl, tt.exts); got != tt.want {
				t.Errorf("ttl(%q) = %v, want %v", tt.ttl, got, tt.want)
			}
		})
	}
}

func TestResolveDoctype(t *testing.T) {
	tests := []struct{ name, in, want string }{
		{"simple", `<?xml version="1.0"?><!DOCTYPE rss PUBLIC "x" "y"><rss/>`, `<?xml version="1.0"?><rss/>`},
		{"internal subset with > and ] in strings", `<!DOCTYPE r [<!ENTITY a "x>]y"><!ENTITY b 'z'>]><r/>`, `<r/>`},
		{"after a comment", "<!-- c --><!doctype rss><rss/>", "<!-- c --><rss/>"},
		{"none", `<rss><title>&lt;!DOCTYPE</title></rss>`, `<rss><title>&lt;!DOCTYPE</title></rss>`},
		{"only in the prolog", `<rss><![CDATA[<!DOCTYPE x>]]></rss>`, `<rss><![CDATA[<!DOCTYPE x>]]></rss>`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := string(resolveDoctype([]byte(tt.in))); got != tt.want {
				t.Errorf("resolveDoctype(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

func TestAttrSpan(t *testing.T) {
	tests := []struct {
		name, tag, want string
	}{
		{"double quotes", `<feed xmlns="a" xml:base="http://x/" xml:lang="en">`, `xml:base="http://x/"`},
		{"single quotes and spaces", `<entry xml:base = 'y/' >`, `xml:base = 'y/'`},
		{"name inside another value", `<a title='xml:base="no"' xml:base="yes">`, `xml:base="yes"`},
		{"absent", `<a title='xml:base="no"'>`, ``},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, e, ok := attrSpan([]byte(tt.tag), 0, len(tt.tag), "xml:base")
			got := ""
			if ok {
				got = tt.tag[s:e]
			}
			if got != tt.want {
				t.Errorf("attrSpan(%q) = %q, want %q", tt.tag, got, tt.want)
			}
		})
	}
}

func TestRepairTruncated(t *testing.T) {
	doc := `<rss><ch:channel xmlns:ch="urn:x"><title>t</title><item><title>a</title></item><item><title>b`
	sc, err := scanXML([]byte(doc), nil, DefaultMaxDepth)
	if err != nil {
		t.Fatal(err)
	}
	if !sc.truncated {
		t.Fatal("scan did not notice the truncation")
	}
	got, err := repairTruncated([]byte(doc), sc.safeEnd)
	if err != nil {
		t.Fatal(err)
	}
	want := `<rss><ch:channel xmlns:ch="urn:x"><title>t</title><item><title>a</title></item></ch:channel></rss>`
	if string(got) != want {
		t.Errorf("repairTruncated = %q, want %q", got, want)
	}
	if !strings.HasPrefix(want, doc[:sc.safeEnd]) {
		t.Errorf("safe end %d is not a prefix of the document", sc.safeEnd)
	}
}

func TestFeedDoesNotModifyInput(t *testing.T) {
	in := []byte(`<?xml version="1.0" encoding="iso-8859-1"?><!DOCTYPE rss><rss xml:base="https://a.example/"><channel xml:base="b/"><title>caf` + "\xe9\x01" + `</title><item><link>x</link></item></channel></rss>`)
	orig := string(in)
	doc, err := Feed(in, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if string(in) != orig {
		t.Errorf("Feed modified its input: got %q, want %q", in, orig)
	}
	if doc.Title != "café" || doc.Entries[0].Link != "https://a.example/b/x" {
		t.Errorf("Feed = title %q, link %q; want café and https://a.example/b/x", doc.Title, doc.Entries[0].Link)
	}
}
