package fetch

import (
	"context"
	"net/http"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

func TestPerHostBoundsConcurrency(t *testing.T) {
	tests := []struct {
		name    string
		perHost int
	}{
		{"one", 1},
		{"default two", 0},
		{"three", 3},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var inFlight, peak atomic.Int32
			srv := newServer(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				n := inFlight.Add(1)
				defer inFlight.Add(-1)
				for {
					p := peak.Load()
					if n <= p || peak.CompareAndSwap(p, n) {
						break
					}
				}
				time.Sleep(30 * time.Millisecond)
			}))
			c := newClient(t, Options{PerHost: tt.perHost})
			var wg sync.WaitGroup
			for range 8 {
				wg.Go(func() {
					if _, err := c.Fetch(t.Context(), Request{URL: srv.URL}); err != nil {
						t.Error(err)
					}
				})
			}
			wg.Wait()
			want := int32(c.opts.PerHost)
			if got := peak.Load(); got != want {
				t.Errorf("peak concurrent requests: got %d, want %d", got, want)
			}
		})
	}
}

// The limit is per host: two names for the same server each get their own
// slots, so two requests with PerHost 1 can still be in flight together.
func TestPerHostIsPerHost(t *testing.T) {
	both := make(chan struct{})
	var arrived atomic.Int32
	srv := newServer(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if arrived.Add(1) == 2 {
			close(both)
		}
		select {
		case <-both:
		case <-time.After(3 * time.Second):
			w.WriteHeader(http.StatusServiceUnavailable)
		}
	}))
	c := newClient(t, Options{PerHost: 1, Resolver: mapResolver{"a.test": {"127.0.0.1"}, "b.test": {"127.0.0.1"}}})
	var wg sync.WaitGroup
	for _, host := range []string{"a.test", "b.test"} {
		wg.Go(func() {
			if _, err := c.Fetch(t.Context(), Request{URL: hostURL(srv.URL, host, "/")}); err != nil {
				t.Errorf("%s: %v (the other host's request held its slot)", host, err)
			}
		})
	}
	wg.Wait()
}

func TestHostLimiterForgetsIdleHosts(t *testing.T) {
	l := newHostLimiter(1)
	release, err := l.acquire(t.Context(), "a")
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(t.Context(), 20*time.Millisecond)
	defer cancel()
	if _, err := l.acquire(ctx, "a"); err == nil {
		t.Fatal("second acquire with PerHost 1: got a slot, want to wait until the deadline")
	}
	release()
	release() // a second call must not free a slot it does not hold
	if n := len(l.hosts); n != 0 {
		t.Errorf("hosts tracked after release: got %d, want 0", n)
	}
}
