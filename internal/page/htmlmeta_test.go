package page

import (
	"slices"
	"strings"
	"testing"
	"time"
)

// TestHTMLAuthors checks each way a saved page names its author, from a
// minimal page holding only that statement.
func TestHTMLAuthors(t *testing.T) {
	const body = `<article><h1>A Headline</h1><p>` + "The text of the article, long enough to be one, goes on with the ordinary words of a paragraph for a while. " +
		"It has a second sentence too, so that the extractor takes it for prose and not a caption.</p></article>"
	page := func(head, extra string) string {
		return "<html><head><title>A Headline</title>" + head + "</head><body>" + extra + body + "</body></html>"
	}
	ld := func(author string) string {
		return `<script type="application/ld+json">{"@context":"https://schema.org","@type":"NewsArticle","headline":"A Headline","author":` + author + `}</script>`
	}
	tests := []struct {
		name, html string
		want       []string
	}{
		{"JSON-LD name", page(ld(`"Ann Lee"`), ""), []string{"Ann Lee"}},
		{"JSON-LD Person", page(ld(`{"@type":"Person","name":"Ann Lee","url":"https://x.example/ann"}`), ""), []string{"Ann Lee"}},
		{"JSON-LD list", page(ld(`[{"@type":"Person","name":"Ann Lee"},{"@type":"Person","name":"Bo Chan"}]`), ""), []string{"Ann Lee", "Bo Chan"}},
		{"JSON-LD person over organisation", page(ld(`[{"@type":"Organization","name":"The Paper"},{"@type":"Person","name":"Ann Lee"}]`), ""), []string{"Ann Lee"}},
		{"JSON-LD @id reference", page(`<script type="application/ld+json">{"@graph":[{"@type":"Article","headline":"A Headline","author":{"@id":"#p1"}},{"@type":"Person","@id":"#p1","name":"Ann Lee"}]}</script>`, ""), []string{"Ann Lee"}},
		{"meta author", page(`<meta name="author" content="Ann Lee">`, ""), []string{"Ann Lee"}},
		{"article:author profile URL is not a name", page(`<meta property="article:author" content="https://x.example/ann"><meta name="byl" content="By Ann Lee">`, ""), []string{"Ann Lee"}},
		{"byl with two names", page(`<meta name="byl" content="By Ann Lee and Bo Chan">`, ""), []string{"Ann Lee", "Bo Chan"}},
		{"twitter label", page(`<meta name="twitter:label1" content="Written by"><meta name="twitter:data1" content="Ann Lee">`, ""), []string{"Ann Lee"}},
		{"rel=author", page("", `<p class="meta">Posted by <a rel="author" href="/u/ann">Ann Lee</a></p>`), []string{"Ann Lee"}},
		{"visible By line", page("", `<div class="story-meta"><span>By Ann Lee · 5 min read</span></div>`), []string{"Ann Lee"}},
		{"Posted by line", page("", `<p class="meta">Posted by Ann Lee on June 3, 2024</p>`), []string{"Ann Lee"}},
		{"author page link", page("", `<div class="meta"><a href="/authors/ann-lee/">Ann Lee</a> · June 3, 2024</div>`), []string{"Ann Lee"}},
		{"JSON-LD in a CDATA section", page(`<script type="application/ld+json">
//<![CDATA[
{"@type":"Article","headline":"A Headline","author":{"@type":"Person","name":"Ann Lee"}}
//]]>
</script>`, ""), []string{"Ann Lee"}},
		{"JSON-LD organisation alone", page(ld(`{"@type":"Organization","name":"Contributors to the Wiki"}`), ""), []string{"Contributors to the Wiki"}},
		{"meta author with a web address", page(`<meta name="author" content="Ann Lee (https://ann.example/)">`, ""), []string{"Ann Lee"}},
		{"meta author with an e-mail address", page(`<meta name="author" content="Ann Lee <ann@x.example>">`, ""), []string{"Ann Lee"}},
		{"one meta per author", page(`<meta name="DC.Creator" content="Lee, Ann"><meta name="DC.Creator" content="Chan, Bo"><meta name="DC.Creator" content="Lee, Ann">`, ""), []string{"Lee, Ann", "Chan, Bo"}},
		{"credits on lines of their own", page("", `<p class="byline">Written by Ann Lee<br>Edited by Bo Chan</p>`), []string{"Ann Lee"}},
		{"marked byline with a date", page("", `<div class="byline">Ann Lee · June 3, 2024</div>`), []string{"Ann Lee"}},
		{"French byline", page("", `<div class="meta"><span>Par Ann Lee, envoyée spéciale</span></div>`), []string{"Ann Lee"}},
		{"Spanish byline of two", page("", `<p class="meta">Por Ann Lee y Bo Chan</p>`), []string{"Ann Lee", "Bo Chan"}},
		{"German byline in the article's header", `<html><head><title>A Headline</title></head><body><article><header><h1>A Headline</h1><p>Von Ann Lee</p></header><p>` +
			"The text of the article, long enough to be one, goes on with the ordinary words of a paragraph for a while. It has a second sentence too.</p></article></body></html>", []string{"Ann Lee"}},
		{"none", page("", ""), nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			doc, err := Parse("a.html", []byte(tt.html), Options{})
			if err != nil {
				t.Fatalf("Parse: %v", err)
			}
			if got := doc.Entries[0].Authors; !slices.Equal(got, tt.want) {
				t.Errorf("authors %q, want %q", got, tt.want)
			}
			if strings.Contains(doc.Entries[0].Content, "Ann Lee") {
				t.Errorf("the byline stayed in the content: %s", doc.Entries[0].Content)
			}
		})
	}
}

// TestHTMLRepeatedParagraphStays checks that a paragraph an article
// repeats (a pull quote, here also its closing line) is kept both times,
// also when the boilerplate of the source's files is detected with the
// page among them.
func TestHTMLRepeatedParagraphStays(t *testing.T) {
	quote := "Nobody repairs what they cannot open, and nobody opens what is glued shut."
	para := "The repair café has met every month for three years, and its volunteers have mended more than a thousand things, from toasters to coats. "
	src := "<html><head><title>Repairs</title></head><body><article><h1>Repairs</h1><p>" + para + "</p><blockquote><p>" + quote + "</p></blockquote><p>" +
		para + "This second paragraph goes on about the tally.</p><p>" + para + "And a last one nearly closes the piece.</p><p>" + quote + "</p></article></body></html>"
	files := map[string][]byte{"a.html": []byte(src)}
	doc, err := Parse("a.html", []byte(src), Options{Boilerplate: DetectBoilerplate(files)})
	if err != nil {
		t.Fatalf("Parse: %v", err)
	}
	if n := strings.Count(doc.Entries[0].Content, quote); n != 2 {
		t.Errorf("the repeated paragraph appears %d times, want 2:\n%s", n, doc.Entries[0].Content)
	}
}

// TestHTMLTitle checks the title and site name read from pages that
// declare neither in metadata, where <title>, the site's logo and the
// article's heading must be told apart.
func TestHTMLTitle(t *testing.T) {
	const para = "<p>For five years the service ran on a managed database that cost more than the rest of the hosting together, and used a hundredth of what it could do.</p><p>Last month it moved to SQLite on the application's own machine, and this is what we learned.</p>"
	tests := []struct{ name, html, title, site string }{
		{"logo h1 in the site header", `<html><head><title>Why we moved - My Blog</title></head><body><header><h1><a href="/">My Blog</a></h1></header><div class="post"><h2>Why we moved</h2>` + para + `</div></body></html>`, "Why we moved", "My Blog"},
		{"og:title with the site appended", `<html><head><title>x</title><meta property="og:title" content="Why we moved | Acme Docs"></head><body><article><h1>Why we moved</h1>` + para + `</article></body></html>`, "Why we moved", "Acme Docs"},
		{"site first in <title>", `<html><head><title>Tide Watcher: Why we moved</title><meta property="og:title" content="Why we moved"></head><body><article>` + para + `</article></body></html>`, "Why we moved", "Tide Watcher"},
		{"declared site name", `<html><head><title>Why we moved — Acme</title><meta property="og:site_name" content="Acme"></head><body><main>` + para + `</main></body></html>`, "Why we moved", "Acme"},
		{"JSON-LD article named, not headlined", `<html><head><title>Acme</title><script type="application/ld+json">{"@type":"Article","name":"Why we moved"}</script></head><body><main>` + para + `</main></body></html>`, "Why we moved", ""},
		{"undeclared site after the last separator", `<html><head><title>Why we moved our database | Notes | Jane Doe</title></head><body><main>` + para + `</main></body></html>`, "Why we moved our database | Notes", ""},
		{"undeclared site first, headline printed", `<html><head><title>Notes From The Harbour | Why we moved</title></head><body><div class="post"><h2>Why we moved</h2>` + para + `</div></body></html>`, "Why we moved", ""},
		{"og:title copied from the <title>", `<html><head><title>Why we moved our database | Acme Blog</title><meta property="og:title" content="Why we moved our database | Acme Blog"></head><body><main>` + para + `</main></body></html>`, "Why we moved our database", ""},
		{"a short headline keeps its separator", `<html><head><title>SQLite - a year on</title></head><body><main>` + para + `</main></body></html>`, "SQLite - a year on", ""},
		{"section <h1>, headline in <title> and a heading", `<html><head><title>Why we moved to SQLite</title></head><body><div class="banner"><h1>Databases Center</h1></div><div class="story"><h2>Why we moved to SQLite</h2>` + para + `</div></body></html>`, "Why we moved to SQLite", ""},
		{"<h1> worded apart from the <title>: a section's name", `<html><head><title>Acme Engineering: Colophon</title></head><body><article><h1>About this site</h1>` + para + `</article></body></html>`, "Acme Engineering: Colophon", ""},
		{"<title> naming only the logo's site", `<html><head><title>Harbour Notes Weekly</title></head><body><header><h1>Harbour Notes Weekly</h1></header><article><h1>Why we moved to SQLite</h1>` + para + `</article></body></html>`, "Why we moved to SQLite", ""},
		{"<title> naming the site its home link names", `<html><head><title>The Harbour Notebook</title></head><body><div class="top"><a href="/">The Harbour Notebook</a></div><article><h1>Why we moved to SQLite</h1>` + para + `</article></body></html>`, "Why we moved to SQLite", ""},
		{"<title> too short for a headline", `<html><head><title>Notebook</title></head><body><article><h1>Why we moved to SQLite</h1>` + para + `</article></body></html>`, "Why we moved to SQLite", ""},
		{"JSON-LD headline over a reworded og:title", `<html><head><title>How to watch the best films of the year - Acme</title><meta property="og:site_name" content="Acme"><meta property="og:title" content="The best movies of the year"><script type="application/ld+json">{"@type":"NewsArticle","headline":"How to watch the best films of the year"}</script></head><body><article><h1>The best movies of the year</h1>` + para + `</article></body></html>`, "How to watch the best films of the year", "Acme"},
		{"book's name in the menu bar's <h1>, chapter in an <h2>", `<html><head><title>What is ownership? - The Harbour Book</title></head><body><div class="menu-bar"><h1 class="menu-title">The Harbour Book</h1></div><main><h2>What Is Ownership?</h2>` + para + `</main></body></html>`, "What is ownership?", "The Harbour Book"},
		{"book's name in the menu bar's <h1>, chapter in the text's <h1>", `<html><head><title>What is tidectl? - The tidectl book</title></head><body><div class="menu-bar"><h1 class="menu-title">The tidectl book</h1></div><main><h1><a href="#what">What is tidectl?</a></h1>` + para + `</main></body></html>`, "What is tidectl?", "The tidectl book"},
		{"headline <h1> above the article, site first in <title>", `<html><head><title>Tide Watcher: Why we moved</title></head><body><h1>Why we moved</h1><article>` + para + `</article></body></html>`, "Why we moved", "Tide Watcher"},
		{"headline <h1> above the article, site last in <title>", `<html><head><title>Why we moved - Tide Watcher</title></head><body><h1>Why we moved</h1><main><h2>What it cost</h2>` + para + `</main></body></html>`, "Why we moved", "Tide Watcher"},
		{"Dublin Core title", `<html><head><title>draft-doe-tides-02 - Tide Tables</title><meta name="DC.Title" content="Tide Tables"></head><body><main>` + para + `</main></body></html>`, "Tide Tables", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			doc, err := Parse("a.html", []byte(tt.html), Options{})
			if err != nil {
				t.Fatalf("Parse: %v", err)
			}
			if doc.Entries[0].Title != tt.title || doc.Title != tt.site {
				t.Errorf("title %q, site %q; want %q, %q", doc.Entries[0].Title, doc.Title, tt.title, tt.site)
			}
		})
	}
}

func TestCleanAuthor(t *testing.T) {
	tests := []struct{ in, want string }{
		{"By Jane Doe", "Jane Doe"},
		{"By Jane Doe March 3, 2024", "Jane Doe"},
		{"Jane Doe Mar. 3", "Jane Doe"},
		{"By Theresa May", "Theresa May"},
		{"Theresa May", "Theresa May"},
		{"May 20, 2019", ""},
		{"Follow @jdoe", ""},
		{"@jdoe", ""},
		{"https://example.org/jane", ""},
		{"Jane Doe (http://jane.example/)", "Jane Doe"},
		{"Jane Doe <jane@example.org>", "Jane Doe"},
		{"Jane Doe https://jane.example/", "Jane Doe"},
	}
	for _, tt := range tests {
		if got := cleanAuthor(tt.in); got != tt.want {
			t.Errorf("cleanAuthor(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestTextAuthors(t *testing.T) {
	tests := []struct{ in, want string }{
		{"Jane Doe July", "Jane Doe"},
		{"JANE DOE JULY", "JANE DOE"},
		{"Lee Min Jun", "Lee Min Jun"},
		{"Jane Doe, Jane Doe", "Jane Doe"},
		{"Jane Doe, Subscribe", "Jane Doe"},
		{"", ""},
	}
	for _, tt := range tests {
		if got := textAuthors(tt.in); got != tt.want {
			t.Errorf("textAuthors(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestTextAuthorsGlued(t *testing.T) {
	for in, want := range map[string]string{
		"ByJane Doe":                        "Jane Doe",
		"Byron Lake":                        "Byron Lake",
		"Intro, Setup, Usage, FAQ, Credits": "",
	} {
		if got := textAuthors(in); got != want {
			t.Errorf("textAuthors(%q) = %q, want %q", in, got, want)
		}
	}
}

// TestHTMLDate checks which of a page's statements dates the entry.
func TestHTMLDate(t *testing.T) {
	const para = "<p>The text of the article, long enough to be one, goes on with the ordinary words of a paragraph for a while. It has a second sentence too.</p>"
	tests := []struct{ name, head, body, want string }{
		{"JSON-LD over article:published_time", `<meta property="article:published_time" content="2015-12-11T14:28:34Z"><script type="application/ld+json">{"@type":"BlogPosting","headline":"A","datePublished":"2015-10-15T02:19:15Z"}</script>`, "", "2015-10-15T02:19:15Z"},
		{"article:published_time", `<meta property="article:published_time" content="2015-12-11T14:28:34+01:00">`, "", "2015-12-11T13:28:34Z"},
		{"time element in the article", "", `<time datetime="2024-06-03">June 3</time>`, "2024-06-03T00:00:00Z"},
		{"printed date line", "", `<p class="meta">Posted on June 3, 2024</p>`, "2024-06-03T00:00:00Z"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			src := "<html><head><title>A</title>" + tt.head + "</head><body><article><h1>A</h1>" + tt.body + para + "</article></body></html>"
			doc, err := Parse("a.html", []byte(src), Options{})
			if err != nil {
				t.Fatalf("Parse: %v", err)
			}
			got := doc.Entries[0].Published
			if got == nil || got.UTC().Format(time.RFC3339) != tt.want {
				t.Errorf("published %v, want %s", got, tt.want)
			}
		})
	}
}

func TestLinksHome(t *testing.T) {
	tests := []struct {
		href, base string
		want       bool
	}{
		{"/", "", true},
		{"https://www.example.org/", "https://example.org/2024/05/post.html", true},
		{"https://example.org", "", true},
		{"https://other.example/", "https://example.org/post", false},
		{"/about/", "", false},
		{"https://example.org/?page=2", "", false},
		{"#top", "", false},
		{"", "", false},
	}
	for _, tt := range tests {
		if got := linksHome(tt.href, tt.base); got != tt.want {
			t.Errorf("linksHome(%q, %q) = %v, want %v", tt.href, tt.base, got, tt.want)
		}
	}
}
