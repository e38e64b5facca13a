package aggregate

import (
	"context"
	"sync"
	"time"

	"github.com/tributary/tributary/internal/feed"
	"github.com/tributary/tributary/internal/store"
)

// result is what a worker hands the writer for one source.
type result struct {
	src     feed.Source
	state   feed.SourceState
	records []store.Record // nil when nothing is to be stored (304, failure, unchanged)
	outcome Outcome
	err     error
}

// collect fetches and prepares every due source with bounded concurrency
// and stores the results from this goroutine alone (one writer).
func (a *App) collect(ctx context.Context, ro RunOptions, lease *store.Lease) (Summary, []int64, error) {
	var sum Summary
	states, err := a.db.SourceStates(ctx)
	if err != nil {
		return sum, nil, err
	}
	now := a.now()
	var due []feed.Source
	for _, src := range a.sourcesFor(ro) {
		st := states[src.Name]
		st.Name = src.Name
		switch {
		case !src.Enabled:
			sum.Skipped++
		case !ro.All && !src.Local() && st.NextDue.After(now.Add(ro.Horizon)):
			sum.Skipped++
		default:
			due = append(due, src)
		}
	}

	jobs := make(chan feed.Source)
	results := make(chan result)
	workers := max(1, min(a.cfg.Fetch.Concurrency, len(due)))
	var wg sync.WaitGroup
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for src := range jobs {
				st := states[src.Name]
				st.Name = src.Name
				results <- a.prepare(ctx, src, st)
			}
		}()
	}
	go func() {
		defer close(jobs)
		for _, src := range due {
			select {
			case jobs <- src:
			case <-ctx.Done():
				return
			}
		}
	}()
	go func() {
		wg.Wait()
		close(results)
	}()

	var changed []int64
	var firstErr error
	var pending []feed.SourceState // states with no entries, saved in batches
	flush := func() {
		if err := a.db.SaveSourceStates(ctx, pending); err != nil && firstErr == nil {
			firstErr = err
		}
		pending = pending[:0]
	}
	done := 0
	lastRenew := time.Now()
	for res := range results {
		done++
		if firstErr == nil {
			a.count(res, &sum)
			if res.records == nil {
				pending = append(pending, res.state)
				if len(pending) >= 100 {
					flush()
				}
			} else {
				ids, err := a.store(ctx, res, &sum)
				if err != nil {
					// A storage error (disk full, database gone) is not one
					// source's problem: stop storing, let the workers drain.
					firstErr = err
				}
				changed = append(changed, ids...)
			}
		}
		if time.Since(lastRenew) > 30*time.Second {
			_ = lease.Renew(ctx, a.cfg.Limits.RunTimeout+time.Minute, a.now())
			lastRenew = time.Now()
		}
		if a.onProg != nil {
			a.onProg(Progress{Done: done, Total: len(due), Source: res.src.Name, Outcome: res.outcome})
		}
	}
	if firstErr == nil {
		flush()
	}
	if firstErr != nil {
		return sum, changed, firstErr
	}
	return sum, changed, ctx.Err()
}

// count adds one source's outcome to the summary and logs a failure.
func (a *App) count(res result, sum *Summary) {
	switch res.outcome {
	case OutcomeFailed:
		sum.Failed++
		sum.FailedNames = append(sum.FailedNames, res.src.Name)
		// The error itself, not its text: a handler for people explains
		// it by its types. logfmt and JSON print its text as before.
		a.log.Warn("Source failed", "source", res.src.Name, "error", res.err,
			"failures", res.state.Failures)
	case OutcomeNotModified:
		sum.NotModified++
	default:
		sum.OK++
	}
}

// store writes one source's entries and state in one transaction.
func (a *App) store(ctx context.Context, res result, sum *Summary) ([]int64, error) {
	ir, err := a.db.Ingest(ctx, res.state, res.records, a.now())
	if err != nil {
		return nil, err
	}
	sum.Inserted += ir.Inserted
	sum.Updated += ir.Updated
	if ir.Inserted+ir.Updated+ir.Remapped > 0 {
		a.log.Info("Source stored", "source", res.src.Name, "new", ir.Inserted, "updated", ir.Updated,
			"remapped", ir.Remapped, "unchanged", ir.Unchanged)
	}
	return ir.Changed, nil
}
