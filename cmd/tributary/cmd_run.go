package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"runtime/pprof"

	"github.com/tributary/tributary/internal/aggregate"
)

func cmdRun(ctx context.Context, e *env, args []string) error {
	c, _ := lookup("run")
	fs := flag.NewFlagSet("run", flag.ContinueOnError)
	all := fs.Bool("all", false, "fetch every source, ignoring intervals")
	cpuprofile := fs.String("cpuprofile", "", "write a CPU profile of the run to this file (for performance work)")
	only, err := e.parseFlags(c, fs, args)
	if err != nil {
		return err
	}
	cfg, err := e.loadConfig()
	if err != nil {
		return err
	}
	for _, name := range only {
		if _, ok := cfg.Source(name); !ok {
			return usageError("run: no source named %q in %s", name, cfg.File)
		}
	}
	if *cpuprofile != "" {
		f, err := os.Create(*cpuprofile)
		if err != nil {
			return usageError("run: %v", err)
		}
		defer f.Close()
		if err := pprof.StartCPUProfile(f); err != nil {
			return usageError("run: %v", err)
		}
		defer pprof.StopCPUProfile()
	}
	ctx, cancel := context.WithTimeout(ctx, cfg.Limits.RunTimeout)
	defer cancel()
	var progress func(aggregate.Progress)
	if e.terminal() && !e.quiet {
		progress = func(p aggregate.Progress) {
			fmt.Fprintf(e.stderr, "\r\033[K[%d/%d] %s: %s", p.Done, p.Total, p.Source, p.Outcome)
			if p.Done == p.Total {
				fmt.Fprint(e.stderr, "\r\033[K")
			}
		}
	}
	app, db, err := e.openApp(ctx, cfg, progress)
	if err != nil {
		return err
	}
	defer db.Close()
	sum, err := app.Cycle(ctx, aggregate.RunOptions{All: *all, Only: only, Publish: true})
	if err != nil {
		return cycleError(err)
	}
	fmt.Fprintf(e.stderr, "tributary: %s -> %s\n", sum.Line(), cfg.Output.Dir)
	if !e.terminal() {
		// Under cron nobody reads the per-run warnings; once a day, one
		// line says which sources have been down for long.
		if line, err := app.FailingNotice(ctx); err != nil {
			fmt.Fprintf(e.stderr, "tributary: %v\n", err)
		} else if line != "" {
			fmt.Fprintf(e.stderr, "tributary: %s\n", line)
		}
	}
	return nil
}
