package aggregate

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"slices"
	"time"

	"github.com/tributary/tributary/internal/feed"
	"github.com/tributary/tributary/internal/store"
)

// LeaderLease names the lease under which one process at a time merges
// duplicates, reads local sources and publishes.
const LeaderLease = "leader"

// claimTTL is how long a claim lasts unrenewed: a fetch cannot outlive
// fetch.timeout, and claims are renewed every third of it while their
// worker lives, so the sources of a worker that died are free for others
// within fetch.timeout of its last renewal.
func (a *App) claimTTL() time.Duration {
	return max(a.cfg.Fetch.Timeout, time.Second)
}

// leaderTTL is how long the leader lease lasts unrenewed; it is renewed
// every third of it while the leader works.
func (a *App) leaderTTL() time.Duration {
	return max(2*a.cfg.Fetch.Timeout, 10*time.Second)
}

// fetchShare fetches this worker's share of the due remote sources: it
// claims them a batch at a time (four times as many as it fetches at
// once), on the database's clock, so that workers sharing the database
// never fetch a source twice nor at the same time. It returns once
// nothing is left to claim and no other worker holds a due source: those
// finish, or their claims lapse and are claimed here.
func (a *App) fetchShare(ctx context.Context, ro RunOptions, p plan, c *collector) error {
	if len(p.wanted) == 0 {
		return nil
	}
	if err := a.db.RegisterSources(ctx, p.wanted); err != nil {
		return err
	}
	since, err := a.db.RunStart(ctx)
	if err != nil {
		return err
	}
	q := store.ClaimQuery{Holder: a.holder, TTL: a.claimTTL(), DueBy: a.now().Add(ro.Horizon), All: ro.All, Since: since}
	if len(ro.Only) > 0 {
		q.Only = p.wanted
	} else {
		q.Skip = p.skip
	}
	byName := make(map[string]feed.Source, len(p.remote))
	for _, s := range a.sourcesFor(ro) {
		byName[s.Name] = s
	}
	due := make([]string, len(p.remote))
	for i, s := range p.remote {
		due[i] = s.Name
	}
	n := max(1, a.cfg.Fetch.Concurrency)
	// A slot is taken per claim and given back as its result reaches the
	// writer. A worker claims four times as many sources as it fetches at
	// once, when that many slots are free, and holds at most eight times
	// that: its claims are about to be fetched, and claiming waits while
	// the writer stores a batch of results (up to ingestBatchSources), so
	// the claims ahead must keep the fetchers busy meanwhile. Each claim
	// is a write transaction of its own: in a warm cycle, where every
	// source answers 304 at once, claiming as many as it fetches at once
	// took a third of the CPU (at 10,000 sources, 1,250 statements).
	slots := make(chan struct{}, 8*n)
	jobs := make(chan job, 8*n)
	renewCtx, stopRenew := context.WithCancel(ctx)
	defer stopRenew()
	go a.renewClaims(renewCtx, q.TTL)
	claimErr := make(chan error, 1)
	go func() {
		defer close(jobs)
		claimErr <- a.claimLoop(ctx, q, due, 4*n, slots, jobs, byName)
	}()
	c.run(ctx, jobs, n, func() { <-slots })
	err = <-claimErr
	if err != nil || ctx.Err() != nil {
		// Claims taken but not fetched go back at once rather than lapse.
		if rerr := a.db.ReleaseClaims(context.WithoutCancel(ctx), a.holder); rerr != nil {
			a.log.Warn("Could not release claims", "error", rerr.Error())
		}
	}
	if err != nil {
		return err
	}
	return ctx.Err()
}

// claimLoop claims due sources, size at a time as slots free up, and
// hands them to the workers, until nothing is left to claim here or
// elsewhere. It first walks the sources found due at the start in config
// order, offering size of them at a time, so that a worker alone fetches in the order it
// always did, and workers together ripple through the list, each skipping
// what another holds. Then it claims whatever is still due, most overdue
// first: sources another worker held when it walked past them, whose claims
// lapsed unfinished.
func (a *App) claimLoop(ctx context.Context, q store.ClaimQuery, due []string, size int, slots chan struct{}, jobs chan<- job, byName map[string]feed.Source) error {
	cursor := 0
	for {
		free := 0
		for free < size {
			select {
			case slots <- struct{}{}:
				free++
			case <-ctx.Done():
				for range free {
					<-slots
				}
				return ctx.Err()
			}
		}
		batch := q
		batch.Limit = free
		var window []string
		if cursor < len(due) {
			window = due[cursor:min(cursor+free, len(due))]
			batch.Only, batch.Skip = window, nil
			cursor += len(window)
		}
		claims, err := a.db.ClaimDue(ctx, batch)
		for range free - len(claims) {
			<-slots
		}
		if err != nil {
			return err
		}
		inWindow := make(map[string]int, len(window))
		for i, n := range window {
			inWindow[n] = i
		}
		slices.SortStableFunc(claims, func(x, y store.Claim) int { return cmp.Compare(inWindow[x.Source], inWindow[y.Source]) })
		for _, cl := range claims {
			src, ok := byName[cl.Source]
			if !ok {
				// Registered by a worker with another config: give it
				// back untouched.
				if _, err := a.db.SaveClaimedStates(ctx, []store.ClaimedState{{Claim: cl, State: cl.State}}); err != nil {
					return err
				}
				<-slots
				continue
			}
			st := cl.State
			cl.State = feed.SourceState{}
			jobs <- job{src: src, state: st, claim: &cl}
		}
		if len(claims) > 0 || cursor < len(due) || window != nil {
			continue
		}
		wait, err := a.othersWorking(ctx, q)
		if err != nil || wait == 0 {
			return err
		}
		// Other workers may be waiting for this one's claims just as it
		// waits for theirs: the states it batched must be saved, and
		// their claims ended, before it waits.
		select {
		case jobs <- job{flush: true}:
		case <-ctx.Done():
			return ctx.Err()
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(wait):
		}
	}
}

// othersWorking says how long to wait before claiming again when nothing
// is claimable now: zero when no other worker holds a source this cycle
// would fetch. A holder that is a dead process on this machine has its
// claims released at once.
func (a *App) othersWorking(ctx context.Context, q store.ClaimQuery) (time.Duration, error) {
	holders, expires, err := a.db.ClaimedElsewhere(ctx, q)
	if err != nil || len(holders) == 0 {
		return 0, err
	}
	for _, h := range holders {
		released, err := a.db.ReleaseAbandonedClaims(ctx, h)
		if err != nil {
			return 0, err
		}
		if released {
			a.log.Info("Took over the claims of a dead run", "holder", h)
			return time.Millisecond, nil
		}
	}
	now, err := a.db.Clock(ctx)
	if err != nil {
		return 0, err
	}
	// Poll: the other workers' claims end when they store their results,
	// usually long before they lapse.
	return min(max(time.Duration(expires-now)*time.Millisecond, 20*time.Millisecond), 250*time.Millisecond), nil
}

// renewClaims keeps this worker's claims alive until ctx ends.
func (a *App) renewClaims(ctx context.Context, ttl time.Duration) {
	t := time.NewTicker(ttl / 3)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
			if _, err := a.db.RenewClaims(ctx, a.holder, ttl); err != nil && ctx.Err() == nil {
				a.log.Warn("Could not renew claims", "error", err.Error())
			}
		}
	}
}

// lead takes the leader lease, or returns nil when another process holds
// it. The returned App writes under the lease's fencing token; stop ends
// the lease's renewal and releases it.
func (a *App) lead(ctx context.Context) (leader *App, lctx context.Context, stop func(), err error) {
	lease, err := a.db.Acquire(ctx, LeaderLease, a.holder, a.leaderTTL())
	if errors.Is(err, store.ErrLeaseHeld) {
		a.log.Debug("Another process leads; it merges and publishes", "error", err.Error())
		return nil, nil, nil, nil
	}
	if err != nil {
		return nil, nil, nil, err
	}
	l := *a
	l.db = a.db.Fenced(lease)
	l.token = lease.Token()
	lctx, cancel := context.WithCancel(ctx)
	done := make(chan struct{})
	go func() {
		defer close(done)
		ttl := a.leaderTTL()
		t := time.NewTicker(ttl / 3)
		defer t.Stop()
		for {
			select {
			case <-lctx.Done():
				return
			case <-t.C:
				if err := lease.Renew(lctx, ttl); errors.Is(err, store.ErrLeaseLost) {
					a.log.Warn("Lost the leader lease; stopping", "error", err.Error())
					cancel()
					return
				}
			}
		}
	}()
	stop = func() {
		cancel()
		<-done
		if err := lease.Release(context.WithoutCancel(ctx)); err != nil {
			a.log.Warn("Could not release the leader lease", "error", err.Error())
		}
	}
	return &l, lctx, stop, nil
}

// acquire takes the leader lease for a task that must lead (a prune),
// waiting up to the App's LockWait for the process holding it.
func (a *App) acquire(ctx context.Context) (leader *App, lctx context.Context, stop func(), err error) {
	deadline := time.Now().Add(a.wait)
	for {
		leader, lctx, stop, err := a.lead(ctx)
		if err != nil || leader != nil {
			return leader, lctx, stop, err
		}
		if time.Now().After(deadline) {
			st, _ := a.db.Lease(ctx, LeaderLease)
			return nil, nil, nil, fmt.Errorf("%w (%s holds the leader lease)", ErrBusy, st.Holder)
		}
		select {
		case <-ctx.Done():
			return nil, nil, nil, ctx.Err()
		case <-time.After(250 * time.Millisecond):
		}
	}
}
