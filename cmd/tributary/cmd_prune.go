package main

import (
	"context"
	"flag"
	"fmt"
	"slices"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/tributary/tributary/internal/aggregate"
	"github.com/tributary/tributary/internal/config"
)

func cmdPrune(ctx context.Context, e *env, args []string) error {
	c, _ := lookup("prune")
	fs := flag.NewFlagSet("prune", flag.ContinueOnError)
	dryRun := fs.Bool("dry-run", false, "show what would be pruned, per source, and change nothing")
	pos, err := e.parseFlags(c, fs, args)
	if err != nil {
		return err
	}
	if len(pos) > 0 {
		return usageError("prune: takes no arguments (see 'tributary prune --help')")
	}
	cfg, err := e.loadConfig()
	if err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "retention: %s\n", retentionText(cfg.Retain))
	// Nothing stored yet means nothing to prune; do not create a database
	// to say so.
	db, err := openExistingDB(ctx, cfg)
	if err != nil {
		return err
	}
	if db == nil {
		fmt.Fprintf(e.stdout, "nothing stored yet (%s does not exist)\n", cfg.Database)
		return nil
	}
	defer db.Close()
	rep, err := e.newApp(cfg, db, e.logger(), nil).Prune(ctx, *dryRun)
	if err != nil {
		return cycleError(err)
	}
	printPruneReport(e, rep)
	return nil
}

// retentionText is the effective retention in words, for prune and check.
func retentionText(r config.RetentionConfig) string {
	age, per := "no age limit", "no cap per source"
	if r.MaxAge > 0 {
		age = "max_age " + span(r.MaxAge)
	}
	if r.MaxPerSource > 0 {
		per = fmt.Sprintf("max_per_source %d", r.MaxPerSource)
	}
	return age + ", " + per + "; entries the merged feed or its archive pages show are always kept"
}

// span writes a duration the way the config does: whole days as "365d",
// anything else as Go writes it; 0 means no limit.
func span(d time.Duration) string {
	switch {
	case d == 0:
		return "0 (no limit)"
	case d%(24*time.Hour) == 0:
		return fmt.Sprintf("%dd", d/(24*time.Hour))
	}
	return d.String()
}

func printPruneReport(e *env, rep aggregate.PruneReport) {
	names := make([]string, 0, len(rep.BySource))
	for name := range rep.BySource {
		names = append(names, name)
	}
	slices.Sort(names)
	if len(names) > 0 {
		tw := tabwriter.NewWriter(e.stdout, 0, 0, 2, ' ', 0)
		fmt.Fprintln(tw, "SOURCE\tENTRIES")
		for _, name := range names {
			fmt.Fprintf(tw, "%s\t%d\n", name, rep.BySource[name])
		}
		tw.Flush()
	}
	verb := "pruned"
	if rep.DryRun {
		verb = "would prune"
	}
	var b strings.Builder
	fmt.Fprintf(&b, "%s %d entries (%d posts) from %d sources; %d stay", verb, rep.Entries, rep.Posts, len(names), rep.Kept)
	if !rep.DryRun && rep.Reclaimed > 0 {
		fmt.Fprintf(&b, "; the database file is %s smaller", humanBytes(rep.Reclaimed))
	}
	fmt.Fprintln(e.stdout, b.String())
}

func humanBytes(n int64) string {
	switch {
	case n >= 1<<30:
		return fmt.Sprintf("%.1f GiB", float64(n)/(1<<30))
	case n >= 1<<20:
		return fmt.Sprintf("%.1f MiB", float64(n)/(1<<20))
	case n >= 1<<10:
		return fmt.Sprintf("%.1f KiB", float64(n)/(1<<10))
	}
	return fmt.Sprintf("%d bytes", n)
}
