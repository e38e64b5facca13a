package server

import (
	"bytes"
	"compress/gzip"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus"
)

// outputs writes a small set of outputs into a fresh directory.
func outputs(t testing.TB, atom string) string {
	t.Helper()
	dir := t.TempDir()
	files := map[string]string{
		"atom.xml":          atom,
		"rss.xml":           `<?xml version="1.0"?><rss version="2.0"><channel><title>R</title></channel></rss>`,
		"feed.json":         `{"version":"https://jsonfeed.org/version/1.1","title":"R","items":[]}`,
		"opml.xml":          `<?xml version="1.0"?><opml version="2.0"><head/><body/></opml>`,
		"index.html":        "<!doctype html><title>River</title><p>" + strings.Repeat("river ", 100),
		"feed.xsl":          `<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform"/>`,
		"archive/1.xml":     `<feed xmlns="http://www.w3.org/2005/Atom"><title>old</title></feed>`,
		".atom.xml.tmp-123": "half-written",
	}
	for name, body := range files {
		p := filepath.Join(dir, name)
		os.MkdirAll(filepath.Dir(p), 0o755)
		if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

var atomBody = `<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom"><title>River</title>` +
	strings.Repeat("<entry><title>A post</title><content>Some words that repeat.</content></entry>", 50) + `</feed>`

func newServer(t testing.TB, health func() Health) (*Server, string) {
	t.Helper()
	dir := outputs(t, atomBody)
	reg := prometheus.NewRegistry()
	s := New(Options{Dir: dir, CacheMaxAge: 30 * time.Minute, Health: health, Registry: reg})
	if err := s.Reload(dir); err != nil {
		t.Fatal(err)
	}
	return s, dir
}

func do(h http.Handler, method, target string, headers ...string) *httptest.ResponseRecorder {
	req := httptest.NewRequest(method, target, nil)
	for i := 0; i+1 < len(headers); i += 2 {
		req.Header.Set(headers[i], headers[i+1])
	}
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	return rec
}

func TestContentTypes(t *testing.T) {
	s, _ := newServer(t, nil)
	tests := []struct{ path, ctype string }{
		{"/", "text/html; charset=utf-8"},
		{"/index.html", "text/html; charset=utf-8"},
		{"/atom.xml", "application/atom+xml; charset=utf-8"},
		{"/archive/1.xml", "application/atom+xml; charset=utf-8"},
		{"/rss.xml", "application/rss+xml; charset=utf-8"},
		{"/feed.json", "application/feed+json; charset=utf-8"},
		{"/opml.xml", "text/x-opml; charset=utf-8"},
		{"/feed.xsl", "application/xslt+xml; charset=utf-8"},
	}
	for _, tt := range tests {
		t.Run(tt.path, func(t *testing.T) {
			rec := do(s.Handler(), "GET", tt.path)
			if rec.Code != 200 || rec.Header().Get("Content-Type") != tt.ctype {
				t.Errorf("GET %s: %d %q, want 200 %q", tt.path, rec.Code, rec.Header().Get("Content-Type"), tt.ctype)
			}
			for _, h := range []string{"ETag", "Last-Modified", "Cache-Control", "Vary", "X-Content-Type-Options"} {
				if rec.Header().Get(h) == "" {
					t.Errorf("GET %s: no %s", tt.path, h)
				}
			}
			if got := rec.Header().Get("Cache-Control"); got != "public, max-age=1800" {
				t.Errorf("Cache-Control %q", got)
			}
		})
	}
	if csp := do(s.Handler(), "GET", "/").Header().Get("Content-Security-Policy"); !strings.Contains(csp, "default-src 'none'") {
		t.Errorf("the HTML page has no strict CSP: %q", csp)
	}
}

func TestConditionalRequests(t *testing.T) {
	s, _ := newServer(t, nil)
	first := do(s.Handler(), "GET", "/atom.xml")
	etag, lastMod := first.Header().Get("ETag"), first.Header().Get("Last-Modified")
	if first.Code != 200 || first.Body.String() != atomBody {
		t.Fatalf("first GET: %d", first.Code)
	}
	if !strings.HasPrefix(etag, `"`) || strings.HasPrefix(etag, "W/") {
		t.Errorf("ETag %s is not a strong tag", etag)
	}
	older := time.Now().Add(-48 * time.Hour).UTC().Format(http.TimeFormat)
	later := time.Now().Add(48 * time.Hour).UTC().Format(http.TimeFormat)
	tests := []struct {
		name    string
		headers []string
		want    int
	}{
		{"If-None-Match", []string{"If-None-Match", etag}, 304},
		{"If-None-Match weak form", []string{"If-None-Match", "W/" + etag}, 304},
		{"If-None-Match list", []string{"If-None-Match", `"nope", ` + etag}, 304},
		{"If-None-Match star", []string{"If-None-Match", "*"}, 304},
		{"If-None-Match other", []string{"If-None-Match", `"nope"`}, 200},
		{"If-Modified-Since same", []string{"If-Modified-Since", lastMod}, 304},
		{"If-Modified-Since later", []string{"If-Modified-Since", later}, 304},
		{"If-Modified-Since older", []string{"If-Modified-Since", older}, 200},
		{"If-None-Match wins over If-Modified-Since", []string{"If-None-Match", `"nope"`, "If-Modified-Since", later}, 200},
		{"gzip tag for identity request", []string{"If-None-Match", strings.TrimSuffix(etag, `"`) + `-gz"`}, 200},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rec := do(s.Handler(), "GET", "/atom.xml", tt.headers...)
			if rec.Code != tt.want {
				t.Fatalf("got %d, want %d", rec.Code, tt.want)
			}
			if tt.want == 304 {
				if rec.Body.Len() != 0 || rec.Header().Get("ETag") != etag || rec.Header().Get("Cache-Control") == "" {
					t.Errorf("304 with body %d bytes, ETag %q, Cache-Control %q", rec.Body.Len(),
						rec.Header().Get("ETag"), rec.Header().Get("Cache-Control"))
				}
			}
		})
	}
}

func TestGzip(t *testing.T) {
	s, _ := newServer(t, nil)
	tests := []struct {
		accept string
		gzip   bool
	}{
		{"", false},
		{"gzip", true},
		{"gzip, deflate, br", true},
		{"br;q=1.0, gzip;q=0.8", true},
		{"gzip;q=0", false},
		{"*", true},
		{"*;q=0", false},
		{"identity", false},
		{"x-gzip", true},
	}
	for _, tt := range tests {
		t.Run(tt.accept, func(t *testing.T) {
			rec := do(s.Handler(), "GET", "/atom.xml", "Accept-Encoding", tt.accept)
			got := rec.Header().Get("Content-Encoding") == "gzip"
			if got != tt.gzip {
				t.Fatalf("gzip = %v, want %v", got, tt.gzip)
			}
			if rec.Header().Get("Vary") != "Accept-Encoding" {
				t.Error("no Vary: Accept-Encoding")
			}
			body := rec.Body.Bytes()
			if got {
				zr, err := gzip.NewReader(bytes.NewReader(body))
				if err != nil {
					t.Fatal(err)
				}
				body, _ = io.ReadAll(zr)
				if !strings.HasSuffix(rec.Header().Get("ETag"), `-gz"`) {
					t.Errorf("gzip variant has the identity ETag %s", rec.Header().Get("ETag"))
				}
				// Its own tag gives 304 for the gzip variant.
				again := do(s.Handler(), "GET", "/atom.xml", "Accept-Encoding", tt.accept, "If-None-Match", rec.Header().Get("ETag"))
				if again.Code != 304 {
					t.Errorf("revalidating the gzip variant: %d", again.Code)
				}
			}
			if string(body) != atomBody {
				t.Error("body differs from the file")
			}
		})
	}
}

func TestHeadAndMethods(t *testing.T) {
	s, _ := newServer(t, nil)
	head := do(s.Handler(), "HEAD", "/atom.xml")
	if head.Code != 200 || head.Body.Len() != 0 {
		t.Errorf("HEAD: %d, body %d, length %q", head.Code, head.Body.Len(), head.Header().Get("Content-Length"))
	}
	if head.Header().Get("Content-Length") != itoa(len(atomBody)) {
		t.Errorf("HEAD Content-Length %q, want %d", head.Header().Get("Content-Length"), len(atomBody))
	}
	for _, m := range []string{"POST", "PUT", "DELETE", "PATCH"} {
		rec := do(s.Handler(), m, "/atom.xml")
		if rec.Code != 405 || rec.Header().Get("Allow") != "GET, HEAD" {
			t.Errorf("%s: %d, Allow %q", m, rec.Code, rec.Header().Get("Allow"))
		}
	}
}

func itoa(n int) string { return strconv.Itoa(n) }

func TestNotFoundAndTraversal(t *testing.T) {
	s, dir := newServer(t, nil)
	os.WriteFile(filepath.Join(filepath.Dir(dir), "secret.txt"), []byte("TOP-SECRET-CONTENT"), 0o644)
	srv := httptest.NewServer(s.Handler())
	defer srv.Close()
	for _, p := range []string{"/nope.xml", "/../secret.txt", "/%2e%2e/secret.txt", "//etc/passwd", "/archive/",
		"/archive", "/.atom.xml.tmp-123", "/archive/../../secret.txt", "/atom.xml/"} {
		req, _ := http.NewRequest("GET", srv.URL+p, nil)
		req.URL.Opaque = p // send the path as written, undoing the client's cleaning
		resp, err := http.DefaultTransport.RoundTrip(req)
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode == 200 || bytes.Contains(body, []byte("TOP-SECRET")) || bytes.Contains(body, []byte("half-written")) {
			t.Errorf("GET %s: %d %q", p, resp.StatusCode, body)
		}
	}
}

func TestReload(t *testing.T) {
	s, dir := newServer(t, nil)
	first := do(s.Handler(), "GET", "/atom.xml")
	// Same bytes rewritten later: validators do not move.
	later := time.Now().Add(time.Hour)
	os.WriteFile(filepath.Join(dir, "atom.xml"), []byte(atomBody), 0o644)
	os.Chtimes(filepath.Join(dir, "atom.xml"), later, later)
	if err := s.Reload(dir); err != nil {
		t.Fatal(err)
	}
	same := do(s.Handler(), "GET", "/atom.xml")
	if same.Header().Get("Last-Modified") != first.Header().Get("Last-Modified") || same.Header().Get("ETag") != first.Header().Get("ETag") {
		t.Errorf("identical bytes moved the validators: %v -> %v", first.Header(), same.Header())
	}
	// New bytes: new tag, new body.
	os.WriteFile(filepath.Join(dir, "atom.xml"), []byte("<feed>new</feed>"), 0o644)
	os.Chtimes(filepath.Join(dir, "atom.xml"), later, later)
	if err := s.Reload(dir); err != nil {
		t.Fatal(err)
	}
	changed := do(s.Handler(), "GET", "/atom.xml", "If-None-Match", first.Header().Get("ETag"))
	if changed.Code != 200 || changed.Body.String() != "<feed>new</feed>" || changed.Header().Get("Last-Modified") == first.Header().Get("Last-Modified") {
		t.Errorf("after a change: %d %q %s", changed.Code, changed.Body.String(), changed.Header().Get("Last-Modified"))
	}
	// A failed reload keeps serving the last good snapshot.
	if err := s.Reload(filepath.Join(dir, "missing")); err == nil {
		t.Error("reload of a missing directory succeeded")
	}
	if rec := do(s.Handler(), "GET", "/atom.xml"); rec.Code != 200 || rec.Body.String() != "<feed>new</feed>" {
		t.Errorf("after a failed reload: %d %q", rec.Code, rec.Body.String())
	}
}

func TestHealth(t *testing.T) {
	at := time.Date(2025, 3, 3, 9, 0, 0, 0, time.UTC)
	tests := []struct {
		name   string
		health func() Health
		code   int
		status string
	}{
		{"no source", nil, 503, "starting"},
		{"ok", func() Health { return Health{OK: true, Status: "ok", LastCycle: at, LastSuccess: at} }, 200, "ok"},
		{"stale", func() Health { return Health{Status: "stale", LastCycle: at, LastSuccess: at.Add(-time.Hour)} }, 503, "stale"},
		{"failing", func() Health { return Health{Status: "failing", Message: "disk full", SourcesFailing: 2} }, 503, "failing"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, _ := newServer(t, tt.health)
			rec := do(s.Handler(), "GET", "/healthz")
			var got map[string]any
			if err := json.Unmarshal(rec.Body.Bytes(), &got); err != nil {
				t.Fatalf("body %q: %v", rec.Body.String(), err)
			}
			if rec.Code != tt.code || got["status"] != tt.status || rec.Header().Get("Cache-Control") != "no-store" {
				t.Errorf("got %d %v, want %d %s", rec.Code, got, tt.code, tt.status)
			}
			if tt.name == "ok" && got["last_success"] != "2025-03-03T09:00:00Z" {
				t.Errorf("last_success = %v", got["last_success"])
			}
		})
	}
}

func TestMetrics(t *testing.T) {
	reg := prometheus.NewRegistry()
	m := NewMetrics(reg)
	m.ObserveFetch("ok")
	m.ObserveFetch("ok")
	m.ObserveFetch("failed")
	m.ObserveCycle(1500*time.Millisecond, true, 42)
	m.SetSource("blog", time.Unix(1700000000, 0), 0)
	m.SetSource("gone", time.Time{}, 3)
	s := New(Options{Registry: reg})
	rec := do(s.Handler(), "GET", "/metrics")
	body := rec.Body.String()
	for _, want := range []string{`tributary_fetches_total{outcome="ok"} 2`, `tributary_fetches_total{outcome="failed"} 1`,
		"tributary_entries 42", "tributary_cycle_duration_seconds_count 1", `tributary_cycles_total{result="ok"} 1`,
		`tributary_source_last_success_timestamp_seconds{source="blog"} 1.7e+09`, `tributary_source_failures{source="gone"} 3`} {
		if !strings.Contains(body, want) {
			t.Errorf("/metrics lacks %s", want)
		}
	}
	m.ForgetSource("gone")
	body = do(s.Handler(), "GET", "/metrics").Body.String()
	if strings.Contains(body, `source="gone"`) || !strings.Contains(body, `tributary_source_failures{source="blog"} 0`) {
		t.Errorf("after ForgetSource:\n%s", body)
	}
}

func BenchmarkServeAtom(b *testing.B) {
	big := `<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom">` +
		strings.Repeat("<entry><title>Post</title><content type=\"html\">&lt;p&gt;Paragraph of text.&lt;/p&gt;</content></entry>", 3000) + "</feed>"
	dir := outputs(b, big)
	s := New(Options{CacheMaxAge: time.Hour})
	if err := s.Reload(dir); err != nil {
		b.Fatal(err)
	}
	h := s.Handler()
	for _, enc := range []string{"identity", "gzip"} {
		b.Run(enc, func(b *testing.B) {
			req := httptest.NewRequest("GET", "/atom.xml", nil)
			req.Header.Set("Accept-Encoding", enc)
			b.ReportAllocs()
			b.SetBytes(int64(len(big)))
			for b.Loop() {
				h.ServeHTTP(discard{h: http.Header{}}, req)
			}
		})
	}
}

func BenchmarkServeNotModified(b *testing.B) {
	s, _ := newServer(b, nil)
	h := s.Handler()
	etag := do(h, "GET", "/atom.xml").Header().Get("ETag")
	req := httptest.NewRequest("GET", "/atom.xml", nil)
	req.Header.Set("If-None-Match", etag)
	b.ReportAllocs()
	for b.Loop() {
		h.ServeHTTP(discard{h: http.Header{}}, req)
	}
}

// discard is a ResponseWriter that costs nothing, so the benchmarks measure
// the server and not the recorder.
type discard struct{ h http.Header }

func (d discard) Header() http.Header         { return d.h }
func (d discard) Write(p []byte) (int, error) { return len(p), nil }
func (d discard) WriteHeader(int)             {}
