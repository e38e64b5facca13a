package aggregate

import (
	"context"
	"hash/fnv"
	"time"
)

// jitter spreads sources that share an interval over up to a tenth of it,
// so a hundred sources added on the same day do not all fall due in the
// same second forever after. The offset is derived from the source's name,
// not drawn at random: the same source keeps its slot, and schedules can be
// tested exactly.
func jitter(name string, interval time.Duration) time.Duration {
	if interval <= 0 {
		return 0
	}
	h := fnv.New64a()
	h.Write([]byte(name))
	// Whole seconds: that is what the database keeps of a time.
	return time.Duration(h.Sum64() % uint64(interval/10+1)).Truncate(time.Second)
}

// NextWake is when the daemon should run its next cycle: when the first
// enabled source falls due. Next-due times live in the database, so a
// restarted daemon picks up where it left off instead of fetching every
// source at once. A source never attempted is due now; a zero time means
// nothing is enabled.
func (a *App) NextWake(ctx context.Context) (time.Time, error) {
	states, err := a.db.SourceStates(ctx)
	if err != nil {
		return time.Time{}, err
	}
	var next time.Time
	for _, src := range a.cfg.Sources {
		if !src.Enabled {
			continue
		}
		due := states[src.Name].NextDue
		if due.IsZero() {
			due = a.now()
		}
		if next.IsZero() || due.Before(next) {
			next = due
		}
	}
	return next, nil
}

// DaemonOptions wire the scheduler loop of `serve`.
type DaemonOptions struct {
	// App returns the App to run the next cycle with; a config reload
	// swaps it between cycles.
	App func() *App
	// After is time.After unless a test injects a clock.
	After func(time.Duration) <-chan time.Time
	// Window gathers the sources falling due within this long after the
	// wake-up into the same cycle, so the outputs are re-published once
	// for them all rather than once per source.
	Window time.Duration
	// Retry is the wait after a cycle that could not run (another process
	// held the database, or an error).
	Retry time.Duration
	// Idle bounds any wait, so local files and a changed database are
	// looked at now and then even when no source is due. Zero means the
	// current app's fetch.interval, so that a reloaded config's interval
	// takes effect.
	Idle time.Duration
	// Grace is how long an in-flight cycle may go on after shutdown is
	// asked for before its fetches are cancelled.
	Grace time.Duration
	// Wake makes the loop run a cycle now (after a config reload).
	Wake <-chan struct{}
	// OnCycle, when set, sees every cycle's outcome.
	OnCycle func(Summary, error)
}

// idle is the longest wait before the next cycle for app.
func (o DaemonOptions) idle(app *App) time.Duration {
	switch {
	case o.Idle > 0:
		return o.Idle
	case app.cfg.Fetch.Interval > 0:
		return app.cfg.Fetch.Interval
	}
	return time.Hour
}

// RunDaemon runs cycles whenever sources fall due until ctx is cancelled.
// Cancellation stops the scheduling at once; a cycle in progress gets
// Grace to let its fetches finish, so the database is left between
// cycles, never in the middle of a source.
func RunDaemon(ctx context.Context, o DaemonOptions) error {
	if o.After == nil {
		o.After = time.After
	}
	for {
		app := o.App()
		sum, err := runCycle(ctx, app, o)
		if o.OnCycle != nil {
			o.OnCycle(sum, err)
		}
		if ctx.Err() != nil {
			return nil
		}
		wait := o.Retry
		if err == nil {
			wait, err = app.untilNextWake(ctx, o.idle(app))
			if err != nil {
				wait = o.Retry
			}
		}
		app.log.Debug("Next cycle", "in", wait.String())
		select {
		case <-ctx.Done():
			return nil
		case <-o.Wake:
		case <-o.After(wait):
		}
	}
}

// untilNextWake is the wait before the next cycle, within [1s, idle].
func (a *App) untilNextWake(ctx context.Context, idle time.Duration) (time.Duration, error) {
	next, err := a.NextWake(ctx)
	if err != nil {
		return 0, err
	}
	wait := idle
	if !next.IsZero() {
		wait = min(max(next.Sub(a.now()), time.Second), idle)
	}
	return wait, nil
}

// runCycle runs one cycle that survives shutdown for o.Grace.
func runCycle(ctx context.Context, app *App, o DaemonOptions) (Summary, error) {
	cctx, cancel := context.WithCancel(context.WithoutCancel(ctx))
	defer cancel()
	done := make(chan struct{})
	defer close(done)
	go func() {
		select {
		case <-done:
		case <-ctx.Done():
			select {
			case <-done:
			case <-time.After(o.Grace):
				app.log.Warn("Shutdown: cancelling the fetches still running", "grace", o.Grace.String())
				cancel()
			}
		}
	}()
	sum, err := app.Cycle(cctx, RunOptions{Publish: true, Horizon: o.Window})
	if err != nil {
		app.log.Error("Cycle failed", "error", err.Error())
	}
	return sum, err
}
