package page

import (
	"strings"
	"testing"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// TestIsFurniture checks which elements the pre-extraction pass takes for
// page furniture: widgets by their names, but never a paragraph, a
// section whose id is its heading's anchor, or a caption of a picture
// beside the article.
func TestIsFurniture(t *testing.T) {
	const prose = "Once you have mastered the art in a single repository, you might want to move on to sharing it with others, which is where it gets interesting."
	slides := strings.Repeat(`<figure><img src="s.jpg"><figcaption>A slide.</figcaption></figure>`, minGallerySlides)
	tests := []struct {
		name, html string
		want       bool
	}{
		{"share widget", `<div class="share-buttons"><a href="#">Share</a></div>`, true},
		{"comments by id", `<div id="comments"><h2>3 comments</h2><p>Nice.</p></div>`, true},
		{"navigation tag", `<nav><a href="/">Home</a></nav>`, true},
		{"hidden", `<div style="display: none">Hidden</div>`, true},
		{"paragraph marked paywall", `<p class="paywall">The article's own text, gated on the live site.</p>`, false},
		{"figure of a video player", `<figure class="media-item default-player has-caption"><div class="player-box"><button>Play</button></div><figcaption>Media caption: the interview, in full.</figcaption></figure>`, false},
		{"section anchored on its heading", `<div class="section" id="sharing-with-a-single-developer"><h2>Sharing with a single developer¶</h2><p>` + prose + `</p></div>`, false},
		{"one-word id over its heading", `<div id="comments"><h2>Comments</h2><p>` + prose + `</p></div>`, true},
		{"box of links headed with its id", `<div id="related-posts"><h3>Related posts</h3><ul><li><a href="/a">A post</a></li><li><a href="/b">Another</a></li></ul></div>`, true},
		{"heading anchored on itself", `<h2 id="share-your-work">Share your work</h2>`, false},
		{"long anchor cut short", `<section id="related-work-in-distributed"><h2>Related work in distributed systems</h2><p>` + prose + `</p></section>`, false},
		{"short id is a widget name", `<section id="related"><h2>Related stories</h2></section>`, true},
		{"slideshow caption", `<div class="slideshow-description">In this photo the rocket stands on the pad.</div>`, false},
		{"slideshow of many pictures", `<div class="slideshow">` + slides + `</div>`, true},
		{"gallery of many pictures", `<div class="story-gallery">` + slides + `</div>`, true},
		{"paywall prompt", `<div class="paywall-prompt"><p>Subscribe to keep reading.</p><a href="/subscribe">Subscribe</a></div>`, true},
		{"gated article text", `<div class="article-body paywall">` + strings.Repeat("<p>The article's own paragraph, gated on the live site but here in the saved page, goes on for a while.</p>", 6) + `</div>`, false},
		{"article body", `<div class="entry-content"><p>Text.</p></div>`, false},
		{"dialog by a compound id", `<div id="makehomepagedialog"><h2>Make us your homepage</h2><ul><li>Open the settings.</li></ul></div>`, true},
		{"sign-up modal by a compound class", `<div class="signupmodal"><p>Join us.</p></div>`, true},
		{"fiction's dialogue", `<div class="dialogue">` + prose + `</div>`, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			root, err := html.Parse(strings.NewReader("<html><body>" + tt.html + "</body></html>"))
			if err != nil {
				t.Fatal(err)
			}
			body := findFirst(root, atom.Body)
			if got := isFurniture(body.FirstChild); got != tt.want {
				t.Errorf("isFurniture(%s) = %v, want %v", tt.html, got, tt.want)
			}
		})
	}
}

// TestRemoveFurnitureKeepsMarkedBody checks that a post body whose class
// also names a widget word stays, with its text, when most of the page's
// text is elsewhere.
func TestRemoveFurnitureKeepsMarkedBody(t *testing.T) {
	long := strings.Repeat("<p>Other text of the page, in a long list of teasers and links that outweighs the post.</p>", 12)
	src := `<html><body><div class="teasers">` + long + `</div><div class="entry-content has-share-buttons"><p>The post's own text.</p></div></body></html>`
	root, err := html.Parse(strings.NewReader(src))
	if err != nil {
		t.Fatal(err)
	}
	body := findFirst(root, atom.Body)
	removeFurniture(body, nil)
	if !strings.Contains(textOf(body), "The post's own text.") {
		t.Errorf("the post body went as furniture: %q", textOf(body))
	}
}

// TestRemoveFurnitureArticleHeader checks that an article's own <header>
// stays with its standfirst, its widgets gone, while the site's <header>
// goes whole.
func TestRemoveFurnitureArticleHeader(t *testing.T) {
	src := `<html><body><header class="site"><a href="/">Harbour Notes</a><p>Stories from the quay</p></header>` +
		`<article><header><h1>The last ferry</h1><p class="standfirst">The island's winter begins.</p><div class="share-row"><a href="#">Share</a></div></header>` +
		`<p>The Marit left the quay at a quarter to six.</p></article></body></html>`
	root, err := html.Parse(strings.NewReader(src))
	if err != nil {
		t.Fatal(err)
	}
	body := findFirst(root, atom.Body)
	removeFurniture(body, nil)
	got := textOf(body)
	for _, want := range []string{"The last ferry", "The island's winter begins."} {
		if !strings.Contains(got, want) {
			t.Errorf("%q went with the article's header: %q", want, got)
		}
	}
	for _, gone := range []string{"Share", "Stories from the quay"} {
		if strings.Contains(got, gone) {
			t.Errorf("%q stayed: %q", gone, got)
		}
	}
}

func TestWrapLooseText(t *testing.T) {
	tests := []struct{ name, in, want string }{
		{"date beside the byline", `<div><p>By Jane Doe</p> <time>3 May 2024</time></div>`, `<div><p>By Jane Doe</p><p> <time>3 May 2024</time></p></div>`},
		{"text between blocks", `<div><h2>Notes</h2>Loose <em>words</em> here.<p>A paragraph.</p></div>`, `<div><h2>Notes</h2><p>Loose <em>words</em> here.</p><p>A paragraph.</p></div>`},
		{"inline only", `<div>Just <b>text</b>.</div>`, `<div>Just <b>text</b>.</div>`},
		{"only white space beside blocks", `<div> <p>A paragraph.</p> </div>`, `<div> <p>A paragraph.</p> </div>`},
		{"figure untouched", `<div><figure><img src="a.jpg"/><figcaption>A caption.</figcaption></figure><p>Text.</p></div>`, `<div><figure><img src="a.jpg"/><figcaption>A caption.</figcaption></figure><p>Text.</p></div>`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			root, err := html.Parse(strings.NewReader("<html><body>" + tt.in + "</body></html>"))
			if err != nil {
				t.Fatal(err)
			}
			body := findFirst(root, atom.Body)
			wrapLooseText(body)
			var b strings.Builder
			if err := html.Render(&b, body.FirstChild); err != nil {
				t.Fatal(err)
			}
			if b.String() != tt.want {
				t.Errorf("got  %s\nwant %s", b.String(), tt.want)
			}
		})
	}
}

// A heading loses the permalink marks and the buttons set beside its
// words, and keeps every word of its own, a button's that holds them all
// included.
func TestRemovePermalinks(t *testing.T) {
	tests := []struct{ name, heading, want string }{
		{"pilcrow link", `<h2 id="setup">Setup<a class="headerlink" href="#setup">¶</a></h2>`, "Setup"},
		{"icon-only link", `<h2 id="setup"><a href="#setup"><svg></svg></a>Setup</h2>`, "Setup"},
		{"a link with words stays", `<h2><a href="#setup">Setup</a> and teardown</h2>`, "Setup and teardown"},
		{"button beside the words", `<h1>Crate <span>tidectl</span> <button id="copy-path">Copy item path</button></h1>`, "Crate tidectl"},
		{"accordion button holding the words", `<h3><button aria-expanded="false">Why did we move?</button></h3>`, "Why did we move?"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			root, err := html.Parse(strings.NewReader("<html><body>" + tt.heading + "</body></html>"))
			if err != nil {
				t.Fatal(err)
			}
			removePermalinks(root)
			h := findFirst(root, atom.H1)
			for _, a := range []atom.Atom{atom.H2, atom.H3} {
				if h == nil {
					h = findFirst(root, a)
				}
			}
			if got := textOf(h); got != tt.want {
				t.Errorf("heading %q, want %q", got, tt.want)
			}
		})
	}
}
