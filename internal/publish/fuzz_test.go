package publish

import (
	"bytes"
	"encoding/json"
	"encoding/xml"
	"testing"
	"time"
)

// FuzzAtom feeds arbitrary text into every string an entry has and checks
// that Atom still writes a well-formed document that keeps RFC 4287's
// rules, and that RSS and JSON Feed still parse.
func FuzzAtom(f *testing.F) {
	f.Add("title", "<p>content</p>", "", "Author", "https://example.org/p", "cat", int64(0))
	f.Add("a & <b> \x01", "]]><![CDATA[", "<summary>", "", "", "", int64(5))
	f.Add("\xff\xfe", "\x00\x0b", "\ufffe", "\u0085", "javascript:x", " ", int64(-1))
	f.Fuzz(func(t *testing.T, title, content, summary, author, link, category string, unix int64) {
		fd := Feed{
			ID:    "urn:fuzz:feed",
			Title: title,
			Entries: []Entry{{
				ID:         "urn:fuzz:entry",
				Title:      title,
				Link:       link,
				Related:    []string{link, category},
				Authors:    []string{author},
				Categories: []string{category},
				Published:  time.Unix(unix, 0),
				Content:    content,
				Summary:    summary,
				Source:     Source{Title: author, FeedURL: link},
				Enclosures: []Enclosure{{URL: link, Type: category, Length: unix}},
			}},
		}
		var buf bytes.Buffer
		if err := Atom(&buf, fd, AtomOptions{Stylesheet: link}); err != nil {
			t.Fatalf("Atom: %v", err)
		}
		if err := CheckAtomRules(buf.Bytes()); err != nil {
			t.Fatalf("CheckAtomRules: %v\n%s", err, buf.Bytes())
		}
		buf.Reset()
		if err := RSS(&buf, fd); err != nil {
			t.Fatalf("RSS: %v", err)
		}
		if err := xml.Unmarshal(buf.Bytes(), new(struct{})); err != nil {
			t.Fatalf("RSS does not parse: %v\n%s", err, buf.Bytes())
		}
		buf.Reset()
		if err := JSONFeed(&buf, fd); err != nil {
			t.Fatalf("JSONFeed: %v", err)
		}
		if !json.Valid(buf.Bytes()) {
			t.Fatalf("JSON Feed is not valid JSON:\n%s", buf.Bytes())
		}
	})
}
