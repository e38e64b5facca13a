package page

import (
	"errors"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/tributary/tributary/internal/feed"
)

func readFixture(t *testing.T, name string) []byte {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("testdata", "pages", name))
	if err != nil {
		t.Fatal(err)
	}
	return data
}

func TestParseErrors(t *testing.T) {
	tests := []struct {
		name string
		file string
		data []byte
		want error
	}{
		{"empty file", "a.txt", nil, ErrEmpty},
		{"only whitespace", "a.txt", []byte(" \n\t\r\n "), ErrEmpty},
		{"only a BOM", "a.txt", []byte("\xef\xbb\xbf\n"), ErrEmpty},
		{"PNG", "a.txt", []byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"), ErrBinary},
		{"NUL bytes", "a.md", []byte("abc\x00\x01\x02\xff\xfe\x00def\x00"), ErrBinary},
		{"control characters", "a.txt", []byte("ab\x01\x02\x03\x04\x05\x06\x07\x08cd"), ErrBinary},
		{"odd-length UTF-16", "a.txt", []byte("\xff\xfeA\x00B"), ErrUndecodable},
		{"broken UTF-8 after a BOM", "a.txt", []byte("\xef\xbb\xbfok \xc3\x28"), ErrUndecodable},
		{"RSS", "feed.xml", []byte(`<?xml version="1.0"?><rss version="2.0"><channel></channel></rss>`), ErrFeed},
		{"Atom without extension", "atom-export", []byte(`<feed xmlns="http://www.w3.org/2005/Atom"></feed>`), ErrFeed},
		{"JSON Feed", "feed.json", []byte(`{"version": "https://jsonfeed.org/version/1.1", "items": []}`), ErrFeed},
		{"nothing but clutter", "a.txt", []byte("Share this:\n\nTweet\n"), ErrNoContent},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			doc, err := Parse(tt.file, tt.data, Options{})
			if !errors.Is(err, tt.want) {
				t.Fatalf("Parse: got %v, %v; want error %v", doc, err, tt.want)
			}
			if strings.Contains(err.Error(), tt.file) {
				t.Errorf("error %q names the file; the caller does that", err)
			}
		})
	}
}

func TestParseEncodings(t *testing.T) {
	const want = "Café crème “quoted” costs €5"
	utf16le := []byte{0xff, 0xfe}
	utf16be := []byte{0xfe, 0xff}
	var plainLE []byte
	for _, r := range "Title\n\n" + want + ".\n" {
		lo, hi := byte(r), byte(r>>8)
		utf16le = append(utf16le, lo, hi)
		utf16be = append(utf16be, hi, lo)
		plainLE = append(plainLE, lo, hi)
	}
	tests := []struct {
		name string
		file string
		data []byte
	}{
		// Windows-1252: é=E9 è=E8 “=93 ”=94 €=80; not valid UTF-8.
		{"windows-1252", "old.txt", []byte("Title\r\n\r\nCaf\xe9 cr\xe8me \x93quoted\x94 costs \x805.\r\n")},
		{"utf-8 with BOM", "bom.txt", []byte("\xef\xbb\xbfTitle\n\n" + want + ".\n")},
		{"utf-16 little endian with BOM", "le.txt", utf16le},
		{"utf-16 big endian with BOM", "be.txt", utf16be},
		{"utf-16 without BOM", "nobom.txt", plainLE},
		{"html declaring latin-1", "page.html", []byte(`<html><head><meta charset="iso-8859-1"><title>Title</title></head><body><article><p>Caf` + "\xe9 cr\xe8me \x93quoted\x94 costs \x805." + `</p></article></body></html>`)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			doc, err := Parse(tt.file, tt.data, Options{})
			if err != nil {
				t.Fatalf("Parse: %v", err)
			}
			e := doc.Entries[0]
			if e.Title != "Title" {
				t.Errorf("got title %q, want %q", e.Title, "Title")
			}
			if !strings.Contains(e.Content, want) {
				t.Errorf("got content %q, want it to hold %q", e.Content, want)
			}
		})
	}
}

func TestParseSniffsFormat(t *testing.T) {
	tests := []struct {
		name, file, data, wantTitle, wantContent string
	}{
		{"txt holding HTML", "saved.txt", "<!DOCTYPE html><html><head><title>Real Title</title></head><body><article><p>Body <b>bold</b>.</p></article></body></html>",
			"Real Title", "<p>Body <b>bold</b>.</p>"},
		{"no extension, front matter", "note", "---\ntitle: Front Title\n---\nSome *text*.\n", "Front Title", "<p>Some <em>text</em>.</p>"},
		{"no extension, plain text", "README", "Plain Title\n\nJust text, nothing more.\n", "Plain Title", "<p>Just text, nothing more.</p>"},
		{"md is never sniffed as HTML", "x.md", "<div>raw</div>\n\nPara.\n", "Para", "<div>raw</div>\n<p>Para.</p>"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			doc, err := Parse(tt.file, []byte(tt.data), Options{})
			if err != nil {
				t.Fatalf("Parse: %v", err)
			}
			e := doc.Entries[0]
			if e.Title != tt.wantTitle || e.Content != tt.wantContent {
				t.Errorf("got %q / %q, want %q / %q", e.Title, e.Content, tt.wantTitle, tt.wantContent)
			}
		})
	}
}

func TestParseMeta(t *testing.T) {
	pub := time.Date(2024, 1, 2, 3, 4, 5, 0, time.UTC)
	meta := feed.FileMeta{Title: "Configured Title", Link: "https://example.com/p/1", Author: "Configured Author",
		Published: pub, SiteName: "Configured Site", SiteLink: "https://example.com/"}

	t.Run("single post takes every override", func(t *testing.T) {
		doc, err := Parse("single-titled.txt", readFixture(t, "single-titled.txt"), Options{Meta: meta})
		if err != nil {
			t.Fatal(err)
		}
		e := doc.Entries[0]
		if e.Title != meta.Title || e.Link != meta.Link || strings.Join(e.Authors, ",") != meta.Author {
			t.Errorf("got %q %q %q, want the configured title, link and author", e.Title, e.Link, e.Authors)
		}
		if e.Published == nil || !e.Published.Equal(time.Date(2024, 3, 14, 0, 0, 0, 0, time.UTC)) {
			t.Errorf("got published %v, want the text's own date", e.Published)
		}
		if doc.Title != meta.SiteName || doc.Link != meta.SiteLink {
			t.Errorf("got document %q %q, want the configured site", doc.Title, doc.Link)
		}
	})
	t.Run("published falls back to meta, never to the clock", func(t *testing.T) {
		doc, err := Parse("untitled.txt", readFixture(t, "untitled.txt"), Options{Meta: feed.FileMeta{Published: pub, RawPublished: "as configured"}})
		if err != nil {
			t.Fatal(err)
		}
		if p := doc.Entries[0].Published; p == nil || !p.Equal(pub) {
			t.Errorf("got %v, want %v", p, pub)
		}
		if raw := doc.Entries[0].RawPublished; raw != "as configured" {
			t.Errorf("raw date %q, want the configured text", raw)
		}
		doc, err = Parse("untitled.txt", readFixture(t, "untitled.txt"), Options{})
		if err != nil {
			t.Fatal(err)
		}
		if p := doc.Entries[0].Published; p != nil {
			t.Errorf("got %v, want no date", p)
		}
	})
	t.Run("multi-post page keeps its own titles and has no links", func(t *testing.T) {
		doc, err := Parse("index.txt", readFixture(t, "index-three-groups.txt"), Options{Meta: meta, BaseURL: "https://example.com/garden/"})
		if err != nil {
			t.Fatal(err)
		}
		for _, e := range doc.Entries {
			if e.Title == meta.Title || e.Link != "" {
				t.Errorf("entry %q got link %q; multi-post entries keep their titles and get no link", e.Title, e.Link)
			}
			if strings.Join(e.Authors, ",") != meta.Author {
				t.Errorf("entry %q got authors %q, want %q", e.Title, e.Authors, meta.Author)
			}
		}
	})
	t.Run("base URL is the single post's link fallback", func(t *testing.T) {
		doc, err := Parse("untitled.txt", readFixture(t, "untitled.txt"), Options{BaseURL: "https://example.com/repair-cafe"})
		if err != nil {
			t.Fatal(err)
		}
		if got := doc.Entries[0].Link; got != "https://example.com/repair-cafe" {
			t.Errorf("got link %q, want the base URL", got)
		}
		if doc.Link != "https://example.com/" {
			t.Errorf("got document link %q, want the site root", doc.Link)
		}
	})
}

func TestParseStrip(t *testing.T) {
	text := "Title Here\n\nFirst paragraph of the text.\n\nADVERTISEMENT: buy now\n\nLast paragraph of the text.\n"
	strip := []*regexp.Regexp{regexp.MustCompile(`^ADVERTISEMENT`)}
	for _, file := range []string{"a.txt", "a.md"} {
		t.Run(file, func(t *testing.T) {
			doc, err := Parse(file, []byte(text), Options{Strip: strip})
			if err != nil {
				t.Fatal(err)
			}
			c := doc.Entries[0].Content
			if strings.Contains(c, "ADVERTISEMENT") || !strings.Contains(c, "First paragraph") || !strings.Contains(c, "Last paragraph") {
				t.Errorf("got %q, want the matching paragraph gone and the rest kept", c)
			}
		})
	}
	html := `<html><body><article><h1>T</h1><p>Keep one.</p><p>ADVERTISEMENT: buy</p><p>Keep two.</p></article></body></html>`
	doc, err := Parse("a.html", []byte(html), Options{Strip: strip})
	if err != nil {
		t.Fatal(err)
	}
	if got := doc.Entries[0].Content; got != "<p>Keep one.</p><p>Keep two.</p>" {
		t.Errorf("html: got %q", got)
	}
}

func TestParseFixtures(t *testing.T) {
	base := Options{BaseURL: "https://example.org/blog/post/"}
	t.Run("markdown front matter", func(t *testing.T) {
		doc, err := Parse("post.md", readFixture(t, "post.md"), base)
		if err != nil {
			t.Fatal(err)
		}
		e := doc.Entries[0]
		checks := []struct{ what, got, want string }{
			{"title", e.Title, "Keeping Bees on a Flat Roof"},
			{"author", strings.Join(e.Authors, ","), "Priya Natarajan"},
			{"tags", strings.Join(e.Categories, ","), "bees,city,roofs"},
			{"link", e.Link, "https://example.org/notes/bees-on-a-roof"},
			{"date", e.Published.Format(time.RFC3339), "2024-05-06T09:30:00Z"},
		}
		for _, c := range checks {
			if c.got != c.want {
				t.Errorf("%s: got %q, want %q", c.what, c.got, c.want)
			}
		}
		for _, s := range []string{`href="https://example.org/blog/archive/2023/"`, `src="https://example.org/blog/post/img/windbreak.jpg"`, "<ol>", "<strong>windbreak</strong>"} {
			if !strings.Contains(e.Content, s) {
				t.Errorf("content lacks %q", s)
			}
		}
		if strings.Contains(e.Content, "<h1>") {
			t.Errorf("the heading repeating the title was kept")
		}
	})
	t.Run("markdown front matter variants", func(t *testing.T) {
		src := "---\nTitle: Variants\ndate: March 3, 2025\nauthors:\n  - name: A. Writer\n  - B. Writer\ntags: [x, y]\n---\nBody.\n"
		doc, err := Parse("v.markdown", []byte(src), Options{})
		if err != nil {
			t.Fatal(err)
		}
		e := doc.Entries[0]
		if e.Title != "Variants" || strings.Join(e.Authors, "|") != "A. Writer|B. Writer" || strings.Join(e.Categories, "|") != "x|y" ||
			e.Published == nil || !e.Published.Equal(time.Date(2025, 3, 3, 0, 0, 0, 0, time.UTC)) {
			t.Errorf("got %q %q %q %v", e.Title, e.Authors, e.Categories, e.Published)
		}
	})
	t.Run("broken front matter is an error", func(t *testing.T) {
		if _, err := Parse("b.md", []byte("---\ntitle: [unclosed\n---\nBody\n"), Options{}); err == nil {
			t.Error("got no error")
		}
	})
	t.Run("html article with furniture", func(t *testing.T) {
		doc, err := Parse("article.html", readFixture(t, "article.html"), base)
		if err != nil {
			t.Fatal(err)
		}
		e := doc.Entries[0]
		if e.Title != "The Last Ferry of the Season" || doc.Title != "Harbour Notes" {
			t.Errorf("got title %q, site %q", e.Title, doc.Title)
		}
		if e.Published == nil || !e.Published.Equal(time.Date(2024, 10, 12, 16, 45, 0, 0, time.UTC)) {
			t.Errorf("got date %v", e.Published)
		}
		if strings.Join(e.Authors, ",") != "Tomas Lindqvist" {
			t.Errorf("got authors %q", e.Authors)
		}
		for _, junk := range []string{"Archive", "Stories from the quay", "Tweet", "Related", "Lovely piece", "Subscribe", "©", "onclick", "style=", "tracker", "By Tomas", "<h1>"} {
			if strings.Contains(e.Content, junk) {
				t.Errorf("content holds furniture %q", junk)
			}
		}
		for _, keep := range []string{"<em>Marit</em>", `href="https://example.org/timetables/winter/"`, `src="https://example.org/images/marit.jpg"`, "once the new ramp is finished."} {
			if !strings.Contains(e.Content, keep) {
				t.Errorf("content lacks %q", keep)
			}
		}
	})
	t.Run("html wrapped in a form and a comments-flavoured class", func(t *testing.T) {
		src := `<html><body><form id="aspnetForm"><div class="content has-comments"><nav>Menu</nav>` +
			`<h1>Wrapped Page</h1><p>The first paragraph of the wrapped page is long enough to count.</p>` +
			`<p>The second paragraph is here too.</p><div class="comments"><p>A comment.</p></div></div></form></body></html>`
		doc, err := Parse("w.html", []byte(src), Options{})
		if err != nil {
			t.Fatal(err)
		}
		e := doc.Entries[0]
		if e.Title != "Wrapped Page" || !strings.Contains(e.Content, "second paragraph") || strings.Contains(e.Content, "A comment") || strings.Contains(e.Content, "Menu") {
			t.Errorf("got %q / %q", e.Title, e.Content)
		}
	})
	t.Run("html base and og:url resolve links without a base URL", func(t *testing.T) {
		src := `<html><head><meta property="og:url" content="https://site.example/a/b/"></head><body><main><p>See <a href="c">c</a>.</p></main></body></html>`
		doc, err := Parse("x.html", []byte(src), Options{})
		if err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(doc.Entries[0].Content, `href="https://site.example/a/b/c"`) || doc.Entries[0].Link != "https://site.example/a/b/" {
			t.Errorf("got %q, link %q", doc.Entries[0].Content, doc.Entries[0].Link)
		}
	})
}

func TestDetectBoilerplate(t *testing.T) {
	body := func(topic string) string {
		return "A Post About " + topic + "\n\n" +
			"This is the first paragraph about " + topic + ", long enough to read like real prose and not like a footer line at all.\n\n" +
			"And this is the second paragraph about " + topic + ", which also goes on for a while before it finally stops.\n\n"
	}
	footer := "Thanks for reading. Please share this post with a friend who might enjoy it.\n\nAll photographs are the author's own unless noted otherwise.\n"
	t.Run("footer shared by several files", func(t *testing.T) {
		bp := DetectBoilerplate(map[string][]byte{
			"a.txt": []byte(body("Apples") + footer),
			"b.txt": []byte(body("Pears") + footer),
			"c.txt": []byte(body("Plums") + footer),
		})
		if !bp.Contains("Thanks for reading. Please share this post with a friend who might enjoy it") {
			t.Errorf("footer not detected; got %q", bp.Blocks())
		}
		if bp.Contains(body("Apples")) || bp.Len() != 2 {
			t.Errorf("got %q, want only the two footer blocks", bp.Blocks())
		}
		doc, err := Parse("a.txt", []byte(body("Apples")+footer), Options{Boilerplate: bp})
		if err != nil {
			t.Fatal(err)
		}
		if c := doc.Entries[0].Content; strings.Contains(c, "Thanks for reading") || strings.Contains(c, "photographs") {
			t.Errorf("footer kept: %q", c)
		}
	})
	t.Run("the same post in two files is not boilerplate", func(t *testing.T) {
		post := "Mirror Post\n\n" + strings.Repeat("A long paragraph of the mirrored post that is the same in both copies. ", 8) +
			"\n\n" + strings.Repeat("Another long paragraph that is also identical in the two files. ", 8) +
			"\n\n" + strings.Repeat("A third paragraph closes the mirrored post with more words. ", 8) + "\n"
		bp := DetectBoilerplate(map[string][]byte{
			"blog.txt":     []byte("March 1, 2025\n\n" + post),
			"substack.txt": []byte(post + "\nSubscribe to my Substack for free, it helps me a lot.\n"),
		})
		if bp.Len() != 0 {
			t.Errorf("got %q, want nothing", bp.Blocks())
		}
	})
	t.Run("repeats within one file", func(t *testing.T) {
		text := "One\n\nFirst body paragraph here.\n\nJoin my mailing list.\n\nTwo\n\nSecond body paragraph here.\n\nJoin my mailing list."
		bp := DetectBoilerplate(map[string][]byte{"index.txt": []byte(text)})
		if got := bp.Blocks(); len(got) != 1 || got[0] != "join my mailing list" {
			t.Errorf("got %q", got)
		}
	})
	t.Run("seeds: appeals but not the mirrored post", func(t *testing.T) {
		seeds := loadSeeds(t)
		bp := DetectBoilerplate(seeds)
		mirrored := blockTexts(textBlocks(string(seeds["000_71754f9422b8c5c5.txt"])))
		for _, p := range mirrored[:len(mirrored)-3] {
			if bp.Contains(p) {
				t.Errorf("article paragraph taken for boilerplate: %q", head(p, 80))
			}
		}
		for _, p := range mirrored[len(mirrored)-3 : len(mirrored)-1] {
			if !bp.Contains(p) {
				t.Errorf("appeal not detected: %q", head(p, 80))
			}
		}
	})
	t.Run("undecodable files are skipped", func(t *testing.T) {
		bp := DetectBoilerplate(map[string][]byte{"x.png": []byte("\x89PNG\r\n\x1a\n\x00\x00"), "e.txt": nil})
		if bp.Len() != 0 {
			t.Errorf("got %q", bp.Blocks())
		}
	})
}

func TestBoilerplateContains(t *testing.T) {
	appeal := "If you like what I write, become a monthly supporter so I can keep researching and writing these long essays for everyone. Go to my page here"
	bp := newBoilerplate([]string{normKey(appeal), normKey("Share this")})
	tests := []struct {
		in   string
		want bool
	}{
		{appeal, true},
		{appeal + ".", true},
		{"  SHARE THIS:  ", true},
		{strings.Replace(appeal, "long essays", "very long essays", 1), true},
		{"If you like what I write, tell a friend.", false},
		{"Share", false},
		{"", false},
	}
	for _, tt := range tests {
		if got := bp.Contains(tt.in); got != tt.want {
			t.Errorf("Contains(%q) = %v, want %v", head(tt.in, 60), got, tt.want)
		}
	}
	if (Boilerplate{}).Contains("anything") {
		t.Error("zero Boilerplate matched")
	}
	merged := bp.Merge(newBoilerplate([]string{"other block"}))
	if merged.Len() != 3 || !merged.Contains("Other block!") {
		t.Errorf("Merge: got %q", merged.Blocks())
	}
}

func TestClassify(t *testing.T) {
	tests := []struct {
		in   string
		want clutterKind
	}{
		{"Share this:", kindChrome},
		{"Share to Social Media", kindChrome},
		{"Share on Facebook", kindChrome},
		{"Continue reading The Long Road →", kindChrome},
		{"Read more »", kindChrome},
		{"Read more about the history of the canal in our archive.", kindBody},
		{"Posted by Jane Doe at 9:51 AM", kindChrome},
		{"By Jane Doe", kindChrome},
		{"By the end of the day, everyone had gone home.", kindBody},
		{"Labels: gardening, roses, winter", kindChrome},
		{"Tags: this is a sentence. Not a list.", kindBody},
		{"12 comments", kindChrome},
		{"She has taught at the University …View Full Bio", kindChrome},
		{"If you enjoy my writing, please support my work on Patreon.", kindAppeal},
		{"The union voted to donate its strike fund surplus to the food bank.", kindBody},
		{"Shareholders met on Tuesday.", kindBody},
	}
	for _, tt := range tests {
		if got, _ := classify(tt.in, Boilerplate{}); got != tt.want {
			t.Errorf("classify(%q) = %d, want %d", tt.in, got, tt.want)
		}
	}
}
