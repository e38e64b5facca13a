package aggregate

import (
	"cmp"
	"fmt"
	"html"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
)

// testPost is one post of testBlog: a title and the paragraphs of its
// whole text.
type testPost struct {
	slug, title string
	paras       []string
	// page, when set, is served instead of the post's article page, with
	// ctype (text/html when empty) and status (200 when 0).
	page   string
	ctype  string
	status int
}

// testBlog is a Blogger-style blog on loopback: an Atom feed whose entries
// carry only the first words of each post in <summary> (cut mid-sentence
// and ended with "..."), and one HTML page per post, in Blogger's markup,
// served with an ETag and answering If-None-Match with 304. It counts the
// requests for each path.
type testBlog struct {
	*httptest.Server
	posts []testPost
	mu    sync.Mutex
	hits  map[string]int
	full  bool // the feed carries every post whole in <content>, as a second copy elsewhere would
	// summaryTail is appended to each summary, so a test can change an
	// entry's revision without touching its page.
	summaryTail string
	// linkBase, when set, replaces the server's URL in the posts' links.
	linkBase string
}

func newTestBlog(t *testing.T, posts []testPost) *testBlog {
	b := &testBlog{posts: posts, hits: map[string]int{}}
	b.Server = httptest.NewServer(http.HandlerFunc(b.serve))
	t.Cleanup(b.Close)
	return b
}

func (b *testBlog) serve(w http.ResponseWriter, r *http.Request) {
	b.mu.Lock()
	b.hits[r.URL.Path]++
	full, tail, links := b.full, b.summaryTail, cmp.Or(b.linkBase, b.URL)
	b.mu.Unlock()
	if r.URL.Path == "/feeds/posts/default" {
		w.Header().Set("Content-Type", "application/atom+xml; charset=UTF-8")
		fmt.Fprint(w, b.feed(full, tail, links))
		return
	}
	for _, p := range b.posts {
		if r.URL.Path != "/2025/03/"+p.slug+".html" {
			continue
		}
		etag := `"` + p.slug + `-v1"`
		if r.Header.Get("If-None-Match") == etag {
			w.WriteHeader(http.StatusNotModified)
			return
		}
		w.Header().Set("ETag", etag)
		w.Header().Set("Content-Type", "text/html; charset=UTF-8")
		if p.ctype != "" {
			w.Header().Set("Content-Type", p.ctype)
		}
		if p.status != 0 {
			w.WriteHeader(p.status)
		}
		if p.page != "" {
			fmt.Fprint(w, p.page)
			return
		}
		fmt.Fprint(w, bloggerPage(p))
		return
	}
	http.NotFound(w, r)
}

// hitsOf returns how often path was requested.
func (b *testBlog) hitsOf(path string) int {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.hits[path]
}

func (b *testBlog) setLinkBase(s string) {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.linkBase = s
}

func (b *testBlog) setSummaryTail(s string) {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.summaryTail = s
}

func (b *testBlog) feed(full bool, tail, links string) string {
	var s strings.Builder
	fmt.Fprintf(&s, `<?xml version="1.0" encoding="UTF-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><id>tag:blogger.com,1999:blog-42</id><title type="text">Leaf and Kettle</title>
<link rel="alternate" type="text/html" href="%[1]s/"/><updated>2025-03-03T09:00:00Z</updated><author><name>Ada</name></author>
`, b.URL)
	for i, p := range b.posts {
		fmt.Fprintf(&s, `<entry><id>tag:blogger.com,1999:blog-42.post-%d</id><published>2025-03-0%dT09:00:00Z</published><updated>2025-03-0%dT09:00:00Z</updated>
<title type="text">%s</title><link rel="alternate" type="text/html" href="%s/2025/03/%s.html" title="%s"/>
`, i+1, i+1, i+1, html.EscapeString(p.title), links, p.slug, html.EscapeString(p.title))
		if full {
			fmt.Fprintf(&s, "<content type=\"html\">%s</content>\n", html.EscapeString("<p>"+strings.Join(p.paras, "</p><p>")+"</p>"))
		} else {
			fmt.Fprintf(&s, "<summary type=\"text\">%s%s</summary>\n", html.EscapeString(bloggerSummary(p)), html.EscapeString(tail))
		}
		s.WriteString("</entry>\n")
	}
	s.WriteString("</feed>\n")
	return s.String()
}

// bloggerSummary is what Blogger's summary feeds carry: the post's text,
// markup gone, cut near 250 characters and ended with "...".
func bloggerSummary(p testPost) string {
	text := strings.Join(p.paras, " ")
	if len(text) <= 250 {
		return text
	}
	return text[:250] + "..."
}

// bloggerPage is a post's page in Blogger's markup: navigation, a
// sidebar, the post body, and comments.
func bloggerPage(p testPost) string {
	return `<!DOCTYPE html><html><head><meta charset="UTF-8"><title>Leaf and Kettle: ` + html.EscapeString(p.title) + `</title>
<meta property="og:title" content="` + html.EscapeString(p.title) + `"><meta property="og:site_name" content="Leaf and Kettle">
<script>var _gaq = []; document.write("tracking");</script></head>
<body><div class="navbar"><a href="/">Home</a> | <a href="/search/label/tea">Tea</a> | <a href="/p/about.html">About</a></div>
<div id="header"><h1><a href="/">Leaf and Kettle</a></h1><p class="description">Notes on tea, slowly.</p></div>
<div class="main-inner"><div class="date-header"><span>Monday, March 3, 2025</span></div>
<div class="post hentry"><h3 class="post-title entry-title">` + html.EscapeString(p.title) + `</h3>
<div class="post-body entry-content"><p>` + strings.Join(p.paras, "</p>\n<p>") + `</p>
<p><img src="/images/` + p.slug + `.jpg" alt="a cup" onerror="alert(1)"></p></div>
<div class="post-footer">Posted by Ada at 9:00 AM | <a href="#comments">2 comments</a> | Labels: <a href="/search/label/tea">tea</a></div></div>
<div id="comments"><h4>2 comments:</h4><dl><dt>Bob said...</dt><dd>Nice post!</dd><dt>Eve said...</dt><dd>Buy cheap watches at spam.example</dd></dl></div></div>
<div class="sidebar"><h2>Blog Archive</h2><ul><li><a href="/2025/">2025 (3)</a></li><li><a href="/2024/">2024 (41)</a></li></ul>
<h2>Popular posts</h2><ul><li><a href="/2024/01/x.html">Something else entirely</a></li></ul></div>
<div class="footer">Powered by Blogger.</div></body></html>`
}

// teaPosts are three posts long enough that a summary is an excerpt.
var teaPosts = []testPost{
	{slug: "green-tea", title: "Green tea, gently", paras: []string{
		"Green tea wants water well below boiling, or it turns bitter in the cup before you have even sat down to drink it.",
		"I keep a thermometer by the kettle now, which my family finds funny, but the difference between seventy and ninety degrees is the difference between sweet and harsh.",
		"Steep it for two minutes, no more, and pour it all out so the leaves do not sit in the water between cups.",
		"The last paragraph of the green tea post is only on its page: a second steeping at a slightly hotter temperature is often the best cup of the day."}},
	{slug: "oolong", title: "Oolong forgives", paras: []string{
		"Oolong forgives more than any other tea I know, and it rewards you for coming back to the same leaves again and again over an afternoon.",
		"Rolled oolongs open slowly: the first infusion is thin, the second is where the flavour starts, and the third and fourth are the reason to buy it at all.",
		"A small pot and short steeps suit it better than a big mug and a long one.",
		"The last paragraph of the oolong post is only on its page: keep the lid off between infusions so the leaves do not stew."}},
	{slug: "black-tea", title: "Black tea, properly", paras: []string{
		"Black tea takes boiling water and a lid on the pot, four minutes, and nothing fancy, although people will argue about milk for ever.",
		"Warm the pot first: cold porcelain takes ten degrees off the water at once, and a cooler brew is a flatter one.",
		"Loose leaves need room to move, so a basket infuser that fills the pot does far better than a small ball.",
		"The last paragraph of the black tea post is only on its page: milk after the tea, always, whatever the old books say."}},
}
