package page

import (
	"github.com/tributary/tributary/internal/htmltext"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/tributary/tributary/internal/dates"
	"github.com/tributary/tributary/internal/feed"
)

func day(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, time.UTC) }

// TestSeeds pins down what each seed must yield when the five are read as
// one source, and again when each is read alone (no help from the others'
// boilerplate).
func TestSeeds(t *testing.T) {
	seeds := loadSeeds(t)
	together := DetectBoilerplate(seeds)

	type post struct {
		title string
		date  time.Time // zero: none
		last  string    // the article's last real sentence, which must survive
	}
	tests := []struct {
		name     string
		file     string
		meta     feed.FileMeta
		posts    []post
		authors  []string
		absent   []string // must not appear in any entry's content
		present  []string // must appear in the content
		extra    func(t *testing.T, doc *feed.Document)
		derived  bool // the title is made from the first sentence
		skipText bool // title not compared (checked in extra)
	}{
		{
			name: "000 single post without its closing appeals",
			file: "000_71754f9422b8c5c5.txt",
			posts: []post{{
				title: "China’s communist tech triumph, & how it foreshadows techno-feudalism’s overthrow in the United States",
				last:  "which shows what waits for us when we’ve won.",
			}},
			absent: []string{"Patreon", "Telegram", "pledge", "Substack", "donor"},
		},
		{
			name: "001 index page of five posts on four dates",
			file: "001_be754e4c41323dda.txt",
			posts: []post{
				{"The empire wants to make Gaza the new global normal. We all must learn from Palestine on how to fight back.", day(2025, 2, 28), "the people are capable of winning in the end."},
				{"Extermination is Trump’s goal for Gaza, & the U.S. cold war strategy depends on this goal’s success", day(2025, 2, 25), "and the enemy will be fatally weakened."},
				{"Fascist Ukraine’s defeat is a triumph for the Soviet spirit, & a prelude to global workers victory", day(2025, 2, 23), "and now we must do this."},
				{"Why we’ve picked this battle: the pro-Palestine struggle’s unbreakable nature, & how it can end the U.S. empire", day(2025, 2, 23), "now we have to do what’s needed for winning it."},
				{"China’s communist tech triumph, & how it foreshadows techno-feudalism’s overthrow in the United States", day(2025, 2, 20), "which shows what waits for us when we’ve won."},
			},
			absent:  []string{"Patreon", "Telegram", "Friday, February 28, 2025"},
			present: []string{"—Khaled Nabhan"},
		},
		{
			name:    "002 untitled article gets a title from its first sentence",
			file:    "002_ab0c7f958fb7a9f9.txt",
			posts:   []post{{last: "We couldn’t agree more."}},
			derived: true,
			present: []string{"<h2>Fraternisation</h2>", "<h2>Class solidarity</h2>", `<a href="https://pic.twitter.com/Lrr1A40CLt">`},
		},
		{
			name:    "002 with a configured title",
			file:    "002_ab0c7f958fb7a9f9.txt",
			meta:    feed.FileMeta{Title: "TikTok ban brings American and Chinese youth together"},
			posts:   []post{{title: "TikTok ban brings American and Chinese youth together", last: "We couldn’t agree more."}},
			present: []string{"On the morning of 19 January"},
		},
		{
			name:    "003 essay with a numbered list and footnotes",
			file:    "003_a44f2685d46a71fe.txt",
			posts:   []post{{title: "The Virtual Factory", last: "Online is no exception."}},
			present: []string{"[1]", "[2]", "[3]", "[5]", "[7]", "[8]", "means[9]", "<ol><li>Use tools to block advertisements.", "<li>Communicate with other people on your terms"},
			extra: func(t *testing.T, doc *feed.Document) {
				c := doc.Entries[0].Content
				if n := strings.Count(c, "<li>"); n != 6 {
					t.Errorf("got %d list items, want 6", n)
				}
				if strings.Contains(c, "<p>  1.") || strings.Contains(c, "<p>1.") {
					t.Errorf("numbered item left as a paragraph")
				}
			},
		},
		{
			name:    "004 post in site chrome",
			file:    "004_9acc4ec51e49855b.txt",
			posts:   []post{{title: "“Digital Leninism”", last: "Welcome to the world of “digital Leninism!”"}},
			authors: []string{"Joann Pittman"},
			absent:  []string{"Blog Entries", "Share to Social Media", "View Full Bio", "Vice President", "donating", "cuppa", "Joann Pittman"},
		},
	}
	for _, tt := range tests {
		for _, mode := range []string{"together", "alone"} {
			t.Run(tt.name+"/"+mode, func(t *testing.T) {
				bp := together
				if mode == "alone" {
					bp = Boilerplate{}
				}
				doc, err := Parse(tt.file, seeds[tt.file], Options{Meta: tt.meta, Boilerplate: bp})
				if err != nil {
					t.Fatalf("Parse: %v", err)
				}
				if len(doc.Entries) != len(tt.posts) {
					var titles []string
					for _, e := range doc.Entries {
						titles = append(titles, e.Title)
					}
					t.Fatalf("got %d entries %q, want %d", len(doc.Entries), titles, len(tt.posts))
				}
				for i, want := range tt.posts {
					e := doc.Entries[i]
					if tt.derived {
						checkDerivedTitle(t, e.Title, e.Raw)
					} else if e.Title != want.title {
						t.Errorf("entry %d: got title %q, want %q", i, e.Title, want.title)
					}
					switch {
					case want.date.IsZero() && e.Published != nil:
						t.Errorf("entry %d: got date %v, want none", i, e.Published)
					case !want.date.IsZero() && (e.Published == nil || !e.Published.Equal(want.date)):
						t.Errorf("entry %d: got date %v, want %v", i, e.Published, want.date)
					}
					text := htmlText(e.Content)
					if !strings.HasSuffix(strings.TrimSpace(text), want.last) {
						t.Errorf("entry %d: content ends %q, want it to end with %q", i, tail(text, 120), want.last)
					}
					for _, s := range tt.absent {
						if strings.Contains(e.Content, s) {
							t.Errorf("entry %d: content holds %q", i, s)
						}
					}
					if e.File != tt.file {
						t.Errorf("entry %d: got File %q, want %q", i, e.File, tt.file)
					}
					if e.Link != "" {
						t.Errorf("entry %d: got Link %q, want none (no URL known)", i, e.Link)
					}
					if !strings.Contains(string(seeds[tt.file]), e.Raw) || e.Raw == "" {
						t.Errorf("entry %d: Raw is not a slice of the file", i)
					}
				}
				all := ""
				for _, e := range doc.Entries {
					all += e.Content
				}
				for _, s := range tt.present {
					if !strings.Contains(all, s) {
						t.Errorf("content lacks %q", s)
					}
				}
				if tt.authors != nil && strings.Join(doc.Entries[0].Authors, "|") != strings.Join(tt.authors, "|") {
					t.Errorf("got authors %q, want %q", doc.Entries[0].Authors, tt.authors)
				}
				if tt.extra != nil {
					tt.extra(t, doc)
				}
			})
		}
	}
}

// TestSeedsLoseNoText checks that every paragraph of every seed ends up in
// exactly one place: a title, the content, or the removed clutter, and that
// what was removed is clutter.
func TestSeedsLoseNoText(t *testing.T) {
	seeds := loadSeeds(t)
	bp := DetectBoilerplate(seeds)
	clutter := []string{"Patreon", "Telegram", "pledge", "Blog Entries", "Share to Social Media", "Joann Pittman", "donating"}
	for name, data := range seeds {
		t.Run(name, func(t *testing.T) {
			text := string(data)
			placed := 0
			for _, p := range splitText(text, bp, nil, nil) {
				if !p.TitleDerived {
					placed++
				}
				placed += len(p.Paragraphs) + len(p.Removed)
				for _, r := range p.Removed {
					ok := false
					for _, c := range clutter {
						ok = ok || strings.Contains(r, c)
					}
					if !ok {
						t.Errorf("post %q: removed %q, which is not clutter", p.Title, r)
					}
				}
			}
			var want int
			for _, b := range textBlocks(text) {
				if _, isDate := dates.Header(b.text); !isDate {
					want++
				}
			}
			if placed != want {
				t.Errorf("got %d paragraphs placed, want %d (every non-date paragraph)", placed, want)
			}
		})
	}
}

// checkDerivedTitle asserts a title made from the first sentence: a prefix
// of it, at most htmltext.MaxTitleRunes characters plus an ellipsis.
func checkDerivedTitle(t *testing.T, title, raw string) {
	t.Helper()
	n := utf8.RuneCountInString(title)
	if n == 0 || n > htmltext.MaxTitleRunes+1 {
		t.Errorf("derived title %q has %d characters, want 1..%d", title, n, htmltext.MaxTitleRunes+1)
	}
	if !strings.HasPrefix(raw, strings.TrimSuffix(title, "…")) {
		t.Errorf("derived title %q is not the start of the text %q", title, head(raw, 100))
	}
}

// htmlText strips tags and decodes the few entities the renderers write, for
// comparing content with source sentences.
func htmlText(s string) string {
	var b strings.Builder
	in := false
	for _, r := range s {
		switch {
		case r == '<':
			in = true
		case r == '>':
			in = false
		case !in:
			b.WriteRune(r)
		}
	}
	return strings.NewReplacer("&amp;", "&", "&lt;", "<", "&gt;", ">", "&#34;", `"`, "&#39;", "'", "&quot;", `"`).Replace(b.String())
}

func head(s string, n int) string {
	if r := []rune(s); len(r) > n {
		return string(r[:n])
	}
	return s
}

func tail(s string, n int) string {
	if r := []rune(s); len(r) > n {
		return string(r[len(r)-n:])
	}
	return s
}
