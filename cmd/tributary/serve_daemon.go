package main

import (
	"context"
	"fmt"
	"log/slog"
	"strings"
	"sync"
	"time"

	"github.com/tributary/tributary/internal/aggregate"
	"github.com/tributary/tributary/internal/config"
	"github.com/tributary/tributary/internal/dburl"
	"github.com/tributary/tributary/internal/server"
	"github.com/tributary/tributary/internal/store"
)

// daemon is the state `serve` shares between its scheduler, its HTTP
// handlers and SIGHUP: the current config and App, and how the last cycles
// went.
type daemon struct {
	e       *env
	log     *slog.Logger
	db      *store.DB
	srv     *server.Server
	metrics *server.Metrics
	wake    chan struct{}

	mu          sync.Mutex
	cfg         *config.Config
	app         *aggregate.App
	lastCycle   time.Time
	lastSuccess time.Time
	lastErr     error
	failing     int
	sources     aggregate.SourcesHealth
	// outputsVersion is the version of the stored outputs being served.
	outputsVersion string
	// leader: this instance led its last cycle.
	leader bool
}

// current is the App the next cycle runs with.
func (d *daemon) current() *aggregate.App {
	d.mu.Lock()
	defer d.mu.Unlock()
	return d.app
}

func (d *daemon) progress(p aggregate.Progress) {
	d.metrics.ObserveFetch(strings.ReplaceAll(string(p.Outcome), " ", "_"))
}

// cycled records a finished cycle: health, metrics, and the server's copy
// of the outputs.
func (d *daemon) cycled(sum aggregate.Summary, err error) {
	d.mu.Lock()
	cfg := d.cfg
	d.lastCycle, d.lastErr = time.Now(), err
	if err == nil {
		d.lastSuccess = d.lastCycle
	}
	d.mu.Unlock()
	d.metrics.ObserveCycle(sum.Duration, err == nil, sum.Published)
	if err != nil {
		return
	}
	d.refreshOutputs(context.Background(), true)
	d.observeFleet(context.Background(), &sum)
	states, serr := d.db.SourceStates(context.Background())
	if serr != nil {
		return
	}
	// Failing counts sources whose last attempt failed, whether or not
	// this cycle tried them again: a source backing off is still down.
	failing := 0
	for _, s := range cfg.Sources {
		st := states[s.Name]
		d.metrics.SetSource(s.Name, st.LastSuccess, st.Failures)
		if s.Enabled && st.Failures > 0 {
			failing++
		}
	}
	sh := d.current().SourcesHealth(states)
	d.metrics.SetFailingRatio(sh.Ratio())
	d.mu.Lock()
	d.failing, d.sources = failing, sh
	d.mu.Unlock()
	if sum.Failed > 0 || sum.OK > 0 {
		d.log.Info("Cycle done", "summary", sum.Line(), "took", sum.Duration.Round(time.Millisecond).String())
	}
}

// health is /healthz's view: healthy while the last cycle succeeded, the
// last success is no older than two scheduling intervals, and not every
// remote source is down (see aggregate.SourcesHealth); degraded, still
// 200, when many of them are failing.
func (d *daemon) health() server.Health {
	d.mu.Lock()
	defer d.mu.Unlock()
	h := server.Health{LastCycle: d.lastCycle, LastSuccess: d.lastSuccess, SourcesFailing: d.failing}
	window := 2 * d.cfg.Fetch.Interval
	switch {
	case d.lastCycle.IsZero():
		h.Status, h.Message = "starting", "the first cycle has not finished yet"
	case d.lastErr != nil:
		h.Status, h.Message = "failing", d.lastErr.Error()
	case time.Since(d.lastSuccess) > window:
		h.Status, h.Message = "stale", fmt.Sprintf("no successful cycle for more than %s", window)
	case d.sources.State == aggregate.HealthFailing:
		h.Status, h.Message = server.StatusFailing, d.sources.Message
	case d.sources.State == aggregate.HealthDegraded:
		h.Status, h.OK, h.Message = server.StatusDegraded, true, d.sources.Message
	default:
		h.Status, h.OK = "ok", true
		if d.failing > 0 {
			h.Message = fmt.Sprintf("%d sources failing (see tributary sources)", d.failing)
		}
	}
	return h
}

// reload re-reads the config on SIGHUP. A config that does not load is
// reported and the old one kept; a good one takes effect from the next
// cycle, which starts at once so that new sources are fetched now.
func (d *daemon) reload() {
	d.mu.Lock()
	old := d.cfg
	d.mu.Unlock()
	cfg, err := d.e.loadConfig()
	if err != nil {
		d.log.Error("Config reload failed; keeping the running config", "error", configMessage(err))
		return
	}
	if cfg.Database != old.Database {
		d.log.Warn("database.path changed; the running daemon keeps its database until restarted",
			"running", dburl.Redact(old.Database), "new", dburl.Redact(cfg.Database))
		cfg.Database = old.Database
	}
	if cfg.Serve.Addr != old.Serve.Addr {
		d.log.Warn("serve.addr changed; it takes effect on restart", "running", old.Serve.Addr, "new", cfg.Serve.Addr)
	}
	app := d.e.newApp(cfg, d.db, d.log, d.progress)
	d.mu.Lock()
	oldApp := d.app
	d.cfg, d.app = cfg, app
	d.mu.Unlock()
	oldApp.CloseIdleConnections()
	for _, s := range old.Sources {
		if _, ok := cfg.Source(s.Name); !ok {
			d.metrics.ForgetSource(s.Name)
		}
	}
	d.log.Info("Config reloaded", "file", cfg.File, "sources", len(cfg.Sources))
	select {
	case d.wake <- struct{}{}:
	default:
	}
}

// configMessage is the text of a config error on one line.
func configMessage(err error) string {
	if ex, ok := err.(*exitError); ok {
		return ex.msg
	}
	return err.Error()
}
