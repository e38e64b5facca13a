package main

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/netip"
	"runtime/debug"
	"time"

	"github.com/tributary/tributary/internal/aggregate"
	"github.com/tributary/tributary/internal/config"
	"github.com/tributary/tributary/internal/fetch"
	"github.com/tributary/tributary/internal/store"
)

// openApp builds the application from a config: database, fetcher, app.
// The caller closes the returned database.
func (e *env) openApp(ctx context.Context, cfg *config.Config, progress func(aggregate.Progress)) (*aggregate.App, *store.DB, error) {
	return e.openAppWith(ctx, cfg, e.logger(), progress)
}

func (e *env) openAppWith(ctx context.Context, cfg *config.Config, log *slog.Logger, progress func(aggregate.Progress)) (*aggregate.App, *store.DB, error) {
	db, err := store.Open(ctx, cfg.Database)
	if err != nil {
		return nil, nil, &exitError{code: exitFailure, msg: err.Error()}
	}
	if cfg.Limits.RunMemoryBytes > 0 {
		debug.SetMemoryLimit(cfg.Limits.RunMemoryBytes)
	}
	return e.newApp(cfg, db, log, progress), db, nil
}

// newApp wires an App over an open database.
func (e *env) newApp(cfg *config.Config, db *store.DB, log *slog.Logger, progress func(aggregate.Progress)) *aggregate.App {
	return aggregate.New(aggregate.Options{
		Config:   cfg,
		DB:       db,
		Fetcher:  fetch.New(fetchOptions(cfg)),
		Logger:   log,
		Version:  version,
		Progress: progress,
		LockWait: 10 * time.Second,
	})
}

func fetchOptions(cfg *config.Config) fetch.Options {
	ua := cfg.Fetch.UserAgent
	if ua == "" {
		ua = "Tributary/" + version + " (+https://github.com/tributary/tributary)"
	}
	redirects := cfg.Fetch.MaxRedirects
	if redirects == 0 {
		// In the config 0 means what it says; fetch reads 0 as "default".
		redirects = -1
	}
	return fetch.Options{
		Timeout:        cfg.Fetch.Timeout,
		ConnectTimeout: cfg.Fetch.ConnectTimeout,
		UserAgent:      ua,
		MaxBodyBytes:   cfg.Fetch.MaxBodyBytes,
		MaxHeaderBytes: cfg.Fetch.MaxHeaderBytes,
		MaxRedirects:   redirects,
		PerHost:        cfg.Fetch.PerHost,
		AllowPrivate:   cfg.Fetch.AllowPrivate,
		Resolver:       resolver(cfg.Fetch.Hosts),
	}.WithDefaults()
}

// resolver is the system's resolver behind the config's pinned host names,
// or nil (the default) when none are pinned.
func resolver(hosts map[string][]netip.Addr) fetch.Resolver {
	if len(hosts) == 0 {
		return nil
	}
	return fetch.PinnedResolver{Pins: fetch.Pins(hosts)}
}

// cycleError maps a failed cycle to an exit code.
func cycleError(err error) error {
	if errors.Is(err, aggregate.ErrBusy) {
		return &exitError{code: exitBusy, msg: err.Error() + "; try again later"}
	}
	return &exitError{code: exitFailure, msg: fmt.Sprintf("nothing published: %v", err)}
}
