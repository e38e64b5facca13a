package parse

import (
	"strings"
	"testing"
)

func TestDropForeignDefaultNamespace(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{`<rss xmlns="http://www.w3.org/2005/Atom" version="2.0"/>`, `<rss version="2.0"/>`},
		{`<?xml version="1.0"?><!-- c --><RSS xmlns='urn:x'/>`, `<?xml version="1.0"?><!-- c --><RSS />`},
		{`<rss xmlns:atom="http://www.w3.org/2005/Atom"/>`, `<rss xmlns:atom="http://www.w3.org/2005/Atom"/>`},
		{`<rss xmlns=""/>`, `<rss xmlns=""/>`},
		{`<feed xmlns="http://www.w3.org/2005/Atom"/>`, `<feed xmlns="http://www.w3.org/2005/Atom"/>`},
		{`<feed xmlns='http://purl.org/atom/ns#' version="0.3"/>`, `<feed xmlns='http://purl.org/atom/ns#' version="0.3"/>`},
		{`<feed xmlns="http://purl.org/atom/ns#draft-ietf-atompub-format-09"/>`, `<feed />`},
		{`<Feed xmlns="http://www.w3.org/2005/Atom/"/>`, `<Feed />`},
		{`<atom:feed xmlns="urn:x" xmlns:atom="http://www.w3.org/2005/Atom"/>`, `<atom:feed xmlns="urn:x" xmlns:atom="http://www.w3.org/2005/Atom"/>`},
		{`<rdf:RDF xmlns="http://purl.org/rss/1.0/"/>`, `<rdf:RDF xmlns="http://purl.org/rss/1.0/"/>`},
		{`<rdf:RDF xmlns="http://purl.org/rss/1.0"/>`, `<rdf:RDF />`},
		{`<rdf:RDF xmlns="http://my.netscape.com/rdf/simple/0.9/"/>`, `<rdf:RDF xmlns="http://my.netscape.com/rdf/simple/0.9/"/>`},
	} {
		in := []byte(tc.in)
		// The declaration is blanked in place: offsets keep, spaces differ.
		got := string(dropForeignDefaultNamespace(in))
		if len(got) != len(tc.in) || strings.Join(strings.Fields(got), " ") != tc.want {
			t.Errorf("dropForeignDefaultNamespace(%q) = %q, want %q blanked in place", tc.in, got, tc.want)
		}
		if string(in) != tc.in {
			t.Errorf("dropForeignDefaultNamespace modified its input %q", tc.in)
		}
	}
}
