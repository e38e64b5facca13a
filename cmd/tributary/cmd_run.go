package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"runtime/pprof"

	"github.com/tributary/tributary/internal/aggregate"
	"github.com/tributary/tributary/internal/termui"
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
	human := e.human()
	log := e.logger()
	var bar *termui.Progress
	var progress func(aggregate.Progress)
	if human && !e.quiet {
		bar = termui.StartProgress(e.stderr)
		// Stop is idempotent: this one clears the bar before main prints
		// an error; the one below before the summary.
		defer bar.Stop()
		log = e.loggerTo(bar.Log())
		progress = func(p aggregate.Progress) { bar.Step(p.Done, p.Total, barOutcome(p.Outcome)) }
	}
	app, db, err := e.openAppWith(ctx, cfg, log, progress)
	if err != nil {
		return err
	}
	defer db.Close()
	sum, err := app.Cycle(ctx, aggregate.RunOptions{All: *all, Only: only, Publish: true})
	if bar != nil {
		bar.Stop()
	}
	if err != nil {
		return cycleError(err)
	}
	if human {
		fmt.Fprintln(e.stderr, runReport(cfg, sum))
		return nil
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

// barOutcome is how the progress bar counts a source's outcome.
func barOutcome(o aggregate.Outcome) termui.Outcome {
	switch o {
	case aggregate.OutcomeFailed:
		return termui.OutcomeFailed
	case aggregate.OutcomeNotModified:
		return termui.OutcomeNotModified
	}
	return termui.OutcomeOK
}
