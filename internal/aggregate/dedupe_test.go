package aggregate

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

func rssDoc(site, link, guid, title, body string) string {
	return fmt.Sprintf(`<?xml version="1.0"?><rss version="2.0"><channel><title>%[1]s</title><link>%[1]s</link>
<item><title>%[4]s</title><link>%[2]s</link><guid isPermaLink="false">%[3]s</guid><pubDate>Mon, 03 Mar 2025 09:00:00 GMT</pubDate><description><![CDATA[%[5]s]]></description></item>
</channel></rss>`, site, link, guid, title, body)
}

// A feed may claim any URL: a shared link merges two sources' entries only
// when the link is on one of their own sites or the config ties them.
func TestSharedLinkMergesOnlyWhenTrusted(t *testing.T) {
	own := rssDoc("https://a.example/", "https://a.example/2025/post", "a-1", "A real post",
		"<p>The original text of a real post, written by its author on her own site.</p>")
	claim := rssDoc("https://evil.example/", "https://a.example/2025/post?utm_source=x", "e-1", "Buy pills",
		"<p>Completely different spam text that points at someone else's post to hijack it.</p>")
	mirror := rssDoc("https://mirror.example/", "https://a.example/2025/post", "m-1", "A real post (mirror)",
		"<p>A mirror's short note that links the original post on the author's site.</p>")
	mux := http.NewServeMux()
	for path, body := range map[string]string{"/own": own, "/claim": claim, "/mirror": mirror} {
		mux.HandleFunc(path, func(w http.ResponseWriter, r *http.Request) { w.Write([]byte(body)) })
	}
	srv := httptest.NewServer(mux)
	defer srv.Close()

	tests := []struct {
		name      string
		second    string
		alias     bool
		wantMerge bool
	}{
		{"hostile feed claiming another blog's link", "/claim", false, false},
		{"mirror tied by alias_of", "/mirror", true, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			app, db, _ := newTestApp(t, srv.URL+"/own", srv.URL+tt.second)
			if tt.alias {
				app.cfg.Sources[1].AliasOf = app.cfg.Sources[0].Name
			}
			sum, err := app.Cycle(context.Background(), RunOptions{All: true, Publish: true})
			if err != nil {
				t.Fatal(err)
			}
			if got := sum.Merged > 0; got != tt.wantMerge {
				t.Errorf("merged = %v, want %v (%+v)", got, tt.wantMerge, sum)
			}
			merges, _ := db.Merges(context.Background())
			if tt.wantMerge && (len(merges) != 1 || !strings.HasPrefix(merges[0].Reason, "same link")) {
				t.Errorf("merges = %+v", merges)
			}
		})
	}
}

// A feed that moves to https and a new permalink pattern keeps its posts'
// ids instead of publishing them again as new posts.
func TestGUIDSchemeChangeRemaps(t *testing.T) {
	body := "<p>A post body that stays the same while the blog moves house.</p>"
	versions := []string{
		rssDoc("http://old.example/", "http://old.example/?p=1", "http://old.example/?p=1", "Moving day", body),
		rssDoc("https://new.example/", "https://new.example/2025/03/moving-day/", "https://new.example/2025/03/moving-day/", "Moving day", body),
	}
	var v int
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { w.Write([]byte(versions[v])) }))
	defer srv.Close()
	app, _, _ := newTestApp(t, srv.URL)
	ctx := context.Background()
	if _, err := app.Cycle(ctx, RunOptions{All: true, Publish: true}); err != nil {
		t.Fatal(err)
	}
	before, _ := app.Build(ctx)
	v = 1
	sum, err := app.Cycle(ctx, RunOptions{All: true, Publish: true})
	if err != nil {
		t.Fatal(err)
	}
	after, _ := app.Build(ctx)
	if sum.Inserted != 0 || len(after.Entries) != 1 {
		t.Fatalf("after the move: %+v, %d entries; want the old entry re-mapped", sum, len(after.Entries))
	}
	if after.Entries[0].ID != before.Entries[0].ID {
		t.Errorf("id changed from %q to %q", before.Entries[0].ID, after.Entries[0].ID)
	}
	if after.Entries[0].Link != "https://new.example/2025/03/moving-day/" {
		t.Errorf("link not updated: %q", after.Entries[0].Link)
	}
}

// Two sources' different posts that claim one id both stay in the feed,
// under different ids, and the first keeps the id it was published with.
func TestCollidingIDsAreSeparated(t *testing.T) {
	a := rssDoc("https://a.example/", "https://a.example/p", "https://shared.example/id/1", "Apples",
		"<p>A long post about apples, orchards, and the varieties worth planting in a cold valley.</p>")
	b := rssDoc("https://b.example/", "https://b.example/q", "https://shared.example/id/1", "Bridges",
		"<p>An unrelated essay about suspension bridges and the engineers who argued over cables.</p>")
	mux := http.NewServeMux()
	mux.HandleFunc("/a", func(w http.ResponseWriter, r *http.Request) { w.Write([]byte(a)) })
	mux.HandleFunc("/b", func(w http.ResponseWriter, r *http.Request) { w.Write([]byte(b)) })
	srv := httptest.NewServer(mux)
	defer srv.Close()
	app, _, _ := newTestApp(t, srv.URL+"/a")
	ctx := context.Background()
	if _, err := app.Cycle(ctx, RunOptions{All: true, Publish: true}); err != nil {
		t.Fatal(err)
	}
	app.cfg.Sources = append(app.cfg.Sources, app.cfg.Sources[0])
	app.cfg.Sources[1].Name, app.cfg.Sources[1].URL, app.cfg.Sources[1].Order = "s1", srv.URL+"/b", 1
	for range 2 {
		if _, err := app.Cycle(ctx, RunOptions{All: true, Publish: true}); err != nil {
			t.Fatal(err)
		}
	}
	f, _ := app.Build(ctx)
	ids := map[string]string{}
	for _, e := range f.Entries {
		ids[e.Title] = e.ID
	}
	if len(f.Entries) != 2 || ids["Apples"] != "https://shared.example/id/1" || ids["Bridges"] == ids["Apples"] {
		t.Errorf("ids = %v, want Apples to keep the shared id and Bridges another", ids)
	}
}
