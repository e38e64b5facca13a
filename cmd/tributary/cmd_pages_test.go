package main

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// excerptBlog serves an RSS feed whose items end in "Read more »", and
// the posts' pages: /p/1 holds the whole post, /p/2 is missing.
func excerptBlog(t *testing.T) *httptest.Server {
	t.Helper()
	para := "The river rose overnight and the ferry stayed on the far bank, so the village walked the long way round by the old stone bridge, which took most of the morning."
	mux := http.NewServeMux()
	srv := httptest.NewServer(mux)
	t.Cleanup(srv.Close)
	mux.HandleFunc("/feed.xml", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/rss+xml")
		fmt.Fprintf(w, `<?xml version="1.0"?><rss version="2.0"><channel><title>Village news</title><link>%[1]s/</link><description>news</description>
<item><title>Flood</title><link>%[1]s/p/1</link><guid>%[1]s/p/1</guid><pubDate>Mon, 03 Mar 2025 09:00:00 GMT</pubDate><description><![CDATA[<p>%[2]s</p><p><a href="%[1]s/p/1">Read more »</a></p>]]></description></item>
<item><title>Fair</title><link>%[1]s/p/2</link><guid>%[1]s/p/2</guid><pubDate>Sun, 02 Mar 2025 09:00:00 GMT</pubDate><description><![CDATA[<p>The fair comes back in June with...</p>]]></description></item>
</channel></rss>`, srv.URL, para)
	})
	mux.HandleFunc("/p/1", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html")
		fmt.Fprintf(w, `<html><head><title>Flood</title></head><body><nav><a href="/">Home</a></nav><article><h1>Flood</h1><p>%s</p>
<p>By noon the water had dropped again and the ferryman was back at work, though the landing stage will need new planks before the summer.</p></article></body></html>`, para)
	})
	return srv
}

func TestInspectFull(t *testing.T) {
	srv := excerptBlog(t)
	dir := t.TempDir()
	cfg := filepath.Join(dir, "tributary.yaml")
	err := os.WriteFile(cfg, []byte(fmt.Sprintf(`feed:
  title: Test river
  id: tag:example.org,2025:test-river
  url: https://planet.example/atom.xml
output:
  dir: %[1]s/public
database: %[1]s/data/t.db
fetch:
  timeout: 2s
  full_content: true
sources:
  - name: village
    url: %[2]s/feed.xml
`, dir, srv.URL)), 0o644)
	if err != nil {
		t.Fatal(err)
	}
	out, stderr, err := runCLI(t, "-c", cfg, "check")
	if err != nil || !strings.Contains(out, "  full_content: true\n") || !strings.Contains(out, "    full_content: true\n") {
		t.Fatalf("check: %v\n%s%s", err, out, stderr)
	}
	out, stderr, err = runCLI(t, "-c", cfg, "run")
	if err != nil {
		t.Fatalf("run: %v\n%s", err, stderr)
	}
	if !strings.Contains(stderr, "1 full posts read from their pages") {
		t.Errorf("run printed %q, want it to count the full post", stderr)
	}

	out, stderr, err = runCLI(t, "-c", cfg, "inspect", "--full")
	if err != nil {
		t.Fatalf("inspect --full: %v\n%s", err, stderr)
	}
	for _, want := range []string{
		`1. "Flood" (village)`, `excerpt: it ends with a "read more" link`, "whole post published: read from " + srv.URL + "/p/1 (",
		`2. "Fair" (village)`, "excerpt: it ends in an ellipsis", "excerpt kept: fetch " + srv.URL + "/p/2: http status 404",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("inspect --full lacks %q:\n%s", want, out)
		}
	}
	out, _, err = runCLI(t, "-c", cfg, "inspect", "--full", "--json", "village")
	if err != nil {
		t.Fatal(err)
	}
	var rows []pageJSON
	if err := json.Unmarshal([]byte(out), &rows); err != nil {
		t.Fatalf("inspect --full --json: %v\n%s", err, out)
	}
	if len(rows) != 2 || rows[0].Status != pageArticle || rows[1].Status != pageKept || rows[1].Reason == "" || rows[0].Chars == 0 {
		t.Errorf("inspect --full --json = %+v", rows)
	}
	if _, _, err := runCLI(t, "-c", cfg, "inspect", "--full", "nosuch"); exitCode(err) != exitUsage {
		t.Errorf("inspect --full of an unknown source: exit %d, want %d", exitCode(err), exitUsage)
	}
}
