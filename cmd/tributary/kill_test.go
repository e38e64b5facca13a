//go:build linux

package main

import (
	"bytes"
	"cmp"
	"context"
	"crypto/sha256"
	"database/sql"
	"fmt"
	"io/fs"
	"math/rand/v2"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/tributary/tributary/internal/benchfeed"
	"github.com/tributary/tributary/internal/hostile"
	"github.com/tributary/tributary/internal/publish"
)

// The kill test's corpus and limits. Each round adds killStep entries to
// every feed (at most the window, so a completed run sees every entry);
// after the default 30 rounds the database holds 1 050 entries, enough for
// the current feed of killCap entries and ten archive pages, so publishing
// takes long enough for kills to land inside it.
const (
	killFeeds      = 10
	killWindow     = 15
	killStep       = 3
	killCap        = 100
	killArchives   = 10
	killMinRounds  = 30
	killRunTimeout = 30 * time.Second
)

// killRounds is the number of rounds: $TRIBUTARY_KILL_ROUNDS, else 30;
// never fewer than 30 in CI, and -short only ever lowers it to 30.
func killRounds(t *testing.T) int {
	t.Helper()
	n := killMinRounds
	if v := os.Getenv("TRIBUTARY_KILL_ROUNDS"); v != "" {
		var err error
		if n, err = strconv.Atoi(v); err != nil || n < 1 {
			t.Fatalf("TRIBUTARY_KILL_ROUNDS=%q: want a positive number", v)
		}
	}
	if testing.Short() {
		n = min(n, killMinRounds)
	}
	if os.Getenv("CI") != "" {
		n = max(n, killMinRounds)
	}
	return n
}

// killSeed is $TRIBUTARY_KILL_SEED, to replay a failure, else the clock.
func killSeed(t *testing.T) uint64 {
	t.Helper()
	if v := os.Getenv("TRIBUTARY_KILL_SEED"); v != "" {
		seed, err := strconv.ParseUint(v, 10, 64)
		if err != nil {
			t.Fatalf("TRIBUTARY_KILL_SEED=%q: %v", v, err)
		}
		return seed
	}
	return uint64(time.Now().UnixNano())
}

func writeKillConfig(t *testing.T, dir, base string, c *hostile.Corpus) string {
	t.Helper()
	var b strings.Builder
	fmt.Fprintf(&b, `feed:
  title: Kill river
  id: tag:example.org,2025:kill-river
  url: https://planet.example/atom.xml
output:
  dir: %[1]s/public
  max_entries: %[2]d
  archive_pages: %[3]d
database: %[1]s/data/kill.db
fetch:
  timeout: 5s
  connect_timeout: 2s
  per_host: 8
limits:
  run_timeout: %[4]s
sources:
`, dir, killCap, killArchives, killRunTimeout)
	for i := 1; i <= c.Feeds; i++ {
		fmt.Fprintf(&b, "  - name: feed-%d\n    url: %s%s\n", i, base, c.Path(i))
	}
	path := filepath.Join(dir, "tributary.yaml")
	if err := os.WriteFile(path, []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

// corpusExpected is what the merged feed must show once a run completes
// at generation gen: every entry, newest first (all), the first cap of them
// in the current feed, and those that must be in it or an archive page
// (kept). Archive pages are numbered from the oldest and only the newest
// ones are kept, so the oldest kept page is full and the newest may not
// be: all but one page's worth are surely kept.
func corpusExpected(c *hostile.Corpus, gen int) (all, current, kept []string) {
	type e struct {
		id   string
		date time.Duration
	}
	var es []e
	for i := 1; i <= c.Feeds; i++ {
		for k := 1; k <= gen; k++ {
			// Entry k of feed i is k hours and i minutes after the
			// corpus epoch (see hostile.Corpus).
			es = append(es, e{hostile.EntryID(i, k), time.Duration(k)*time.Hour + time.Duration(i)*time.Minute})
		}
	}
	slices.SortFunc(es, func(x, y e) int { return cmp.Compare(y.date, x.date) })
	for _, x := range es {
		all = append(all, x.id)
	}
	return all, all[:min(len(all), killCap)], all[:min(len(all), killCap*killArchives)]
}

// outputState is what the output directory holds after a run, killed or
// not.
type outputState struct {
	current  []string        // entry ids of atom.xml, in order
	archived map[string]bool // entry ids of the archive pages
	temps    []string        // temporary files a killed write left
}

// outputChecker checks output directories, remembering documents already
// found whole by their hash: archive pages rarely change, and parsing all
// of them after every run would make the test slow.
type outputChecker struct {
	seen map[[sha256.Size]byte][]string // whole document -> its entry ids
}

// check requires every output that exists to be a whole document, and every
// other file to be a hidden temporary file that no output name could be
// mistaken for.
func (c *outputChecker) check(t *testing.T, outDir string) outputState {
	t.Helper()
	if c.seen == nil {
		c.seen = map[[sha256.Size]byte][]string{}
	}
	st := outputState{archived: map[string]bool{}}
	known := map[string]bool{publish.XSLFile: true}
	for _, name := range hostile.Outputs {
		known[name] = true
	}
	err := filepath.WalkDir(outDir, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, _ := filepath.Rel(outDir, path)
		name := d.Name()
		archive := filepath.Dir(rel) == "archive" && strings.HasSuffix(name, ".xml") && !strings.HasPrefix(name, ".")
		switch {
		case strings.HasPrefix(name, ".") && (strings.Contains(name, ".tmp-") || strings.HasPrefix(name, ".tributary-probe-")):
			st.temps = append(st.temps, rel)
			return nil
		case !known[rel] && !archive:
			t.Errorf("unexpected file %s in the output directory", rel)
			return nil
		case rel == publish.XSLFile:
			return nil
		}
		data, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		sum := sha256.Sum256(data)
		ids, ok := c.seen[sum]
		if !ok {
			check := name
			if archive {
				check = publish.AtomFile // an Atom document like the current feed
			}
			if err := hostile.Complete(check, data); err != nil {
				t.Errorf("%s is not a complete document (%d bytes): %v", rel, len(data), err)
				return nil
			}
			if rel == publish.AtomFile || archive {
				entries, err := hostile.ReadAtom(data)
				if err != nil {
					t.Errorf("%s: %v", rel, err)
				}
				for _, e := range entries {
					ids = append(ids, e.ID)
				}
			}
			c.seen[sum] = ids
		}
		for _, id := range ids {
			if archive {
				st.archived[id] = true
			} else {
				st.current = append(st.current, id)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatalf("walk %s: %v", outDir, err)
	}
	return st
}

// dbCheck runs SQLite's integrity check on the database as a killed run
// left it, and counts the stored entries.
func dbCheck(t *testing.T, path string) (entries int) {
	t.Helper()
	return dbQuery(t, path, true)
}

// dbCount counts the stored entries.
func dbCount(t *testing.T, path string) (entries int) {
	t.Helper()
	return dbQuery(t, path, false)
}

func dbQuery(t *testing.T, path string, integrity bool) (entries int) {
	t.Helper()
	db := openReadOnly(t, path)
	defer db.Close()
	if integrity {
		var verdict string
		if err := db.QueryRow("PRAGMA integrity_check").Scan(&verdict); err != nil {
			t.Fatalf("integrity check of %s: %v", path, err)
		}
		if verdict != "ok" {
			t.Fatalf("integrity check of %s: %s", path, verdict)
		}
	}
	if err := db.QueryRow("SELECT count(*) FROM entries").Scan(&entries); err != nil {
		t.Fatalf("count entries: %v", err)
	}
	return entries
}

// TestKillAnywhere kills 'tributary run' with SIGKILL at random moments,
// round after round, as the feeds grow, and checks after each kill that the
// database is intact and every output is a whole document, and after the
// next, completed run that nothing stored or published was lost.
func TestKillAnywhere(t *testing.T) {
	tributaryBinary(t) // build before the clock starts
	started := time.Now()
	rounds := killRounds(t)
	seed := killSeed(t)
	rng := rand.New(rand.NewPCG(seed, seed>>1|1))
	t.Logf("%d rounds, seed %d (TRIBUTARY_KILL_SEED=%d replays it)", rounds, seed, seed)

	corpus := hostile.NewCorpus(killFeeds, killWindow)
	srv := httptest.NewServer(corpus)
	t.Cleanup(srv.Close)
	dir := t.TempDir()
	cfg := writeKillConfig(t, dir, srv.URL, corpus)
	dbPath := filepath.Join(dir, "data", "kill.db")
	outDir := filepath.Join(dir, "public")

	everPublished := map[string]bool{} // ids atom.xml ever held
	var outputs outputChecker
	// published checks the outputs and that every entry ever published
	// that must still be kept is in atom.xml or an archive page, then
	// records what atom.xml holds now.
	published := func(label string) outputState {
		t.Helper()
		st := outputs.check(t, outDir)
		_, _, kept := corpusExpected(corpus, corpus.Generation())
		now := map[string]bool{}
		for _, id := range st.current {
			now[id] = true
		}
		lost := 0
		for _, id := range kept {
			if everPublished[id] && !now[id] && !st.archived[id] {
				lost++
				if lost <= 5 {
					t.Errorf("%s: %s was published before and is neither in %s nor in an archive page", label, id, publish.AtomFile)
				}
			}
		}
		if lost > 0 {
			t.Errorf("%s: %d published entries lost", label, lost)
		}
		for id := range now {
			everPublished[id] = true
		}
		return st
	}
	// complete runs tributary to the end and checks that it stored and
	// published the whole corpus. It returns the run's wall time, which
	// calibrates the next kill, the entries stored and what is left in the
	// output directory.
	complete := func(label string) (time.Duration, int, outputState) {
		t.Helper()
		ctx, cancel := context.WithTimeout(context.Background(), killRunTimeout+10*time.Second)
		defer cancel()
		res := runBinary(ctx, t, "-c", cfg, "run", "--all")
		if res.code != 0 {
			t.Fatalf("%s: completing run exited %d (signaled %v), want 0\nstderr:\n%.3000s", label, res.code, res.signaled, res.stderr)
		}
		gen := corpus.Generation()
		all, current, _ := corpusExpected(corpus, gen)
		n := dbCount(t, dbPath)
		if n != len(all) {
			t.Errorf("%s: %d entries stored at generation %d, want %d (every entry of %d feeds)", label, n, gen, len(all), killFeeds)
		}
		st := published(label)
		if !slices.Equal(st.current, current) {
			t.Errorf("%s: %s holds %d entries, want the newest %d of the corpus; first ones %q, want %q",
				label, publish.AtomFile, len(st.current), len(current), st.current[:min(3, len(st.current))], current[:min(3, len(current))])
		}
		if t.Failed() {
			t.FailNow()
		}
		return res.wall, n, st
	}

	typical, stored, st := complete("calibration")
	t.Logf("calibration run: %v", typical.Round(time.Millisecond))
	var midRun, afterExit int
	for round := 1; round <= rounds; round++ {
		label := fmt.Sprintf("round %d", round)
		corpus.Advance(killStep)
		delay := time.Duration(rng.Int64N(int64(typical) + 1))
		ctx, cancel := context.WithTimeout(context.Background(), killRunTimeout+10*time.Second)
		p := startBinary(ctx, t, "-c", cfg, "run", "--all")
		time.Sleep(time.Until(p.start.Add(delay)))
		_ = p.kill() // fails only when the run already ended
		res := p.wait(t)
		cancel()
		switch {
		case res.signaled:
			midRun++
		case res.code == 0:
			afterExit++
		default:
			t.Fatalf("%s: the run exited %d before the kill at %v\nstderr:\n%.3000s", label, res.code, delay, res.stderr)
		}

		// What the kill left: an intact database holding no fewer
		// entries, whole outputs, and all that was published still there.
		n := dbCheck(t, dbPath)
		if n < stored {
			t.Errorf("%s: %d entries stored after the kill, %d before", label, n, stored)
		}
		published(label)
		if t.Failed() {
			t.Fatalf("%s: killed %v after the start (mid-run: %v)", label, delay, res.signaled)
		}

		typical, stored, st = complete(label)
	}
	t.Logf("%d rounds in %v: %d kills landed mid-run, %d runs had already exited; %d entries stored, %d published ids checked",
		rounds, time.Since(started).Round(time.Millisecond), midRun, afterExit, stored, len(everPublished))
	if len(st.temps) > 0 {
		// Hidden, so neither checked as outputs nor served (the server
		// skips dot files), but nothing removes them either.
		t.Logf("temporary files left by killed writes: %s", strings.Join(st.temps, ", "))
	}
}

// The cold-resume test's corpus: killResumeFeeds feeds of the benchmark
// generator (cross-posts included). The benchmark rig kills a 1,000-feed
// cold run at 3, 6 and 9 s: in the fetch-and-store phase, near its end,
// and in de-duplication. The test kills a smaller run at the same stages,
// found by what the run has done rather than by the clock: after a
// quarter, half and all of the feeds were served, and once the
// de-duplication pass has recorded its first merge.
const killResumeFeeds = 50

// killPoint says when a cold run is killed: once served feeds were served
// (0: not by count), or, with atFirstMerge, once the database holds a
// merge decision.
type killPoint struct {
	name         string
	served       int
	atFirstMerge bool
}

var killResumePoints = []killPoint{
	{name: "after a quarter of the feeds", served: killResumeFeeds / 4},
	{name: "after half of the feeds", served: killResumeFeeds / 2},
	{name: "after every feed", served: killResumeFeeds},
	{name: "at the first merge", atFirstMerge: true},
}

// tripwire serves the benchmark feeds and calls the armed function once,
// right after the response that makes its count of served feeds.
type tripwire struct {
	h      http.Handler
	mu     sync.Mutex
	served int
	at     int
	fire   func()
}

func (tw *tripwire) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	tw.h.ServeHTTP(w, r)
	if f, ok := w.(http.Flusher); ok {
		f.Flush()
	}
	tw.mu.Lock()
	tw.served++
	var fire func()
	if tw.fire != nil && tw.served >= tw.at {
		fire, tw.fire = tw.fire, nil
	}
	tw.mu.Unlock()
	if fire != nil {
		fire()
	}
}

// arm resets the count and calls fire once at served feeds (never when
// served is 0).
func (tw *tripwire) arm(served int, fire func()) {
	tw.mu.Lock()
	defer tw.mu.Unlock()
	tw.served, tw.at, tw.fire = 0, served, nil
	if served > 0 {
		tw.fire = fire
	}
}

func writeBenchConfig(t *testing.T, dir, base string, feeds int) string {
	t.Helper()
	var b strings.Builder
	fmt.Fprintf(&b, `feed:
  title: Kill resume
  id: tag:example.org,2025:kill-resume
  url: https://planet.example/atom.xml
output:
  dir: %[1]s/public
  max_entries: 200
database: %[1]s/data/resume.db
fetch:
  concurrency: 8
  per_host: 8
sources:
`, dir)
	for i := 1; i <= feeds; i++ {
		fmt.Fprintf(&b, "  - name: feed-%04d\n    url: %s/feeds/%d\n", i, base, i)
	}
	path := filepath.Join(dir, "tributary.yaml")
	if err := os.WriteFile(path, []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

// TestKillColdRunThenResume kills a cold run with SIGKILL at several points
// and resumes it with a plain `run`: the resumed database must publish the
// same atom.xml, byte for byte, as a run never interrupted, and hold as
// many posts (clusters of merged entries): a cross-post left unmerged
// anywhere in the database, not only in the feed's window, is a failure.
func TestKillColdRunThenResume(t *testing.T) {
	tributaryBinary(t)
	tw := &tripwire{h: benchfeed.NewHandler(benchfeed.New(1), killResumeFeeds, benchfeed.HandlerOptions{})}
	srv := httptest.NewServer(tw)
	t.Cleanup(srv.Close)
	run := func(t *testing.T, label, dir string) procResult {
		t.Helper()
		ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
		defer cancel()
		res := runBinary(ctx, t, "-c", filepath.Join(dir, "tributary.yaml"), "run")
		if res.code != 0 {
			t.Fatalf("%s: run exited %d\nstderr:\n%.3000s", label, res.code, res.stderr)
		}
		return res
	}
	refDir := t.TempDir()
	writeBenchConfig(t, refDir, srv.URL, killResumeFeeds)
	run(t, "uninterrupted", refDir)
	want, err := os.ReadFile(filepath.Join(refDir, "public", publish.AtomFile))
	if err != nil {
		t.Fatal(err)
	}
	entries, posts := postCount(t, filepath.Join(refDir, "data", "resume.db"))
	if posts == entries {
		t.Fatal("the uninterrupted run merged nothing: the corpus tests no merge")
	}
	t.Logf("uninterrupted run: %d entries in %d posts", entries, posts)
	for _, at := range killResumePoints {
		t.Run(at.name, func(t *testing.T) {
			dir := t.TempDir()
			cfg := writeBenchConfig(t, dir, srv.URL, killResumeFeeds)
			ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
			defer cancel()
			killed := make(chan struct{})
			var once sync.Once
			var p *proc
			kill := func() { once.Do(func() { _ = p.kill(); close(killed) }) }
			p = startBinary(ctx, t, "-c", cfg, "run")
			tw.arm(at.served, kill)
			defer tw.arm(0, nil)
			if at.atFirstMerge {
				go killAtFirstMerge(filepath.Join(dir, "data", "resume.db"), killed, kill)
			}
			res := p.wait(t)
			kill() // stops the watcher when the run ended first
			if !res.signaled {
				// Then the resumed run checks only a repeated run.
				t.Logf("the run ended (exit %d) before the kill %s", res.code, at.name)
			}
			run(t, "resumed", dir)
			if e, p := postCount(t, filepath.Join(dir, "data", "resume.db")); e != entries || p != posts {
				t.Errorf("killed %s and resumed: %d entries in %d posts, want %d in %d", at.name, e, p, entries, posts)
			}
			got, err := os.ReadFile(filepath.Join(dir, "public", publish.AtomFile))
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(got, want) {
				t.Errorf("killed %s and resumed: %s differs from the uninterrupted run's (%d bytes, want %d); first difference near byte %d:\n%s",
					at.name, publish.AtomFile, len(got), len(want), firstDiff(got, want), around(got, firstDiff(got, want)))
			}
		})
	}
}

// killAtFirstMerge watches the database at path and calls kill once it
// holds a merge decision, until done is closed.
func killAtFirstMerge(path string, done <-chan struct{}, kill func()) {
	tick := time.NewTicker(2 * time.Millisecond)
	defer tick.Stop()
	var db *sql.DB
	defer func() {
		if db != nil {
			db.Close()
		}
	}()
	for {
		select {
		case <-done:
			return
		case <-tick.C:
		}
		if db == nil {
			if _, err := os.Stat(path); err != nil {
				continue
			}
			var err error
			if db, err = sql.Open("sqlite", "file:"+path+"?mode=ro&_pragma=busy_timeout(1000)"); err != nil {
				return
			}
		}
		var n int
		if err := db.QueryRow("SELECT count(*) FROM merges").Scan(&n); err == nil && n > 0 {
			kill()
			return
		}
	}
}

// postCount counts the stored entries and the posts (clusters) they form.
func postCount(t *testing.T, path string) (entries, posts int) {
	t.Helper()
	db := openReadOnly(t, path)
	defer db.Close()
	if err := db.QueryRow("SELECT count(*), count(DISTINCT cluster) FROM entries").Scan(&entries, &posts); err != nil {
		t.Fatalf("count posts: %v", err)
	}
	return entries, posts
}

func firstDiff(a, b []byte) int {
	for i := range min(len(a), len(b)) {
		if a[i] != b[i] {
			return i
		}
	}
	return min(len(a), len(b))
}

func around(b []byte, at int) string {
	return string(b[max(0, at-200):min(len(b), at+200)])
}
