package main

import (
	"fmt"
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
