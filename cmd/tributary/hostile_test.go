//go:build linux

package main

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	_ "modernc.org/sqlite" // the "sqlite" driver, to read the database as it is

	"github.com/tributary/tributary/internal/hostile"
	"github.com/tributary/tributary/internal/publish"
)

// Limits of the hostile run. The fetch timeout cuts the trickling and silent
// servers off quickly, yet leaves room to read entries-100k's 13.6 MiB,
// which the in-test server generates under the race detector while the run
// parses the other sources on the same two cores (3 s proved too tight
// there). The body cap is above the 13.6 MiB of entries-100k (which must be
// read and capped per feed, not refused) and far below the gigabyte bombs;
// the per-feed cap is small enough for the test to stay quick but makes
// entries-100k drop most of its items.
const (
	hostileRunTimeout   = 60 * time.Second
	hostileFetchTimeout = 5 * time.Second
	hostilePerFeed      = 1000
	hostileEntryBytes   = 1 << 20
	// hostileMaxRSSBytes is issue 17's 200 MB (190 MiB). entries-100k
	// peaked at 227-240 MiB while all of its items were parsed; entries
	// beyond entries_per_feed are now cut before parsing (150 MiB).
	hostileMaxRSSBytes = 190 << 20
	// hostileSlack covers process start, opening the database and
	// publishing after the last fetch gave up.
	hostileSlack = 10 * time.Second
)

// writeHostileConfig writes a config with every case of the hostile server
// as a source, named after the case.
func writeHostileConfig(t *testing.T, dir string, cases []hostile.Case) string {
	t.Helper()
	var b strings.Builder
	fmt.Fprintf(&b, `feed:
  title: Hostile river
  id: tag:example.org,2025:hostile-river
  url: https://planet.example/atom.xml
output:
  dir: %[1]s/public
  # Everything the cases store fits, so every published title is checked.
  max_entries: 2000
database: %[1]s/data/hostile.db
fetch:
  timeout: %[2]s
  connect_timeout: 2s
  concurrency: 8
  per_host: 4
  max_body: 16MiB
  max_redirects: 10
limits:
  entries_per_feed: %[3]d
  entry_size: %[4]d
  xml_depth: 512
  run_timeout: %[5]s
sources:
`, dir, hostileFetchTimeout, hostilePerFeed, hostileEntryBytes, hostileRunTimeout)
	for _, c := range cases {
		fmt.Fprintf(&b, "  - name: %s\n    url: %q\n", c.Name, c.URL)
	}
	path := filepath.Join(dir, "tributary.yaml")
	if err := os.WriteFile(path, []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

// sourcesJSON returns the rows of 'tributary sources --json' by name.
func sourcesJSON(t *testing.T, cfg string) map[string]sourceRow {
	t.Helper()
	out, stderr, err := runCLI(t, "-c", cfg, "sources", "--json")
	if err != nil {
		t.Fatalf("sources --json: %v\n%s", err, stderr)
	}
	var rows []sourceRow
	if err := json.Unmarshal([]byte(out), &rows); err != nil {
		t.Fatalf("sources --json is not JSON: %v\n%s", err, out)
	}
	m := make(map[string]sourceRow, len(rows))
	for _, r := range rows {
		m[r.Name] = r
	}
	return m
}

// openReadOnly opens the database for inspection without migrating,
// checkpointing or otherwise changing it. The caller closes it.
func openReadOnly(t *testing.T, path string) *sql.DB {
	t.Helper()
	db, err := sql.Open("sqlite", "file:"+path+"?mode=ro&_pragma=busy_timeout(5000)")
	if err != nil {
		t.Fatalf("open %s: %v", path, err)
	}
	return db
}

// largestEntryBytes is the largest content plus summary, in bytes, stored
// for a source.
func largestEntryBytes(t *testing.T, db *sql.DB, source string) int64 {
	t.Helper()
	var n sql.NullInt64
	err := db.QueryRow(`SELECT max(length(CAST(content AS BLOB)) + length(CAST(summary AS BLOB)))
		FROM entries WHERE source = ?`, source).Scan(&n)
	if err != nil {
		t.Fatalf("largest entry of %s: %v", source, err)
	}
	return n.Int64
}

// publishedTitle reports whether some title holds marker as a whole: the
// marker of entry 1 must not be found inside that of entry 10.
func publishedTitle(titles []string, marker string) bool {
	re := regexp.MustCompile(regexp.QuoteMeta(marker) + `(?:\D|$)`)
	return slices.ContainsFunc(titles, re.MatchString)
}

// checkOutputs applies the output invariants to every published file and
// returns atom.xml's entries.
func checkOutputs(t *testing.T, outDir string) []hostile.AtomEntry {
	t.Helper()
	var entries []hostile.AtomEntry
	for _, name := range hostile.Outputs {
		data, err := os.ReadFile(filepath.Join(outDir, name))
		if err != nil {
			t.Errorf("output %s: %v", name, err)
			continue
		}
		if err := hostile.Complete(name, data); err != nil {
			t.Errorf("output %s is not a complete document: %v", name, err)
		}
		if vs := hostile.Violations(name, data); len(vs) > 0 {
			const show = 15
			t.Errorf("output %s has %d violations, first ones:\n  %s", name, len(vs), strings.Join(vs[:min(show, len(vs))], "\n  "))
		}
		for _, leak := range []string{hostile.Secret, "root:x:0:0"} {
			if bytes.Contains(data, []byte(leak)) {
				t.Errorf("output %s contains %q: an external entity, XInclude or redirect was followed", name, leak)
			}
		}
		if name == publish.AtomFile {
			if entries, err = hostile.ReadAtom(data); err != nil {
				t.Errorf("read %s: %v", name, err)
			}
		}
	}
	return entries
}

// checkAtomSchema validates atom.xml with jing against RFC 4287's schema.
func checkAtomSchema(t *testing.T, atomPath string) {
	t.Helper()
	jing, err := exec.LookPath("jing")
	if err != nil {
		if os.Getenv("CI") != "" {
			t.Fatal("jing is not installed; CI must validate the feed against RFC 4287's schema")
		}
		t.Skip("jing is not installed")
	}
	schema := ""
	for _, p := range []string{"../../../shared/schemas/atom.rnc", "/work/shared/schemas/atom.rnc", "../../internal/publish/testdata/atom.rnc"} {
		if _, err := os.Stat(p); err == nil {
			schema = p
			break
		}
	}
	if schema == "" {
		t.Fatal("no copy of atom.rnc found beside the checkout")
	}
	out, err := exec.Command(jing, "-c", schema, atomPath).CombinedOutput()
	if err != nil {
		t.Errorf("jing -c %s %s: %v\n%.3000s", schema, atomPath, err, out)
	}
}

// TestHostileCorpus runs the built binary against every hostile and broken
// source at once, and checks that the run stays within its time and memory
// bounds, that each source ends the way its case says, that nothing secret
// was requested, and that every output is complete and safe. A second run
// must lose nothing the first published.
func TestHostileCorpus(t *testing.T) {
	tributaryBinary(t) // build before the clock starts
	s := hostile.NewServer(t)
	cases := s.Cases()
	dir := t.TempDir()
	cfg := writeHostileConfig(t, dir, cases)
	outDir := filepath.Join(dir, "public")
	atomPath := filepath.Join(outDir, publish.AtomFile)

	runOnce := func(label string, args ...string) procResult {
		t.Helper()
		ctx, cancel := context.WithTimeout(context.Background(), hostileRunTimeout+2*hostileSlack)
		defer cancel()
		res := runBinary(ctx, t, append([]string{"-c", cfg}, args...)...)
		t.Logf("%s run: exit %d, wall %v, peak RSS %.1f MiB", label, res.code, res.wall.Round(time.Millisecond), float64(res.maxRSSKiB)/1024)
		if res.code != 0 {
			t.Fatalf("%s run exited %d (signaled %v), want 0\nstderr:\n%.4000s", label, res.code, res.signaled, res.stderr)
		}
		if limit := hostileRunTimeout + hostileSlack; res.wall > limit {
			t.Errorf("%s run took %v, want under run_timeout plus slack, %v", label, res.wall, limit)
		}
		if rss := res.maxRSSKiB << 10; rss >= hostileMaxRSSBytes {
			t.Errorf("%s run peaked at %d MiB of RSS, want under %d MiB", label, rss>>20, hostileMaxRSSBytes>>20)
		}
		return res
	}

	runOnce("first", "run")
	rows := sourcesJSON(t, cfg)
	db := openReadOnly(t, filepath.Join(dir, "data", "hostile.db"))
	defer db.Close()
	entries := checkOutputs(t, outDir)
	titles := make([]string, len(entries))
	for i, e := range entries {
		titles[i] = e.Title
	}

	for _, c := range cases {
		t.Run(c.Name, func(t *testing.T) {
			r, ok := rows[c.Name]
			if !ok {
				t.Fatalf("sources --json has no row for %s", c.Name)
			}
			switch c.Want {
			case hostile.Fail:
				if r.Status != statusFailing && r.Status != statusGone {
					t.Errorf("status = %q, want %q or %q (%s)", r.Status, statusFailing, statusGone, c.About)
				}
				if !strings.Contains(strings.ToLower(r.LastError), c.Err) {
					t.Errorf("last error = %q, want it to contain %q (%s)", r.LastError, c.Err, c.About)
				}
				if r.Entries != 0 {
					t.Errorf("entries = %d, want none stored for a failing source", r.Entries)
				}
			case hostile.Exact, hostile.Clean:
				if r.Status != statusOK || r.LastError != "" {
					t.Errorf("status = %q, last error %q; want %q (%s)", r.Status, r.LastError, statusOK, c.About)
				}
				want := c.Entries
				if c.PerFeedCap {
					want = hostilePerFeed
				}
				if c.Want == hostile.Exact && r.Entries != want {
					t.Errorf("entries = %d, want exactly %d (%s)", r.Entries, want, c.About)
				}
				if c.Want == hostile.Clean && r.Entries < want {
					t.Errorf("entries = %d, want at least %d (%s)", r.Entries, want, c.About)
				}
			}
			if c.Status != 0 && r.HTTPStatus != c.Status {
				t.Errorf("HTTP status = %d, want %d", r.HTTPStatus, c.Status)
			}
			if c.Gone && r.Status != statusGone {
				t.Errorf("status = %q, want %q", r.Status, statusGone)
			}
			if c.RetryAfter > 0 {
				switch {
				case r.NextDue == nil || r.LastAttempt == nil:
					t.Errorf("next due %v, last attempt %v: want both, Retry-After %v apart", r.NextDue, r.LastAttempt, c.RetryAfter)
				// Times are stored to the second.
				case r.NextDue.Sub(*r.LastAttempt) < c.RetryAfter-2*time.Second:
					t.Errorf("next due %v is %v after the attempt, want at least the server's Retry-After, %v",
						r.NextDue, r.NextDue.Sub(*r.LastAttempt), c.RetryAfter)
				}
			}
			if c.MaxEntryBytes {
				if n := largestEntryBytes(t, db, c.Name); n > hostileEntryBytes {
					t.Errorf("an entry stores %d bytes of content and summary, want at most limits.entry_size, %d", n, hostileEntryBytes)
				}
			}
			for _, title := range c.Published {
				if !publishedTitle(titles, title) {
					t.Errorf("no entry titled %q in %s", title, publish.AtomFile)
				}
			}
		})
	}
	db.Close() // before the next run writes
	if got := s.SecretRequests(); len(got) != 0 {
		t.Errorf("Tributary requested the server's secret paths %v: an external entity, XInclude, stylesheet or private redirect was followed", got)
	}
	t.Run("schema", func(t *testing.T) { checkAtomSchema(t, atomPath) })

	// The second run fetches everything again: what was published stays,
	// and no source that worked fails now.
	runOnce("second", "run", "--all")
	again := sourcesJSON(t, cfg)
	after := checkOutputs(t, outDir)
	ids := make(map[string]bool, len(after))
	for _, e := range after {
		ids[e.ID] = true
	}
	lost := 0
	for _, e := range entries {
		if !ids[e.ID] {
			lost++
			if lost <= 10 {
				t.Errorf("second run dropped %s (%q) from %s", e.ID, e.Title, publish.AtomFile)
			}
		}
	}
	if lost > 0 {
		t.Errorf("second run dropped %d of %d published entries", lost, len(entries))
	}
	for _, c := range cases {
		was, now := rows[c.Name], again[c.Name]
		if now.Entries < was.Entries {
			t.Errorf("%s: %d entries stored after the second run, %d before", c.Name, now.Entries, was.Entries)
		}
		if c.Want != hostile.Fail && now.Status != statusOK {
			t.Errorf("%s: status %q (last error %q) after the second run, was %q", c.Name, now.Status, now.LastError, was.Status)
		}
	}
	if got := s.SecretRequests(); len(got) != 0 {
		t.Errorf("second run requested the server's secret paths %v", got)
	}
}
