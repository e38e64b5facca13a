package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"time"

	"go.yaml.in/yaml/v3"

	"github.com/tributary/tributary/internal/benchfeed"
)

func serve(ctx context.Context, o options, stdout io.Writer) error {
	h, cleanup, err := farmHandler(ctx, o.seed, o.n, o, o.cache, stdout)
	if err != nil {
		return err
	}
	defer cleanup()
	feeds := http.Handler(h)
	stats := h.Stats
	if o.changed > 0 {
		cache := o.cache
		if cache != "" {
			cache = fmt.Sprintf("%s-changed-%d", cache, o.changedSeed)
		}
		h2, cleanup2, err := farmHandler(ctx, o.changedSeed, o.changed, o, cache, stdout)
		if err != nil {
			return err
		}
		defer cleanup2()
		feeds = splitHandler{first: h2, n: o.changed, rest: h}
		stats = func() benchfeed.Stats { return addStats(h.Stats(), h2.Stats()) }
		fmt.Fprintf(stdout, "feedfarm: feeds 1 ... %d from seed %d\n", o.changed, o.changedSeed)
	}

	ln, err := (&net.ListenConfig{}).Listen(ctx, "tcp", o.addr)
	if err != nil {
		return fmt.Errorf("listen: %w", err)
	}
	base := "http://" + ln.Addr().String()

	mux := http.NewServeMux()
	mux.Handle("/feeds/", feeds)
	mux.HandleFunc("GET /stats", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		json.NewEncoder(w).Encode(stats())
	})
	srv := &http.Server{Handler: mux, ReadHeaderTimeout: 10 * time.Second}
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()

	if o.config != "" {
		dir := o.dir
		if dir == "" {
			if dir, err = os.MkdirTemp("", "feedfarm-run-"); err != nil {
				srv.Close()
				return fmt.Errorf("work dir: %w", err)
			}
		}
		if err := writeConfig(o.config, configFor(o, base, dir)); err != nil {
			srv.Close()
			return err
		}
		fmt.Fprintf(stdout, "feedfarm: wrote %s (output and database under %s)\n", o.config, dir)
	}
	fmt.Fprintf(stdout, "feedfarm: serving %d feeds (seed %d) at %s/feeds/1 ... /feeds/%d until %s\n",
		o.n, o.seed, base, o.n, time.Now().Add(o.duration).Format(time.TimeOnly))

	timer := time.NewTimer(o.duration)
	defer timer.Stop()
	select {
	case <-ctx.Done():
	case <-timer.C:
		fmt.Fprintf(stdout, "feedfarm: -duration %s elapsed\n", o.duration)
	case err := <-errc:
		return fmt.Errorf("serve: %w", err)
	}
	sctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if err := srv.Shutdown(sctx); err != nil && !errors.Is(err, http.ErrServerClosed) {
		return fmt.Errorf("shut down: %w", err)
	}
	st := stats()
	fmt.Fprintf(stdout, "feedfarm: stopped; requests=%d ok=%d not_modified=%d not_found=%d errors=%d body_bytes=%d\n",
		st.Requests, st.OK, st.NotModified, st.NotFound, st.Errors, st.BodyBytes)
	return nil
}

// farmHandler serves feeds 1..n of the generator with seed, from bodies
// generated into cache (or a temp dir) first unless -no-cache.
func farmHandler(ctx context.Context, seed uint64, n int, o options, cache string, stdout io.Writer) (*benchfeed.Handler, func(), error) {
	g := benchfeed.New(seed)
	hopts := benchfeed.HandlerOptions{Gzip: o.gzip}
	if o.noCache {
		return benchfeed.NewHandler(g, n, hopts), func() {}, nil
	}
	dir, cleanup, err := orTemp(cache, "feedfarm-cache-")
	if err != nil {
		return nil, nil, err
	}
	start := time.Now()
	c := benchfeed.Cache{Dir: dir, Gen: g}
	if err := c.Fill(ctx, 1, n, o.gzip, runtime.GOMAXPROCS(0)); err != nil {
		cleanup()
		return nil, nil, err
	}
	fmt.Fprintf(stdout, "feedfarm: %d bodies ready in %s (%.1fs)\n", n, dir, time.Since(start).Seconds())
	hopts.CacheDir = dir
	return benchfeed.NewHandler(g, n, hopts), cleanup, nil
}

// splitHandler serves feeds 1..n from first and the others from rest.
type splitHandler struct {
	first, rest http.Handler
	n           int
}

func (s splitHandler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if i, err := strconv.Atoi(strings.TrimPrefix(r.URL.Path, "/feeds/")); err == nil && i >= 1 && i <= s.n {
		s.first.ServeHTTP(w, r)
		return
	}
	s.rest.ServeHTTP(w, r)
}

func addStats(a, b benchfeed.Stats) benchfeed.Stats {
	return benchfeed.Stats{Requests: a.Requests + b.Requests, OK: a.OK + b.OK, NotModified: a.NotModified + b.NotModified,
		NotFound: a.NotFound + b.NotFound, Errors: a.Errors + b.Errors, BodyBytes: a.BodyBytes + b.BodyBytes}
}

// orTemp returns dir, or a new temp directory that cleanup removes.
func orTemp(dir, pattern string) (string, func(), error) {
	if dir != "" {
		if err := os.MkdirAll(dir, 0o755); err != nil {
			return "", nil, fmt.Errorf("mkdir %s: %w", dir, err)
		}
		return dir, func() {}, nil
	}
	tmp, err := os.MkdirTemp("", pattern)
	if err != nil {
		return "", nil, fmt.Errorf("temp dir: %w", err)
	}
	return tmp, func() { os.RemoveAll(tmp) }, nil
}

// tributaryConfig mirrors the subset of Tributary's config keys the farm
// sets (config/README.md documents them all).
type tributaryConfig struct {
	Feed struct {
		Title  string `yaml:"title"`
		ID     string `yaml:"id"`
		Author string `yaml:"author"`
		URL    string `yaml:"url"`
	} `yaml:"feed"`
	Output struct {
		Dir        string `yaml:"dir"`
		MaxEntries int    `yaml:"max_entries"`
	} `yaml:"output"`
	Database string `yaml:"database"`
	Fetch    struct {
		Timeout     string `yaml:"timeout"`
		Concurrency int    `yaml:"concurrency"`
		PerHost     int    `yaml:"per_host"`
	} `yaml:"fetch"`
	Sources []sourceConfig `yaml:"sources"`
}

type sourceConfig struct {
	Name string `yaml:"name"`
	URL  string `yaml:"url"`
}

func configFor(o options, base, dir string) tributaryConfig {
	var c tributaryConfig
	c.Feed.Title = fmt.Sprintf("Feed farm: %d feeds, seed %d", o.n, o.seed)
	c.Feed.ID = fmt.Sprintf("tag:tributary,2026:feedfarm-%d-%d", o.seed, o.n)
	c.Feed.Author = "feedfarm"
	c.Feed.URL = "http://127.0.0.1:8080/atom.xml"
	c.Output.Dir = filepath.Join(dir, "public")
	c.Output.MaxEntries = 100
	c.Database = filepath.Join(dir, "tributary.db")
	c.Fetch.Timeout = "30s"
	c.Fetch.Concurrency = 8
	// Every feed lives on one host here, unlike in real life; the default
	// of 2 per host would measure the politeness limit, not Tributary.
	c.Fetch.PerHost = 8
	width := max(4, len(strconv.Itoa(o.n)))
	c.Sources = make([]sourceConfig, o.n)
	for i := range o.n {
		c.Sources[i] = sourceConfig{
			Name: fmt.Sprintf("feed-%0*d", width, i+1),
			URL:  base + "/feeds/" + strconv.Itoa(i+1),
		}
	}
	return c
}

// writeConfig writes c to path atomically: a script waiting for the file
// sees it whole, and only once the farm is listening.
func writeConfig(path string, c tributaryConfig) error {
	b, err := yaml.Marshal(c)
	if err != nil {
		return fmt.Errorf("config: %w", err)
	}
	b = append([]byte("# Written by feedfarm for a benchmark run; see .ci/bench.\n"), b...)
	tmp, err := os.CreateTemp(filepath.Dir(path), ".feedfarm-*.yaml")
	if err != nil {
		return fmt.Errorf("write config: %w", err)
	}
	defer os.Remove(tmp.Name())
	if _, err := tmp.Write(b); err != nil {
		tmp.Close()
		return fmt.Errorf("write config: %w", err)
	}
	if err := tmp.Close(); err != nil {
		return fmt.Errorf("write config: %w", err)
	}
	if err := os.Rename(tmp.Name(), path); err != nil {
		return fmt.Errorf("write config: %w", err)
	}
	return nil
}
