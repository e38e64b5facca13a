package main

import (
	"context"
	"flag"
	"fmt"
	"time"

	"github.com/tributary/tributary/internal/config"
	"github.com/tributary/tributary/internal/dburl"
)

func cmdCheck(ctx context.Context, e *env, args []string) error {
	c, _ := lookup("check")
	fs := flag.NewFlagSet("check", flag.ContinueOnError)
	probe := fs.Bool("probe", false, "also connect to the database and fetch each source once, reporting their health (stores nothing)")
	if _, err := e.parseFlags(c, fs, args); err != nil {
		return err
	}
	cfg, err := e.loadConfig()
	if err != nil {
		return err
	}
	printEffective(e, cfg)
	if *probe {
		dbErr := probeDatabase(ctx, e, cfg)
		if err := probeSources(ctx, e, cfg); err != nil {
			return err
		}
		return dbErr
	}
	return nil
}

func printEffective(e *env, cfg *config.Config) {
	w := e.stdout
	fmt.Fprintf(w, "# %s is valid. Effective settings:\n", cfg.File)
	fmt.Fprintf(w, "feed:\n  title: %q\n  subtitle: %q\n  id: %q\n  author: %q\n  url: %q\n  link: %q\n  hub: %q\n",
		cfg.Feed.Title, cfg.Feed.Subtitle, cfg.Feed.ID, cfg.Feed.Author, cfg.Feed.URL, cfg.Feed.Link, cfg.Feed.Hub)
	fmt.Fprintf(w, "output:\n  dir: %q\n  max_entries: %d\n  max_age: %s\n  archive_pages: %d\n",
		cfg.Output.Dir, cfg.Output.MaxEntries, dur(cfg.Output.MaxAge), cfg.Output.ArchivePages)
	fmt.Fprintf(w, "database: %q\n", dburl.Redact(cfg.Database))
	f := cfg.Fetch
	fmt.Fprintf(w, "fetch:\n  timeout: %s\n  connect_timeout: %s\n  user_agent: %q\n  concurrency: %d\n  per_host: %d\n"+
		"  max_body: %d\n  max_header: %d\n  max_redirects: %d\n  allow_private: %t\n  interval: %s\n"+
		"  min_interval: %s\n  max_interval: %s\n  redirect_adopt_after: %d\n",
		f.Timeout, f.ConnectTimeout, fetchOptions(cfg).UserAgent, f.Concurrency, f.PerHost, f.MaxBodyBytes,
		f.MaxHeaderBytes, f.MaxRedirects, f.AllowPrivate, f.Interval, f.MinInterval, f.MaxInterval, f.RedirectAdopt)
	l := cfg.Limits
	fmt.Fprintf(w, "limits:\n  entries_per_feed: %d\n  entry_size: %d\n  xml_depth: %d\n  file_size: %d\n  run_timeout: %s\n  run_memory: %d\n",
		l.EntriesPerFeed, l.EntryBytes, l.XMLDepth, l.FileBytes, l.RunTimeout, l.RunMemoryBytes)
	fmt.Fprintf(w, "serve:\n  addr: %q\n", cfg.Serve.Addr)
	fmt.Fprintf(w, "retention: # %s\n  max_age: %s\n  max_per_source: %d\n", retentionText(cfg.Retain), span(cfg.Retain.MaxAge), cfg.Retain.MaxPerSource)
	h := cfg.Health
	fmt.Fprintf(w, "health:\n  degraded_above: %g\n  failing_after: %g\n  report_after: %s\n", h.DegradedAbove, h.FailingAfter, span(h.ReportAfter))
	fmt.Fprintf(w, "sources: # %d\n", len(cfg.Sources))
	for _, s := range cfg.Sources {
		loc := "url: " + s.URL
		if s.Local() {
			loc = "path: " + s.Path
		}
		iv := s.Interval
		if iv == 0 {
			iv = cfg.Fetch.Interval
		}
		fmt.Fprintf(w, "  - name: %s\n    %s\n    enabled: %t\n    interval: %s\n", s.Name, loc, s.Enabled, iv)
	}
}

func dur(d time.Duration) string {
	if d == 0 {
		return "0 (no limit)"
	}
	return d.String()
}
