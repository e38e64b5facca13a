package aggregate

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/tributary/tributary/internal/hostile"
)

// itemsRSS serves n posts, one a day, newest last in the document.
func itemsRSS(n int) string {
	var b strings.Builder
	b.WriteString(`<?xml version="1.0"?><rss version="2.0"><channel><title>T</title><link>https://t.example/</link>`)
	for i := 1; i <= n; i++ {
		fmt.Fprintf(&b, `<item><title>Post %d</title><link>https://t.example/%d</link><guid>https://t.example/%d</guid>`+
			`<pubDate>%s</pubDate><description>Body of post number %d, which says something of its own.</description></item>`,
			i, i, i, fmt.Sprintf("%02d Jan 2025 09:00:00 GMT", i), i)
	}
	b.WriteString(`</channel></rss>`)
	return b.String()
}

func titlesOf(t *testing.T, path string) []string {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	es, err := hostile.ReadAtom(data)
	if err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	var out []string
	for _, e := range es {
		out = append(out, e.Title)
	}
	return out
}

func TestArchivePagesKeepWhatLeavesTheFeed(t *testing.T) {
	n := 7
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/rss+xml")
		fmt.Fprint(w, itemsRSS(n))
	}))
	defer srv.Close()
	app, _, _ := newTestApp(t, srv.URL)
	app.cfg.Output.MaxEntries, app.cfg.Output.ArchivePages = 2, 2
	app.cfg.Feed.URL = "https://planet.example/feeds/atom.xml"
	ctx := context.Background()
	if _, err := app.Cycle(ctx, RunOptions{All: true, Publish: true}); err != nil {
		t.Fatal(err)
	}
	out := app.cfg.Output.Dir
	tests := []struct {
		file string
		want []string
	}{
		{"atom.xml", []string{"Post 7", "Post 6"}},
		// 5 archived posts make pages 1 (posts 1-2), 2 (3-4) and 3 (5);
		// only the newest two are kept.
		{"archive/3.xml", []string{"Post 5"}},
		{"archive/2.xml", []string{"Post 4", "Post 3"}},
	}
	for _, tt := range tests {
		if got := titlesOf(t, filepath.Join(out, tt.file)); !slices.Equal(got, tt.want) {
			t.Errorf("%s: titles %q, want %q", tt.file, got, tt.want)
		}
	}
	if _, err := os.Stat(filepath.Join(out, "archive/1.xml")); !os.IsNotExist(err) {
		t.Errorf("archive/1.xml beyond archive_pages exists (err %v)", err)
	}
	atom, _ := os.ReadFile(filepath.Join(out, "atom.xml"))
	page3, _ := os.ReadFile(filepath.Join(out, "archive/3.xml"))
	page2, _ := os.ReadFile(filepath.Join(out, "archive/2.xml"))
	for _, c := range []struct {
		name string
		doc  []byte
		want []string
	}{
		{"atom.xml", atom, []string{`<link href="https://planet.example/feeds/archive/3.xml" rel="prev-archive" type="application/atom+xml">`}},
		{"archive/3.xml", page3, []string{`<fh:archive`, `<link href="https://planet.example/feeds/atom.xml" rel="current" type="application/atom+xml">`,
			`<link href="https://planet.example/feeds/archive/2.xml" rel="prev-archive" type="application/atom+xml">`,
			`<link href="https://planet.example/feeds/archive/3.xml" rel="self" type="application/atom+xml">`}},
		{"archive/2.xml", page2, []string{`<fh:archive`, `<link href="https://planet.example/feeds/archive/3.xml" rel="next-archive" type="application/atom+xml">`}},
	} {
		for _, w := range c.want {
			if !strings.Contains(string(c.doc), w) {
				t.Errorf("%s lacks %s", c.name, w)
			}
		}
	}
	if strings.Contains(string(page2), `rel="prev-archive"`) {
		t.Error("the oldest kept page links to a page that is not kept")
	}

	// Two more posts: page 3 fills up (5, 6), page 4 starts (7); page 2
	// does not change at all.
	n = 9
	if _, err := app.Cycle(ctx, RunOptions{All: true, Publish: true}); err != nil {
		t.Fatal(err)
	}
	if got := titlesOf(t, filepath.Join(out, "archive/3.xml")); !slices.Equal(got, []string{"Post 6", "Post 5"}) {
		t.Errorf("archive/3.xml after growth: %q", got)
	}
	if got := titlesOf(t, filepath.Join(out, "archive/4.xml")); !slices.Equal(got, []string{"Post 7"}) {
		t.Errorf("archive/4.xml: %q", got)
	}
	if _, err := os.Stat(filepath.Join(out, "archive/2.xml")); !os.IsNotExist(err) {
		t.Errorf("archive/2.xml should have aged out of the two kept pages (err %v)", err)
	}
}

func TestHubPingedOnlyWhenTheFeedChanges(t *testing.T) {
	n := 2
	src := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/rss+xml")
		fmt.Fprint(w, itemsRSS(n))
	}))
	defer src.Close()
	var pings []string
	hub := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		r.ParseForm()
		pings = append(pings, r.PostForm.Get("hub.url"))
		w.WriteHeader(http.StatusNoContent)
	}))
	defer hub.Close()
	app, _, _ := newTestApp(t, src.URL)
	app.cfg.Feed.Hub, app.cfg.Feed.URL = hub.URL, "https://planet.example/atom.xml"
	ctx := context.Background()
	for i, tt := range []struct {
		posts, pings int
	}{{2, 1}, {2, 1}, {3, 2}} {
		n = tt.posts
		if _, err := app.Cycle(ctx, RunOptions{All: true, Publish: true}); err != nil {
			t.Fatal(err)
		}
		if len(pings) != tt.pings {
			t.Errorf("cycle %d: %d pings, want %d", i, len(pings), tt.pings)
		}
	}
	if pings[0] != "https://planet.example/atom.xml" {
		t.Errorf("pinged topic %q", pings[0])
	}
	atom, _ := os.ReadFile(filepath.Join(app.cfg.Output.Dir, "atom.xml"))
	if want := `<link href="` + hub.URL + `" rel="hub">`; !strings.Contains(string(atom), want) {
		t.Errorf("atom.xml lacks %s", want)
	}
}
