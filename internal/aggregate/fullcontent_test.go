package aggregate

import (
	"bytes"
	"context"
	"encoding/xml"
	"maps"
	"net/http"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/tributary/tributary/internal/publish"
	"github.com/tributary/tributary/internal/store"
)

// storedByTitle loads every stored entry, by title.
func storedByTitle(t *testing.T, db *store.DB) map[string]store.Record {
	t.Helper()
	ms, err := db.Members(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	ids := make([]int64, len(ms))
	for i, m := range ms {
		ids[i] = m.ID
	}
	recs, err := db.Entries(context.Background(), ids)
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]store.Record{}
	for _, r := range recs {
		out[r.Title] = r
	}
	return out
}

func pagePath(slug string) string { return "/2025/03/" + slug + ".html" }

// An excerpt-only Blogger-style feed: each post is published whole, read
// from its page once; a second run fetches no page again; a changed feed
// item re-reads its page with a conditional GET, which a 304 answers; a
// page whose article is no longer than the excerpt leaves the excerpt, and
// says why.
func TestFullContentBloggerExcerpts(t *testing.T) {
	paywall := testPost{slug: "members-only", title: "Members only", paras: []string{
		"This post about rare white teas from the high gardens of Fujian is for members of the tea club, who get a new essay every week along with tasting notes and the occasional discount on leaves we like.",
		"Everyone else can read the opening, and we hope it tempts you to join us for the rest of the story, which is long."},
		page: `<html><head><title>Members only</title></head><body><article><p>This post about rare white teas from the high gardens of Fujian is for members of the tea club.</p><p>Subscribe to read on.</p></article></body></html>`}
	blog := newTestBlog(t, append(slices.Clone(teaPosts), paywall))
	app, db, _ := newTestApp(t, blog.URL+"/feeds/posts/default")
	app.cfg.Sources[0].FullContent = true
	ctx := context.Background()

	sum, err := app.Cycle(ctx, RunOptions{All: true, Publish: true})
	if err != nil {
		t.Fatal(err)
	}
	if sum.Inserted != 4 || sum.FullPosts != 3 {
		t.Errorf("first cycle: %+v, want 4 new and 3 full posts", sum)
	}
	atom, err := os.ReadFile(filepath.Join(app.cfg.Output.Dir, publish.AtomFile))
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range teaPosts {
		last := p.paras[len(p.paras)-1]
		if !bytes.Contains(atom, []byte(last)) {
			t.Errorf("%s: the page's last paragraph is not published", p.slug)
		}
	}
	for _, leak := range []string{"Buy cheap watches", "Blog Archive", "Powered by Blogger", "alert(1)", "document.write"} {
		if bytes.Contains(atom, []byte(leak)) {
			t.Errorf("%s holds %q from the page's chrome or scripts", publish.AtomFile, leak)
		}
	}
	checkGolden(t, filepath.Join("testdata", "fullcontent", "blogger.atom.xml"),
		bytes.ReplaceAll(atom, []byte(blog.URL), []byte("http://blog.test")))

	recs := storedByTitle(t, db)
	for _, p := range teaPosts {
		r := recs[p.title]
		if !r.Excerpt || r.FullContent == "" || r.FullReason != "" || r.FullURL != blog.URL+pagePath(p.slug) {
			t.Errorf("%s: excerpt %v, article %d bytes, reason %q, url %q", p.slug, r.Excerpt, len(r.FullContent), r.FullReason, r.FullURL)
		}
		content, summary := r.Body()
		if content != r.FullContent || summary != firstNonEmpty(r.Summary, r.Content) || !strings.Contains(summary, "...") {
			t.Errorf("%s: Body() = %.40q, %.40q; want the article and the feed's excerpt", p.slug, content, summary)
		}
	}
	if r := recs[paywall.title]; r.FullContent != "" || !strings.Contains(r.FullReason, "no longer than the excerpt") {
		t.Errorf("paywalled post: article %d bytes, reason %q; want the excerpt kept because the page has less", len(r.FullContent), r.FullReason)
	}
	for _, p := range append(slices.Clone(teaPosts), paywall) {
		if n := blog.hitsOf(pagePath(p.slug)); n != 1 {
			t.Errorf("%s: page requested %d times in the first run, want 1", p.slug, n)
		}
	}

	// The same feed again: no page is fetched.
	sum, err = app.Cycle(ctx, RunOptions{All: true, Publish: true})
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range append(slices.Clone(teaPosts), paywall) {
		if n := blog.hitsOf(pagePath(p.slug)); n != 1 {
			t.Errorf("%s: page requested %d times after two runs, want 1", p.slug, n)
		}
	}
	if sum.FullPosts != 0 {
		t.Errorf("second cycle: %+v, want no full post changed", sum)
	}

	// Every item changes (a new revision): each page is asked for again,
	// conditionally when an article is stored; a 304 keeps it.
	blog.setSummaryTail(" (edited)")
	sum, err = app.Cycle(ctx, RunOptions{All: true, Publish: true})
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range append(slices.Clone(teaPosts), paywall) {
		if n := blog.hitsOf(pagePath(p.slug)); n != 2 {
			t.Errorf("%s: page requested %d times after the item changed, want 2", p.slug, n)
		}
	}
	recs = storedByTitle(t, db)
	for _, p := range teaPosts {
		if r := recs[p.title]; !strings.Contains(r.FullContent, p.paras[len(p.paras)-1]) || !strings.Contains(r.Content+r.Summary, "(edited)") {
			t.Errorf("%s after a 304: article %d bytes, excerpt %q", p.slug, len(r.FullContent), r.Content+r.Summary)
		}
	}
}

// checkGolden compares got with the golden file, or rewrites it with
// -update.
func checkGolden(t *testing.T, path string, got []byte) {
	t.Helper()
	if *update {
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run with -update to create it)", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("%s differs from the golden file; run with -update and review the diff\ngot:\n%s", path, got)
	}
}

// When a post's page cannot give the whole post, the excerpt stays and the
// reason is stored; only failures worth retrying are tried again.
func TestFullContentKeepsExcerpt(t *testing.T) {
	base := teaPosts[0]
	other := bloggerPage(teaPosts[2])
	tests := []struct {
		name   string
		post   testPost
		reason string // a substring of the stored reason
		tries  int    // requests after three runs whose feed item changes
	}{
		{"not found", testPost{page: "gone", status: http.StatusNotFound}, "404", 1},
		{"server error, retried", testPost{page: "oops", status: http.StatusServiceUnavailable}, "503", MaxPageTries},
		{"another post's page", testPost{page: other}, "does not contain the excerpt", 1},
		{"an image", testPost{page: "\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00", ctype: "image/png"}, "binary", 1},
		{"a feed", testPost{page: `<?xml version="1.0"?><rss version="2.0"><channel><title>x</title></channel></rss>`, ctype: "application/rss+xml"}, "feed document", 1},
		{"too large", testPost{page: "<html><body><p>" + strings.Repeat("tea ", 1<<18) + "</p></body></html>"}, "too large", 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := tt.post
			p.slug, p.title, p.paras = base.slug, base.title, base.paras
			blog := newTestBlog(t, []testPost{p})
			app, db, _ := newTestApp(t, blog.URL+"/feeds/posts/default")
			app.cfg.Sources[0].FullContent = true
			app.cfg.Fetch.FullPages.MaxBytes = 512 << 10
			for range 3 {
				if _, err := app.Cycle(context.Background(), RunOptions{All: true, Publish: true}); err != nil {
					t.Fatal(err)
				}
			}
			r := storedByTitle(t, db)[base.title]
			if r.FullContent != "" || !strings.Contains(r.FullReason, tt.reason) {
				t.Errorf("article %d bytes, reason %q; want none, and a reason containing %q", len(r.FullContent), r.FullReason, tt.reason)
			}
			if content, _ := r.Body(); content != r.Content || content != "" && content == r.FullContent {
				t.Errorf("Body() publishes %.60q, want the feed's own", content)
			}
			if n := blog.hitsOf(pagePath(base.slug)); n != tt.tries {
				t.Errorf("page requested %d times in three runs, want %d", n, tt.tries)
			}
		})
	}
}

// An excerpt feed and a feed carrying the same posts whole elsewhere,
// under other titles (a cross-post retitled for another platform), merge
// once the excerpts' pages are read: de-duplication compares the whole
// posts. An excerpt merges with a whole post only under the same title, so
// without full_content they stay apart.
func TestFullContentExcerptMergesWithWholeCopy(t *testing.T) {
	for _, tt := range []struct {
		name        string
		fullContent bool
		wantMerged  int
	}{
		{"excerpts completed from their pages", true, len(teaPosts)},
		{"excerpts alone", false, 0},
	} {
		t.Run(tt.name, func(t *testing.T) {
			excerpts := newTestBlog(t, teaPosts)
			retitled := slices.Clone(teaPosts)
			for i := range retitled {
				retitled[i].title = []string{"Why my kettle has a thermometer", "Leaves that keep on giving", "The four minute rule"}[i]
			}
			mirror := newTestBlog(t, retitled)
			mirror.full = true
			app, db, _ := newTestApp(t, excerpts.URL+"/feeds/posts/default", mirror.URL+"/feeds/posts/default")
			app.cfg.Sources[0].FullContent = tt.fullContent
			sum, err := app.Cycle(context.Background(), RunOptions{All: true, Publish: true})
			if err != nil {
				t.Fatal(err)
			}
			if sum.Merged != tt.wantMerged {
				t.Errorf("merged %d, want %d (%+v)", sum.Merged, tt.wantMerged, sum)
			}
			merges, err := db.Merges(context.Background())
			if err != nil {
				t.Fatal(err)
			}
			for _, m := range merges {
				if m.Reason != "near-duplicate text: same text" {
					t.Errorf("merge %q = %q: %s", m.A.Title, m.B.Title, m.Reason)
				}
			}
			if sum.Published != 2*len(teaPosts)-tt.wantMerged {
				t.Errorf("published %d entries, want %d", sum.Published, 2*len(teaPosts)-tt.wantMerged)
			}
		})
	}
}

// A host that asks for a pause (503) or cannot be reached gets it: its
// other pages wait for the next cycle instead of each being tried, and the
// pause costs them no attempt.
func TestFullContentHostPause(t *testing.T) {
	posts := slices.Clone(teaPosts)
	posts[2].page, posts[2].status = "busy", http.StatusServiceUnavailable // the newest
	blog := newTestBlog(t, posts)
	app, db, _ := newTestApp(t, blog.URL+"/feeds/posts/default")
	app.cfg.Sources[0].FullContent = true
	app.cfg.Fetch.FullPages.Concurrency = 1
	for run := 1; run <= MaxPageTries; run++ {
		if _, err := app.Cycle(context.Background(), RunOptions{All: true, Publish: true}); err != nil {
			t.Fatal(err)
		}
		if n := blog.hitsOf(pagePath(posts[2].slug)); n != run {
			t.Errorf("run %d: the busy page was requested %d times, want %d", run, n, run)
		}
		if run < MaxPageTries {
			for _, p := range posts[:2] {
				if n := blog.hitsOf(pagePath(p.slug)); n != 0 {
					t.Errorf("run %d: %s requested while its host asked for a pause", run, p.slug)
				}
			}
		}
	}
	// The busy page is given up on; the next cycle reads the others.
	if _, err := app.Cycle(context.Background(), RunOptions{All: true, Publish: true}); err != nil {
		t.Fatal(err)
	}
	recs := storedByTitle(t, db)
	for _, p := range posts[:2] {
		if r := recs[p.title]; r.FullContent == "" || blog.hitsOf(pagePath(p.slug)) != 1 {
			t.Errorf("%s: article %d bytes after the pause, %d requests", p.slug, len(r.FullContent), blog.hitsOf(pagePath(p.slug)))
		}
	}
	if r := recs[posts[2].title]; r.FullContent != "" || !strings.Contains(r.FullReason, "503") {
		t.Errorf("busy page: article %d bytes, reason %q", len(r.FullContent), r.FullReason)
	}
}

// A post's link is the feed's word, not the user's: a page on the feed's
// own host is trusted like the feed, but one on another host must resolve
// to a public address, so a feed cannot send Tributary to a private one.
func TestFullContentPrivateAddressRefused(t *testing.T) {
	blog := newTestBlog(t, teaPosts[:1])
	blog.setLinkBase(strings.Replace(blog.URL, "127.0.0.1", "localhost", 1))
	app, db, _ := newTestApp(t, blog.URL+"/feeds/posts/default")
	app.cfg.Sources[0].FullContent = true
	if _, err := app.Cycle(context.Background(), RunOptions{All: true, Publish: true}); err != nil {
		t.Fatal(err)
	}
	r := storedByTitle(t, db)[teaPosts[0].title]
	if r.FullContent != "" || !strings.Contains(r.FullReason, "non-public address refused") {
		t.Errorf("article %d bytes, reason %q; want the page refused", len(r.FullContent), r.FullReason)
	}
	if n := blog.hitsOf(pagePath(teaPosts[0].slug)); n != 0 {
		t.Errorf("the page on another host was requested %d times", n)
	}
}

// atomUpdates reads the published Atom feed's updated, and each entry's
// by id.
func atomUpdates(t *testing.T, app *App) (string, map[string]string) {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(app.cfg.Output.Dir, publish.AtomFile))
	if err != nil {
		t.Fatal(err)
	}
	var doc struct {
		Updated string `xml:"updated"`
		Entries []struct {
			ID      string `xml:"id"`
			Updated string `xml:"updated"`
		} `xml:"entry"`
	}
	if err := xml.Unmarshal(data, &doc); err != nil {
		t.Fatal(err)
	}
	out := map[string]string{}
	for _, e := range doc.Entries {
		out[e.ID] = e.Updated
	}
	return doc.Updated, out
}

// A whole post arriving for an entry already published as an excerpt
// changes the entry's updated (readers re-read an entry only when it
// changes) and the feed's, never its id; a run that changes nothing moves
// neither.
func TestFullContentMovesUpdated(t *testing.T) {
	blog := newTestBlog(t, teaPosts)
	app, _, clk := newTestApp(t, blog.URL+"/feeds/posts/default")
	ctx := context.Background()
	if _, err := app.Cycle(ctx, RunOptions{All: true, Publish: true}); err != nil {
		t.Fatal(err)
	}
	_, before := atomUpdates(t, app)
	if len(before) != len(teaPosts) {
		t.Fatalf("excerpts published: %v", before)
	}

	app.cfg.Sources[0].FullContent = true
	later := time.Date(2025, 3, 5, 8, 0, 0, 0, time.UTC)
	clk.set(later)
	sum, err := app.Cycle(ctx, RunOptions{All: true, Publish: true})
	if err != nil || sum.FullPosts != len(teaPosts) {
		t.Fatalf("full content cycle: %+v, %v", sum, err)
	}
	want := later.Format(time.RFC3339)
	feedUpdated, after := atomUpdates(t, app)
	if feedUpdated != want {
		t.Errorf("feed updated %s, want %s", feedUpdated, want)
	}
	for id, was := range before {
		now, ok := after[id]
		switch {
		case !ok:
			t.Errorf("entry %s is gone once its whole post arrived (ids: %v)", id, after)
		case now != want:
			t.Errorf("entry %s: updated %s (was %s), want %s", id, now, was, want)
		}
	}

	clk.set(later.Add(time.Hour))
	if _, err := app.Cycle(ctx, RunOptions{All: true, Publish: true}); err != nil {
		t.Fatal(err)
	}
	if feedUpdated, again := atomUpdates(t, app); feedUpdated != want || !maps.Equal(again, after) {
		t.Errorf("a run changing nothing moved updated: feed %s, entries %v; want %s, %v", feedUpdated, again, want, after)
	}
}
