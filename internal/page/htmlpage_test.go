package page

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// TestHTMLFixturesArticle checks the saved HTML fixtures against what a
// reader sees: the article's headline and author, its first and last
// sentences, and none of the site's chrome around it.
func TestHTMLFixturesArticle(t *testing.T) {
	tests := []struct {
		file, title string
		authors     []string
		has         []string
		hasNot      []string
	}{
		{"wordpress.html", "The Rain Tank That Saved Our Allotment Summer", []string{"Bridget Okafor"},
			[]string{"When the council put a hosepipe ban", "Put a lid on it.", "guide for the other plot holders."},
			[]string{"We use cookies", "Share this", "Comfrey tea", "Brilliant write-up", "Leave a Reply", "Recent Posts", "Posted on"}},
		{"blogger.html", "The night count", []string{"Rhian Pritchard"},
			[]string{"Every November a handful", "is welcome."},
			[]string{"Posted by", "Email This", "Labels:", "Lovely account", "Snow buntings", "Blog Archive", "Newer Post"}},
		{"substack.html", "The bus that stopped coming", []string{"Tomasz Wilk", "Aoife Byrne"},
			[]string{"The last timetabled bus left", "reply to this email and tell us."},
			[]string{"reader-supported publication", "Thanks for reading Route 38", "Discussion about this post", "Same story in our valley", "Start writing"}},
		{"medium.html", "Nine Months of Running Postgres on a Single ARM Box", []string{"Keiko Tanaka"},
			[]string{"In February we moved", "shared_buffers", "not the hardware."},
			[]string{"Follow", "min read", "Responses", "More from Keiko Tanaka", "Recommended from Medium", "We left Kubernetes"}},
		{"ghost.html", "Mending is a skill, not a sacrifice", []string{"Marguerite Holloway"},
			[]string{"The first thing people bring", "her own needle."},
			[]string{"Sign up for more like this", "Darning socks", "join the conversation", "Powered by Ghost"}},
		{"news-gallery.html", "Storm surge floods seafront as sea defences fail for second time in a year", []string{"Nia Evans", "Rob Whitfield"},
			[]string{"Seawater poured through the centre", "press ministers for emergency funding."},
			[]string{"of 50", "Photograph:", "Playback speed", "1080p", "Up next", "Advertisement", "Most read", "Sign up to the Coast Herald", "Accept all", "Harbour wall breach"}},
		{"docs-sidebar.html", "Retrying failed jobs", nil,
			[]string{"A job fails when its handler", "max_attempts", "Make handlers idempotent", "The job goes to the dead-letter queue."},
			[]string{"Installation", "Your first queue", "On this page", "Edit this page", "Scheduling jobs", "Dark mode", "Built with Docusaurus"}},
		{"docs-sphinx.html", "Sharing changes with your team", nil,
			[]string{"Tidewater keeps every change", "Sharing with the whole team", "Divergence is not an error.", "Related commands", "has a chapter of its own."},
			[]string{"¶", "Previous topic", "Quick search", "Created using"}},
		{"news-paywall.html", "The Ferry That Runs on Rain", []string{"Ingrid Solberg"},
			[]string{"The ferry leaves at seven", "What nobody had planned for", "The crossing takes twenty minutes", "The charging mast on the village quay", "one has already bought a shed."},
			[]string{"Skip to main content", "Save this story", "Play", "1 / 3", "last free story", "Read more", "The last diesel", "All rights reserved"}},
		{"fiction-notes.html", "The Lamplighter's Almanac - Chapter 7 - wrenfield", []string{"wrenfield"},
			[]string{"The salt road began", "exactly what she was for."},
			[]string{"Rating:", "Kudos", "THE LAMP", "Entire Work", "Terms of Service"}},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			data, err := os.ReadFile(filepath.Join("testdata", "pages", tt.file))
			if err != nil {
				t.Fatal(err)
			}
			doc, err := Parse(tt.file, data, Options{})
			if err != nil {
				t.Fatalf("Parse: %v", err)
			}
			if len(doc.Entries) != 1 {
				t.Fatalf("got %d entries, want 1", len(doc.Entries))
			}
			e := doc.Entries[0]
			if e.Title != tt.title {
				t.Errorf("title %q, want %q", e.Title, tt.title)
			}
			if !slices.Equal(e.Authors, tt.authors) {
				t.Errorf("authors %q, want %q", e.Authors, tt.authors)
			}
			text := htmlText(e.Content)
			for _, s := range tt.has {
				if !strings.Contains(text, s) {
					t.Errorf("article text lost %q", s)
				}
			}
			for _, s := range tt.hasNot {
				if strings.Contains(text, s) {
					t.Errorf("chrome %q leaked into the article", s)
				}
			}
		})
	}
}
