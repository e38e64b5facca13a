package page

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestExplain checks that --explain names the fate of the blocks a user
// debugging a page asks about, for a text save and for saved HTML.
func TestExplain(t *testing.T) {
	type want struct {
		block string // start of the block's text
		kept  bool
		rule  string // part of the rule
	}
	tests := []struct {
		file   string
		format string
		note   string
		want   []want
	}{
		{
			file: "wordpress.txt", format: "text", note: "single article",
			want: []want{
				{"Skip to content", false, "site control"},
				{"We use cookies", false, "site control or legal line"},
				{"Growing", false, "menu-like"},
				{"The Rain Tank That Saved", true, "title"},
				{"When the council put", true, "prose"},
				{"Share this:", false, "section boundary"},
				{"Brilliant write-up", false, "between boilerplate"},
			},
		},
		{
			file: "firefox-save.txt", format: "text", note: "single article",
			want: []want{
				{"* News", false, "link-like: mostly the text of links"},
				{"Village Show Crowns", true, "title"},
				{"Related stories", false, "section boundary"},
			},
		},
		{
			file: "changelog-list.txt", format: "text", note: "single article",
			want: []want{
				{"Releases", false, "menu-like"},
				{"+ Added a roof designer", true, "list beside the article's prose"},
			},
		},
		{
			file: "news-inline-boxes.txt", format: "text", note: "single article",
			want: []want{
				{"Related", false, "section boundary"},
				{"Residents who lost their homes", true, "prose"},
				{"About time.", false, "between boilerplate"},
			},
		},
		{
			file: "index-three-groups.txt", format: "text", note: "index page",
			want: []want{{"Monday, March 3, 2025", false, "date line"}},
		},
		{
			file: "wordpress.html", format: "html",
			want: []want{
				{"The Rain Tank That Saved", false, "entry's title"},
				{"When the council put", true, "go-readability extracted"},
				{"Brilliant write-up", false, "furniture: <article> comment-body"},
				{"Recent Posts", false, "furniture: <aside>"},
			},
		},
		{
			file: "news-paywall.html", format: "html",
			want: []want{
				{"The ferry leaves at seven", true, "go-readability extracted"},
				{"PlayMuteFullscreen The crossing", true, "less the furniture inside it"},
				{"You have read your last free story", false, "furniture: <div> paywall-prompt"},
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			data, err := os.ReadFile(filepath.Join("testdata", "pages", tt.file))
			if err != nil {
				t.Fatal(err)
			}
			ex, err := Explain(tt.file, data, Options{})
			if err != nil {
				t.Fatalf("Explain: %v", err)
			}
			if ex.Format != tt.format {
				t.Errorf("format %q, want %q", ex.Format, tt.format)
			}
			if tt.note != "" && !strings.Contains(strings.Join(ex.Notes, "\n"), tt.note) {
				t.Errorf("notes %q lack %q", ex.Notes, tt.note)
			}
			for _, w := range tt.want {
				found := false
				for _, d := range ex.Blocks {
					if strings.HasPrefix(d.Text, w.block) {
						found = true
						if d.Kept != w.kept || !strings.Contains(d.Rule, w.rule) {
							t.Errorf("%q: got kept=%v rule %q, want kept=%v rule containing %q", w.block, d.Kept, d.Rule, w.kept, w.rule)
						}
						break
					}
				}
				if !found {
					t.Errorf("no decision listed for %q", w.block)
				}
			}
		})
	}
}

// TestSingleArticleSaves checks the promise for text saves of one article:
// exactly one entry, with the headline as its title, whatever chrome the
// site wraps it in.
func TestSingleArticleSaves(t *testing.T) {
	tests := []struct{ file, title, first, last string }{
		{"wordpress.txt", "The Rain Tank That Saved Our Allotment Summer", "When the council put", "write up a guide for the other plot holders."},
		{"blogger.txt", "The night count", "Every November", "is welcome."},
		{"substack.txt", "The bus that stopped coming", "What happened when", "reply to this email and tell us."},
		{"medium.txt", "Nine Months of Running Postgres on a Single ARM Box", "What broke", "not the hardware."},
		{"ghost.txt", "Mending is a skill, not a sacrifice", "Why the repair café", "her own needle."},
		{"news-gallery.txt", "Storm surge floods seafront as sea defences fail for second time in a year", "Residents of Aberporth Bay", "emergency funding."},
		{"docs-sidebar.txt", "Retrying failed jobs", "A job fails", "without using up its attempts."},
	}
	// Each save also without its blank lines, as a copy from the browser
	// window gives it: one paragraph per line.
	noBlank := func(s string) string {
		var lines []string
		for _, l := range strings.Split(s, "\n") {
			if strings.TrimSpace(l) != "" {
				lines = append(lines, l)
			}
		}
		return strings.Join(lines, "\n")
	}
	for _, tt := range tests {
		for _, variant := range []string{"as saved", "without blank lines"} {
			t.Run(tt.file+"/"+variant, func(t *testing.T) {
				data, err := os.ReadFile(filepath.Join("testdata", "pages", tt.file))
				if err != nil {
					t.Fatal(err)
				}
				text := string(data)
				if variant != "as saved" {
					text = noBlank(text)
				}
				posts := SplitText(text)
				if len(posts) != 1 {
					titles := make([]string, len(posts))
					for i, p := range posts {
						titles[i] = p.Title
					}
					t.Fatalf("got %d posts %q, want 1", len(posts), titles)
				}
				p := posts[0]
				if p.Title != tt.title {
					t.Errorf("title %q, want %q", p.Title, tt.title)
				}
				if len(p.Paragraphs) == 0 || !strings.HasPrefix(p.Paragraphs[0], tt.first) || !strings.HasSuffix(p.Paragraphs[len(p.Paragraphs)-1], tt.last) {
					t.Errorf("text runs %q … %q, want %q … %q", head(strings.Join(p.Paragraphs, " "), 60), tail(strings.Join(p.Paragraphs, " "), 60), tt.first, tt.last)
				}
			})
		}
	}
}
