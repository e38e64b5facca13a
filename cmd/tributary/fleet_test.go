//go:build linux

package main

import (
	"bytes"
	"context"
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/tributary/tributary/internal/benchfeed"
	"github.com/tributary/tributary/internal/publish"
	"github.com/tributary/tributary/internal/store"
	"github.com/tributary/tributary/internal/store/storetest"
)

// requestLog wraps a feed handler and records, per path, how many requests
// it got and the most it had in flight at once.
type requestLog struct {
	next http.Handler

	mu       sync.Mutex
	requests map[string]int
	inFlight map[string]int
	overlap  map[string]int
}

func newRequestLog(next http.Handler) *requestLog {
	return &requestLog{next: next, requests: map[string]int{}, inFlight: map[string]int{}, overlap: map[string]int{}}
}

func (l *requestLog) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	l.mu.Lock()
	l.requests[r.URL.Path]++
	l.inFlight[r.URL.Path]++
	l.overlap[r.URL.Path] = max(l.overlap[r.URL.Path], l.inFlight[r.URL.Path])
	l.mu.Unlock()
	defer func() {
		l.mu.Lock()
		l.inFlight[r.URL.Path]--
		l.mu.Unlock()
	}()
	l.next.ServeHTTP(w, r)
}

// counts returns a copy of the request counts and overlaps.
func (l *requestLog) counts() (requests, overlap map[string]int) {
	l.mu.Lock()
	defer l.mu.Unlock()
	requests, overlap = map[string]int{}, map[string]int{}
	for k, v := range l.requests {
		requests[k] = v
	}
	for k, v := range l.overlap {
		overlap[k] = v
	}
	return requests, overlap
}

// setDatabase points the config at path to another database.
func setDatabase(t *testing.T, path, database string) {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, line := range strings.Split(string(b), "\n") {
		if strings.HasPrefix(line, "database:") {
			line = "database: " + database
		}
		out = append(out, line)
	}
	if err := os.WriteFile(path, []byte(strings.Join(out, "\n")), 0o644); err != nil {
		t.Fatal(err)
	}
}

const fleetFeeds = 60

// TestFleetRuns: three runs started at once on an empty PostgreSQL
// database all succeed, request every feed exactly once between them and
// never one feed twice at the same time; one more run then publishes the
// atom.xml, and stores the entries, that one SQLite run does.
func TestFleetRuns(t *testing.T) {
	pg := storetest.Postgres(t)
	tributaryBinary(t)
	log := newRequestLog(benchfeed.NewHandler(benchfeed.New(1), fleetFeeds, benchfeed.HandlerOptions{}))
	srv := httptest.NewServer(log)
	t.Cleanup(srv.Close)
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()

	dir := t.TempDir()
	cfg := writeBenchConfig(t, dir, srv.URL, fleetFeeds)
	setDatabase(t, cfg, pg)
	var procs []*proc
	for range 3 {
		procs = append(procs, startBinary(ctx, t, "-c", cfg, "run"))
	}
	for i, p := range procs {
		res := p.wait(t)
		if res.code != 0 {
			t.Fatalf("worker %d exited %d\nstderr:\n%.3000s", i, res.code, res.stderr)
		}
		t.Logf("worker %d: %s", i, strings.TrimSpace(res.stderr))
	}
	requests, overlap := log.counts()
	for i := 1; i <= fleetFeeds; i++ {
		p := fmt.Sprintf("/feeds/%d", i)
		if requests[p] != 1 || overlap[p] != 1 {
			t.Errorf("%s: %d requests, %d at once; want one", p, requests[p], overlap[p])
		}
	}
	if res := runBinary(ctx, t, "-c", cfg, "run"); res.code != 0 {
		t.Fatalf("publishing run exited %d\nstderr:\n%.3000s", res.code, res.stderr)
	}
	got, err := os.ReadFile(filepath.Join(dir, "public", publish.AtomFile))
	if err != nil {
		t.Fatal(err)
	}

	alone := t.TempDir()
	writeBenchConfig(t, alone, srv.URL, fleetFeeds)
	if res := runBinary(ctx, t, "-c", filepath.Join(alone, "tributary.yaml"), "run"); res.code != 0 {
		t.Fatalf("SQLite run exited %d\nstderr:\n%.3000s", res.code, res.stderr)
	}
	want, err := os.ReadFile(filepath.Join(alone, "public", publish.AtomFile))
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want) {
		at := firstDiff(got, want)
		t.Errorf("%s on PostgreSQL differs from SQLite's (%d bytes, want %d) near byte %d:\n%s",
			publish.AtomFile, len(got), len(want), at, around(got, at))
	}
	if e, p := storeCount(t, pg); e == 0 || fmt.Sprint(e, p) != fmt.Sprint(postCount(t, filepath.Join(alone, "data", "resume.db"))) {
		we, wp := postCount(t, filepath.Join(alone, "data", "resume.db"))
		t.Errorf("PostgreSQL holds %d entries in %d posts, SQLite %d in %d", e, p, we, wp)
	}
}

// storeCount counts the entries and posts of any database.
func storeCount(t *testing.T, database string) (entries, posts int) {
	t.Helper()
	db, err := store.Open(context.Background(), database)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	entries, merges, err := db.Totals(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	// Every merge joins two posts into one.
	return entries, entries - merges
}

// TestFleetKilledWorker: a worker killed with SIGKILL in the middle of a
// run leaves no feed unfetched: its claims lapse and the other worker
// fetches those feeds.
func TestFleetKilledWorker(t *testing.T) {
	pg := storetest.Postgres(t)
	tributaryBinary(t)
	// Slow answers keep both workers busy long enough for the kill to land
	// while the victim holds claims.
	slow := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		time.Sleep(100 * time.Millisecond)
		fmt.Fprintf(w, `<?xml version="1.0"?><rss version="2.0"><channel><title>%[1]s</title><link>https://x.example%[1]s</link>
<item><title>Post at %[1]s</title><link>https://x.example%[1]s/1</link><guid>%[1]s-1</guid><pubDate>Mon, 03 Mar 2025 09:00:00 GMT</pubDate><description>Body of %[1]s.</description></item>
</channel></rss>`, r.URL.Path)
	})
	log := newRequestLog(slow)
	srv := httptest.NewServer(log)
	t.Cleanup(srv.Close)
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	dir := t.TempDir()
	cfg := writeBenchConfig(t, dir, srv.URL, 120)
	setDatabase(t, cfg, pg)
	b, _ := os.ReadFile(cfg)
	os.WriteFile(cfg, bytes.Replace(b, []byte("fetch:\n"), []byte("fetch:\n  timeout: 2s\n"), 1), 0o644)

	victim := startBinary(ctx, t, "-c", cfg, "run")
	survivor := startBinary(ctx, t, "-c", cfg, "run")
	// Kill once the victim has fetched some feeds and holds claims.
	for {
		requests, _ := log.counts()
		if len(requests) >= 30 {
			break
		}
		time.Sleep(10 * time.Millisecond)
	}
	if err := victim.kill(); err != nil {
		t.Fatalf("kill: %v", err)
	}
	if res := victim.wait(t); !res.signaled {
		t.Fatalf("the victim ended before the kill (exit %d)", res.code)
	}
	if res := survivor.wait(t); res.code != 0 {
		t.Fatalf("survivor exited %d\nstderr:\n%.3000s", res.code, res.stderr)
	}
	requests, overlap := log.counts()
	for i := 1; i <= 120; i++ {
		p := fmt.Sprintf("/feeds/%d", i)
		if requests[p] == 0 || overlap[p] > 1 {
			t.Errorf("%s: %d requests, %d at once; want at least one, never two at once", p, requests[p], overlap[p])
		}
	}
	db, err := store.Open(ctx, pg)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	states, err := db.SourceStates(ctx)
	if err != nil {
		t.Fatal(err)
	}
	for i := 1; i <= 120; i++ {
		name := fmt.Sprintf("feed-%04d", i)
		if st := states[name]; st.LastSuccess.IsZero() {
			t.Errorf("%s never fetched: %+v", name, st)
		}
	}
}

// freeAddr returns a loopback address no one listens on now.
func freeAddr(t *testing.T) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	return ln.Addr().String()
}

// served is one instance's answer for a path.
type served struct {
	status             int
	body               []byte
	etag, lastModified string
}

func fetchServed(addr, path string) (served, error) {
	resp, err := http.Get("http://" + addr + path)
	if err != nil {
		return served{}, err
	}
	defer resp.Body.Close()
	var buf bytes.Buffer
	if _, err := buf.ReadFrom(resp.Body); err != nil {
		return served{}, err
	}
	return served{resp.StatusCode, buf.Bytes(), resp.Header.Get("ETag"), resp.Header.Get("Last-Modified")}, nil
}

// TestFleetServe: three serve instances on one PostgreSQL database serve
// the same bytes, ETag and Last-Modified; when the leader is killed with
// SIGKILL, the others go on fetching and publishing.
func TestFleetServe(t *testing.T) {
	pg := storetest.Postgres(t)
	tributaryBinary(t)
	var gen sync.Mutex
	posts := 1
	feeds := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		gen.Lock()
		n := posts
		gen.Unlock()
		var items strings.Builder
		for k := 1; k <= n; k++ {
			fmt.Fprintf(&items, `<item><title>Post %[2]d of %[1]s</title><link>https://x.example%[1]s/%[2]d</link><guid>%[1]s-%[2]d</guid><pubDate>Mon, 0%[2]d Mar 2025 09:00:00 GMT</pubDate><description>Post %[2]d of %[1]s.</description></item>`, r.URL.Path, k)
		}
		fmt.Fprintf(w, `<?xml version="1.0"?><rss version="2.0"><channel><title>%[1]s</title><link>https://x.example%[1]s</link>%[2]s</channel></rss>`, r.URL.Path, items.String())
	})
	srv := httptest.NewServer(feeds)
	t.Cleanup(srv.Close)
	ctx, cancel := context.WithTimeout(context.Background(), 4*time.Minute)
	defer cancel()
	dir := t.TempDir()
	cfg := writeBenchConfig(t, dir, srv.URL, 10)
	setDatabase(t, cfg, pg)
	b, _ := os.ReadFile(cfg)
	os.WriteFile(cfg, bytes.Replace(b, []byte("fetch:\n"), []byte("fetch:\n  timeout: 2s\n  interval: 2s\n  min_interval: 1s\n"), 1), 0o644)

	var addrs []string
	var procs []*proc
	for range 3 {
		addr := freeAddr(t)
		addrs = append(addrs, addr)
		procs = append(procs, startBinary(ctx, t, "-c", cfg, "serve", "--addr", addr))
	}
	t.Cleanup(func() {
		for _, p := range procs {
			if p != nil {
				p.kill()
				p.wait(t)
			}
		}
	})
	// waitFor polls the live instances until each serves atom.xml holding
	// want, and returns their answers.
	waitFor := func(want string) []served {
		t.Helper()
		for {
			var got []served
			for i, addr := range addrs {
				if procs[i] == nil {
					continue
				}
				s, err := fetchServed(addr, "/"+publish.AtomFile)
				if err != nil || s.status != http.StatusOK || !bytes.Contains(s.body, []byte(want)) {
					break
				}
				got = append(got, s)
			}
			if live := len(addrs) - countNil(procs); len(got) == live {
				// All alike, or a publish landed between two requests:
				// look again.
				if allAlike(got) {
					return got
				}
			}
			select {
			case <-ctx.Done():
				t.Fatalf("the instances never all served %q", want)
			case <-time.After(200 * time.Millisecond):
			}
		}
	}
	first := waitFor("Post 1 of /feeds/10")
	t.Logf("three instances serve %d bytes, ETag %s, Last-Modified %s", len(first[0].body), first[0].etag, first[0].lastModified)

	// Kill the instance while it holds the leader lease (it holds it for
	// the merging and publishing of each of its cycles), then publish
	// something new: the others take over once the lease lapses.
	db, err := store.Open(ctx, pg)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	victim := -1
	var lease store.LeaseState
	for victim < 0 {
		if lease, err = db.Lease(ctx, "leader"); err != nil {
			t.Fatal(err)
		}
		for i, p := range procs {
			if lease.Live && lease.Holder == fmt.Sprintf("%s:%d", hostname(), p.cmd.Process.Pid) {
				victim = i
			}
		}
		select {
		case <-ctx.Done():
			t.Fatal("never saw an instance lead")
		case <-time.After(5 * time.Millisecond):
		}
	}
	procs[victim].kill()
	procs[victim].wait(t)
	procs[victim] = nil
	gen.Lock()
	posts = 2
	gen.Unlock()
	after := waitFor("Post 2 of /feeds/10")
	t.Logf("after the leader (%s) was killed the others serve %d bytes, ETag %s", lease.Holder, len(after[0].body), after[0].etag)
	if now, err := db.Lease(ctx, "leader"); err != nil || now.Token <= lease.Token {
		t.Errorf("leader token %d after the kill, was %d (%v): no new leader", now.Token, lease.Token, err)
	}
}

func hostname() string {
	h, _ := os.Hostname()
	return h
}

func countNil(ps []*proc) int {
	n := 0
	for _, p := range ps {
		if p == nil {
			n++
		}
	}
	return n
}

func allAlike(ss []served) bool {
	for _, s := range ss[1:] {
		if !bytes.Equal(s.body, ss[0].body) || s.etag != ss[0].etag || s.lastModified != ss[0].lastModified {
			return false
		}
	}
	return true
}
