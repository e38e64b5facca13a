package aggregate

import (
	"bytes"
	"context"
	"fmt"
	"github.com/tributary/tributary/internal/dburl"
	"github.com/tributary/tributary/internal/store/storetest"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/tributary/tributary/internal/config"
	"github.com/tributary/tributary/internal/feed"
	"github.com/tributary/tributary/internal/fetch"
	"github.com/tributary/tributary/internal/publish"
	"github.com/tributary/tributary/internal/store"
)

// countingServer serves feeds by path and records, per path, how many
// requests it got and the most it had in flight at once.
type countingServer struct {
	feeds map[string]string

	mu       sync.Mutex
	requests map[string]int
	inFlight map[string]int
	overlap  map[string]int
}

func newCountingServer(t *testing.T, feeds map[string]string) (*countingServer, *httptest.Server) {
	t.Helper()
	cs := &countingServer{feeds: feeds, requests: map[string]int{}, inFlight: map[string]int{}, overlap: map[string]int{}}
	srv := httptest.NewServer(cs)
	t.Cleanup(srv.Close)
	return cs, srv
}

func (cs *countingServer) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	cs.mu.Lock()
	cs.requests[r.URL.Path]++
	cs.inFlight[r.URL.Path]++
	cs.overlap[r.URL.Path] = max(cs.overlap[r.URL.Path], cs.inFlight[r.URL.Path])
	cs.mu.Unlock()
	defer func() {
		cs.mu.Lock()
		cs.inFlight[r.URL.Path]--
		cs.mu.Unlock()
	}()
	body, ok := cs.feeds[r.URL.Path]
	if !ok {
		http.NotFound(w, r)
		return
	}
	w.Header().Set("ETag", `"v1"`)
	if r.Header.Get("If-None-Match") == `"v1"` {
		w.WriteHeader(http.StatusNotModified)
		return
	}
	w.Write([]byte(body))
}

// fleetConfig is a config, on a new database of engine, of one source per path, in the given order.
func fleetConfig(t *testing.T, engine dburl.Engine, base string, paths []string) *config.Config {
	cfg := config.Default()
	cfg.Output.Dir = filepath.Join(t.TempDir(), "public")
	cfg.Output.MaxEntries = 1000
	cfg.Database = storetest.DSN(t, engine)
	cfg.Feed.ID = "tag:example.org,2025:t"
	cfg.Fetch.Timeout = 5 * time.Second
	for i, p := range paths {
		cfg.Sources = append(cfg.Sources, feed.Source{Name: "src" + strings.ReplaceAll(p, "/", "-"), URL: base + p, Enabled: true, Order: i})
	}
	return cfg
}

// fleetApp is one worker: its own connections to the shared database, as
// a separate process would have, and its own name.
func fleetApp(t *testing.T, cfg *config.Config, holder string, clk *clock) *App {
	t.Helper()
	db, err := store.Open(context.Background(), cfg.Database)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return New(Options{Config: cfg, DB: db, Fetcher: fetch.New(fetch.Options{Timeout: cfg.Fetch.Timeout}.WithDefaults()),
		Now: clk.now, Holder: holder, LockWait: time.Second})
}

// runFleet runs one cycle on each worker at once and returns their
// summaries.
func runFleet(t *testing.T, apps []*App) []Summary {
	t.Helper()
	sums := make([]Summary, len(apps))
	errs := make([]error, len(apps))
	// A fleet that waits on itself would hang: fail instead.
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	var wg sync.WaitGroup
	for i, app := range apps {
		wg.Go(func() { sums[i], errs[i] = app.Cycle(ctx, RunOptions{Publish: true}) })
	}
	wg.Wait()
	for i, err := range errs {
		if err != nil {
			t.Fatalf("worker %d: %v", i, err)
		}
	}
	return sums
}

// TestFleetFetchesEachSourceOnce: three workers on one database fetch
// every source exactly once between them, never one source twice at the
// same time, and what the leader publishes is byte for byte what one
// process alone publishes.
func TestFleetFetchesEachSourceOnce(t *testing.T) { storetest.Each(t, testFleetFetchesEachSourceOnce) }

func testFleetFetchesEachSourceOnce(t *testing.T, engine dburl.Engine) {
	feeds := map[string]string{}
	var paths []string
	for i := range 90 {
		p := fmt.Sprintf("/f%02d", i)
		paths = append(paths, p)
		feeds[p] = rssDoc(fmt.Sprintf("https://s%d.example/", i), fmt.Sprintf("https://s%d.example/post", i),
			fmt.Sprintf("g%d", i), fmt.Sprintf("Post %d", i), fmt.Sprintf("<p>Body of post number %d, long enough to stand alone.</p>", i))
	}
	cs, srv := newCountingServer(t, feeds)
	clk := newClock(time.Date(2025, 3, 4, 12, 0, 0, 0, time.UTC))
	cfg := fleetConfig(t, engine, srv.URL, paths)
	var apps []*App
	for w := range 3 {
		apps = append(apps, fleetApp(t, cfg, fmt.Sprintf("worker-%d", w), clk))
	}
	sums := runFleet(t, apps)
	fetched, leaders := 0, 0
	for i, s := range sums {
		t.Logf("worker %d: %s", i, s.Line())
		fetched += s.OK + s.Failed + s.NotModified
		if !s.Follower {
			leaders++
		}
	}
	for _, p := range paths {
		if n := cs.requests[p]; n != 1 {
			t.Errorf("%s requested %d times, want once", p, n)
		}
		if n := cs.overlap[p]; n > 1 {
			t.Errorf("%s requested %d times at once", p, n)
		}
	}
	if fetched != len(paths) || leaders == 0 {
		t.Errorf("the workers fetched %d sources (want %d) and %d led (want at least one)", fetched, len(paths), leaders)
	}
	// One process alone, from scratch, on the same feeds, on SQLite.
	alone := fleetConfig(t, dburl.SQLite, srv.URL, paths)
	if sum, err := fleetApp(t, alone, "alone", clk).Cycle(context.Background(), RunOptions{Publish: true}); err != nil || sum.OK != len(paths) {
		t.Fatalf("single process: %+v, %v", sum, err)
	}
	for _, name := range []string{publish.AtomFile, publish.RSSFile, publish.JSONFile, publish.HTMLFile, publish.OPMLFile} {
		got, err1 := os.ReadFile(filepath.Join(cfg.Output.Dir, name))
		want, err2 := os.ReadFile(filepath.Join(alone.Output.Dir, name))
		if err1 != nil || err2 != nil || !bytes.Equal(got, want) {
			t.Errorf("%s differs between the fleet and one process (%v, %v)", name, err1, err2)
		}
	}
	outs, err := apps[0].db.Outputs(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if apps[0].db.OutputsOnDisk() {
		// Every process shares the leader's disk: the directory is the
		// one copy, and the database says when it changed.
		if v, err := apps[0].db.OutputsVersion(context.Background()); err != nil || v == "" || len(outs) > 0 {
			t.Errorf("outputs kept on disk: version %q (%v) and %d stored; want a version and none stored", v, err, len(outs))
		}
		return
	}
	for _, o := range outs {
		disk, err := os.ReadFile(filepath.Join(cfg.Output.Dir, filepath.FromSlash(o.Name)))
		if err != nil || !bytes.Equal(disk, o.Body) {
			t.Errorf("stored output %s differs from the leader's copy on disk (%v)", o.Name, err)
		}
	}
	if len(outs) == 0 {
		t.Error("the leader stored no outputs")
	}
}

// TestFleetMergesCrossPostsOnce: 200 posts, each published by two sources
// that different workers fetch at the same moment, are merged exactly 200
// times: only the leader drains the queue of entries to compare.
func TestFleetMergesCrossPostsOnce(t *testing.T) { storetest.Each(t, testFleetMergesCrossPostsOnce) }

func testFleetMergesCrossPostsOnce(t *testing.T, engine dburl.Engine) {
	const pairs = 200
	feeds := map[string]string{}
	var paths []string
	for i := range pairs {
		var words []string
		for j := range 120 {
			words = append(words, fmt.Sprintf("w%dx%d", i, (j*7919)%1009))
		}
		body := "<p>" + strings.Join(words, " ") + "</p>"
		a, b := fmt.Sprintf("/a%03d", i), fmt.Sprintf("/b%03d", i)
		feeds[a] = rssDoc("https://a.example/", fmt.Sprintf("https://a.example/%d", i), fmt.Sprintf("a-%d", i), fmt.Sprintf("Post %d", i), body)
		feeds[b] = rssDoc("https://b.example/", fmt.Sprintf("https://b.example/copy/%d", i), fmt.Sprintf("b-%d", i), fmt.Sprintf("Post %d", i), body+"<p>Cross-posted.</p>")
		// Each pair's copies side by side: workers walking the list
		// together take them at the same moment.
		paths = append(paths, a, b)
	}
	_, srv := newCountingServer(t, feeds)
	clk := newClock(time.Date(2025, 3, 4, 12, 0, 0, 0, time.UTC))
	cfg := fleetConfig(t, engine, srv.URL, paths)
	var apps []*App
	for w := range 3 {
		apps = append(apps, fleetApp(t, cfg, fmt.Sprintf("worker-%d", w), clk))
	}
	merged := 0
	for _, s := range runFleet(t, apps) {
		merged += s.Merged
	}
	// A worker that found the leader lease taken left its entries queued:
	// the next cycle's leader merges them.
	for _, s := range runFleet(t, apps) {
		merged += s.Merged
	}
	ms, err := apps[0].db.Merges(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if merged != pairs || len(ms) != pairs {
		t.Errorf("merged %d times, %d merges recorded; want %d", merged, len(ms), pairs)
	}
	for _, m := range ms {
		_, na, _ := strings.Cut(m.A.Key, "-")
		_, nb, _ := strings.Cut(m.B.Key, "-")
		if na != nb || m.A.Source == m.B.Source {
			t.Errorf("merge of %s (%s) and %s (%s): not two copies of one post", m.A.Key, m.A.Source, m.B.Key, m.B.Source)
		}
	}
	if pending, err := apps[0].db.Pending(context.Background()); err != nil || len(pending) != 0 {
		t.Errorf("%d entries still queued (%v)", len(pending), err)
	}
}

// TestFleetWarmRunEnds: when every source answers 304, workers batch the
// states they save; each saves its batch before waiting for the others'
// claims, so that workers waiting on each other cannot hang.
func TestFleetWarmRunEnds(t *testing.T) { storetest.Each(t, testFleetWarmRunEnds) }

func testFleetWarmRunEnds(t *testing.T, engine dburl.Engine) {
	feeds := map[string]string{}
	var paths []string
	for i := range 60 {
		p := fmt.Sprintf("/w%02d", i)
		paths = append(paths, p)
		feeds[p] = rssDoc(fmt.Sprintf("https://s%d.example/", i), fmt.Sprintf("https://s%d.example/post", i),
			fmt.Sprintf("g%d", i), fmt.Sprintf("Post %d", i), fmt.Sprintf("<p>Body of post %d.</p>", i))
	}
	cs, srv := newCountingServer(t, feeds)
	clk := newClock(time.Date(2025, 3, 4, 12, 0, 0, 0, time.UTC))
	cfg := fleetConfig(t, engine, srv.URL, paths)
	var apps []*App
	for w := range 3 {
		apps = append(apps, fleetApp(t, cfg, fmt.Sprintf("worker-%d", w), clk))
	}
	runFleet(t, apps)
	clk.set(clk.now().Add(3 * time.Hour))
	notModified := 0
	for _, s := range runFleet(t, apps) {
		notModified += s.NotModified
	}
	if notModified != len(paths) {
		t.Errorf("%d sources not modified, want %d", notModified, len(paths))
	}
	for _, p := range paths {
		if n := cs.requests[p]; n != 2 {
			t.Errorf("%s requested %d times in two rounds, want twice", p, n)
		}
	}
}
