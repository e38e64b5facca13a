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
