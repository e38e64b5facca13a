package aggregate

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"sync/atomic"
	"testing"
	"time"
)

// fakeTimer hands the daemon's waits to the test: each call to After is
// recorded and blocks until the test fires it.
type fakeTimer struct {
	asked chan time.Duration
	fire  chan time.Time
}

func newFakeTimer() *fakeTimer {
	return &fakeTimer{asked: make(chan time.Duration, 1), fire: make(chan time.Time)}
}

func (f *fakeTimer) After(d time.Duration) <-chan time.Time {
	f.asked <- d
	return f.fire
}

func TestDaemonFollowsBackoffAndRetryAfter(t *testing.T) {
	var hits atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch hits.Add(1) {
		case 1:
			w.Header().Set("Retry-After", "7200")
			http.Error(w, "slow down", http.StatusTooManyRequests)
		case 2, 3:
			http.Error(w, "down", http.StatusServiceUnavailable)
		default:
			w.Header().Set("Content-Type", "application/rss+xml")
			fmt.Fprint(w, rss)
		}
	}))
	defer srv.Close()
	app, _, clk := newTestApp(t, srv.URL)
	iv := app.cfg.Fetch.Interval // 1h
	timer := newFakeTimer()
	cycles := make(chan Summary, 1)
	ctx, cancel := context.WithCancel(context.Background())
	stopped := make(chan error)
	go func() {
		stopped <- RunDaemon(ctx, DaemonOptions{
			App: func() *App { return app }, After: timer.After, Retry: time.Minute, Idle: 48 * time.Hour,
			Grace: time.Second, OnCycle: func(s Summary, err error) {
				if err != nil {
					t.Errorf("cycle: %v", err)
				}
				cycles <- s
			},
		})
	}()
	steps := []struct {
		name     string
		failed   int
		wantWait time.Duration
	}{
		// 429 with Retry-After: 2h beats the first-failure backoff (15m).
		{"429 Retry-After 7200", 1, 2 * time.Hour},
		// Second failure: the interval doubled.
		{"503, second failure", 1, 2 * iv},
		// Third failure: doubled again.
		{"503, third failure", 1, 4 * iv},
		// Success: back to the interval, plus the source's fixed jitter.
		{"ok", 0, iv + jitter("s0", iv)},
	}
	for i, st := range steps {
		sum := <-cycles
		if sum.Failed != st.failed {
			t.Fatalf("step %d (%s): summary %+v, want %d failed", i, st.name, sum, st.failed)
		}
		if got := <-timer.asked; got != st.wantWait {
			t.Errorf("step %d (%s): daemon waits %v, want %v", i, st.name, got, st.wantWait)
		}
		if i+1 < len(steps) {
			// Time passes as asked; the source is due again.
			clk.set(clk.now().Add(st.wantWait))
			timer.fire <- clk.now()
		}
	}
	if got := hits.Load(); got != 4 {
		t.Errorf("server saw %d requests, want 4 (one per cycle)", got)
	}
	cancel()
	if err := <-stopped; err != nil {
		t.Errorf("RunDaemon: %v", err)
	}
}

func TestDaemonNotDueWaitsWithoutFetching(t *testing.T) {
	var hits atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		hits.Add(1)
		w.Header().Set("Content-Type", "application/rss+xml")
		fmt.Fprint(w, rss)
	}))
	defer srv.Close()
	app, _, clk := newTestApp(t, srv.URL)
	timer := newFakeTimer()
	cycles := make(chan Summary, 1)
	wake := make(chan struct{})
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	go RunDaemon(ctx, DaemonOptions{App: func() *App { return app }, After: timer.After, Retry: time.Minute,
		Idle: 48 * time.Hour, Wake: wake, OnCycle: func(s Summary, err error) { cycles <- s }})
	<-cycles
	<-timer.asked
	// A nudge (config reload) before the source is due runs a cycle that
	// fetches nothing, and the wait shrinks by the time that passed.
	clk.set(clk.now().Add(10 * time.Minute))
	wake <- struct{}{}
	if sum := <-cycles; sum.Skipped != 1 || sum.OK != 0 {
		t.Errorf("nudged cycle: %+v, want the source skipped", sum)
	}
	iv := app.cfg.Fetch.Interval
	if got, want := <-timer.asked, iv+jitter("s0", iv)-10*time.Minute; got != want {
		t.Errorf("wait after nudge %v, want %v", got, want)
	}
	if hits.Load() != 1 {
		t.Errorf("%d fetches, want 1", hits.Load())
	}
}

func TestDaemonShutdownLetsTheFetchInFlightFinish(t *testing.T) {
	started := make(chan struct{})
	release := make(chan struct{})
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		close(started)
		<-release
		w.Header().Set("Content-Type", "application/rss+xml")
		fmt.Fprint(w, rss)
	}))
	defer srv.Close()
	app, db, _ := newTestApp(t, srv.URL)
	ctx, cancel := context.WithCancel(context.Background())
	stopped := make(chan error)
	var last Summary
	go func() {
		stopped <- RunDaemon(ctx, DaemonOptions{App: func() *App { return app }, Retry: time.Minute, Idle: time.Hour,
			Grace: 30 * time.Second, OnCycle: func(s Summary, err error) { last = s }})
	}()
	<-started
	cancel() // SIGTERM arrives while the fetch is in flight
	select {
	case <-stopped:
		t.Fatal("daemon returned before its fetch finished")
	case <-time.After(50 * time.Millisecond):
	}
	close(release)
	if err := <-stopped; err != nil {
		t.Fatal(err)
	}
	if last.OK != 1 || !last.Wrote {
		t.Errorf("last cycle %+v: want the fetch stored and published", last)
	}
	st, _ := db.SourceState(context.Background(), "s0")
	if st.LastSuccess.IsZero() {
		t.Error("the in-flight fetch's success was not recorded")
	}
	if v, err := db.IntegrityCheck(context.Background()); err != nil || v != "ok" {
		t.Errorf("integrity: %q, %v", v, err)
	}
}

func TestJitterStaysWithinATenth(t *testing.T) {
	for _, name := range []string{"a", "b", "seeds", "a-very-long-source-name-indeed"} {
		for _, iv := range []time.Duration{time.Minute, time.Hour, 24 * time.Hour} {
			j := jitter(name, iv)
			if j < 0 || j > iv/10 {
				t.Errorf("jitter(%q, %v) = %v, outside [0, %v]", name, iv, j, iv/10)
			}
			if jitter(name, iv) != j {
				t.Errorf("jitter(%q, %v) is not stable", name, iv)
			}
		}
	}
	if jitter("a", time.Hour) == jitter("b", time.Hour) {
		t.Error("two sources got the same slot")
	}
}

// TestDaemonIdleFollowsReloadedInterval checks that, with no source due,
// the daemon waits the current app's fetch.interval, and the new one once
// a reloaded config replaced the app.
func TestDaemonIdleFollowsReloadedInterval(t *testing.T) {
	first, _, _ := newTestApp(t)
	second, _, _ := newTestApp(t)
	first.cfg.Fetch.Interval = 2 * time.Hour
	second.cfg.Fetch.Interval = 20 * time.Minute
	var current atomic.Pointer[App]
	current.Store(first)
	timer := newFakeTimer()
	wake := make(chan struct{})
	ctx, cancel := context.WithCancel(context.Background())
	stopped := make(chan error)
	go func() {
		stopped <- RunDaemon(ctx, DaemonOptions{App: current.Load, After: timer.After, Retry: time.Minute,
			Grace: time.Second, Wake: wake})
	}()
	if got := <-timer.asked; got != 2*time.Hour {
		t.Errorf("first wait = %s, want the first config's interval 2h", got)
	}
	current.Store(second)
	wake <- struct{}{}
	if got := <-timer.asked; got != 20*time.Minute {
		t.Errorf("wait after reload = %s, want the new interval 20m", got)
	}
	cancel()
	if err := <-stopped; err != nil {
		t.Errorf("RunDaemon: %v", err)
	}
}
