package main

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"flag"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/tributary/tributary/internal/publish"
)

var update = flag.Bool("update", false, "rewrite golden files")

// site serves the fixture feeds with validators, and counts what it sent.
type site struct {
	mu     sync.Mutex
	full   map[string]int // path -> 200 responses
	notMod map[string]int // path -> 304 responses
	srv    *httptest.Server
}

func newSite(t *testing.T) *site {
	t.Helper()
	s := &site{full: map[string]int{}, notMod: map[string]int{}}
	files := map[string]struct{ file, ctype string }{
		"/wordpress/feed/":             {"wordpress.xml", "application/rss+xml; charset=UTF-8"},
		"/blogger/feeds/posts/default": {"blogger.xml", "application/atom+xml; charset=UTF-8"},
		"/substack/feed":               {"substack.xml", "application/rss+xml; charset=utf-8"},
		"/sounds/feed.json":            {"jsonfeed.json", "application/feed+json"},
	}
	mux := http.NewServeMux()
	for path, f := range files {
		body, err := os.ReadFile(filepath.Join("testdata", "sites", f.file))
		if err != nil {
			t.Fatal(err)
		}
		sum := sha256.Sum256(body)
		etag := `"` + hex.EncodeToString(sum[:8]) + `"`
		mux.HandleFunc(path, func(w http.ResponseWriter, r *http.Request) {
			s.mu.Lock()
			defer s.mu.Unlock()
			w.Header().Set("ETag", etag)
			w.Header().Set("Last-Modified", "Mon, 03 Mar 2025 09:12:44 GMT")
			if r.Header.Get("If-None-Match") == etag {
				s.notMod[path]++
				w.WriteHeader(http.StatusNotModified)
				return
			}
			s.full[path]++
			w.Header().Set("Content-Type", f.ctype)
			w.Write(body)
		})
	}
	mux.HandleFunc("/broken/feed", func(w http.ResponseWriter, r *http.Request) {
		http.Error(w, "database is on fire", http.StatusInternalServerError)
	})
	mux.HandleFunc("/garbage/feed", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/rss+xml")
		w.Write([]byte("\x00\x01this is not a feed at all {{{"))
	})
	mux.HandleFunc("/slow/feed", func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-r.Context().Done():
		case <-time.After(5 * time.Second):
		}
	})
	s.srv = httptest.NewServer(mux)
	t.Cleanup(s.srv.Close)
	return s
}

func (s *site) counts() (full, notMod int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, n := range s.full {
		full += n
	}
	for _, n := range s.notMod {
		notMod += n
	}
	return full, notMod
}

// writeConfig writes a config for the fixture site plus the real seeds.
func writeConfig(t *testing.T, dir, base string, extra string) string {
	t.Helper()
	seeds, _ := filepath.Abs("../../seeds")
	cfg := fmt.Sprintf(`feed:
  title: Test river
  id: tag:example.org,2025:test-river
  author: Test Planet
  url: https://planet.example/atom.xml
output:
  dir: %[1]s/public
database: %[1]s/data/t.db
fetch:
  timeout: 1s
  connect_timeout: 1s
sources:
  - name: workshop
    url: %[2]s/wordpress/feed/
  - name: rainer-blogger
    url: %[2]s/blogger/feeds/posts/default
    author: Rainer Shea
  - name: rainer-substack
    url: %[2]s/substack/feed
    author: Rainer Shea
    alias_of: rainer-blogger
  - name: sounds
    url: %[2]s/sounds/feed.json
  - name: seeds
    path: %[3]s/*.txt
    files:
      000_71754f9422b8c5c5.txt: {author: Rainer Shea, site_name: Rainer Shea (Substack), site_link: https://rainershea.substack.com/}
      001_be754e4c41323dda.txt: {author: Rainer Shea, site_name: Rainer Shea (Blogger), site_link: https://rainershea.blogspot.com/}
      002_ab0c7f958fb7a9f9.txt: {title: "TikTok ban brings American and Chinese youth together", published: 2025-01, author: RCP}
      003_a44f2685d46a71fe.txt: {author: Roderic Day, published: "2021", link: https://redsails.org/the-virtual-factory/}
      004_9acc4ec51e49855b.txt: {published: 2017-11-20}
%[4]s`, dir, base, seeds, extra)
	path := filepath.Join(dir, "tributary.yaml")
	if err := os.WriteFile(path, []byte(cfg), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

func runCLI(t *testing.T, args ...string) (stdout, stderr string, err error) {
	t.Helper()
	var out, errb bytes.Buffer
	err = run(context.Background(), args, strings.NewReader(""), &out, &errb)
	return out.String(), errb.String(), err
}

func exitCode(err error) int {
	if err == nil {
		return 0
	}
	var ex *exitError
	if errors.As(err, &ex) {
		return ex.code
	}
	return 1
}

func TestRunEndToEnd(t *testing.T) {
	s := newSite(t)
	dir := t.TempDir()
	cfg := writeConfig(t, dir, s.srv.URL, "")

	_, stderr, err := runCLI(t, "-c", cfg, "run")
	if err != nil {
		t.Fatalf("first run: %v\n%s", err, stderr)
	}
	if !strings.Contains(stderr, "5 ok, 0 not modified, 0 failed") {
		t.Errorf("first run summary:\n%s", stderr)
	}
	atomPath := filepath.Join(dir, "public", "atom.xml")
	first, err := os.ReadFile(atomPath)
	if err != nil {
		t.Fatal(err)
	}
	checkAtom(t, atomPath, first)

	// Unchanged input: every feed answers 304, nothing is written, and the
	// feed is byte-identical.
	_, stderr, err = runCLI(t, "-c", cfg, "run", "--all")
	if err != nil {
		t.Fatalf("second run: %v\n%s", err, stderr)
	}
	if !strings.Contains(stderr, "0 ok, 5 not modified, 0 failed; 0 new, 0 updated") {
		t.Errorf("second run summary:\n%s", stderr)
	}
	if full, notMod := s.counts(); full != 4 || notMod != 4 {
		t.Errorf("server sent %d full responses and %d 304s, want 4 and 4", full, notMod)
	}
	second, _ := os.ReadFile(atomPath)
	if !bytes.Equal(first, second) {
		t.Errorf("atom.xml changed between two runs on unchanged input")
	}
	// The test server's port changes every run.
	golden(t, "atom.golden.xml", bytes.ReplaceAll(first, []byte(s.srv.URL), []byte("http://feeds.test")))
}

func checkAtom(t *testing.T, path string, data []byte) {
	t.Helper()
	if err := publish.CheckAtomRules(data); err != nil {
		t.Errorf("RFC 4287 rules: %v", err)
	}
	if jing, err := exec.LookPath("jing"); err == nil {
		out, err := exec.Command(jing, "-c", atomSchema(), path).CombinedOutput()
		if err != nil {
			t.Errorf("jing: %v\n%s", err, out)
		}
	} else if os.Getenv("CI") != "" {
		t.Error("jing is not installed; CI must validate the feed")
	}
	text := string(data)
	for _, want := range []string{
		"Setting type by hand – a week in the composing room",
		"Harbour at dawn",
		"The Virtual Factory",
		`rel="self"`,
	} {
		if !strings.Contains(text, want) {
			t.Errorf("atom.xml lacks %q", want)
		}
	}
	for _, bad := range []string{"<script", "onclick", "javascript:"} {
		if strings.Contains(text, bad) {
			t.Errorf("atom.xml contains %q", bad)
		}
	}
	// The China post reaches us four times (Substack, Blogger, two seed
	// files); readers must see it once, with the other copies' links kept.
	title := regexp.QuoteMeta("China’s communist tech triumph")
	if n := len(regexp.MustCompile(`<title[^>]*>`+title).FindAllString(text, -1)); n != 1 {
		t.Errorf("the China post appears %d times, want 1", n)
	}
	if !strings.Contains(text, `rel="related"`) {
		t.Error("merged entry keeps no related links")
	}
}

func TestRunFailingSourcesStayLocal(t *testing.T) {
	s := newSite(t)
	dir := t.TempDir()
	extra := fmt.Sprintf(`  - name: broken
    url: %[1]s/broken/feed
  - name: garbage
    url: %[1]s/garbage/feed
  - name: slow
    url: %[1]s/slow/feed
  - name: nowhere
    url: http://127.0.0.1:1/feed
`, s.srv.URL)
	cfg := writeConfig(t, dir, s.srv.URL, extra)
	_, stderr, err := runCLI(t, "-c", cfg, "run")
	if err != nil {
		t.Fatalf("run with failing sources must still publish: %v\n%s", err, stderr)
	}
	if !strings.Contains(stderr, "5 ok, 0 not modified, 4 failed") {
		t.Errorf("summary:\n%s", stderr)
	}
	for _, name := range []string{"broken", "garbage", "slow", "nowhere"} {
		if !regexp.MustCompile(`source=` + name + `\b`).MatchString(stderr) {
			t.Errorf("no warning names source %s:\n%s", name, stderr)
		}
	}
	data, err := os.ReadFile(filepath.Join(dir, "public", "atom.xml"))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(data), "Harbour at dawn") {
		t.Error("good sources missing from the feed")
	}
}

func TestRunBadConfig(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "bad.yaml")
	os.WriteFile(path, []byte("feed:\n  title: x\nsources:\n  - name: a\n    url: https://a.example/feed\n    colour: blue\n"), 0o644)
	_, _, err := runCLI(t, "-c", path, "run")
	if exitCode(err) != exitUsage {
		t.Fatalf("exit code %d, want %d (err %v)", exitCode(err), exitUsage, err)
	}
	if want := path + ":6: sources[0].colour: unknown key"; !strings.Contains(err.Error(), want) {
		t.Errorf("error %q lacks %q", err, want)
	}
	if _, err := os.Stat(filepath.Join(dir, "public")); err == nil {
		t.Error("a bad config wrote outputs")
	}
}

// atomSchema is RFC 4287's schema: the shared copy that judges the output
// when the checkout sits beside it, else the copy kept with the publisher.
func atomSchema() string {
	if _, err := os.Stat("../../../shared/schemas/atom.rnc"); err == nil {
		return "../../../shared/schemas/atom.rnc"
	}
	return "../../internal/publish/testdata/atom.rnc"
}

func golden(t *testing.T, name string, got []byte) {
	t.Helper()
	path := filepath.Join("testdata", "golden", name)
	if *update {
		os.MkdirAll(filepath.Dir(path), 0o755)
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -update to create it)", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("%s differs from the golden file; run go test ./cmd/tributary -update and review the diff", name)
	}
}

func TestRunReadOnlyOutputLeavesEverythingAlone(t *testing.T) {
	s := newSite(t)
	dir := t.TempDir()
	cfg := writeConfig(t, dir, s.srv.URL, "")
	if _, stderr, err := runCLI(t, "-c", cfg, "run"); err != nil {
		t.Fatalf("first run: %v\n%s", err, stderr)
	}
	atomPath := filepath.Join(dir, "public", "atom.xml")
	before, _ := os.ReadFile(atomPath)
	// Replace the output directory by a file: no writes can succeed there,
	// even for root, who writes through permission bits.
	os.Rename(filepath.Join(dir, "public"), filepath.Join(dir, "public.old"))
	os.WriteFile(filepath.Join(dir, "public"), []byte("not a dir"), 0o444)
	full, notMod := s.counts()
	_, _, err := runCLI(t, "-c", cfg, "run", "--all")
	if exitCode(err) != exitFailure || !strings.Contains(err.Error(), "output directory") {
		t.Fatalf("exit %d (%v), want %d naming the output directory", exitCode(err), err, exitFailure)
	}
	if f, n := s.counts(); f+n != full+notMod {
		t.Errorf("sources were fetched although nothing could be published")
	}
	old, _ := os.ReadFile(filepath.Join(dir, "public.old", "atom.xml"))
	if !bytes.Equal(old, before) {
		t.Error("old outputs changed")
	}
}
