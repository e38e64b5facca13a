package main

import (
	"bytes"
	"compress/gzip"
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httputil"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	_ "modernc.org/sqlite"
)

// syncBuffer is a bytes.Buffer safe for the daemon's logger and the test.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// daemonUnderTest is `tributary serve` running in this process.
type daemonUnderTest struct {
	base   string
	hangup chan os.Signal
	logs   *syncBuffer
	stop   func() error
}

func startServe(t *testing.T, cfgPath string) *daemonUnderTest {
	t.Helper()
	d := &daemonUnderTest{hangup: make(chan os.Signal, 1), logs: &syncBuffer{}}
	addr := make(chan string, 1)
	e := &env{stdin: strings.NewReader(""), stdout: io.Discard, stderr: d.logs, hangup: d.hangup,
		listening: func(a string) { addr <- a }}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- runEnv(ctx, e, []string{"-c", cfgPath, "serve", "--addr", "127.0.0.1:0"}) }()
	select {
	case a := <-addr:
		d.base = "http://" + a
	case err := <-done:
		cancel()
		t.Fatalf("serve ended at once: %v\n%s", err, d.logs.String())
	}
	var once sync.Once
	var stopErr error
	d.stop = func() error {
		once.Do(func() {
			cancel()
			select {
			case stopErr = <-done:
			case <-time.After(30 * time.Second):
				stopErr = fmt.Errorf("serve did not stop within 30s")
			}
		})
		return stopErr
	}
	t.Cleanup(func() { d.stop() })
	return d
}

// waitFor polls the daemon until cond holds for the response to path.
func (d *daemonUnderTest) waitFor(t *testing.T, path string, cond func(*http.Response, []byte) bool) []byte {
	t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	for time.Now().Before(deadline) {
		resp, err := http.Get(d.base + path)
		if err == nil {
			body, _ := io.ReadAll(resp.Body)
			resp.Body.Close()
			if cond(resp, body) {
				return body
			}
		}
		time.Sleep(50 * time.Millisecond)
	}
	t.Fatalf("GET %s never satisfied the test\nlogs:\n%s", path, d.logs.String())
	return nil
}

func TestServeEndToEnd(t *testing.T) {
	s := newSite(t)
	dir := t.TempDir()
	cfg := writeConfig(t, dir, s.srv.URL, fmt.Sprintf("  - name: broken\n    url: %s/broken/feed\n", s.srv.URL))
	d := startServe(t, cfg)

	atom := d.waitFor(t, "/atom.xml", func(r *http.Response, b []byte) bool {
		return r.StatusCode == 200 && bytes.Contains(b, []byte("<entry>"))
	})
	checkAtom(t, filepath.Join(dir, "public", "atom.xml"), atom)
	health := d.waitFor(t, "/healthz", func(r *http.Response, b []byte) bool { return r.StatusCode == 200 })
	var h struct {
		Status         string
		SourcesFailing int `json:"sources_failing"`
	}
	// One source failing is worth reporting, not a reason to be unhealthy.
	if err := json.Unmarshal(health, &h); err != nil || h.Status != "ok" || h.SourcesFailing != 1 {
		t.Errorf("healthz %s (%v), want status ok with 1 source failing", health, err)
	}

	t.Run("outputs", func(t *testing.T) {
		tests := []struct {
			path, ctype, contains string
		}{
			{"/", "text/html; charset=utf-8", "<html"},
			{"/atom.xml", "application/atom+xml; charset=utf-8", "<feed"},
			{"/rss.xml", "application/rss+xml; charset=utf-8", "<rss"},
			{"/feed.json", "application/feed+json; charset=utf-8", `"version"`},
			{"/opml.xml", "text/x-opml; charset=utf-8", "<opml"},
			{"/feed.xsl", "", "xsl:stylesheet"},
		}
		for _, tt := range tests {
			resp, err := http.Get(d.base + tt.path)
			if err != nil {
				t.Fatal(err)
			}
			body, _ := io.ReadAll(resp.Body)
			resp.Body.Close()
			if resp.StatusCode != 200 || !bytes.Contains(body, []byte(tt.contains)) {
				t.Errorf("GET %s: %d, body lacks %q", tt.path, resp.StatusCode, tt.contains)
			}
			if tt.ctype != "" && resp.Header.Get("Content-Type") != tt.ctype {
				t.Errorf("GET %s: Content-Type %q, want %q", tt.path, resp.Header.Get("Content-Type"), tt.ctype)
			}
			if resp.Header.Get("ETag") == "" || resp.Header.Get("Last-Modified") == "" || resp.Header.Get("Cache-Control") == "" {
				t.Errorf("GET %s: missing validators or Cache-Control: %v", tt.path, resp.Header)
			}
		}
	})

	t.Run("conditional and gzip", func(t *testing.T) {
		resp, _ := http.Get(d.base + "/atom.xml")
		resp.Body.Close()
		for _, h := range []struct{ name, value string }{
			{"If-None-Match", resp.Header.Get("ETag")},
			{"If-Modified-Since", resp.Header.Get("Last-Modified")},
		} {
			req, _ := http.NewRequest(http.MethodGet, d.base+"/atom.xml", nil)
			req.Header.Set(h.name, h.value)
			r2, err := http.DefaultTransport.RoundTrip(req)
			if err != nil {
				t.Fatal(err)
			}
			r2.Body.Close()
			if r2.StatusCode != http.StatusNotModified {
				t.Errorf("%s: %d, want 304", h.name, r2.StatusCode)
			}
		}
		req, _ := http.NewRequest(http.MethodGet, d.base+"/atom.xml", nil)
		req.Header.Set("Accept-Encoding", "gzip")
		r3, err := http.DefaultTransport.RoundTrip(req)
		if err != nil {
			t.Fatal(err)
		}
		defer r3.Body.Close()
		if r3.Header.Get("Content-Encoding") != "gzip" {
			t.Fatalf("Accept-Encoding gzip: Content-Encoding %q", r3.Header.Get("Content-Encoding"))
		}
		zr, err := gzip.NewReader(r3.Body)
		if err != nil {
			t.Fatal(err)
		}
		unzipped, _ := io.ReadAll(zr)
		if !bytes.Equal(unzipped, atom) {
			t.Error("gzip body differs from the identity body")
		}
		head, _ := http.Head(d.base + "/atom.xml")
		head.Body.Close()
		if head.StatusCode != 200 || head.ContentLength != int64(len(atom)) {
			t.Errorf("HEAD: %d, length %d, want 200, %d", head.StatusCode, head.ContentLength, len(atom))
		}
	})

	t.Run("metrics", func(t *testing.T) {
		resp, err := http.Get(d.base + "/metrics")
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		for _, want := range []string{`tributary_fetches_total{outcome="ok"} 5`, "tributary_entries ",
			"tributary_cycle_duration_seconds_count", `tributary_source_last_success_timestamp_seconds{source="workshop"}`} {
			if !bytes.Contains(body, []byte(want)) {
				t.Errorf("/metrics lacks %s", want)
			}
		}
	})

	t.Run("newsboat reads the served feed", func(t *testing.T) {
		newsboatReads(t, d.base+"/atom.xml", atom, "Test river")
	})
	t.Run("chromium renders the page", func(t *testing.T) {
		chromiumRenders(t, d.base, atom)
	})

	t.Run("SIGHUP", func(t *testing.T) {
		good, _ := os.ReadFile(cfg)
		// A bad config is reported and the old one kept: the daemon
		// still serves and is still healthy.
		os.WriteFile(cfg, append(slices.Clone(good), []byte("  - name: broken\n    url: not a url\n")...), 0o644)
		d.hangup <- syscallHUP
		waitLog(t, d.logs, "Config reload failed")
		if !strings.Contains(d.logs.String(), "tributary.yaml:") {
			t.Errorf("the reload error does not name file:line:\n%s", d.logs.String())
		}
		d.waitFor(t, "/healthz", func(r *http.Response, b []byte) bool { return r.StatusCode == 200 })
		// A good config with one more source takes effect: the new
		// source is fetched at once and published.
		extra := fmt.Sprintf("  - name: extra\n    url: %s/sounds/feed.json\n    title: The Extra Source\n", s.srv.URL)
		os.WriteFile(cfg, append(slices.Clone(good), []byte(extra)...), 0o644)
		d.hangup <- syscallHUP
		waitLog(t, d.logs, "Config reloaded")
		d.waitFor(t, "/opml.xml", func(r *http.Response, b []byte) bool { return bytes.Contains(b, []byte("The Extra Source")) })
	})

	if err := d.stop(); err != nil {
		t.Fatalf("serve: %v\n%s", err, d.logs.String())
	}
}

func waitLog(t *testing.T, logs *syncBuffer, want string) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for !strings.Contains(logs.String(), want) {
		if time.Now().After(deadline) {
			t.Fatalf("log never said %q:\n%s", want, logs.String())
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// requireTool finds an external program; without it the test is skipped on
// a developer's machine and fails in CI, which installs it.
func requireTool(t *testing.T, name string) string {
	t.Helper()
	p, err := exec.LookPath(name)
	if err != nil {
		if os.Getenv("CI") != "" {
			t.Fatalf("%s is not installed, and CI must run this test (.ci/run installs it)", name)
		}
		t.Skipf("%s not installed", name)
	}
	return p
}

var entryTitle = regexp.MustCompile(`(?s)<entry>.*?<title type="[a-z]+">(.*?)</title>`)

func atomTitles(atom []byte) []string {
	var out []string
	for _, m := range entryTitle.FindAllSubmatch(atom, -1) {
		out = append(out, htmlUnescape(string(m[1])))
	}
	return out
}

func htmlUnescape(s string) string {
	return strings.NewReplacer("&amp;", "&", "&lt;", "<", "&gt;", ">", "&quot;", `"`, "&#39;", "'", "&#34;", `"`).Replace(s)
}

// newsboatReads has Debian's newsboat fetch the served feed in its
// non-interactive mode and checks, in its cache, that it listed every
// entry title under the feed's title.
func newsboatReads(t *testing.T, feedURL string, atom []byte, title string) {
	bin := requireTool(t, "newsboat")
	dir := t.TempDir()
	urls := filepath.Join(dir, "urls")
	os.WriteFile(urls, []byte(feedURL+"\n"), 0o644)
	cfg := filepath.Join(dir, "config")
	os.WriteFile(cfg, []byte("download-timeout 10\nreload-threads 1\n"), 0o644)
	cache := filepath.Join(dir, "cache.db")
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	cmd := exec.CommandContext(ctx, bin, "-u", urls, "-C", cfg, "-c", cache, "-x", "reload")
	cmd.Env = append(os.Environ(), "HOME="+dir, "XDG_CONFIG_HOME="+dir, "XDG_DATA_HOME="+dir, "TERM=dumb")
	out, err := cmd.CombinedOutput()
	if err != nil {
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
	want := atomTitles(atom)
	if len(want) == 0 {
		t.Fatal("no titles in the served feed")
	}
	slices.Sort(got)
	slices.Sort(want)
	if !slices.Equal(got, want) {
		t.Errorf("newsboat listed\n  %q\nwant\n  %q", got, want)
	}
	var feedTitle string
	db.QueryRow(`SELECT title FROM rss_feed WHERE rssurl = ?`, feedURL).Scan(&feedTitle)
	if feedTitle != title {
		t.Errorf("newsboat feed title %q, want %q", feedTitle, title)
	}
}

// recordingProxy forwards Chromium's requests to loopback only, and
// remembers every URL asked for, so the test can prove the page needs
// nothing from outside.
type recordingProxy struct {
	mu   sync.Mutex
	urls []string
}

func (p *recordingProxy) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	p.mu.Lock()
	p.urls = append(p.urls, r.Method+" "+r.URL.String())
	p.mu.Unlock()
	if r.Method == http.MethodConnect || r.URL.Hostname() != "127.0.0.1" {
		http.Error(w, "outside loopback", http.StatusForbidden)
		return
	}
	target := &url.URL{Scheme: "http", Host: r.URL.Host}
	httputil.NewSingleHostReverseProxy(target).ServeHTTP(w, r)
}

func (p *recordingProxy) requested() []string {
	p.mu.Lock()
	defer p.mu.Unlock()
	return slices.Clone(p.urls)
}

// chromiumRenders loads the river page in headless Chromium (through the
// recording proxy), checks the DOM it built, and saves a screenshot.
func chromiumRenders(t *testing.T, base string, atom []byte) {
	bin := requireTool(t, "chromium")
	proxy := &recordingProxy{}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	ps := &http.Server{Handler: proxy}
	go ps.Serve(ln)
	defer ps.Close()
	profile := t.TempDir()
	flags := []string{"--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
		"--disable-background-networking", "--disable-component-update", "--disable-sync",
		"--disable-default-apps", "--disable-extensions", "--user-data-dir=" + profile,
		"--proxy-server=http://" + ln.Addr().String(), "--proxy-bypass-list=<-loopback>",
		"--virtual-time-budget=5000",
		// Quiet the browser's own traffic (updates, sign-in, metrics, field
		// trials), as Puppeteer does, so what is left is the page's.
		"--no-pings", "--no-default-browser-check", "--disable-domain-reliability", "--disable-breakpad",
		"--disable-client-side-phishing-detection", "--disable-field-trial-config", "--metrics-recording-only",
		"--password-store=basic", "--use-mock-keychain", "--disable-features=Translate,OptimizationHints,MediaRouter," +
			"AutofillServerCommunication,CertificateTransparencyComponentUpdater,DialMediaRouteProvider"}
	chrome := func(extra ...string) []byte {
		ctx, cancel := context.WithTimeout(context.Background(), 90*time.Second)
		defer cancel()
		cmd := exec.CommandContext(ctx, bin, append(slices.Clone(flags), extra...)...)
		var stderr bytes.Buffer
		cmd.Stderr = &stderr
		out, err := cmd.Output()
		if err != nil {
			t.Fatalf("chromium %v: %v\n%s", extra, err, stderr.String())
		}
		return out
	}
	dom := chrome("--dump-dom", base+"/")
	for _, title := range atomTitles(atom) {
		if !bytes.Contains(dom, []byte(htmlEscapeText(title))) {
			t.Errorf("rendered page lacks entry title %q", title)
		}
	}
	for _, name := range sourceTitles(atom) {
		if !bytes.Contains(dom, []byte(htmlEscapeText(name))) {
			t.Errorf("rendered page lacks source name %q", name)
		}
	}
	for _, want := range []string{`href="atom.xml"`, `href="rss.xml"`,
		`href="feed.json"`, `<link rel="alternate" type="application/atom+xml"`} {
		if !bytes.Contains(dom, []byte(want)) {
			t.Errorf("rendered page lacks %s", want)
		}
	}
	if bytes.Contains(dom, []byte("<script")) {
		t.Error("rendered page has a script element")
	}
	shot := filepath.Join(artifactDir(t), "river.png")
	chrome("--screenshot="+shot, "--window-size=1280,1800", "--hide-scrollbars", base+"/")
	if fi, err := os.Stat(shot); err != nil || fi.Size() < 10_000 {
		t.Errorf("screenshot %s: %v (size %d)", shot, err, sizeOf(fi))
	}
	mobile := filepath.Join(artifactDir(t), "river-phone.png")
	chrome("--screenshot="+mobile, "--window-size=390,1600", "--hide-scrollbars", base+"/")
	t.Logf("screenshots: %s, %s", shot, mobile)
	reqs := proxy.requested()
	if len(reqs) == 0 {
		t.Error("the proxy saw no request: Chromium did not go through it, so the loopback check proves nothing")
	}
	for _, r := range reqs {
		u, err := url.Parse(strings.SplitN(r, " ", 2)[1])
		switch {
		case err == nil && u.Hostname() == "127.0.0.1":
		case err == nil && browserOwnHosts[u.Hostname()]:
			// Chromium's own update and sign-in pings, which no flag
			// silences; the page never names these hosts (checked below).
		default:
			t.Errorf("Chromium requested %s, outside loopback", r)
		}
	}
	for host := range browserOwnHosts {
		if bytes.Contains(dom, []byte(host)) {
			t.Errorf("the page refers to %s", host)
		}
	}
}

// browserOwnHosts are the exact hosts headless Chromium contacts by itself
// (component updates, the sign-in service, its clock check) whatever the
// page: seen through the recording proxy on Chromium 156.
var browserOwnHosts = map[string]bool{
	"update.googleapis.com": true,
	"accounts.google.com":   true,
	"clients2.google.com":   true,
}

var sourceTitle = regexp.MustCompile(`(?s)<source>.*?<title[^>]*>(.*?)</title>`)

// sourceTitles are the names the feed gives its entries' sources.
func sourceTitles(atom []byte) []string {
	var out []string
	for _, m := range sourceTitle.FindAllSubmatch(atom, -1) {
		if t := htmlUnescape(string(m[1])); !slices.Contains(out, t) {
			out = append(out, t)
		}
	}
	return out
}

func htmlEscapeText(s string) string {
	return strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;").Replace(s)
}

func sizeOf(fi os.FileInfo) int64 {
	if fi == nil {
		return 0
	}
	return fi.Size()
}

// artifactDir is where tests leave files for people to look at:
// $TRIBUTARY_ARTIFACTS if set (CI keeps it), else the test's temp dir.
func artifactDir(t *testing.T) string {
	if d := os.Getenv("TRIBUTARY_ARTIFACTS"); d != "" {
		os.MkdirAll(d, 0o755)
		return d
	}
	return t.TempDir()
}

// syscallHUP is what the test sends on the hang-up channel.
var syscallHUP os.Signal = syscall.SIGHUP

// TestServeShowsAnotherProcessPublish: `serve` on SQLite and a `run` from
// cron share the database and the output directory. What the run
// publishes is served within the poll interval, with validators for the
// new bytes.
func TestServeShowsAnotherProcessPublish(t *testing.T) {
	s := newSite(t)
	dir := t.TempDir()
	cfg := writeConfig(t, dir, s.srv.URL, "")
	d := startServe(t, cfg)
	first := d.waitFor(t, "/atom.xml", func(r *http.Response, b []byte) bool {
		return r.StatusCode == 200 && bytes.Contains(b, []byte("<entry>"))
	})
	// The same sources under another title: the run publishes anew.
	data, err := os.ReadFile(cfg)
	if err != nil {
		t.Fatal(err)
	}
	retitled := filepath.Join(dir, "retitled.yaml")
	if err := os.WriteFile(retitled, bytes.Replace(data, []byte("title: Test river"), []byte("title: Renamed river"), 1), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, stderr, err := runCLI(t, "-c", retitled, "run", "--all"); err != nil {
		t.Fatalf("run: %v\n%s", err, stderr)
	}
	onDisk, err := os.ReadFile(filepath.Join(dir, "public", "atom.xml"))
	if err != nil || bytes.Equal(onDisk, first) || !bytes.Contains(onDisk, []byte("Renamed river")) {
		t.Fatalf("the run did not publish the new title (%v)", err)
	}
	var etag string
	d.waitFor(t, "/atom.xml", func(r *http.Response, b []byte) bool {
		etag = r.Header.Get("ETag")
		return r.StatusCode == 200 && bytes.Equal(b, onDisk)
	})
	req, _ := http.NewRequest(http.MethodGet, d.base+"/atom.xml", nil)
	req.Header.Set("If-None-Match", etag)
	resp, err := http.DefaultTransport.RoundTrip(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusNotModified {
		t.Errorf("If-None-Match with the new ETag: %d, want 304", resp.StatusCode)
	}
}
