package publish

import (
	"strings"
	"testing"
)

func TestCheckAtomRules(t *testing.T) {
	const head = `<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom"><id>urn:f</id><title>t</title><updated>2025-01-01T00:00:00Z</updated>`
	tests := []struct {
		name string
		doc  string
		want []string // substrings of the error; none means valid
	}{
		{"author on entry", head + `<entry><id>e</id><author><name>a</name></author><content>x</content></entry></feed>`, nil},
		{"author inherited from feed", head + `<author><name>f</name></author><entry><id>e</id><link href="https://x/"/></entry></feed>`, nil},
		{"author in source", head + `<entry><id>e</id><source><author><name>s</name></author></source><content/></entry></feed>`, nil},
		{"link without rel is alternate", head + `<entry><id>e</id><author><name>a</name></author><link href="https://x/"/></entry></feed>`, nil},
		{"entry document", `<entry xmlns="http://www.w3.org/2005/Atom"><id>e</id><author><name>a</name></author><content/></entry>`, nil},
		{"no author anywhere", head + `<entry><id>e1</id><content/></entry></feed>`, []string{"entry 1 (e1): no atom:author"}},
		{"source without author", head + `<entry><id>e1</id><source><title>s</title></source><content/></entry></feed>`, []string{"no atom:author"}},
		{"author of another namespace", head + `<entry xmlns:x="urn:x"><id>e1</id><x:author>a</x:author><content/></entry></feed>`, []string{"no atom:author"}},
		{"only related link", head + `<author><name>f</name></author><entry><id>e2</id><link rel="related" href="https://x/"/></entry></feed>`, []string{"entry 1 (e2): neither atom:content nor"}},
		{"entry document without author", `<entry xmlns="http://www.w3.org/2005/Atom"><id>e</id><content/></entry>`, []string{"entry (e): no atom:author"}},
		{"src content without summary", head + `<author><name>f</name></author><entry><id>e</id><content src="https://x/a.pdf" type="application/pdf"/></entry></feed>`, []string{"has src but there is no atom:summary"}},
		{"two alternates same type", head + `<author><name>f</name></author><link href="https://a/"/><link rel="alternate" href="https://b/"/></feed>`, []string{`feed: two rel="alternate" links`}},
		{"alternates differing in type", head + `<author><name>f</name></author><link href="https://a/" type="text/html"/><link rel="alternate" href="https://b/" type="application/pdf"/></feed>`, nil},
		{"all violations reported", head + `<entry><id>a</id></entry><entry><id>b</id></entry></feed>`, []string{"entry 1 (a): no atom:author", "entry 1 (a): neither", "entry 2 (b): no atom:author", "entry 2 (b): neither"}},
		{"not atom", `<rss version="2.0"><channel/></rss>`, []string{"not in the Atom namespace"}},
		{"atom but not a feed", `<title xmlns="http://www.w3.org/2005/Atom">x</title>`, []string{"neither feed nor entry"}},
		{"ill-formed", head + `<entry>`, []string{"check atom:"}},
		{"control character", head + "<author><name>a\x01</name></author></feed>", []string{"illegal character"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			err := CheckAtomRules([]byte(tc.doc))
			if len(tc.want) == 0 {
				if err != nil {
					t.Errorf("CheckAtomRules = %v, want nil", err)
				}
				return
			}
			if err == nil {
				t.Fatalf("CheckAtomRules = nil, want an error containing %q", tc.want)
			}
			for _, w := range tc.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("CheckAtomRules = %v, want it to contain %q", err, w)
				}
			}
		})
	}
}
