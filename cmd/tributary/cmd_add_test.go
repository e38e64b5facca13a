package main

import (
	"bytes"
	"crypto/sha256"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/tributary/tributary/internal/config"
	"github.com/tributary/tributary/internal/configedit"
)

// route is one path of a loopback test site.
type route struct {
	file, ctype string
	redirect    string // answer 301 to here
	status      int    // answer this status with no body
}

const (
	htmlType = "text/html; charset=utf-8"
	atomType = "application/atom+xml"
	rssType  = "application/rss+xml; charset=UTF-8"
	jsonType = "application/feed+json"
)

// manageServer serves testdata/manage files at exact paths; anything else
// is a 404.
func manageServer(t *testing.T, routes map[string]route) *httptest.Server {
	t.Helper()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		rt, ok := routes[r.URL.RequestURI()]
		switch {
		case !ok:
			http.NotFound(w, r)
		case rt.redirect != "":
			http.Redirect(w, r, rt.redirect, http.StatusMovedPermanently)
		case rt.status != 0:
			w.WriteHeader(rt.status)
		default:
			body, err := os.ReadFile(filepath.Join("testdata", "manage", rt.file))
			if err != nil {
				t.Error(err)
			}
			// Validators, so a second fetch is answered 304.
			etag := fmt.Sprintf(`"%x"`, sha256.Sum256(body))
			w.Header().Set("ETag", etag)
			if r.Header.Get("If-None-Match") == etag {
				w.WriteHeader(http.StatusNotModified)
				return
			}
			w.Header().Set("Content-Type", rt.ctype)
			w.Write(body)
		}
	}))
	t.Cleanup(srv.Close)
	return srv
}

// harbour is a WordPress-like site declaring four feeds.
func harbour(t *testing.T) *httptest.Server {
	return manageServer(t, map[string]route{
		"/":               {file: "home.html", ctype: htmlType},
		"/feed/":          {file: "rss.xml", ctype: rssType},
		"/comments/feed/": {file: "rss.xml", ctype: rssType},
		"/atom.xml":       {file: "atom.xml", ctype: atomType},
		"/feed.json":      {file: "feed.json", ctype: jsonType},
		"/old-home":       {redirect: "/"},
	})
}

// manageConfig writes the commented test config into a temporary directory
// and returns its path and its original bytes.
func manageConfig(t *testing.T) (string, []byte) {
	t.Helper()
	dir := t.TempDir()
	data, err := os.ReadFile(filepath.Join("testdata", "manage", "commented.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	data = bytes.ReplaceAll(data, []byte("DIR"), []byte(dir))
	path := filepath.Join(dir, "tributary.yaml")
	if err := os.WriteFile(path, data, 0o640); err != nil {
		t.Fatal(err)
	}
	return path, data
}

func loadSources(t *testing.T, path string) *config.Config {
	t.Helper()
	cfg, err := config.Load(path)
	if err != nil {
		t.Fatalf("the edited config does not load: %v", err)
	}
	return cfg
}

func TestAddDiscovers(t *testing.T) {
	site := harbour(t)
	blogger := manageServer(t, map[string]route{
		"/":                    {file: "plain.html", ctype: htmlType},
		"/feeds/posts/default": {file: "atom.xml", ctype: atomType},
	})
	tests := []struct {
		name    string
		url     string
		wantURL string
		say     string // part of stdout
	}{
		{"a site declaring several feeds: Atom chosen", site.URL + "/", site.URL + "/atom.xml",
			"found 4 feeds at " + site.URL + "/; chose Atom " + site.URL + "/atom.xml"},
		{"a feed URL as is", site.URL + "/feed/", site.URL + "/feed/", "(RSS \"Harbour Notes (RSS)\", 1 entries)"},
		{"a JSON Feed", site.URL + "/feed.json", site.URL + "/feed.json", "JSON Feed"},
		{"a redirected site", site.URL + "/old-home", site.URL + "/atom.xml", "chose Atom"},
		{"a feed only at a platform path", blogger.URL, blogger.URL + "/feeds/posts/default",
			"declares no feed; found Atom " + blogger.URL + "/feeds/posts/default at a usual feed path"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path, orig := manageConfig(t)
			stdout, stderr, err := runCLI(t, "-c", path, "add", tt.url)
			if err != nil {
				t.Fatalf("add: %v\n%s%s", err, stdout, stderr)
			}
			if !strings.Contains(stdout, tt.say) {
				t.Errorf("stdout lacks %q:\n%s", tt.say, stdout)
			}
			cfg := loadSources(t, path)
			s := cfg.Sources[len(cfg.Sources)-1]
			data, _ := os.ReadFile(path)
			if back, err := configedit.RemoveSource(data, s.Name); err != nil || !bytes.Equal(back, orig) {
				t.Errorf("the config's existing text changed (%v):\n%s", err, data)
			}
			if s.URL != tt.wantURL {
				t.Errorf("added url %q, want %q", s.URL, tt.wantURL)
			}
			if !strings.HasPrefix(s.Name, "harbour-notes") {
				t.Errorf("name %q is not made from the feed's title", s.Name)
			}
			if !strings.Contains(stdout, "added "+s.Name+" to "+path) {
				t.Errorf("stdout does not say what was added:\n%s", stdout)
			}
		})
	}
}

func TestAddRefuses(t *testing.T) {
	site := harbour(t)
	plain := manageServer(t, map[string]route{"/": {file: "plain.html", ctype: htmlType}})
	tests := []struct {
		name string
		args []string
		code int
		msg  string
	}{
		{"plain HTML without a feed", []string{plain.URL + "/"}, exitFailure, "no feed found"},
		{"a 404", []string{site.URL + "/missing"}, exitFailure, "404"},
		{"a duplicate, spelled differently", []string{"HTTPS://EXISTING.example:443/feed#x"}, exitFailure,
			"already a source: existing (url https://existing.example/feed/)"},
		{"no argument", nil, exitUsage, "exactly one"},
		{"two arguments", []string{site.URL, site.URL}, exitUsage, "exactly one"},
		{"a bad interval", []string{"--interval", "soon", site.URL}, exitUsage, "invalid duration"},
		{"a bad name", []string{"--name", "-x y", site.URL}, exitUsage, "may only hold"},
		{"a name in use", []string{"--name", "mirror", site.URL}, exitUsage, `already a source named "mirror"`},
		{"another scheme", []string{"ftp://files.example/feed"}, exitUsage, "only http and https"},
		{"a path that matches nothing", []string{"no/such/dir/*.md"}, exitUsage, "no such file"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path, orig := manageConfig(t)
			stdout, _, err := runCLI(t, append([]string{"-c", path, "add"}, tt.args...)...)
			if exitCode(err) != tt.code {
				t.Fatalf("exit %d, want %d (%v)\n%s", exitCode(err), tt.code, err, stdout)
			}
			if !strings.Contains(err.Error(), tt.msg) {
				t.Errorf("error %q lacks %q", err, tt.msg)
			}
			if data, _ := os.ReadFile(path); !bytes.Equal(data, orig) {
				t.Errorf("a refused add changed the config:\n%s", data)
			}
		})
	}
}

// TestAddDuplicateFoundByDiscovery: the site URL is new, but the feed it
// leads to is configured already.
func TestAddDuplicateFoundByDiscovery(t *testing.T) {
	site := harbour(t)
	path, _ := manageConfig(t)
	if _, _, err := runCLI(t, "-c", path, "add", "--name", "harbour", site.URL+"/atom.xml"); err != nil {
		t.Fatal(err)
	}
	before, _ := os.ReadFile(path)
	_, _, err := runCLI(t, "-c", path, "add", site.URL+"/")
	if exitCode(err) != exitFailure || !strings.Contains(err.Error(), "already a source: harbour") {
		t.Fatalf("got %v, want a refusal naming harbour", err)
	}
	if after, _ := os.ReadFile(path); !bytes.Equal(before, after) {
		t.Error("the config changed")
	}
}

func TestAddOptionsAndUniqueNames(t *testing.T) {
	site := harbour(t)
	path, _ := manageConfig(t)
	if _, _, err := runCLI(t, "-c", path, "add", site.URL+"/atom.xml"); err != nil {
		t.Fatal(err)
	}
	// Another feed of the site: named from its own title; --title only
	// overrides what is displayed.
	_, _, err := runCLI(t, "-c", path, "add", "--interval", "7d", "--title", "Harbour: the RSS one", "--tag", "boats", "--tag", "yes",
		site.URL+"/feed/")
	if err != nil {
		t.Fatal(err)
	}
	cfg := loadSources(t, path)
	a, ok := cfg.Source("harbour-notes")
	b, ok2 := cfg.Source("harbour-notes-rss")
	if !ok || !ok2 {
		var names []string
		for _, s := range cfg.Sources {
			names = append(names, s.Name)
		}
		t.Fatalf("names: %v", names)
	}
	if a.URL != site.URL+"/atom.xml" || b.Title != "Harbour: the RSS one" || b.Interval.Hours() != 24*7 ||
		strings.Join(b.Tags, ",") != "boats,yes" {
		t.Errorf("got %+v and %+v", a, b)
	}
	// A third with the same slug as the first.
	if _, _, err := runCLI(t, "-c", path, "add", "--no-fetch", "--name", "harbour-notes-2", "https://elsewhere.example/x.xml"); err != nil {
		t.Fatal(err)
	}
	srv2 := manageServer(t, map[string]route{"/a.xml": {file: "atom.xml", ctype: atomType}})
	if _, _, err := runCLI(t, "-c", path, "add", srv2.URL+"/a.xml"); err != nil {
		t.Fatal(err)
	}
	if _, ok := loadSources(t, path).Source("harbour-notes-3"); !ok {
		t.Error("harbour-notes-3 not chosen while -2 was taken")
	}
}

func TestAddNoFetch(t *testing.T) {
	path, _ := manageConfig(t)
	stdout, _, err := runCLI(t, "-c", path, "add", "--no-fetch", "blog.example.org/feed.xml")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(stdout, "taking blog.example.org/feed.xml as https://blog.example.org/feed.xml") {
		t.Errorf("stdout:\n%s", stdout)
	}
	s, ok := loadSources(t, path).Source("blog-example")
	if !ok || s.URL != "https://blog.example.org/feed.xml" {
		t.Errorf("got %+v", s)
	}
}

func TestAddLocal(t *testing.T) {
	path, _ := manageConfig(t)
	notes := filepath.Join(filepath.Dir(path), "My Notes")
	if err := os.MkdirAll(notes, 0o755); err != nil {
		t.Fatal(err)
	}
	post := "# A saved post\n\nPosted on 2024-05-01\n\nSome text that is long enough to be a post of its own.\n"
	if err := os.WriteFile(filepath.Join(notes, "post.md"), []byte(post), 0o644); err != nil {
		t.Fatal(err)
	}
	glob := filepath.Join(notes, "*.md")
	stdout, _, err := runCLI(t, "-c", path, "add", "--tag", "notes", glob)
	if err != nil {
		t.Fatalf("add: %v", err)
	}
	if !strings.Contains(stdout, "(1 files,") {
		t.Errorf("stdout:\n%s", stdout)
	}
	s, ok := loadSources(t, path).Source("my-notes")
	if !ok || s.Path != glob || !s.Local() {
		t.Fatalf("got %+v", s)
	}
	_, _, err = runCLI(t, "-c", path, "add", glob)
	if exitCode(err) != exitFailure || !strings.Contains(err.Error(), "already a source: my-notes") {
		t.Errorf("adding the same path again: %v", err)
	}
	empty := filepath.Join(filepath.Dir(path), "empty")
	os.Mkdir(empty, 0o755)
	if _, _, err := runCLI(t, "-c", path, "add", empty); exitCode(err) != exitFailure {
		t.Errorf("an empty directory: exit %d (%v), want %d", exitCode(err), err, exitFailure)
	}
}

// TestAddThenRemoveKeepsConfig is the user-facing promise: add then remove
// leave a hand-written config byte-identical, mode included.
func TestAddThenRemoveKeepsConfig(t *testing.T) {
	site := harbour(t)
	path, orig := manageConfig(t)
	if _, _, err := runCLI(t, "-c", path, "add", "--tag", "boats", site.URL+"/"); err != nil {
		t.Fatal(err)
	}
	added, _ := os.ReadFile(path)
	golden(t, "manage-added.yaml", bytes.ReplaceAll(bytes.ReplaceAll(added, []byte(site.URL), []byte("http://site.test")),
		[]byte(filepath.Dir(path)), []byte("DIR")))
	stdout, _, err := runCLI(t, "-c", path, "remove", "harbour-notes")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(stdout, "removed harbour-notes from "+path) {
		t.Errorf("stdout:\n%s", stdout)
	}
	got, _ := os.ReadFile(path)
	if !bytes.Equal(got, orig) {
		t.Errorf("add then remove changed the config:\n--- got\n%s\n--- want\n%s", got, orig)
	}
	if fi, _ := os.Stat(path); fi.Mode().Perm() != 0o640 {
		t.Errorf("mode %v, want 0640", fi.Mode().Perm())
	}
}

func TestSlugify(t *testing.T) {
	tests := []struct{ in, want string }{
		{"Harbour Notes", "harbour-notes"},
		{"Jane's Blog!", "janes-blog"},
		{"Café Society — Ünïcode", "cafe-society-unicode"},
		{"  --Red   Sails-- ", "red-sails"},
		{"中文博客", ""},
		{"A very long title that goes on and on well beyond forty characters", "a-very-long-title-that-goes-on-and-on"},
		{"ＦＵＬＬ width", "full-width"},
	}
	for _, tt := range tests {
		if got := slugify(tt.in); got != tt.want {
			t.Errorf("slugify(%q) = %q, want %q", tt.in, got, tt.want)
		}
		if got := slugify(tt.in); got != "" && !validName(got) {
			t.Errorf("slugify(%q) = %q is not a valid source name", tt.in, got)
		}
	}
	for in, want := range map[string]string{
		"https://www.redsails.org/feed/":      "redsails",
		"https://alice.substack.com/feed":     "alice-substack",
		"http://127.0.0.1:8080/feed":          "127-0-0-1",
		"https://中文.example/feed":             "feed",
		"https://blog.example.co.uk/atom.xml": "blog-example-co",
	} {
		if got := nameFromURL(in); got != want {
			t.Errorf("nameFromURL(%q) = %q, want %q", in, got, want)
		}
	}
}
