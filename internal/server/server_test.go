package server

import (
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"
)

var update = flag.Bool("update", false, "rewrite golden files")

// fixedMod is the mtime given to every fixture file, so Last-Modified is
// known; fixedNow is the server's clock, later than it.
var (
	fixedMod = time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)
	fixedNow = time.Date(2026, 3, 2, 8, 30, 0, 0, time.UTC)
)

// fixture copies testdata/public into a temporary output directory, stamps
// every file with fixedMod, and adds what Load must leave out: hidden
// files, an interrupted WriteFileAtomic temporary, a hidden directory and
// a symbolic link to a file outside the directory.
func fixture(t testing.TB) string {
	t.Helper()
	root := t.TempDir()
	dir := filepath.Join(root, "public")
	if err := os.CopyFS(dir, os.DirFS(filepath.Join("testdata", "public"))); err != nil {
		t.Fatal(err)
	}
	write := func(name, body string) {
		t.Helper()
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write(".env", "TOKEN=SECRET-DOTFILE")
	write(".atom.xml.tmp-123456", "SECRET-HALF-WRITTEN")
	write(".git/config", "SECRET-GIT")
	if err := os.WriteFile(filepath.Join(root, "secret.txt"), []byte("SECRET-OUTSIDE"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(filepath.Join(root, "secret.txt"), filepath.Join(dir, "linked.txt")); err != nil {
		t.Fatal(err)
	}
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.Type()&fs.ModeSymlink != 0 {
			return err
		}
		return os.Chtimes(p, fixedMod, fixedMod)
	})
	if err != nil {
		t.Fatal(err)
	}
	return dir
}

// newServer loads a fixture into a Server with a fixed clock.
func newServer(t testing.TB, opts Options) (*Server, string) {
	t.Helper()
	dir := fixture(t)
	if opts.Now == nil {
		opts.Now = func() time.Time { return fixedNow }
	}
	opts.Dir = dir
	s := New(opts)
	if err := s.Reload(""); err != nil {
		t.Fatal(err)
	}
	return s, dir
}

// do sends one request through h; headers come in name, value pairs.
func do(h http.Handler, method, target string, headers ...string) *httptest.ResponseRecorder {
	req := httptest.NewRequest(method, target, nil)
	for i := 0; i+1 < len(headers); i += 2 {
		req.Header.Add(headers[i], headers[i+1])
	}
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	return rec
}

func readFixture(t testing.TB, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", "public", filepath.FromSlash(name)))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func gunzip(t testing.TB, b []byte) []byte {
	t.Helper()
	zr, err := gzip.NewReader(bytes.NewReader(b))
	if err != nil {
		t.Fatalf("gunzip: %v", err)
	}
	out, err := io.ReadAll(zr)
	if err != nil {
		t.Fatalf("gunzip: %v", err)
	}
	return out
}

func TestLoadSkipsHiddenTempAndLinks(t *testing.T) {
	snap, err := Load(fixture(t))
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"archive/1.xml", "atom.xml", "feed.json", "feed.xsl", "index.html", "opml.xml",
		"podcast.xml", "robots.txt", "rss.xml", "style.css"}
	if got := snap.Names(); !slices.Equal(got, want) {
		t.Errorf("names = %q, want %q", got, want)
	}
	for _, name := range snap.Names() {
		f, _ := snap.File(name)
		if want := readFixture(t, name); !bytes.Equal(f.Body, want) {
			t.Errorf("%s: body differs from the file", name)
		}
		if !f.ModTime.Equal(fixedMod) {
			t.Errorf("%s: ModTime = %v, want %v", name, f.ModTime, fixedMod)
		}
		if f.Gzip != nil && !bytes.Equal(gunzip(t, f.Gzip), f.Body) {
			t.Errorf("%s: gzip copy does not decompress to the body", name)
		}
	}
}

func TestLoadSymlinkedDir(t *testing.T) {
	dir := fixture(t)
	link := filepath.Join(t.TempDir(), "public")
	if err := os.Symlink(dir, link); err != nil {
		t.Fatal(err)
	}
	snap, err := Load(link)
	if err != nil {
		t.Fatal(err)
	}
	if _, ok := snap.File("atom.xml"); !ok || snap.Len() != 10 {
		t.Errorf("through a linked directory: %d files %q", snap.Len(), snap.Names())
	}
}

func TestLoadCompressesTextOnly(t *testing.T) {
	dir := t.TempDir()
	// Both compress well; only the text type is worth it.
	body := bytes.Repeat([]byte("tributary "), 500)
	for _, name := range []string{"logo.png", "notes.txt", "icon.svg"} {
		if err := os.WriteFile(filepath.Join(dir, name), body, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	snap, err := Load(dir)
	if err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct {
		name string
		gzip bool
	}{{"logo.png", false}, {"notes.txt", true}, {"icon.svg", true}} {
		f, _ := snap.File(tt.name)
		if got := f.Gzip != nil; got != tt.gzip {
			t.Errorf("%s (%s): gzip copy = %v, want %v", tt.name, f.ContentType, got, tt.gzip)
		}
	}
}

func TestLoadETags(t *testing.T) {
	snap, err := Load(fixture(t))
	if err != nil {
		t.Fatal(err)
	}
	seen := map[string]string{}
	for _, name := range snap.Names() {
		f, _ := snap.File(name)
		if !strings.HasPrefix(f.ETag, `"`) || !strings.HasSuffix(f.ETag, `"`) || len(f.ETag) != etagHexLen+2 {
			t.Errorf("%s: ETag %s is not a quoted strong tag of %d digits", name, f.ETag, etagHexLen)
		}
		switch {
		case f.Gzip == nil && f.GzipETag != "":
			t.Errorf("%s: gzip tag %s without a gzip copy", name, f.GzipETag)
		case f.Gzip != nil && f.GzipETag != strings.TrimSuffix(f.ETag, `"`)+`-gz"`:
			t.Errorf("%s: gzip tag %s does not derive from %s", name, f.GzipETag, f.ETag)
		}
		// rss.xml and podcast.xml are the same bytes, so they must share a
		// tag; any other pair must not.
		if other, ok := seen[f.ETag]; ok && !(other == "rss.xml" && name == "podcast.xml" || other == "podcast.xml" && name == "rss.xml") {
			t.Errorf("%s and %s share ETag %s", other, name, f.ETag)
		}
		seen[f.ETag] = name
	}
	robots, _ := snap.File("robots.txt")
	if robots.Gzip != nil {
		t.Errorf("robots.txt (%d bytes) kept a gzip copy of %d bytes", len(robots.Body), len(robots.Gzip))
	}
	atom, _ := snap.File("atom.xml")
	if atom.Gzip == nil || len(atom.Gzip) >= len(atom.Body) {
		t.Errorf("atom.xml: no smaller gzip copy")
	}
}

func TestLoadErrors(t *testing.T) {
	dir := fixture(t)
	notDir := filepath.Join(dir, "atom.xml")
	hiddenOnly := t.TempDir()
	for _, name := range []string{".env", ".atom.xml.tmp-1"} {
		if err := os.WriteFile(filepath.Join(hiddenOnly, name), []byte("x"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	tests := []struct {
		name string
		dir  string
		opts LoadOptions
		is   error
	}{
		{"missing directory", filepath.Join(dir, "missing"), LoadOptions{}, fs.ErrNotExist},
		{"file, not directory", notDir, LoadOptions{}, nil},
		{"file over the cap", dir, LoadOptions{MaxFileSize: 4 << 10}, ErrTooLarge},
		{"empty directory", t.TempDir(), LoadOptions{}, ErrEmpty},
		{"hidden files only", hiddenOnly, LoadOptions{}, ErrEmpty},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			snap, err := LoadWith(tt.dir, tt.opts)
			if err == nil {
				t.Fatalf("got a snapshot of %d files, want an error", snap.Len())
			}
			if tt.is != nil && !errors.Is(err, tt.is) {
				t.Errorf("error %v, want one wrapping %v", err, tt.is)
			}
			if !strings.Contains(err.Error(), tt.dir) {
				t.Errorf("error %q does not name %s", err, tt.dir)
			}
		})
	}
}

func TestContentTypes(t *testing.T) {
	s, _ := newServer(t, Options{})
	tests := []struct{ path, want string }{
		{"/", "text/html; charset=utf-8"},
		{"/index.html", "text/html; charset=utf-8"},
		{"/atom.xml", "application/atom+xml; charset=utf-8"},
		{"/archive/1.xml", "application/atom+xml; charset=utf-8"},
		{"/rss.xml", "application/rss+xml; charset=utf-8"},
		{"/podcast.xml", "application/rss+xml; charset=utf-8"}, // by its root element
		{"/feed.json", "application/feed+json; charset=utf-8"},
		{"/opml.xml", "text/x-opml; charset=utf-8"},
		{"/feed.xsl", "application/xslt+xml; charset=utf-8"},
		{"/style.css", "text/css; charset=utf-8"},
		{"/robots.txt", "text/plain; charset=utf-8"},
	}
	for _, tt := range tests {
		t.Run(tt.path, func(t *testing.T) {
			rec := do(s.Handler(), "GET", tt.path)
			if rec.Code != http.StatusOK {
				t.Fatalf("status %d, want 200", rec.Code)
			}
			if got := rec.Header().Get("Content-Type"); got != tt.want {
				t.Errorf("Content-Type = %q, want %q", got, tt.want)
			}
		})
	}
}

func TestContentTypeByName(t *testing.T) {
	tests := []struct {
		name, body, want string
	}{
		{"archive/12.xml", "not even xml", "application/atom+xml; charset=utf-8"},
		{"other/feed.xml", `<?xml version="1.0"?><!-- c --><feed xmlns="http://www.w3.org/2005/Atom"/>`, "application/atom+xml; charset=utf-8"},
		{"rdf.xml", `<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"/>`, "application/rss+xml; charset=utf-8"},
		{"list.xml", `<opml version="2.0"/>`, "text/x-opml; charset=utf-8"},
		{"page.HTM", "<p>", "text/html; charset=utf-8"},
		{"data.json", "{}", "application/json"},
		{"blob.unknown-ext", "", "application/octet-stream"},
		{"logo.png", "", "image/png"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := contentType(tt.name, []byte(tt.body)); got != tt.want {
				t.Errorf("contentType(%q) = %q, want %q", tt.name, got, tt.want)
			}
		})
	}
}

func TestCacheHeaders(t *testing.T) {
	tests := []struct {
		name   string
		maxAge time.Duration
		want   string
	}{
		{"zero", 0, "public, max-age=0"},
		{"thirty minutes", 30 * time.Minute, "public, max-age=1800"},
		{"fraction truncated", 1500 * time.Millisecond, "public, max-age=1"},
		{"negative", -time.Hour, "public, max-age=0"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, _ := newServer(t, Options{CacheMaxAge: tt.maxAge})
			rec := do(s.Handler(), "GET", "/atom.xml")
			if got := rec.Header().Get("Cache-Control"); got != tt.want {
				t.Errorf("Cache-Control = %q, want %q", got, tt.want)
			}
			if got, want := rec.Header().Get("Last-Modified"), fixedMod.Format(http.TimeFormat); got != want {
				t.Errorf("Last-Modified = %q, want %q", got, want)
			}
		})
	}
}

func TestConditionalRequests(t *testing.T) {
	s, _ := newServer(t, Options{CacheMaxAge: time.Hour})
	snap := s.Snapshot()
	atom, _ := snap.File("atom.xml")
	tag, gzTag := atom.ETag, atom.GzipETag
	lastMod := fixedMod.Format(http.TimeFormat)
	before := fixedMod.Add(-time.Second).Format(http.TimeFormat)
	after := fixedMod.Add(time.Hour).Format(http.TimeFormat)

	tests := []struct {
		name     string
		headers  []string
		want     int
		wantETag string // ETag on the response
		wantGzip bool
	}{
		{"unconditional", nil, 200, tag, false},
		{"If-None-Match exact", []string{"If-None-Match", tag}, 304, tag, false},
		{"If-None-Match weak form", []string{"If-None-Match", "W/" + tag}, 304, tag, false},
		{"If-None-Match list", []string{"If-None-Match", `"a", W/"b,c", ` + tag}, 304, tag, false},
		{"If-None-Match split over lines", []string{"If-None-Match", `"a"`, "If-None-Match", tag}, 304, tag, false},
		{"If-None-Match unquoted", []string{"If-None-Match", strings.Trim(tag, `"`)}, 304, tag, false},
		{"If-None-Match star", []string{"If-None-Match", "*"}, 304, tag, false},
		{"If-None-Match other tag", []string{"If-None-Match", `"0123"`}, 200, tag, false},
		{"If-None-Match tag inside another", []string{"If-None-Match", `"x` + strings.Trim(tag, `"`) + `"`}, 200, tag, false},
		{"If-None-Match unterminated", []string{"If-None-Match", strings.TrimSuffix(tag, `"`)}, 200, tag, false},
		{"If-Modified-Since equal", []string{"If-Modified-Since", lastMod}, 304, tag, false},
		{"If-Modified-Since later", []string{"If-Modified-Since", after}, 304, tag, false},
		{"If-Modified-Since earlier", []string{"If-Modified-Since", before}, 200, tag, false},
		{"If-Modified-Since malformed", []string{"If-Modified-Since", "yesterday"}, 200, tag, false},
		{"If-None-Match mismatch beats If-Modified-Since", []string{"If-None-Match", `"0123"`, "If-Modified-Since", after}, 200, tag, false},
		{"If-None-Match match beats If-Modified-Since", []string{"If-None-Match", tag, "If-Modified-Since", before}, 304, tag, false},

		{"gzip: unconditional", []string{"Accept-Encoding", "gzip"}, 200, gzTag, true},
		{"gzip: own tag", []string{"Accept-Encoding", "gzip", "If-None-Match", gzTag}, 304, gzTag, false},
		{"gzip: own tag weak", []string{"Accept-Encoding", "gzip", "If-None-Match", "W/" + gzTag}, 304, gzTag, false},
		{"gzip: holds identity copy", []string{"Accept-Encoding", "gzip", "If-None-Match", tag}, 304, tag, false},
		{"gzip: holds both", []string{"Accept-Encoding", "gzip", "If-None-Match", tag + ", " + gzTag}, 304, gzTag, false},
		{"gzip: If-Modified-Since", []string{"Accept-Encoding", "gzip", "If-Modified-Since", lastMod}, 304, gzTag, false},
		{"identity: holds gzip copy but cannot decode it", []string{"If-None-Match", gzTag}, 200, tag, false},
		{"identity refused: holds identity copy", []string{"Accept-Encoding", "gzip, identity;q=0", "If-None-Match", tag}, 200, gzTag, true},
		{"identity refused by star: holds identity copy", []string{"Accept-Encoding", "gzip, *;q=0", "If-None-Match", tag}, 200, gzTag, true},

		{"If-Match current", []string{"If-Match", tag}, 200, tag, false},
		{"If-Match gzip tag", []string{"If-Match", gzTag}, 200, tag, false},
		{"If-Match star", []string{"If-Match", "*"}, 200, tag, false},
		{"If-Match weak never matches", []string{"If-Match", "W/" + tag}, 412, tag, false},
		{"If-Match stale", []string{"If-Match", `"0123"`}, 412, tag, false},
		{"If-Unmodified-Since later", []string{"If-Unmodified-Since", after}, 200, tag, false},
		{"If-Unmodified-Since earlier", []string{"If-Unmodified-Since", before}, 412, tag, false},
		{"If-Match wins over If-Unmodified-Since", []string{"If-Match", tag, "If-Unmodified-Since", before}, 200, tag, false},
		{"412 before 304", []string{"If-Match", `"0123"`, "If-None-Match", tag}, 412, tag, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			for _, method := range []string{"GET", "HEAD"} {
				rec := do(s.Handler(), method, "/atom.xml", tt.headers...)
				h := rec.Header()
				if rec.Code != tt.want {
					t.Fatalf("%s: status %d, want %d", method, rec.Code, tt.want)
				}
				if got := h.Get("ETag"); got != tt.wantETag {
					t.Errorf("%s: ETag = %s, want %s", method, got, tt.wantETag)
				}
				if got := h.Get("Content-Encoding") == "gzip"; got != tt.wantGzip {
					t.Errorf("%s: gzip = %v, want %v", method, got, tt.wantGzip)
				}
				if got := h.Get("Vary"); got != "Accept-Encoding" {
					t.Errorf("%s: Vary = %q, want Accept-Encoding", method, got)
				}
				switch tt.want {
				case 304:
					if rec.Body.Len() != 0 {
						t.Errorf("304 with a %d-byte body", rec.Body.Len())
					}
					if h.Get("Cache-Control") != "public, max-age=3600" || h.Get("Last-Modified") != lastMod {
						t.Errorf("304 headers: Cache-Control %q, Last-Modified %q", h.Get("Cache-Control"), h.Get("Last-Modified"))
					}
					for _, k := range []string{"Content-Type", "Content-Length", "Content-Encoding"} {
						if v := h.Get(k); v != "" {
							t.Errorf("304 carries %s: %s", k, v)
						}
					}
				case 200:
					want := atom.Body
					if tt.wantGzip {
						want = atom.Gzip
					}
					if method == "GET" && !bytes.Equal(rec.Body.Bytes(), want) {
						t.Errorf("body of %d bytes, want %d", rec.Body.Len(), len(want))
					}
				}
			}
		})
	}
}

func TestGzipNegotiation(t *testing.T) {
	s, _ := newServer(t, Options{})
	want := readFixture(t, "atom.xml")
	tests := []struct {
		accept []string // field lines; nil means no header
		gzip   bool
	}{
		{nil, false},
		{[]string{""}, false},
		{[]string{"gzip"}, true},
		{[]string{"GZIP"}, true},
		{[]string{"x-gzip"}, true},
		{[]string{"gzip, deflate, br, zstd"}, true},
		{[]string{"br;q=1.0, gzip;q=0.8"}, true},
		{[]string{"gzip;q=0"}, false},
		{[]string{"gzip; q=0.000"}, false},
		{[]string{"gzip;Q=0"}, false},
		{[]string{"gzip;q=0.5, identity;q=0.9"}, false},
		{[]string{"gzip;q=0.9, identity;q=0.9"}, true},
		{[]string{"*"}, true},
		{[]string{"*;q=0"}, false},
		{[]string{"*, gzip;q=0"}, false},
		{[]string{"gzip;q=0, *"}, false},
		{[]string{"identity"}, false},
		{[]string{"br", "gzip"}, true},
		{[]string{"deflate, br"}, false},
		{[]string{"gzip;q=abc"}, true},
		{[]string{" , ,gzip ,"}, true},
	}
	for _, tt := range tests {
		t.Run(fmt.Sprintf("%q", tt.accept), func(t *testing.T) {
			var headers []string
			for _, v := range tt.accept {
				headers = append(headers, "Accept-Encoding", v)
			}
			rec := do(s.Handler(), "GET", "/atom.xml", headers...)
			if rec.Code != 200 {
				t.Fatalf("status %d", rec.Code)
			}
			got := rec.Header().Get("Content-Encoding") == "gzip"
			if got != tt.gzip {
				t.Fatalf("gzip = %v, want %v", got, tt.gzip)
			}
			if v := rec.Header().Values("Vary"); !slices.Equal(v, []string{"Accept-Encoding"}) {
				t.Errorf("Vary = %q, want [Accept-Encoding]", v)
			}
			body := rec.Body.Bytes()
			if got {
				body = gunzip(t, body)
			}
			if !bytes.Equal(body, want) {
				t.Errorf("decoded body differs from atom.xml")
			}
			if cl := rec.Header().Get("Content-Length"); cl != fmt.Sprint(rec.Body.Len()) {
				t.Errorf("Content-Length %s, body %d bytes", cl, rec.Body.Len())
			}
		})
	}
	// A file too small to compress is identity even when gzip is asked for,
	// and still says Vary.
	rec := do(s.Handler(), "GET", "/robots.txt", "Accept-Encoding", "gzip")
	if rec.Header().Get("Content-Encoding") != "" || rec.Header().Get("Vary") != "Accept-Encoding" {
		t.Errorf("robots.txt with gzip: Content-Encoding %q, Vary %q", rec.Header().Get("Content-Encoding"), rec.Header().Get("Vary"))
	}
}

func TestHead(t *testing.T) {
	s, _ := newServer(t, Options{})
	for _, enc := range []string{"identity", "gzip"} {
		t.Run(enc, func(t *testing.T) {
			get := do(s.Handler(), "GET", "/atom.xml", "Accept-Encoding", enc)
			head := do(s.Handler(), "HEAD", "/atom.xml", "Accept-Encoding", enc)
			if head.Code != 200 || head.Body.Len() != 0 {
				t.Errorf("HEAD: status %d, body %d bytes; want 200 and none", head.Code, head.Body.Len())
			}
			if !equalHeaders(get.Header(), head.Header()) {
				t.Errorf("HEAD headers differ from GET:\n got %v\nwant %v", head.Header(), get.Header())
			}
			if cl := head.Header().Get("Content-Length"); cl != fmt.Sprint(get.Body.Len()) {
				t.Errorf("HEAD Content-Length %s, GET body %d bytes", cl, get.Body.Len())
			}
		})
	}
}

func equalHeaders(a, b http.Header) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if !slices.Equal(v, b[k]) {
			return false
		}
	}
	return true
}

func TestNotFoundAndTraversal(t *testing.T) {
	s, _ := newServer(t, Options{Registry: nil})
	srv := httptest.NewServer(s.Handler())
	defer srv.Close()
	paths := []string{
		"/nope.xml", "/../go.mod", "/%2e%2e/", "/%2e%2e/secret.txt", "/%2E%2E%2Fsecret.txt", "//etc/passwd",
		"/../secret.txt", "/archive/../../secret.txt", "/archive/", "/archive", "/atom.xml/", "/./atom.xml",
		"/archive//1.xml", "/.env", "/.git/config", "/.atom.xml.tmp-123456", "/linked.txt", "/..%5csecret.txt",
		"/%00", "/metrics", "/healthz/",
	}
	for _, p := range paths {
		t.Run(p, func(t *testing.T) {
			req, err := http.NewRequest("GET", srv.URL, nil)
			if err != nil {
				t.Fatal(err)
			}
			req.URL.Opaque = p // sent as written, without the client's cleaning
			resp, err := srv.Client().Do(req)
			if err != nil {
				t.Fatal(err)
			}
			body, _ := io.ReadAll(resp.Body)
			resp.Body.Close()
			if resp.StatusCode != http.StatusNotFound && resp.StatusCode != http.StatusBadRequest {
				t.Errorf("status %d, want 404 (or 400 from net/http)", resp.StatusCode)
			}
			if bytes.Contains(body, []byte("SECRET")) {
				t.Errorf("body leaks a secret: %q", body)
			}
			if resp.Header.Get("X-Content-Type-Options") != "nosniff" && resp.StatusCode == http.StatusNotFound {
				t.Errorf("404 without nosniff")
			}
		})
	}
}

func TestMethodNotAllowed(t *testing.T) {
	reg := newRegistry()
	s, _ := newServer(t, Options{Registry: reg})
	for _, path := range []string{"/", "/atom.xml", "/missing", "/healthz", "/metrics"} {
		for _, method := range []string{"POST", "PUT", "DELETE", "PATCH", "OPTIONS", "TRACE"} {
			t.Run(method+" "+path, func(t *testing.T) {
				rec := do(s.Handler(), method, path)
				if rec.Code != http.StatusMethodNotAllowed {
					t.Errorf("status %d, want 405", rec.Code)
				}
				if got := rec.Header().Get("Allow"); got != "GET, HEAD" {
					t.Errorf("Allow = %q, want %q", got, "GET, HEAD")
				}
			})
		}
	}
}

func TestSecurityHeaders(t *testing.T) {
	s, _ := newServer(t, Options{Registry: newRegistry()})
	atom, _ := s.Snapshot().File("atom.xml")
	tests := []struct {
		name    string
		method  string
		path    string
		headers []string
		status  int
		csp     bool
	}{
		{"html page", "GET", "/", nil, 200, true},
		{"html page 304", "GET", "/index.html", []string{"If-Modified-Since", fixedMod.Format(http.TimeFormat)}, 304, false},
		{"atom", "GET", "/atom.xml", nil, 200, false},
		{"atom 304", "GET", "/atom.xml", []string{"If-None-Match", atom.ETag}, 304, false},
		{"not found", "GET", "/missing", nil, 404, false},
		{"method", "POST", "/", nil, 405, false},
		{"health", "GET", "/healthz", nil, 200, false},
		{"metrics", "GET", "/metrics", nil, 200, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rec := do(s.Handler(), tt.method, tt.path, tt.headers...)
			if rec.Code != tt.status {
				t.Fatalf("status %d, want %d", rec.Code, tt.status)
			}
			h := rec.Header()
			if h.Get("X-Content-Type-Options") != "nosniff" || h.Get("Referrer-Policy") != "no-referrer" {
				t.Errorf("X-Content-Type-Options %q, Referrer-Policy %q", h.Get("X-Content-Type-Options"), h.Get("Referrer-Policy"))
			}
			got := h.Get("Content-Security-Policy")
			if tt.csp {
				for _, d := range []string{"default-src 'none'", "base-uri 'none'", "form-action 'none'"} {
					if !strings.Contains(got, d) {
						t.Errorf("CSP %q lacks %s", got, d)
					}
				}
				if strings.Contains(got, "script-src") || strings.Contains(got, "unsafe-eval") {
					t.Errorf("CSP %q allows scripts", got)
				}
			} else if got != "" && tt.status == 200 {
				t.Errorf("CSP on a non-HTML response: %q", got)
			}
		})
	}
}

func TestNotLoaded(t *testing.T) {
	s := New(Options{})
	rec := do(s.Handler(), "GET", "/atom.xml")
	if rec.Code != http.StatusServiceUnavailable || rec.Header().Get("Retry-After") == "" || rec.Header().Get("Cache-Control") != "no-store" {
		t.Errorf("before the first load: %d, Retry-After %q, Cache-Control %q", rec.Code, rec.Header().Get("Retry-After"), rec.Header().Get("Cache-Control"))
	}
	if err := s.Reload(""); err == nil {
		t.Error("Reload without a directory succeeded")
	}
	if s.Snapshot() != nil {
		t.Error("a failed first load left a snapshot")
	}
}

func TestReload(t *testing.T) {
	s, dir := newServer(t, Options{})
	h := s.Handler()
	atomPath := filepath.Join(dir, "atom.xml")
	first := do(h, "GET", "/atom.xml")
	later := fixedMod.Add(time.Hour)

	// A cycle rewrites identical bytes: the new mtime must not move
	// Last-Modified, or every client would refetch.
	if err := os.WriteFile(atomPath, first.Body.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Chtimes(atomPath, later, later); err != nil {
		t.Fatal(err)
	}
	if err := s.Reload(dir); err != nil {
		t.Fatal(err)
	}
	same := do(h, "GET", "/atom.xml")
	for _, k := range []string{"Last-Modified", "ETag"} {
		if got, want := same.Header().Get(k), first.Header().Get(k); got != want {
			t.Errorf("identical bytes: %s moved from %s to %s", k, want, got)
		}
	}
	if rec := do(h, "GET", "/atom.xml", "If-Modified-Since", first.Header().Get("Last-Modified")); rec.Code != 304 {
		t.Errorf("identical bytes: If-Modified-Since gives %d, want 304", rec.Code)
	}

	// New bytes, new validators; and a new file appears.
	const changed = `<feed xmlns="http://www.w3.org/2005/Atom"><title>new</title></feed>`
	if err := os.WriteFile(atomPath, []byte(changed), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Chtimes(atomPath, later, later); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "archive", "2.xml"), []byte(changed), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Remove(filepath.Join(dir, "podcast.xml")); err != nil {
		t.Fatal(err)
	}
	if err := s.Reload(dir); err != nil {
		t.Fatal(err)
	}
	rec := do(h, "GET", "/atom.xml", "If-None-Match", first.Header().Get("ETag"))
	if rec.Code != 200 || rec.Body.String() != changed {
		t.Errorf("after a change: %d %q, want 200 and the new body", rec.Code, rec.Body.String())
	}
	if got, want := rec.Header().Get("Last-Modified"), later.Format(http.TimeFormat); got != want {
		t.Errorf("after a change: Last-Modified %s, want %s", got, want)
	}
	if rec.Header().Get("ETag") == first.Header().Get("ETag") {
		t.Errorf("after a change: ETag did not move")
	}
	if rec := do(h, "GET", "/archive/2.xml"); rec.Code != 200 {
		t.Errorf("new archive page: %d, want 200", rec.Code)
	}
	if rec := do(h, "GET", "/podcast.xml"); rec.Code != 404 {
		t.Errorf("removed file: %d, want 404", rec.Code)
	}

	// Failed reloads keep serving the last good snapshot.
	good := s.Snapshot()
	for _, bad := range []struct{ name, dir string }{
		{"missing directory", filepath.Join(dir, "missing")},
		{"a file, not a directory", atomPath},
		{"an empty directory", t.TempDir()},
	} {
		if err := s.Reload(bad.dir); err == nil {
			t.Errorf("%s: reload succeeded", bad.name)
		}
	}
	if s.Snapshot() != good {
		t.Error("a failed reload replaced the snapshot")
	}
	if rec := do(h, "GET", "/atom.xml"); rec.Code != 200 || rec.Body.String() != changed {
		t.Errorf("after failed reloads: %d %q", rec.Code, rec.Body.String())
	}
	// Options.MaxFileSize reaches the load: atom.xml is 7 KB.
	small := New(Options{MaxFileSize: 1 << 10})
	if err := small.Reload(dir); !errors.Is(err, ErrTooLarge) {
		t.Errorf("reload over Options.MaxFileSize: %v, want ErrTooLarge", err)
	}
}

func TestLastModifiedNotInFuture(t *testing.T) {
	dir := fixture(t)
	future := fixedNow.Add(24 * time.Hour)
	if err := os.Chtimes(filepath.Join(dir, "atom.xml"), future, future); err != nil {
		t.Fatal(err)
	}
	s := New(Options{Dir: dir, Now: func() time.Time { return fixedNow }})
	if err := s.Reload(""); err != nil {
		t.Fatal(err)
	}
	got := do(s.Handler(), "GET", "/atom.xml").Header().Get("Last-Modified")
	if want := fixedNow.Format(http.TimeFormat); got != want {
		t.Errorf("Last-Modified = %s, want the clock's %s", got, want)
	}
}

// TestConcurrentReload serves requests while the snapshot is swapped; each
// response's ETag must be the one of the body it came with, so a response
// never mixes two snapshots (and -race checks the swap itself).
func TestConcurrentReload(t *testing.T) {
	s, dir := newServer(t, Options{})
	h := s.Handler()
	var variants [][]byte
	for i := range 2 {
		variants = append(variants, []byte(fmt.Sprintf(`<feed xmlns="http://www.w3.org/2005/Atom"><title>v%d</title></feed>`, i)))
	}
	var wg sync.WaitGroup
	stop := make(chan struct{})
	errs := make(chan string, 1)
	for range 2 {
		wg.Go(func() {
			for {
				select {
				case <-stop:
					return
				default:
				}
				rec := do(h, "GET", "/atom.xml")
				sum := sha256.Sum256(rec.Body.Bytes())
				if want := `"` + hex.EncodeToString(sum[:])[:etagHexLen] + `"`; rec.Header().Get("ETag") != want {
					select {
					case errs <- fmt.Sprintf("ETag %s with a body hashing to %s", rec.Header().Get("ETag"), want):
					default:
					}
				}
			}
		})
	}
	for i := range 6 {
		if err := os.WriteFile(filepath.Join(dir, "atom.xml"), variants[i%2], 0o644); err != nil {
			t.Fatal(err)
		}
		if err := s.Reload(dir); err != nil {
			t.Fatal(err)
		}
	}
	close(stop)
	wg.Wait()
	select {
	case e := <-errs:
		t.Error(e)
	default:
	}
}

func TestHealth(t *testing.T) {
	at := time.Date(2026, 3, 3, 9, 0, 0, 500, time.FixedZone("CET", 3600))
	tests := []struct {
		name   string
		health func() Health
		loaded bool
		code   int
		want   string
	}{
		{"no health func, not loaded", nil, false, 503,
			`{"status":"starting","last_cycle":null,"last_success":null,"sources_failing":0,"message":"outputs not loaded yet"}`},
		{"no health func, loaded", nil, true, 200,
			`{"status":"ok","last_cycle":null,"last_success":null,"sources_failing":0,"message":""}`},
		{"ok", func() Health {
			return Health{OK: true, Status: StatusOK, LastCycle: at, LastSuccess: at}
		}, true, 200,
			`{"status":"ok","last_cycle":"2026-03-03T08:00:00Z","last_success":"2026-03-03T08:00:00Z","sources_failing":0,"message":""}`},
		{"ok with failing sources", func() Health {
			return Health{OK: true, LastCycle: at, LastSuccess: at, SourcesFailing: 2, Message: "2 of 9 sources failing"}
		}, true, 200,
			`{"status":"ok","last_cycle":"2026-03-03T08:00:00Z","last_success":"2026-03-03T08:00:00Z","sources_failing":2,"message":"2 of 9 sources failing"}`},
		{"degraded", func() Health {
			return Health{OK: true, Status: StatusDegraded, LastCycle: at, LastSuccess: at, SourcesFailing: 6, Message: "6 of 9 remote sources failing"}
		}, true, 200,
			`{"status":"degraded","last_cycle":"2026-03-03T08:00:00Z","last_success":"2026-03-03T08:00:00Z","sources_failing":6,"message":"6 of 9 remote sources failing"}`},
		{"stale", func() Health {
			return Health{Status: StatusStale, LastCycle: at, LastSuccess: at.Add(-3 * time.Hour), Message: "last success 3h ago"}
		}, true, 503,
			`{"status":"stale","last_cycle":"2026-03-03T08:00:00Z","last_success":"2026-03-03T05:00:00Z","sources_failing":0,"message":"last success 3h ago"}`},
		{"failing, status left empty", func() Health {
			return Health{LastCycle: at, Message: `disk full: "/var"`}
		}, true, 503,
			`{"status":"failing","last_cycle":"2026-03-03T08:00:00Z","last_success":null,"sources_failing":0,"message":"disk full: \"/var\""}`},
		{"starting", func() Health { return Health{Status: StatusStarting} }, false, 503,
			`{"status":"starting","last_cycle":null,"last_success":null,"sources_failing":0,"message":""}`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var s *Server
			if tt.loaded {
				s, _ = newServer(t, Options{Health: tt.health})
			} else {
				s = New(Options{Health: tt.health})
			}
			rec := do(s.Handler(), "GET", "/healthz")
			if rec.Code != tt.code {
				t.Errorf("status %d, want %d", rec.Code, tt.code)
			}
			if got := strings.TrimSpace(rec.Body.String()); got != tt.want {
				t.Errorf("body\n got %s\nwant %s", got, tt.want)
			}
			if !json.Valid(rec.Body.Bytes()) {
				t.Errorf("body is not JSON")
			}
			h := rec.Header()
			if h.Get("Cache-Control") != "no-store" || h.Get("Content-Type") != "application/json" {
				t.Errorf("Cache-Control %q, Content-Type %q", h.Get("Cache-Control"), h.Get("Content-Type"))
			}
			head := do(s.Handler(), "HEAD", "/healthz")
			if head.Code != tt.code || head.Body.Len() != 0 || head.Header().Get("Content-Length") != h.Get("Content-Length") {
				t.Errorf("HEAD: %d, body %d bytes, Content-Length %q", head.Code, head.Body.Len(), head.Header().Get("Content-Length"))
			}
		})
	}
}

func TestPanicRecovered(t *testing.T) {
	var logs bytes.Buffer
	s, _ := newServer(t, Options{
		Health: func() Health { panic("health source broke") },
		Logger: slog.New(slog.NewTextHandler(&logs, &slog.HandlerOptions{Level: slog.LevelDebug})),
	})
	rec := do(s.Handler(), "GET", "/healthz")
	if rec.Code != http.StatusInternalServerError {
		t.Errorf("status %d, want 500", rec.Code)
	}
	if !strings.Contains(logs.String(), "health source broke") {
		t.Errorf("the panic was not logged:\n%s", logs.String())
	}
	// The server still serves afterwards.
	if rec := do(s.Handler(), "GET", "/atom.xml"); rec.Code != 200 {
		t.Errorf("after a panic: %d", rec.Code)
	}
	// http.ErrAbortHandler is net/http's way to abort a response; it must
	// reach net/http untouched.
	abort := New(Options{Health: func() Health { panic(http.ErrAbortHandler) }})
	defer func() {
		if v := recover(); v != http.ErrAbortHandler {
			t.Errorf("recovered %v, want http.ErrAbortHandler re-panicked", v)
		}
	}()
	do(abort.Handler(), "GET", "/healthz")
}

func TestAccessLog(t *testing.T) {
	tests := []struct {
		name  string
		level slog.Level
		want  []string
	}{
		{"debug", slog.LevelDebug, []string{`msg="Served request"`, "method=GET", "path=/atom.xml", "status=304", "bytes=0"}},
		{"info", slog.LevelInfo, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var logs bytes.Buffer
			s, _ := newServer(t, Options{Logger: slog.New(slog.NewTextHandler(&logs, &slog.HandlerOptions{Level: tt.level}))})
			atom, _ := s.Snapshot().File("atom.xml")
			do(s.Handler(), "GET", "/atom.xml", "If-None-Match", atom.ETag)
			got := logs.String()
			if tt.want == nil && got != "" {
				t.Errorf("logged at %v:\n%s", tt.level, got)
			}
			for _, w := range tt.want {
				if !strings.Contains(got, w) {
					t.Errorf("log lacks %s:\n%s", w, got)
				}
			}
		})
	}
}

// TestGoldenResponses pins the full header set of representative responses
// in testdata/responses.golden; run with -update after a deliberate change.
func TestGoldenResponses(t *testing.T) {
	s, _ := newServer(t, Options{CacheMaxAge: 10 * time.Minute})
	atom, _ := s.Snapshot().File("atom.xml")
	requests := []struct {
		method, path string
		headers      []string
	}{
		{"GET", "/", nil},
		{"GET", "/atom.xml", nil},
		{"GET", "/atom.xml", []string{"Accept-Encoding", "gzip, br"}},
		{"HEAD", "/rss.xml", nil},
		{"GET", "/feed.json", nil},
		{"GET", "/opml.xml", nil},
		{"GET", "/feed.xsl", nil},
		{"GET", "/archive/1.xml", nil},
		{"GET", "/atom.xml", []string{"If-None-Match", atom.ETag}},
		{"GET", "/atom.xml", []string{"Accept-Encoding", "gzip", "If-None-Match", atom.GzipETag}},
		{"GET", "/atom.xml", []string{"If-Modified-Since", fixedMod.Format(http.TimeFormat)}},
		{"GET", "/atom.xml", []string{"If-Match", `"stale"`}},
		{"GET", "/missing.xml", nil},
		{"DELETE", "/atom.xml", nil},
	}
	var out bytes.Buffer
	for _, rq := range requests {
		rec := do(s.Handler(), rq.method, rq.path, rq.headers...)
		fmt.Fprintf(&out, "%s %s", rq.method, rq.path)
		for i := 0; i+1 < len(rq.headers); i += 2 {
			fmt.Fprintf(&out, " [%s: %s]", rq.headers[i], rq.headers[i+1])
		}
		fmt.Fprintf(&out, "\n%d\n", rec.Code)
		h := rec.Header()
		for _, k := range slices.Sorted(func(yield func(string) bool) {
			for k := range h {
				if !yield(k) {
					return
				}
			}
		}) {
			v := strings.Join(h[k], ", ")
			// The compressed size depends on the Go release's flate.
			if k == "Content-Length" && h.Get("Content-Encoding") == "gzip" {
				v = "(gzip size)"
			}
			fmt.Fprintf(&out, "%s: %s\n", k, v)
		}
		out.WriteString("\n")
	}
	golden := filepath.Join("testdata", "responses.golden")
	if *update {
		if err := os.WriteFile(golden, out.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatalf("%v (run with -update to create it)", err)
	}
	if got := out.String(); got != string(want) {
		t.Errorf("responses differ from %s (run with -update if intended)\n got:\n%s\nwant:\n%s", golden, got, want)
	}
}
