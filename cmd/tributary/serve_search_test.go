package main

import (
	"bytes"
	"context"
	"database/sql"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"
)

// TestServeSearch runs the daemon over notes read by two sources (whose
// copies merge) and searches them: the page, the Atom feed of the same
// search (valid RFC 4287, the feed's public ids, one entry per post), its
// ETag, the 400 pages of queries that cannot be run, and newsboat
// subscribing to the search.
func TestServeSearch(t *testing.T) {
	dir := t.TempDir()
	d := startServe(t, searchConfig(t, dir))
	d.waitFor(t, "/atom.xml", func(r *http.Response, b []byte) bool {
		return r.StatusCode == 200 && bytes.Count(b, []byte("<entry>")) == 5
	})
	ids := atomIDs(t, filepath.Join(dir, "public", "atom.xml"))

	get := func(path string, header ...string) (*http.Response, string) {
		t.Helper()
		req, _ := http.NewRequest(http.MethodGet, d.base+path, nil)
		for i := 0; i+1 < len(header); i += 2 {
			req.Header.Set(header[i], header[i+1])
		}
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		body, _ := io.ReadAll(resp.Body)
		return resp, string(body)
	}

	resp, page := get("/search?q=gophers+OR+sourdough")
	if resp.StatusCode != 200 || strings.Count(page, `<article class="entry">`) != 2 ||
		!strings.Contains(page, "<mark>gophers</mark>") || !strings.Contains(page, `href="search.xml?q=gophers&#43;OR&#43;sourdough"`) ||
		!strings.Contains(resp.Header.Get("Content-Security-Policy"), "form-action 'self'") {
		t.Errorf("search page: %d %v\n%s", resp.StatusCode, resp.Header, page)
	}

	resp, feed := get("/search.xml?q=gophers%20OR%20sourdough")
	if resp.StatusCode != 200 || resp.Header.Get("Content-Type") != "application/atom+xml; charset=utf-8" {
		t.Fatalf("search feed: %d %v\n%s", resp.StatusCode, resp.Header, feed)
	}
	path := filepath.Join(t.TempDir(), "search.xml")
	if err := os.WriteFile(path, []byte(feed), 0o644); err != nil {
		t.Fatal(err)
	}
	checkAtomSchema(t, path)
	got := atomIDs(t, path)
	if len(got) != 2 || got["About gophers"] != ids["About gophers"] || got["About sourdough"] != ids["About sourdough"] {
		t.Errorf("search feed entries %v, want the two posts under the feed's ids %v", got, ids)
	}
	if !strings.Contains(feed, "<id>"+d.base+"/search.xml?q=gophers+OR+sourdough</id>") {
		t.Errorf("search feed id is not its normalised URL:\n%s", feed)
	}
	if again, _ := get("/search.xml?q=gophers%20OR%20sourdough", "If-None-Match", resp.Header.Get("Etag")); again.StatusCode != http.StatusNotModified {
		t.Errorf("search feed with its ETag: %d, want 304", again.StatusCode)
	}

	for _, path := range []string{"/search?q=", "/search", "/search.xml?q=gophers+OR", "/search.xml?q=-gophers"} {
		resp, body := get(path)
		if resp.StatusCode != http.StatusBadRequest || !strings.Contains(body, `<p class="problem" role="alert">bad query: `) {
			t.Errorf("GET %s: %d, want 400 with the reason\n%s", path, resp.StatusCode, body)
		}
	}

	newsboatSubscribes(t, d.base+"/search.xml?q=gophers+OR+sourdough", []string{"About gophers", "About sourdough"})
}

// newsboatSubscribes has Debian's newsboat fetch a feed in its
// non-interactive mode and checks, in its cache, the titles it listed.
func newsboatSubscribes(t *testing.T, feedURL string, want []string) {
	bin := requireTool(t, "newsboat")
	dir := t.TempDir()
	urls, cfg, cache := filepath.Join(dir, "urls"), filepath.Join(dir, "config"), filepath.Join(dir, "cache.db")
	os.WriteFile(urls, []byte(feedURL+"\n"), 0o644)
	os.WriteFile(cfg, []byte("download-timeout 10\nreload-threads 1\n"), 0o644)
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	cmd := exec.CommandContext(ctx, bin, "-u", urls, "-C", cfg, "-c", cache, "-x", "reload")
	cmd.Env = append(os.Environ(), "HOME="+dir, "XDG_CONFIG_HOME="+dir, "XDG_DATA_HOME="+dir, "TERM=dumb")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("newsboat -x reload: %v\n%s", err, out)
	}
	db, err := sql.Open("sqlite", cache)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	rows, err := db.Query(`SELECT title FROM rss_item WHERE feedurl = ?`, feedURL)
	if err != nil {
		t.Fatalf("newsboat cache: %v", err)
	}
	defer rows.Close()
	var got []string
	for rows.Next() {
		var s string
		rows.Scan(&s)
		got = append(got, s)
	}
	slices.Sort(got)
	if !slices.Equal(got, want) {
		t.Errorf("newsboat listed %q, want %q", got, want)
	}
}
