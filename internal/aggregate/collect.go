package aggregate

import (
	"context"
	"errors"
	"sync"

	"github.com/tributary/tributary/internal/feed"
	"github.com/tributary/tributary/internal/store"
)

// job is one source for a worker to fetch and prepare.
type job struct {
	src   feed.Source
	state feed.SourceState
	claim *store.Claim // the claim it is fetched under; nil for the leader's local sources
	// flush, on a job with no source, asks the writer to save the states
	// it batched: their claims end only then, and other workers wait for
	// them.
	flush bool
}

// result is what a worker hands the writer for one source.
type result struct {
	src     feed.Source
	state   feed.SourceState
	records []store.Record // nil when nothing is to be stored (304, failure, unchanged)
	outcome Outcome
	err     error
	claim   *store.Claim
	flush   bool // no result: save the batched states now
}

// plan is what a cycle found to do at its start.
type plan struct {
	remote, local []feed.Source // due
	wanted        []string      // enabled remote sources the cycle may fetch
	skip          []string      // stored sources it never fetches
	states        map[string]feed.SourceState
}

// plan sorts the configured sources into due and skipped, as the stored
// states say at the start of the cycle. Other workers may fetch some of
// the due remote sources first: what this cycle fetches is what it claims.
func (a *App) plan(ctx context.Context, ro RunOptions, sum *Summary) (plan, error) {
	states, err := a.db.SourceStates(ctx)
	if err != nil {
		return plan{}, err
	}
	p := plan{states: states}
	now := a.now()
	for _, src := range a.sourcesFor(ro) {
		st := states[src.Name]
		st.Name = src.Name
		switch {
		case !src.Enabled:
			sum.Skipped++
		case src.Local():
			p.local = append(p.local, src)
		case !ro.All && st.NextDue.After(now.Add(ro.Horizon)):
			p.wanted = append(p.wanted, src.Name)
			sum.Skipped++
		default:
			p.wanted = append(p.wanted, src.Name)
			p.remote = append(p.remote, src)
		}
	}
	fetched := make(map[string]bool, len(p.wanted))
	for _, n := range p.wanted {
		fetched[n] = true
	}
	for name := range states {
		if !fetched[name] {
			p.skip = append(p.skip, name)
		}
	}
	return p, nil
}

// collector stores the results of one cycle's workers from one goroutine
// (one writer), counting them into the summary.
type collector struct {
	a       *App
	sum     *Summary
	total   int
	done    int
	changed []int64
	err     error                // the first storage error: storing stops
	states  []feed.SourceState   // states without entries, saved in batches
	claimed []store.ClaimedState // the same, under claims
	// batch holds results with entries, stored together (see
	// store.IngestBatch) once there are enough of them; batchBytes is
	// their text's size.
	batch      []result
	batchBytes int
	// storing, while a batch is being stored, delivers what storing it
	// did (see ingest).
	storing chan ingested
}

// A batch of results is stored once it holds this many sources or this
// much text: few enough that a killed run loses little, enough that a
// cold run commits a few dozen times rather than once per source.
const (
	ingestBatchSources = 16
	ingestBatchBytes   = 4 << 20
)

// run fetches the jobs with n workers and stores every result. release,
// when set, is called as each result arrives.
func (c *collector) run(ctx context.Context, jobs <-chan job, n int, release func()) {
	results := make(chan result)
	var wg sync.WaitGroup
	for range max(1, n) {
		wg.Go(func() {
			for j := range jobs {
				if j.flush {
					results <- result{flush: true}
					continue
				}
				res := c.a.prepare(ctx, j.src, j.state)
				res.claim = j.claim
				results <- res
			}
		})
	}
	go func() {
		wg.Wait()
		close(results)
	}()
	for res := range results {
		if res.flush {
			c.flush(ctx)
			continue
		}
		if release != nil {
			release()
		}
		c.add(ctx, res)
	}
	c.flush(ctx)
}

// add stores one result.
func (c *collector) add(ctx context.Context, res result) {
	a := c.a
	c.done++
	if c.err == nil {
		a.count(res, c.sum)
		switch {
		case res.records == nil && res.claim != nil:
			c.claimed = append(c.claimed, store.ClaimedState{Claim: *res.claim, State: res.state})
		case res.records == nil:
			c.states = append(c.states, res.state)
		default:
			c.batch = append(c.batch, res)
			c.batchBytes += recordsBytes(res.records)
			if len(c.batch) >= ingestBatchSources || c.batchBytes >= ingestBatchBytes {
				c.ingest(ctx)
			}
		}
		if len(c.states)+len(c.claimed) >= 100 {
			c.save(ctx)
		}
	}
	if a.onProg != nil {
		a.onProg(Progress{Done: c.done, Total: c.total, Source: res.src.Name, Outcome: res.outcome})
	}
}

// flush stores the batched results, saves the batched states, and waits
// until both are done.
func (c *collector) flush(ctx context.Context) {
	c.ingest(ctx)
	c.save(ctx)
	c.wait()
}

// save hands the batched states to a goroutine that saves them (ending
// their claims), as ingest does with results, and returns at once: a warm
// cycle saves a state for every source, and the workers' results keep
// flowing meanwhile.
func (c *collector) save(ctx context.Context) {
	c.wait()
	states, claimed := c.states, c.claimed
	c.states, c.claimed = nil, nil
	if len(states)+len(claimed) == 0 || c.err != nil {
		return
	}
	done := make(chan ingested, 1)
	c.storing = done
	a := c.a
	go func() { done <- a.saveStates(ctx, states, claimed) }()
}

// saveStates saves states without entries, and those fetched under
// claims, ending the claims.
func (a *App) saveStates(ctx context.Context, states []feed.SourceState, claimed []store.ClaimedState) ingested {
	if err := a.db.SaveSourceStates(ctx, states); err != nil {
		return ingested{err: err}
	}
	lost, err := a.db.SaveClaimedStates(ctx, claimed)
	for _, name := range lost {
		a.staleResult(name, store.ErrClaimLost)
	}
	return ingested{err: err}
}

// staleResult drops the result of a source whose claim lapsed while it
// was fetched: another worker has fetched it since, and its result stands.
func (a *App) staleResult(source string, err error) {
	a.log.Warn("Dropped a stale result: another worker fetched the source since", "source", source, "error", err)
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

// ingest hands the batched results to a goroutine that stores them in one
// transaction, each fenced by its source's claim or, without one, by the
// leader lease, and returns at once: the workers' results keep flowing to
// the collector (and their claim slots free up) while the batch commits.
// One batch is stored at a time; the next waits for the one before.
func (c *collector) ingest(ctx context.Context) {
	c.wait()
	batch := c.batch
	c.batch, c.batchBytes = nil, 0
	if len(batch) == 0 || c.err != nil {
		return
	}
	done := make(chan ingested, 1)
	c.storing = done
	a := c.a
	go func() { done <- a.storeBatch(ctx, batch) }()
}

// wait waits for the batch being stored, if any, and counts what it
// stored.
func (c *collector) wait() {
	if c.storing == nil {
		return
	}
	got := <-c.storing
	c.storing = nil
	c.sum.Inserted += got.inserted
	c.sum.Updated += got.updated
	c.sum.grew = append(c.sum.grew, got.grew...)
	c.changed = append(c.changed, got.changed...)
	if got.err != nil && c.err == nil {
		c.err = got.err
	}
}

// ingested is what storing one batch did.
type ingested struct {
	inserted, updated int
	changed           []int64
	grew              []string // the sources it stored new entries of
	// err is a storage error (disk full, database gone): not one source's
	// problem, so storing stops and the workers drain.
	err error
}

// storeBatch stores a batch of results (see ingest).
func (a *App) storeBatch(ctx context.Context, batch []result) ingested {
	jobs := make([]store.IngestJob, len(batch))
	for i, res := range batch {
		jobs[i] = store.IngestJob{State: res.state, Records: res.records}
		if res.claim != nil {
			jobs[i].Fence = *res.claim
		}
	}
	freeCore := a.cores.holdWriter()
	out, err := a.db.IngestBatch(ctx, jobs, a.now())
	freeCore()
	if err != nil {
		return ingested{err: err}
	}
	var got ingested
	for i, ir := range out {
		name := batch[i].src.Name
		switch {
		case errors.Is(ir.Err, store.ErrClaimLost):
			a.staleResult(name, ir.Err)
			continue
		case ir.Err != nil:
			if got.err == nil {
				got.err = ir.Err
			}
			continue
		}
		got.inserted += ir.Inserted
		if ir.Inserted > 0 {
			got.grew = append(got.grew, name)
		}
		got.updated += ir.Updated
		if ir.Inserted+ir.Updated+ir.Remapped > 0 {
			a.log.Info("Source stored", "source", name, "new", ir.Inserted, "updated", ir.Updated,
				"remapped", ir.Remapped, "unchanged", ir.Unchanged)
		}
		got.changed = append(got.changed, ir.Changed...)
	}
	return got
}

// recordsBytes is the size of the text records carry, roughly what
// holding them costs.
func recordsBytes(recs []store.Record) int {
	n := 0
	for _, r := range recs {
		n += len(r.Title) + len(r.Content) + len(r.Summary) + len(r.FullContent)
	}
	return n
}
