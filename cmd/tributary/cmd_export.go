package main

import (
	"context"
	"flag"
	"fmt"
	"strings"

	"github.com/tributary/tributary/internal/opml"
)

func cmdExport(_ context.Context, e *env, args []string) error {
	c, _ := lookup("export")
	fs := flag.NewFlagSet("export", flag.ContinueOnError)
	pos, err := e.parseFlags(c, fs, args)
	if err != nil {
		return err
	}
	if len(pos) > 0 {
		return usageError("export: takes no arguments; redirect standard output to a file (see 'tributary export --help')")
	}
	cfg, err := e.loadConfig()
	if err != nil {
		return err
	}
	if err := opml.Write(e.stdout, cfg.Feed.Title, cfg.Sources); err != nil {
		return &exitError{code: exitFailure, msg: fmt.Sprintf("export: %v", err)}
	}
	var local []string
	for _, s := range cfg.Sources {
		if s.Local() {
			local = append(local, s.Name)
		}
	}
	if len(local) > 0 && !e.quiet {
		fmt.Fprintf(e.stderr, "tributary: export: left out %d local source(s) (%s): OPML lists feeds only\n", len(local), strings.Join(local, ", "))
	}
	return nil
}
