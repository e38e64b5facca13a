//go:build linux

package main

import (
	"context"
	"encoding/json"
	"fmt"
	"html"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/tributary/tributary/internal/hostile"
)

// fullContentMaxRSS is the peak memory a run reading hostile pages may reach.
const fullContentMaxRSS = 200 << 20

// addFetchKeys adds YAML lines (indented two spaces) at the top of the
// fetch section of the config file at path.
func addFetchKeys(t *testing.T, path, keys string) {
	t.Helper()
	if keys == "" {
		return
	}
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	cfg := string(data)
	if !strings.Contains(cfg, "\nfetch:\n") {
		t.Fatalf("%s has no fetch section", path)
	}
	cfg = strings.Replace(cfg, "\nfetch:\n", "\nfetch:\n"+keys, 1)
	if err := os.WriteFile(path, []byte(cfg), 0o644); err != nil {
		t.Fatal(err)
	}
}

// TestHostileCorpusFullContent is the hostile corpus with full_content on
// for every source: the pages of the posts the hostile feeds list must not
// break a bound or an output either.
func TestHostileCorpusFullContent(t *testing.T) {
	hostileCorpus(t, "  full_content: true\n")
}

// hostilePages are pages of Tributary's own making that a post's link may
// lead to, beside the hostile server's cases; the last one is a real
// article, so that a whole post is published and its sanitising checked.
func hostilePages(excerpt string) map[string]string {
	return map[string]string{
		"/deep.html":    "<html><body>" + strings.Repeat("<div>", 200000) + excerpt + "</body></html>",
		"/wide.html":    "<html><body><article>" + strings.Repeat("<p>tea and more tea</p>", 45000) + "</article></body></html>",
		"/scripts.html": "<html><head><style>" + strings.Repeat("p{color:red}", 20000) + "</style></head><body><script>" + strings.Repeat("var a=1;", 60000) + "</script><article><p>" + excerpt + "</p></article></body></html>",
		"/article.html": `<html><head><script>alert(1)</script><base href="javascript:alert(1)//"></head><body>
<article><h1>A post</h1><p onclick="alert(2)">` + excerpt + ` and it goes on past the cut with plenty more words to read.</p>
<p>Second paragraph <a href="javascript:alert(3)">with a bad link</a>, <iframe src="http://169.254.169.254/"></iframe> a frame,
<object data="x.swf"></object> an object, <form action="/x"><input></form> a form and <svg onload="alert(4)"><circle r="1"/></svg> an image.</p>
<p>The last paragraph is only on the page: ` + hostile.Payloads[0] + `</p></article></body></html>`,
	}
}

// TestFullContentHostilePages runs the binary on a feed whose posts link to
// every case of the hostile server, as pages to read: bombs, endless and
// trickling bodies, redirects to private addresses, statuses, feeds,
// binaries, and pages of Tributary's own (a deep nest, a megabyte of
// paragraphs, a page of scripts, a hostile article). The run must keep to its
// time and memory, request nothing secret, and publish only safe outputs;
// inspect --full must account for every post.
func TestFullContentHostilePages(t *testing.T) {
	tributaryBinary(t)
	s := hostile.NewServer(t)
	cases := s.Cases()
	const excerpt = "The kettle sang while the rain fell on the tin roofs of the harbour town, and nobody minded the wait"
	pages := hostilePages(excerpt)
	mux := http.NewServeMux()
	idx := httptest.NewServer(mux)
	t.Cleanup(idx.Close)
	for path, body := range pages {
		mux.HandleFunc(path, func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "text/html; charset=utf-8")
			fmt.Fprint(w, body)
		})
	}
	links := slices.Sorted(func(yield func(string) bool) {
		for path := range pages {
			if !yield(idx.URL + path) {
				return
			}
		}
	})
	// The cases asking for a pause go last (oldest): they hold back the
	// rest of their host's pages for the run.
	var pausing []string
	for _, c := range cases {
		if c.Status == http.StatusTooManyRequests || c.Status == http.StatusServiceUnavailable {
			pausing = append(pausing, c.URL)
			continue
		}
		links = append(links, c.URL)
	}
	links = append(links, pausing...)
	mux.HandleFunc("/index.xml", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/rss+xml")
		fmt.Fprintf(w, `<?xml version="1.0"?><rss version="2.0"><channel><title>Index</title><link>%s/</link><description>d</description>`, idx.URL)
		base := time.Date(2025, 3, 1, 0, 0, 0, 0, time.UTC)
		for i, l := range links {
			fmt.Fprintf(w, "<item><title>Post %d</title><link>%s</link><guid>post-%d</guid><pubDate>%s</pubDate><description>%s</description></item>\n",
				i, html.EscapeString(l), i, base.Add(-time.Duration(i)*time.Hour).Format(time.RFC1123Z), html.EscapeString("<p>"+excerpt+"...</p>"))
		}
		fmt.Fprint(w, "</channel></rss>")
	})

	dir := t.TempDir()
	cfg := filepath.Join(dir, "tributary.yaml")
	err := os.WriteFile(cfg, []byte(fmt.Sprintf(`feed:
  title: Hostile pages
  id: tag:example.org,2025:hostile-pages
  url: https://planet.example/atom.xml
output:
  dir: %[1]s/public
  max_entries: 500
database: %[1]s/data/t.db
fetch:
  timeout: %[3]s
  connect_timeout: 2s
  per_host: 4
  max_body: 16MiB
  full_content: true
  pages_per_run: 500
  # No DNS query leaves the machine (see writeHostileConfig).
  hosts:
    "*": 127.0.0.1
limits:
  run_timeout: %[4]s
sources:
  - name: index
    url: %[2]s/index.xml
`, dir, idx.URL, hostileFetchTimeout, hostileRunTimeout)), 0o644)
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), hostileRunTimeout+2*hostileSlack)
	defer cancel()
	res := runBinary(ctx, t, "-c", cfg, "run")
	t.Logf("run: exit %d, wall %v, peak RSS %.1f MiB", res.code, res.wall.Round(time.Millisecond), float64(res.maxRSSKiB)/1024)
	if res.code != 0 {
		t.Fatalf("run exited %d\nstderr:\n%.4000s", res.code, res.stderr)
	}
	if limit := hostileRunTimeout + hostileSlack; res.wall > limit {
		t.Errorf("run took %v, want under %v", res.wall, limit)
	}
	if rss := res.maxRSSKiB << 10; rss >= fullContentMaxRSS {
		t.Errorf("run peaked at %d MiB of RSS, want under %d MiB", rss>>20, fullContentMaxRSS>>20)
	}
	checkOutputs(t, filepath.Join(dir, "public"))
	if got := s.SecretRequests(); len(got) != 0 {
		t.Errorf("reading pages requested the server's secret paths %v", got)
	}

	out, stderr, err := runCLI(t, "-c", cfg, "inspect", "--full", "--json")
	if err != nil {
		t.Fatalf("inspect --full: %v\n%s", err, stderr)
	}
	var rows []pageJSON
	if err := json.Unmarshal([]byte(out), &rows); err != nil {
		t.Fatal(err)
	}
	if len(rows) != len(links) {
		t.Errorf("inspect --full lists %d entries, want %d", len(rows), len(links))
	}
	byPage := map[string]pageJSON{}
	pending := 0
	for _, r := range rows {
		byPage[r.Link] = r
		switch r.Status {
		case pageArticle, pageKept, pageRetry:
		case pagePending:
			pending++
		default:
			t.Errorf("%s: status %q", r.Link, r.Status)
		}
		if r.Status != pageArticle && r.Link != idx.URL+"/article.html" && r.Status != pagePending && r.Reason == "" {
			t.Errorf("%s: %s without a reason", r.Link, r.Status)
		}
	}
	counts := map[string]int{}
	for _, r := range rows {
		counts[r.Status]++
	}
	t.Logf("pages: %v", counts)
	if pending > len(pausing) {
		t.Errorf("%d pages not read in the run, want at most the %d after a host's pause", pending, len(pausing))
	}
	if r := byPage[idx.URL+"/article.html"]; r.Status != pageArticle {
		t.Errorf("the hostile article: %s (%s), want it read whole and sanitised", r.Status, r.Reason)
	}
	for _, c := range cases {
		if r, ok := byPage[c.URL]; ok && r.Status == pageArticle {
			t.Errorf("%s: the hostile server's page was taken for the post (%d characters)", c.Name, r.Chars)
		}
	}
}
