package aggregate

import (
	"context"
	"database/sql"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

// crossPost returns two feeds carrying the same long post under different
// links and guids: a pair only the text comparison merges.
func crossPost() (a, b string) {
	var words []string
	for i := range 240 {
		words = append(words, fmt.Sprintf("word%d", (i*7919)%1009))
	}
	body := "<p>" + strings.Join(words, " ") + "</p>"
	a = rssDoc("https://a.example/", "https://a.example/2025/post", "a-1", "A long post", body)
	b = rssDoc("https://b.example/", "https://b.example/copy", "b-1", "A long post", body+"<p>Cross-posted.</p>")
	return a, b
}

func feedServer(t *testing.T, bodies map[string]string) *httptest.Server {
	t.Helper()
	mux := http.NewServeMux()
	for path, body := range bodies {
		mux.HandleFunc(path, func(w http.ResponseWriter, r *http.Request) { w.Write([]byte(body)) })
	}
	srv := httptest.NewServer(mux)
	t.Cleanup(srv.Close)
	return srv
}

// A run killed after storing its entries and before comparing them leaves
// them queued: the next run, which finds nothing new, still merges them.
func TestMergeSurvivesAKillBeforeDedupe(t *testing.T) {
	a, b := crossPost()
	srv := feedServer(t, map[string]string{"/a": a, "/b": b})
	app, _, _ := newTestApp(t, srv.URL+"/a", srv.URL+"/b")
	ctx := context.Background()
	var sum Summary
	p, err := app.plan(ctx, RunOptions{All: true}, &sum)
	if err != nil {
		t.Fatal(err)
	}
	if err := app.fetchShare(ctx, RunOptions{All: true}, p, &collector{a: app, sum: &sum}); err != nil || sum.Inserted != 2 {
		t.Fatalf("fetch: %+v, %v", sum, err)
	}
	// The run dies here, before its de-duplication pass.
	sum, err = app.Cycle(ctx, RunOptions{All: true, Publish: true})
	if err != nil {
		t.Fatal(err)
	}
	if sum.Inserted != 0 || sum.Merged != 1 {
		t.Errorf("resumed run: %+v; want nothing new and the cross-post merged", sum)
	}
	if sum, _ = app.Cycle(ctx, RunOptions{All: true, Publish: true}); sum.Merged != 0 {
		t.Errorf("third run merged %d again; the queue was not cleared", sum.Merged)
	}
}

// A database from before the bands table gets its band keys on the next
// run, so a new copy of an old post is still found.
func TestBandsBackfillAfterUpgrade(t *testing.T) {
	a, b := crossPost()
	srv := feedServer(t, map[string]string{"/a": a, "/b": b})
	app, _, _ := newTestApp(t, srv.URL+"/a")
	ctx := context.Background()
	if _, err := app.Cycle(ctx, RunOptions{All: true, Publish: true}); err != nil {
		t.Fatal(err)
	}
	// What migrations 0003 and 0006 leave in an older database: entries,
	// no band keys.
	raw, err := sql.Open("sqlite", app.cfg.Database)
	if err != nil {
		t.Fatal(err)
	}
	for _, q := range []string{"DELETE FROM bands", "DELETE FROM band_keys", "INSERT INTO meta (key, value) VALUES ('bands_backfill', '0')"} {
		if _, err := raw.Exec(q); err != nil {
			t.Fatal(err)
		}
	}
	raw.Close()
	app.cfg.Sources = append(app.cfg.Sources, app.cfg.Sources[0])
	app.cfg.Sources[1].Name, app.cfg.Sources[1].URL, app.cfg.Sources[1].Order = "s1", srv.URL+"/b", 1
	sum, err := app.Cycle(ctx, RunOptions{All: true, Publish: true})
	if err != nil {
		t.Fatal(err)
	}
	if sum.Inserted != 1 || sum.Merged != 1 {
		t.Errorf("after the upgrade: %+v; want the copy stored and merged with the old post", sum)
	}
	if v, _ := app.db.Meta(ctx, "bands_backfill"); v != "" {
		t.Errorf("backfill mark still set: %q", v)
	}
}
