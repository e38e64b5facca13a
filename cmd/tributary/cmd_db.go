package main

import (
	"context"
	"errors"
	"flag"
	"fmt"

	"github.com/tributary/tributary/internal/dburl"
	"github.com/tributary/tributary/internal/store"
)

// cmdDB runs the database subcommands; there is one, copy, which moves a
// database from one engine (or file) to another.
func cmdDB(ctx context.Context, e *env, args []string) error {
	c, _ := lookup("db")
	fs := flag.NewFlagSet("db", flag.ContinueOnError)
	to := fs.String("to", "", "the new database: a postgres:// URL or the path of a SQLite file; it must be new or empty")
	rest, err := e.parseFlags(c, fs, args)
	if err != nil {
		return err
	}
	if len(rest) != 1 || rest[0] != "copy" {
		return usageError("db: want 'db copy --to URL|PATH' (see 'tributary db --help')")
	}
	if *to == "" {
		return usageError("db copy: --to names the database to copy into (see 'tributary db --help')")
	}
	if err := dburl.Check(*to); err != nil {
		return usageError("db copy: --to: %v", err)
	}
	cfg, err := e.loadConfig()
	if err != nil {
		return err
	}
	db, err := openExistingDB(ctx, cfg)
	if err != nil {
		return err
	}
	if db == nil {
		return &exitError{code: exitFailure, msg: fmt.Sprintf("db copy: nothing to copy: %s does not exist", cfg.Database)}
	}
	defer db.Close()
	counts, err := db.CopyTo(ctx, *to)
	if errors.Is(err, store.ErrForeign) || errors.Is(err, store.ErrNotEmpty) {
		return &exitError{code: exitFailure, msg: fmt.Sprintf("db copy: %v", err)}
	}
	if err != nil {
		return &exitError{code: exitFailure, msg: fmt.Sprintf("db copy: %v; the target is left without the copied rows", err)}
	}
	fmt.Fprintf(e.stdout, "copied %s to %s:\n", db.Path(), dburl.Redact(*to))
	for _, c := range counts {
		fmt.Fprintf(e.stdout, "  %-20s %d rows\n", c.Table, c.Rows)
	}
	return nil
}
