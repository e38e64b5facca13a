package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/tributary/tributary/internal/benchfeed"
	"github.com/tributary/tributary/internal/config"
)

func TestLoopbackAddr(t *testing.T) {
	tests := []struct {
		name    string
		in      string
		want    string
		wantErr bool
	}{
		{name: "ipv4 loopback", in: "127.0.0.1:0", want: "127.0.0.1:0"},
		{name: "other 127 address", in: "127.0.0.2:8080", want: "127.0.0.2:8080"},
		{name: "ipv6 loopback", in: "[::1]:9000", want: "[::1]:9000"},
		{name: "localhost", in: "localhost:0", want: "127.0.0.1:0"},
		{name: "all interfaces", in: ":8080", wantErr: true},
		{name: "unspecified v4", in: "0.0.0.0:8080", wantErr: true},
		{name: "unspecified v6", in: "[::]:8080", wantErr: true},
		{name: "private address", in: "192.168.1.2:80", wantErr: true},
		{name: "public address", in: "8.8.8.8:80", wantErr: true},
		{name: "host name", in: "example.com:80", wantErr: true},
		{name: "no port", in: "127.0.0.1", wantErr: true},
		{name: "mapped v4", in: "[::ffff:10.0.0.1]:80", wantErr: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := loopbackAddr(tt.in)
			if (err != nil) != tt.wantErr {
				t.Fatalf("loopbackAddr(%q) error = %v, want error %v", tt.in, err, tt.wantErr)
			}
			if got != tt.want {
				t.Errorf("loopbackAddr(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

func TestUsageErrors(t *testing.T) {
	tests := []struct {
		name string
		args []string
	}{
		{name: "non-loopback", args: []string{"-addr", "0.0.0.0:0"}},
		{name: "too long", args: []string{"-duration", "31m"}},
		{name: "zero duration", args: []string{"-duration", "0s"}},
		{name: "no feeds", args: []string{"-n", "0"}},
		{name: "stray argument", args: []string{"serve"}},
		{name: "unknown flag", args: []string{"-port", "80"}},
		{name: "more changed than feeds", args: []string{"-n", "3", "-changed", "4"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := run(context.Background(), tt.args, io.Discard, io.Discard)
			var ue usageError
			if !errors.As(err, &ue) {
				t.Fatalf("run(%q) = %v, want a usage error", tt.args, err)
			}
		})
	}
}

// syncBuffer lets the test read what run prints while run is still going.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

func TestServeWritesConfigAndServes(t *testing.T) {
	tmp := t.TempDir()
	cfgPath := filepath.Join(tmp, "farm.yaml")
	work := filepath.Join(tmp, "work")
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var out syncBuffer
	done := make(chan error, 1)
	go func() {
		done <- run(ctx, []string{"-n", "5", "-seed", "3", "-addr", "127.0.0.1:0", "-config", cfgPath,
			"-dir", work, "-cache", filepath.Join(tmp, "cache"), "-duration", "2m"}, &out, io.Discard)
	}()
	waitFor(t, done, func() bool { _, err := os.Stat(cfgPath); return err == nil })

	cfg, err := config.Load(cfgPath)
	if err != nil {
		t.Fatalf("Tributary rejects the farm's config: %v", err)
	}
	if cfg.Fetch.Concurrency != 8 || cfg.Fetch.PerHost != 8 {
		t.Errorf("fetch: concurrency %d, per_host %d; want 8 and 8", cfg.Fetch.Concurrency, cfg.Fetch.PerHost)
	}
	if cfg.Database != filepath.Join(work, "tributary.db") || cfg.Output.Dir != filepath.Join(work, "public") {
		t.Errorf("database %q, output %q: want both under %s", cfg.Database, cfg.Output.Dir, work)
	}
	if len(cfg.Sources) != 5 {
		t.Fatalf("got %d sources, want 5", len(cfg.Sources))
	}
	for n, s := range cfg.Sources {
		wantName := "feed-000" + string(rune('1'+n))
		if s.Name != wantName || !strings.HasPrefix(s.URL, "http://127.0.0.1:") ||
			!strings.HasSuffix(s.URL, "/feeds/"+string(rune('1'+n))) {
			t.Errorf("source %d: %s %s", n, s.Name, s.URL)
		}
		res, err := http.Get(s.URL)
		if err != nil {
			t.Fatal(err)
		}
		io.Copy(io.Discard, res.Body)
		res.Body.Close()
		if res.StatusCode != http.StatusOK || res.Header.Get("ETag") == "" {
			t.Errorf("GET %s: status %d, ETag %q", s.URL, res.StatusCode, res.Header.Get("ETag"))
		}
	}
	res, err := http.Get(strings.TrimSuffix(cfg.Sources[0].URL, "/feeds/1") + "/stats")
	if err != nil {
		t.Fatal(err)
	}
	stats, _ := io.ReadAll(res.Body)
	res.Body.Close()
	if !bytes.Contains(stats, []byte(`"ok":5`)) {
		t.Errorf("/stats: %s", stats)
	}

	cancel()
	if err := <-done; err != nil {
		t.Fatalf("run: %v", err)
	}
	if !strings.Contains(out.String(), "feedfarm: stopped; requests=5 ok=5") {
		t.Errorf("no final statistics in output:\n%s", out.String())
	}
}

func TestServeStopsAfterDuration(t *testing.T) {
	done := make(chan error, 1)
	var out syncBuffer
	go func() {
		done <- run(context.Background(), []string{"-n", "2", "-no-cache", "-duration", "300ms"}, &out, io.Discard)
	}()
	select {
	case err := <-done:
		if err != nil {
			t.Fatalf("run: %v", err)
		}
	case <-time.After(20 * time.Second):
		t.Fatal("farm still running 20s after a 300ms -duration")
	}
	if !strings.Contains(out.String(), "-duration 300ms elapsed") {
		t.Errorf("output does not say why it stopped:\n%s", out.String())
	}
}

func TestFloorMode(t *testing.T) {
	var out bytes.Buffer
	dir := t.TempDir()
	err := run(context.Background(), []string{"-floor", "-n", "3", "-seed", "2", "-dir", dir}, &out, io.Discard)
	if err != nil {
		t.Fatalf("run: %v", err)
	}
	if !strings.Contains(out.String(), "floor: feeds=3 entries=") || !strings.Contains(out.String(), " cpu=") {
		t.Errorf("output:\n%s", out.String())
	}
	left, _ := os.ReadDir(dir)
	if len(left) != 0 {
		t.Errorf("floor left %d files in -dir", len(left))
	}
}

func waitFor(t *testing.T, done <-chan error, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	for !cond() {
		select {
		case err := <-done:
			t.Fatalf("run returned early: %v", err)
		default:
		}
		if time.Now().After(deadline) {
			t.Fatal("timed out waiting for the farm")
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// With -changed, the first feeds come from the other seed and the rest
// from the farm's own.
func TestSplitHandlerServesChangedFeeds(t *testing.T) {
	g1, g2 := benchfeed.New(1), benchfeed.New(2)
	h := splitHandler{first: benchfeed.NewHandler(g2, 2, benchfeed.HandlerOptions{}), n: 2,
		rest: benchfeed.NewHandler(g1, 4, benchfeed.HandlerOptions{})}
	srv := httptest.NewServer(h)
	defer srv.Close()
	for i, g := range map[int]*benchfeed.Generator{1: g2, 2: g2, 3: g1, 4: g1} {
		resp, err := http.Get(fmt.Sprintf("%s/feeds/%d", srv.URL, i))
		if err != nil {
			t.Fatal(err)
		}
		got, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if want, _ := g.Feed(i); !bytes.Equal(got, want) {
			t.Errorf("feed %d: not the body of seed %d", i, g.Seed())
		}
	}
}
