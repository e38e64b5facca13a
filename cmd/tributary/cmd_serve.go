package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"os"
	"os/signal"
	"syscall"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"

	"github.com/tributary/tributary/internal/aggregate"
	"github.com/tributary/tributary/internal/config"
	"github.com/tributary/tributary/internal/server"
)

func cmdServe(ctx context.Context, e *env, args []string) error {
	c, _ := lookup("serve")
	fs := flag.NewFlagSet("serve", flag.ContinueOnError)
	addr := fs.String("addr", "", "listen on this address (default: serve.addr from the config, 127.0.0.1:8080)")
	rest, err := e.parseFlags(c, fs, args)
	if err != nil {
		return err
	}
	if len(rest) > 0 {
		return usageError("serve takes no arguments (got %q)", rest[0])
	}
	cfg, err := e.loadConfig()
	if err != nil {
		return err
	}
	if *addr == "" {
		*addr = cfg.Serve.Addr
	}
	log := e.daemonLogger()
	reg := prometheus.NewRegistry()
	reg.MustRegister(collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	d := &daemon{e: e, log: log, metrics: server.NewMetrics(reg), wake: make(chan struct{}, 1)}
	app, db, err := e.openAppWith(ctx, cfg, log, d.progress)
	if err != nil {
		return err
	}
	defer db.Close()
	d.db, d.cfg, d.app = db, cfg, app
	d.srv = server.New(server.Options{Dir: cfg.Output.Dir, CacheMaxAge: cacheMaxAge(cfg), Health: d.health,
		Registry: reg, Logger: log, Search: daemonSearch{d}})
	// Serve what the last run published while the first cycle runs.
	d.refreshOutputs(ctx, true)

	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		return &exitError{code: exitFailure, msg: fmt.Sprintf("serve: %v", err)}
	}
	hs := &http.Server{Handler: d.srv.Handler(), ReadHeaderTimeout: 10 * time.Second, ReadTimeout: 30 * time.Second,
		WriteTimeout: time.Minute, IdleTimeout: 2 * time.Minute, MaxHeaderBytes: 64 << 10,
		ErrorLog: slog.NewLogLogger(log.Handler(), slog.LevelDebug)}
	httpDone := make(chan error, 1)
	go func() { httpDone <- hs.Serve(ln) }()
	log.Info("Serving", "url", "http://"+ln.Addr().String()+"/", "feed", "http://"+ln.Addr().String()+"/atom.xml")
	if e.listening != nil {
		e.listening(ln.Addr().String())
	}

	hangup := e.hangup
	if hangup == nil {
		ch := make(chan os.Signal, 1)
		signal.Notify(ch, syscall.SIGHUP)
		defer signal.Stop(ch)
		hangup = ch
	}
	runCtx, stopDaemon := context.WithCancel(ctx)
	defer stopDaemon()
	go d.watchOutputs(runCtx)
	searchIndexed := d.indexForSearch(runCtx)
	daemonDone := make(chan error, 1)
	go func() {
		daemonDone <- aggregate.RunDaemon(runCtx, aggregate.DaemonOptions{
			App: d.current, Window: time.Minute, Retry: 30 * time.Second,
			Grace: cfg.Fetch.Timeout + 5*time.Second, Wake: d.wake, OnCycle: d.cycled,
		})
	}()
	for {
		select {
		case <-hangup:
			d.reload()
			continue
		case err := <-httpDone:
			stopDaemon()
			<-daemonDone
			<-searchIndexed
			return &exitError{code: exitFailure, msg: fmt.Sprintf("serve: %v", err)}
		case <-ctx.Done():
		}
		break
	}
	log.Info("Shutting down: finishing the cycle in progress")
	<-daemonDone
	<-searchIndexed
	sctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 5*time.Second)
	defer cancel()
	if err := hs.Shutdown(sctx); err != nil && !errors.Is(err, http.ErrServerClosed) {
		log.Warn("HTTP shutdown", "error", err.Error())
	}
	log.Info("Stopped")
	return nil
}

// cacheMaxAge tells caches and readers how long a copy of the outputs stays
// fresh: half the shortest fetch interval, between a minute and an hour,
// since nothing can change faster than the sources are fetched.
func cacheMaxAge(cfg *config.Config) time.Duration {
	shortest := cfg.Fetch.Interval
	for _, s := range cfg.Sources {
		if s.Enabled && s.Interval > 0 && s.Interval < shortest {
			shortest = s.Interval
		}
	}
	return min(max(shortest/2, time.Minute), time.Hour)
}
