// Package aggregate is Tributary's application layer: one cycle fetches
// the due sources with N workers, hands every result to a single writer that
// stores it, merges duplicates, and publishes the outputs. The daemon's
// scheduler loop is built on the same cycle.
package aggregate

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"runtime"
	"strings"
	"time"

	"github.com/tributary/tributary/internal/config"
	"github.com/tributary/tributary/internal/feed"
	"github.com/tributary/tributary/internal/fetch"
	"github.com/tributary/tributary/internal/store"
)

// ErrBusy is returned by a task that needs the leader lease (such as a
// prune) when another process held it for longer than the wait.
var ErrBusy = errors.New("another tributary process is merging or publishing on this database")

// Options wires an App. Nothing here is global: the command builds it.
type Options struct {
	Config   *config.Config
	DB       *store.DB
	Fetcher  *fetch.Client
	Logger   *slog.Logger
	Now      func() time.Time // injectable clock; time.Now when nil
	Version  string
	Progress func(Progress) // called from the writer goroutine; nil for none
	LockWait time.Duration  // how long a task that must lead waits for the leader lease
	// Holder names this process in claims and leases; "host:pid" when
	// empty, the form in which a dead process on this host is recognised.
	Holder string
}

// Progress reports one finished source during a cycle.
type Progress struct {
	Done, Total int
	Source      string
	Outcome     Outcome
}

// App runs cycles.
type App struct {
	cfg     *config.Config
	db      *store.DB
	fetcher *fetch.Client
	log     *slog.Logger
	now     func() time.Time
	version string
	onProg  func(Progress)
	holder  string
	wait    time.Duration
	// token is the leader lease's fencing token on the App a leader
	// writes through (see lead); 0 on others.
	token int64
	// compiled holds every configured source's patterns, compiled once
	// for this config.
	compiled map[string]sourcePatterns
	// bigBodies holds a token while a big body is parsed (holdBigBody).
	bigBodies chan struct{}
	// cores gates the cycle's CPU-bound steps, a token per core.
	cores *coreGate
}

// New builds an App from its options.
func New(o Options) *App {
	a := &App{cfg: o.Config, db: o.DB, fetcher: o.Fetcher, log: o.Logger, now: o.Now,
		version: o.Version, onProg: o.Progress, wait: o.LockWait, compiled: compileConfigPatterns(o.Config),
		bigBodies: make(chan struct{}, 1), cores: newCoreGate(runtime.GOMAXPROCS(0))}
	if a.now == nil {
		a.now = time.Now
	}
	if a.log == nil {
		a.log = slog.New(slog.DiscardHandler)
	}
	a.holder = o.Holder
	if a.holder == "" {
		host, _ := os.Hostname()
		a.holder = fmt.Sprintf("%s:%d", host, os.Getpid())
	}
	return a
}

// Holder is the name this process goes by in claims and leases.
func (a *App) Holder() string { return a.holder }

// Config is the configuration the App runs with.
func (a *App) Config() *config.Config { return a.cfg }

// CloseIdleConnections closes the fetcher's idle keep-alive connections;
// fetches in flight are not affected. A daemon that replaces its App on a
// config reload calls it on the old one, whose connections nothing else
// would reuse.
func (a *App) CloseIdleConnections() {
	if a != nil && a.fetcher != nil {
		a.fetcher.CloseIdleConnections()
	}
}

// RunOptions select what one cycle does.
type RunOptions struct {
	All     bool     // ignore intervals: fetch every enabled source
	Only    []string // restrict to these source names
	Publish bool     // write the outputs (false only for tests of ingest alone)
	// Horizon also fetches the sources that fall due within this long, so
	// that a daemon's cycle takes sources due moments apart together.
	Horizon time.Duration
}

// Outcome is what happened to one source in a cycle.
type Outcome string

// Outcomes of one source's attempt.
const (
	OutcomeOK          Outcome = "ok"
	OutcomeNotModified Outcome = "not modified"
	OutcomeFailed      Outcome = "failed"
	OutcomeSkipped     Outcome = "not due"
	OutcomeDisabled    Outcome = "disabled"
)

// Summary is the result of one cycle.
type Summary struct {
	OK, NotModified, Failed, Skipped int
	FailedNames                      []string
	Inserted, Updated, Merged        int
	Published                        int  // entries in the merged feed
	FullPosts                        int  // entries whose published text a post's page changed
	Wrote                            bool // whether outputs were written
	// Follower says another process held the leader lease: it merges
	// and publishes what this cycle stored.
	Follower bool
	// LeaderToken is the leader lease's fencing token when this cycle
	// led.
	LeaderToken int64
	Duration    time.Duration
	// grew names the sources this cycle stored new entries of: those its
	// retention trim looks at.
	grew []string
}

// Line is the one-line summary `run` prints.
func (s Summary) Line() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%d ok, %d not modified, %d failed", s.OK, s.NotModified, s.Failed)
	if s.Skipped > 0 {
		fmt.Fprintf(&b, ", %d not due", s.Skipped)
	}
	if s.Follower {
		fmt.Fprintf(&b, "; %d new, %d updated; another process merges and publishes", s.Inserted, s.Updated)
	} else {
		fmt.Fprintf(&b, "; %d new, %d updated, %d merged; %d entries published", s.Inserted, s.Updated, s.Merged, s.Published)
		if s.FullPosts > 0 {
			fmt.Fprintf(&b, "; %d full posts read from their pages", s.FullPosts)
		}
	}
	if len(s.FailedNames) > 0 {
		fmt.Fprintf(&b, "; failed: %s", strings.Join(s.FailedNames, ", "))
	}
	return b.String()
}

// Cycle runs one complete cycle: fetch this process's share of what is
// due, then, as the leader, read the local sources, merge duplicates and
// publish. Processes sharing the database claim the due sources, so that
// each is fetched by one of them; one at a time holds the leader lease.
// A cycle that finds the lease held ends after its fetches, with
// Summary.Follower set: the leader publishes what it stored.
func (a *App) Cycle(ctx context.Context, ro RunOptions) (Summary, error) {
	start := a.now()
	if ro.Publish {
		// Fail before fetching anything when the outputs cannot be written
		// (read-only directory, full disk): the database stays as it was.
		if err := a.checkOutputDir(); err != nil {
			return Summary{}, err
		}
	}
	var sum Summary
	p, err := a.plan(ctx, ro, &sum)
	if err != nil {
		return sum, err
	}
	c := &collector{a: a, sum: &sum, total: len(p.remote) + len(p.local)}
	if err := a.fetchShare(ctx, ro, p, c); err != nil {
		return sum, err
	}
	if c.err != nil {
		return sum, c.err
	}
	leader, lctx, stop, err := a.lead(ctx)
	if err != nil {
		return sum, err
	}
	if leader == nil {
		sum.Follower = true
		sum.Duration = a.now().Sub(start)
		return sum, nil
	}
	defer stop()
	sum.LeaderToken = leader.token
	if err := leader.readLocal(lctx, p, c); err != nil {
		return sum, err
	}
	a.log.Debug("Fetched and stored", "elapsed", a.now().Sub(start).String(), "changed", len(c.changed))
	// The leader alone reads posts' pages, so that each is read once
	// however many processes fetch the feeds.
	if sum.FullPosts, err = leader.fullPages(lctx, ro); err != nil {
		return sum, err
	}
	if err := leader.publishCycle(lctx, ro, &sum, start); err != nil {
		return sum, err
	}
	sum.Duration = a.now().Sub(start)
	return sum, nil
}

// readLocal reads the local sources, which only the leader does: they are
// files on its machine.
func (a *App) readLocal(ctx context.Context, p plan, c *collector) error {
	if len(p.local) == 0 {
		return nil
	}
	c.a = a
	jobs := make(chan job)
	go func() {
		defer close(jobs)
		for _, src := range p.local {
			st := p.states[src.Name]
			st.Name = src.Name
			select {
			case jobs <- job{src: src, state: st}:
			case <-ctx.Done():
				return
			}
		}
	}()
	c.run(ctx, jobs, a.cfg.Fetch.Concurrency, nil)
	if c.err != nil {
		return c.err
	}
	return ctx.Err()
}

// publishCycle is the leader's part of a cycle: merge duplicates, publish
// unless nothing changed, apply retention.
func (a *App) publishCycle(ctx context.Context, ro RunOptions, sum *Summary, start time.Time) error {
	merged, err := a.dedupe(ctx)
	if err != nil {
		return err
	}
	sum.Merged = merged
	a.log.Debug("De-duplicated", "elapsed", a.now().Sub(start).String(), "merged", merged)
	if !ro.Publish {
		return nil
	}
	stamp, err := a.publishStamp(ctx)
	if err != nil {
		return err
	}
	if n, same := a.unchangedSince(ctx, stamp); same && sum.Inserted+sum.Updated+sum.FullPosts+merged == 0 {
		sum.Published = n
		a.log.Debug("Nothing changed; outputs left as they are", "entries", n)
		if pruned := a.retainLogged(ctx, *sum, nil, start); pruned && n > 0 {
			return a.carryStamp(ctx, n)
		}
		return nil
	}
	ed, err := a.edition(ctx)
	if err != nil {
		return err
	}
	// Retention removes only what the edition does not show, so it works
	// on the database while the edition is written out.
	retained := make(chan bool, 1)
	go func() { retained <- a.retainLogged(ctx, *sum, ed.shown, start) }()
	n, err := a.publishEdition(ctx, ed)
	pruned := <-retained
	if err != nil {
		return err
	}
	if pruned {
		if stamp, err = a.publishStamp(ctx); err != nil {
			return err
		}
	}
	// Only once the outputs are written: a crash before this line makes
	// the next cycle publish again. The stamp and the outputs every
	// serving instance serves commit together.
	if err := a.storeOutputs(ctx, fmt.Sprintf("%s %d", stamp, n)); err != nil {
		return err
	}
	sum.Published, sum.Wrote = n, true
	a.log.Debug("Published", "elapsed", a.now().Sub(start).String(), "entries", n)
	return nil
}

// retainLogged runs the cycle's retention pass (see retain) and reports
// whether it may have changed the database. A pass that fails is worth a
// warning, and the next cycle tries again; it is taken as a change, since
// it may have failed after pruning.
func (a *App) retainLogged(ctx context.Context, sum Summary, shown map[int64]bool, start time.Time) bool {
	pruned, err := a.retain(ctx, sum, shown)
	if err != nil {
		a.log.Warn("Retention pass failed", "error", err.Error())
	}
	a.log.Debug("Retention pass done", "elapsed", a.now().Sub(start).String())
	return pruned > 0 || err != nil
}

func (a *App) checkOutputDir() error {
	dir := a.cfg.Output.Dir
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return fmt.Errorf("output directory %s: %w", dir, err)
	}
	f, err := os.CreateTemp(dir, ".tributary-probe-*")
	if err != nil {
		return fmt.Errorf("output directory %s is not writable: %w", dir, err)
	}
	name := f.Name()
	_, werr := f.Write(make([]byte, 64<<10))
	cerr := f.Close()
	os.Remove(name)
	if werr != nil || cerr != nil {
		return fmt.Errorf("output directory %s cannot take new files (disk full?): %w", dir, errors.Join(werr, cerr))
	}
	return nil
}

// enabledSources returns the configured sources a cycle may touch.
func (a *App) sourcesFor(ro RunOptions) []feed.Source {
	if len(ro.Only) == 0 {
		return a.cfg.Sources
	}
	want := map[string]bool{}
	for _, n := range ro.Only {
		want[n] = true
	}
	var out []feed.Source
	for _, s := range a.cfg.Sources {
		if want[s.Name] {
			out = append(out, s)
		}
	}
	return out
}
