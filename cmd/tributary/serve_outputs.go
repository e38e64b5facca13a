package main

import (
	"context"
	"time"

	"github.com/tributary/tributary/internal/aggregate"
	"github.com/tributary/tributary/internal/server"
)

// outputsPoll is how often `serve` looks for outputs another instance
// published: a query of one meta row.
const outputsPoll = 2 * time.Second

// refreshOutputs serves what the database's outputs table holds when it
// changed since the last look, so that every instance sharing the database
// serves the leader's bytes, ETags and Last-Modified. On SQLite, whose
// instances share one machine, the outputs stay in the output directory
// (store.OutputsOnDisk), reloaded when the database says they changed. A
// database whose outputs were never stored (published before it kept
// them) is served from the output directory, as before, when disk says so
// (at start and after a cycle, not at every poll).
func (d *daemon) refreshOutputs(ctx context.Context, disk bool) {
	version, err := d.db.OutputsVersion(ctx)
	if err != nil {
		d.log.Warn("Could not look for new outputs", "error", err.Error())
		return
	}
	d.mu.Lock()
	cfg, seen := d.cfg, d.outputsVersion
	d.mu.Unlock()
	if version == "" {
		if !disk {
			return
		}
		if rerr := d.srv.Reload(cfg.Output.Dir); rerr != nil {
			d.log.Info("Nothing published yet", "dir", cfg.Output.Dir, "error", rerr.Error())
		}
		return
	}
	if version == seen {
		return
	}
	if d.db.OutputsOnDisk() {
		if err := d.srv.Reload(cfg.Output.Dir); err != nil {
			d.log.Error("Could not load the published outputs", "dir", cfg.Output.Dir, "error", err.Error())
			return
		}
		d.mu.Lock()
		d.outputsVersion = version
		d.mu.Unlock()
		return
	}
	stored, err := d.db.Outputs(ctx)
	if err != nil {
		d.log.Error("Could not load the published outputs", "error", err.Error())
		return
	}
	outs := make([]server.Output, len(stored))
	for i, o := range stored {
		outs[i] = server.Output{Name: o.Name, Body: o.Body, ModTime: o.LastModified}
	}
	if err := d.srv.ReloadOutputs(outs); err != nil {
		d.log.Error("Could not load the published outputs", "error", err.Error())
		return
	}
	d.mu.Lock()
	d.outputsVersion = version
	d.mu.Unlock()
}

// watchOutputs refreshes the outputs and the fleet's metrics until ctx
// ends.
func (d *daemon) watchOutputs(ctx context.Context) {
	t := time.NewTicker(outputsPoll)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
			d.refreshOutputs(ctx, false)
			d.observeFleet(ctx, nil)
		}
	}
}

// observeFleet records the claims and the leader lease in /metrics; sum,
// when set, is this instance's last cycle.
func (d *daemon) observeFleet(ctx context.Context, sum *aggregate.Summary) {
	claims, err := d.db.SourceClaims(ctx)
	if err != nil {
		return
	}
	lease, err := d.db.Lease(ctx, aggregate.LeaderLease)
	if err != nil {
		return
	}
	me := d.current().Holder()
	f := server.Fleet{Token: lease.Token}
	for _, c := range claims {
		switch {
		case c.Expired:
			f.Expired++
		default:
			f.Held++
			if c.Holder == me {
				f.Mine++
			}
		}
	}
	d.mu.Lock()
	if sum != nil {
		d.leader = !sum.Follower
	}
	f.Leader = d.leader
	d.mu.Unlock()
	d.metrics.SetFleet(f)
}
