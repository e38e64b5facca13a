package main

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// TestProbeSaysWhy: a failing probe says what went wrong in plain words.
func TestProbeSaysWhy(t *testing.T) {
	s := newSite(t)
	dir := t.TempDir()
	cfg := writeConfig(t, dir, s.srv.URL, fmt.Sprintf(`  - name: moved
    url: %s/no/such/feed
  - name: nowhere
    url: http://127.0.0.1:1/feed
`, s.srv.URL))
	stdout, _, err := runCLI(t, "-c", cfg, "check", "--probe")
	if exitCode(err) != exitFailure {
		t.Fatalf("exit code %d, want %d (%v)", exitCode(err), exitFailure, err)
	}
	want := map[string]string{
		"moved":   "FAIL  moved                    " + s.srv.URL + "/no/such/feed answered 404 Not Found (the feed moved",
		"nowhere": "FAIL  nowhere                  cannot reach http://127.0.0.1:1/feed: connection refused (",
	}
	for name, w := range want {
		if !strings.Contains(stdout, w) {
			t.Errorf("probe of %s: want a line starting %q in\n%s", name, w, stdout)
		}
	}
}

// TestProbeParsesWithRunsLimits checks that check --probe reads a feed
// within the config's limits, as run does, and lists the parser's warnings.
func TestProbeParsesWithRunsLimits(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/feed+json")
		fmt.Fprint(w, `{"version":"https://jsonfeed.org/version/1.1","title":"P","items":[`+
			`{"id":"1","url":"https://p.example/1","content_text":"one","tags":"a,b"},`+
			`{"id":"2","url":"https://p.example/2","content_text":"two"},`+
			`{"id":"3","url":"https://p.example/3","content_text":"three"}]}`)
	}))
	defer srv.Close()
	dir := t.TempDir()
	cfg := fmt.Sprintf("feed: {title: Probe}\noutput: {dir: %[1]s/public}\ndatabase: %[1]s/t.db\n"+
		"limits: {entries_per_feed: 2}\nsources:\n  - name: capped\n    url: %[2]s/feed.json\n", dir, srv.URL)
	path := filepath.Join(dir, "tributary.yaml")
	if err := os.WriteFile(path, []byte(cfg), 0o644); err != nil {
		t.Fatal(err)
	}
	stdout, stderr, err := runCLI(t, "-c", path, "check", "--probe")
	if err != nil {
		t.Fatalf("check --probe: %v\n%s", err, stderr)
	}
	if !regexp.MustCompile(`ok +capped +2 entries`).MatchString(stdout) {
		t.Errorf("probe output does not show the source capped at 2 entries:\n%s", stdout)
	}
	if !strings.Contains(stdout, "warning: item tags") {
		t.Errorf("probe output does not list the parser's warning:\n%s", stdout)
	}
}
