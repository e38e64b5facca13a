package main

import (
	"context"
	"fmt"
	"sync"

	"github.com/tributary/tributary/internal/aggregate"
	"github.com/tributary/tributary/internal/config"
	"github.com/tributary/tributary/internal/feed"
	"github.com/tributary/tributary/internal/fetch"
	"github.com/tributary/tributary/internal/parse"
	"github.com/tributary/tributary/internal/store"
)

// probeSources fetches every source once, concurrently, and reports its
// health; nothing is stored. A failing source makes the exit code 1.
func probeSources(ctx context.Context, e *env, cfg *config.Config) error {
	client := fetch.New(fetchOptions(cfg))
	lines := make([]string, len(cfg.Sources))
	sem := make(chan struct{}, cfg.Fetch.Concurrency)
	var wg sync.WaitGroup
	failed := 0
	var mu sync.Mutex
	for i, s := range cfg.Sources {
		wg.Add(1)
		go func() {
			defer wg.Done()
			sem <- struct{}{}
			defer func() { <-sem }()
			n, warnings, err := probeOne(ctx, client, cfg, s)
			if err != nil {
				mu.Lock()
				failed++
				mu.Unlock()
				lines[i] = fmt.Sprintf("FAIL  %-24s %s", s.Name, probeProblem(err))
				return
			}
			lines[i] = fmt.Sprintf("ok    %-24s %d entries", s.Name, n)
			for _, w := range warnings {
				lines[i] += "\n      warning: " + w
			}
		}()
	}
	wg.Wait()
	fmt.Fprintln(e.stdout, "\n# probe")
	for _, l := range lines {
		fmt.Fprintln(e.stdout, l)
	}
	if failed > 0 {
		return &exitError{code: exitFailure, msg: fmt.Sprintf("%d of %d sources failed the probe", failed, len(cfg.Sources))}
	}
	return nil
}

func probeOne(ctx context.Context, client *fetch.Client, cfg *config.Config, s feed.Source) (n int, warnings []string, err error) {
	if s.Local() {
		files, _, err := fetch.ReadLocal(ctx, s.Path, fetch.LocalOptions{MaxFileBytes: cfg.Limits.FileBytes})
		if err != nil {
			return 0, nil, err
		}
		docs, err := aggregate.ParseLocal(s, files, cfg.Limits)
		if err != nil {
			return 0, nil, err
		}
		for _, d := range docs {
			if d.Err != nil {
				return n, warnings, d.Err
			}
			n += len(d.Doc.Entries)
			warnings = append(warnings, d.Doc.Warnings...)
		}
		return n, warnings, nil
	}
	resp, err := client.Fetch(ctx, fetch.Request{URL: s.URL})
	if err != nil {
		return 0, nil, err
	}
	// The same limits as run: a feed the probe passes is one run reads.
	doc, err := parse.Feed(resp.Body, aggregate.ParseOptions(cfg.Limits, resp.URL, resp.ContentType))
	if err != nil {
		return 0, nil, fmt.Errorf("%s: %w", resp.URL, err)
	}
	return len(doc.Entries), doc.Warnings, nil
}

// probeProblem is a failed probe in plain words where fetch has them (an
// unknown host, a refused connection, a 404...), else the error itself.
func probeProblem(err error) string {
	if text, ok := explainFetch(err); ok {
		return text
	}
	return err.Error()
}

// probeDatabase connects to the configured database, changing nothing,
// and says which engine and version answered; a database that cannot be
// reached fails the probe. Names and messages never show a password.
func probeDatabase(ctx context.Context, e *env, cfg *config.Config) error {
	fmt.Fprintln(e.stdout, "\n# database")
	res, err := store.Probe(ctx, cfg.Database)
	if err != nil {
		fmt.Fprintf(e.stdout, "FAIL  %s %s: %v\n", res.Engine, res.Name, err)
		return &exitError{code: exitFailure, msg: "the database failed the probe"}
	}
	switch {
	case !res.Exists:
		fmt.Fprintf(e.stdout, "ok    %s %s does not exist yet; the first run creates it\n", res.Engine, res.Name)
	case res.Schema == 0:
		fmt.Fprintf(e.stdout, "ok    %s %s (%s), empty: the first run sets it up\n", res.Engine, res.Name, res.Version)
	default:
		fmt.Fprintf(e.stdout, "ok    %s %s (%s), schema version %d\n", res.Engine, res.Name, res.Version, res.Schema)
	}
	return nil
}
