package aggregate

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/tributary/tributary/internal/config"
	"github.com/tributary/tributary/internal/feed"
	"github.com/tributary/tributary/internal/fetch"
	"github.com/tributary/tributary/internal/store"
)

const rss = `<?xml version="1.0"?><rss version="2.0"><channel><title>T</title><link>https://t.example/</link>
<item><title>One</title><link>https://t.example/1</link><guid>https://t.example/1</guid><pubDate>Mon, 03 Mar 2025 09:00:00 GMT</pubDate><description>First post body with enough words to matter here.</description></item>
</channel></rss>`

// clock is a settable test clock.
type clock struct{ t atomic.Pointer[time.Time] }

func newClock(t time.Time) *clock { c := &clock{}; c.set(t); return c }
func (c *clock) set(t time.Time)  { c.t.Store(&t) }
func (c *clock) now() time.Time   { return *c.t.Load() }

func newTestApp(t *testing.T, urls ...string) (*App, *store.DB, *clock) {
	t.Helper()
	dir := t.TempDir()
	cfg := config.Default()
	cfg.Output.Dir = filepath.Join(dir, "public")
	cfg.Database = filepath.Join(dir, "t.db")
	cfg.Feed.ID = "tag:example.org,2025:t"
	for i, u := range urls {
		cfg.Sources = append(cfg.Sources, feed.Source{Name: fmt.Sprintf("s%d", i), URL: u, Enabled: true, Order: i})
	}
	db, err := store.Open(context.Background(), cfg.Database)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	clk := newClock(time.Date(2025, 3, 4, 12, 0, 0, 0, time.UTC))
	app := New(Options{Config: cfg, DB: db, Fetcher: fetch.New(fetch.Options{Timeout: 2 * time.Second}.WithDefaults()),
		Now: clk.now, LockWait: 200 * time.Millisecond})
	return app, db, clk
}

func TestCycleRetryAfterAndBackoff(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Retry-After", "7200")
		http.Error(w, "slow down", http.StatusTooManyRequests)
	}))
	defer srv.Close()
	app, db, clk := newTestApp(t, srv.URL)
	sum, err := app.Cycle(context.Background(), RunOptions{Publish: true})
	if err != nil || sum.Failed != 1 {
		t.Fatalf("cycle: %+v, %v", sum, err)
	}
	st, _ := db.SourceState(context.Background(), "s0")
	if want := clk.now().Add(2 * time.Hour); !st.NextDue.Equal(want) || st.LastStatus != 429 || st.Failures != 1 {
		t.Errorf("state = next %v status %d failures %d; want next %v, 429, 1", st.NextDue, st.LastStatus, st.Failures, want)
	}
	// Not due yet: the next cycle leaves it alone.
	clk.set(clk.now().Add(time.Hour))
	sum, _ = app.Cycle(context.Background(), RunOptions{Publish: true})
	if sum.Skipped != 1 || sum.Failed != 0 {
		t.Errorf("second cycle: %+v, want the source skipped", sum)
	}
}

func TestCycleGone(t *testing.T) {
	var hits atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		hits.Add(1)
		http.Error(w, "gone", http.StatusGone)
	}))
	defer srv.Close()
	app, db, _ := newTestApp(t, srv.URL)
	app.Cycle(context.Background(), RunOptions{All: true, Publish: true})
	app.Cycle(context.Background(), RunOptions{All: true, Publish: true})
	st, _ := db.SourceState(context.Background(), "s0")
	if !st.Gone || hits.Load() != 1 {
		t.Errorf("gone = %v after %d requests; want marked gone after one request", st.Gone, hits.Load())
	}
}

func TestCycleAdoptsPermanentRedirectOnlyAfterRepeats(t *testing.T) {
	mux := http.NewServeMux()
	var newHits atomic.Int32
	mux.HandleFunc("/old", func(w http.ResponseWriter, r *http.Request) { http.Redirect(w, r, "/new", http.StatusMovedPermanently) })
	mux.HandleFunc("/temp", func(w http.ResponseWriter, r *http.Request) { http.Redirect(w, r, "/new", http.StatusFound) })
	mux.HandleFunc("/new", func(w http.ResponseWriter, r *http.Request) { newHits.Add(1); w.Write([]byte(rss)) })
	srv := httptest.NewServer(mux)
	defer srv.Close()
	app, db, _ := newTestApp(t, srv.URL+"/old", srv.URL+"/temp")
	ctx := context.Background()
	for i := 1; i <= 3; i++ {
		if _, err := app.Cycle(ctx, RunOptions{All: true, Publish: true}); err != nil {
			t.Fatal(err)
		}
		st, _ := db.SourceState(ctx, "s0")
		adopted := st.AdoptedURL == srv.URL+"/new"
		if adopted != (i == 3) {
			t.Errorf("after %d fetches adopted = %v (seen %d)", i, adopted, st.RedirectSeen)
		}
		tmp, _ := db.SourceState(ctx, "s1")
		if tmp.AdoptedURL != "" || tmp.RedirectSeen != 0 {
			t.Errorf("a 302 was counted towards adoption: %+v", tmp)
		}
	}
}

// TestCycleFollows: while another process holds the leader lease, a
// cycle fetches and stores its share, and leaves merging and publishing
// to the leader; a prune, which must lead, waits and gives up.
func TestCycleFollows(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { w.Write([]byte(rss)) }))
	defer srv.Close()
	app, db, _ := newTestApp(t, srv.URL)
	ctx := context.Background()
	lease, err := db.Acquire(ctx, LeaderLease, "someone-else", time.Hour)
	if err != nil {
		t.Fatal(err)
	}
	sum, err := app.Cycle(ctx, RunOptions{Publish: true})
	if err != nil || !sum.Follower || sum.Inserted != 1 || sum.Wrote {
		t.Fatalf("follower's cycle: %+v, %v; want the entry stored and nothing published", sum, err)
	}
	if _, err := app.Prune(ctx, false); !errors.Is(err, ErrBusy) {
		t.Errorf("prune while another leads: got %v, want ErrBusy", err)
	}
	if err := lease.Release(ctx); err != nil {
		t.Fatal(err)
	}
	sum, err = app.Cycle(ctx, RunOptions{Publish: true})
	if err != nil || sum.Follower || !sum.Wrote || sum.Published != 1 {
		t.Errorf("leader's cycle: %+v, %v; want the stored entry published", sum, err)
	}
}

func TestCycleConditionalGetWritesNothing(t *testing.T) {
	var full, notMod atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("ETag", `"v1"`)
		if r.Header.Get("If-None-Match") == `"v1"` {
			notMod.Add(1)
			w.WriteHeader(http.StatusNotModified)
			return
		}
		full.Add(1)
		w.Write([]byte(rss))
	}))
	defer srv.Close()
	app, _, _ := newTestApp(t, srv.URL)
	ctx := context.Background()
	first, err := app.Cycle(ctx, RunOptions{All: true, Publish: true})
	if err != nil || first.Inserted != 1 {
		t.Fatalf("first: %+v %v", first, err)
	}
	second, err := app.Cycle(ctx, RunOptions{All: true, Publish: true})
	if err != nil || second.NotModified != 1 || second.Inserted+second.Updated != 0 {
		t.Fatalf("second: %+v %v", second, err)
	}
	if full.Load() != 1 || notMod.Load() != 1 {
		t.Errorf("server saw %d full and %d conditional requests", full.Load(), notMod.Load())
	}
}

// TestCycleSameBodySkipped checks that a body fetched again unchanged,
// from a server that sends no validators, is skipped as a 304 is, and that
// a new body or new settings for the source have it read again.
func TestCycleSameBodySkipped(t *testing.T) {
	var body atomic.Pointer[string]
	first := rss
	body.Store(&first)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Write([]byte(*body.Load()))
	}))
	defer srv.Close()
	app, _, _ := newTestApp(t, srv.URL)
	ctx := context.Background()
	changed := strings.Replace(rss, "</channel>", `<item><title>Two</title><link>https://t.example/2</link><guid>https://t.example/2</guid>
<pubDate>Tue, 04 Mar 2025 09:00:00 GMT</pubDate><description>Second post body with enough words to matter here.</description></item></channel>`, 1)
	steps := []struct {
		name   string
		before func()
		ok     int // sources read
		notMod int // sources skipped
		added  int
	}{
		{name: "first fetch", ok: 1, added: 1},
		{name: "same body again", notMod: 1},
		{name: "new body", before: func() { body.Store(&changed) }, ok: 1, added: 1},
		{name: "new body again", notMod: 1},
		// An exclude pattern reads the same body another way.
		{name: "new settings", before: func() { app.cfg.Sources[0].Exclude = []string{"Nothing matches this"} }, ok: 1},
	}
	for _, st := range steps {
		if st.before != nil {
			st.before()
		}
		sum, err := app.Cycle(ctx, RunOptions{All: true, Publish: true})
		if err != nil {
			t.Fatalf("%s: %v", st.name, err)
		}
		if sum.OK != st.ok || sum.NotModified != st.notMod || sum.Inserted != st.added || sum.Updated != 0 {
			t.Errorf("%s: %d read, %d skipped, %d new, %d updated; want %d, %d, %d, 0",
				st.name, sum.OK, sum.NotModified, sum.Inserted, sum.Updated, st.ok, st.notMod, st.added)
		}
	}
}
