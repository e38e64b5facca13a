package publish

import (
	"bytes"
	"strings"
	"testing"

	"github.com/tributary/tributary/internal/dates"
)

// TestHTMLDatePrecision checks that an entry dated only to its day, month
// or year shows no invented time on the page, and is grouped under a
// heading that says only what is known, while Atom still carries the full
// RFC 3339 instant.
func TestHTMLDatePrecision(t *testing.T) {
	tests := []struct {
		name       string
		published  string
		precision  dates.Precision
		heading    string
		entryTime  string // the entry's own <time>, "" when it must have none
		atomStamps string
	}{
		{"exact", "2025-02-28T14:05:00Z", dates.Second,
			`<h2 id="day-2025-02-28"><time datetime="2025-02-28">Friday, 28 February 2025</time></h2>`,
			`<time datetime="2025-02-28T14:05:00Z">14:05 UTC</time>`, "<published>2025-02-28T14:05:00Z</published>"},
		{"minute", "2025-02-28T14:05:00Z", dates.Minute,
			`<h2 id="day-2025-02-28">`, `<time datetime="2025-02-28T14:05:00Z">14:05 UTC</time>`,
			"<published>2025-02-28T14:05:00Z</published>"},
		{"day", "2025-02-28T00:00:00Z", dates.Day,
			`<h2 id="day-2025-02-28"><time datetime="2025-02-28">Friday, 28 February 2025</time></h2>`, "",
			"<published>2025-02-28T00:00:00Z</published>"},
		{"month", "2025-02-01T00:00:00Z", dates.Month,
			`<h2 id="day-2025-02"><time datetime="2025-02">February 2025</time></h2>`, "",
			"<published>2025-02-01T00:00:00Z</published>"},
		{"year", "2025-01-01T00:00:00Z", dates.Year,
			`<h2 id="day-2025"><time datetime="2025">2025</time></h2>`, "",
			"<published>2025-01-01T00:00:00Z</published>"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			f := Feed{
				Title: "River", SelfURL: "https://river.test/atom.xml", Updated: date("2025-03-01T09:10:11Z"),
				Entries: []Entry{{
					ID: "tag:river.test,2025:1", Title: "Post", Link: "https://blog.test/post",
					Published: date(tc.published), Precision: tc.precision,
					Content: "<p>Words.</p>", Source: Source{Name: "blog"},
				}},
			}
			var page, atom bytes.Buffer
			if err := HTML(&page, f, HTMLOptions{}); err != nil {
				t.Fatal(err)
			}
			if err := Atom(&atom, f, AtomOptions{}); err != nil {
				t.Fatal(err)
			}
			html := page.String()
			if !strings.Contains(html, tc.heading) {
				t.Errorf("page lacks heading %s", tc.heading)
			}
			if tc.entryTime != "" && !strings.Contains(html, tc.entryTime) {
				t.Errorf("page lacks entry time %s", tc.entryTime)
			}
			if tc.entryTime == "" && (strings.Contains(html, "00:00 UTC") || strings.Contains(html, `datetime="`+tc.published+`"`)) {
				t.Errorf("page shows an invented time for a %s date:\n%s", tc.precision, html)
			}
			if !strings.Contains(atom.String(), tc.atomStamps) {
				t.Errorf("atom lacks %s", tc.atomStamps)
			}
		})
	}
}
