package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io/fs"
	"os"

	"github.com/tributary/tributary/internal/config"
	"github.com/tributary/tributary/internal/configedit"
	"github.com/tributary/tributary/internal/dburl"
	"github.com/tributary/tributary/internal/feed"
	"github.com/tributary/tributary/internal/store"
)

func cmdRemove(ctx context.Context, e *env, args []string) error {
	c, _ := lookup("remove")
	flags := flag.NewFlagSet("remove", flag.ContinueOnError)
	purge := flags.Bool("purge", false, "also delete the source's stored entries now")
	pos, err := e.parseFlags(c, flags, args)
	if err != nil {
		return err
	}
	if len(pos) != 1 {
		return usageError("remove: give exactly one source NAME or URL (see 'tributary remove --help')")
	}
	cfg, err := e.loadConfig()
	if err != nil {
		return err
	}
	src, ok := findSource(cfg, pos[0])
	if !ok {
		if *purge {
			// Removed earlier without --purge: its entries can still go.
			return purgeOnly(ctx, e, cfg, pos[0])
		}
		return usageError("remove: no source named %q or with that URL or path in %s (see 'tributary sources')", pos[0], cfg.File)
	}
	for _, s := range cfg.Sources {
		if s.AliasOf == src.Name {
			return usageError("remove: source %s says alias_of: %s; remove it or change its alias_of first", s.Name, src.Name)
		}
	}
	if err := editConfig(cfg, func(old []byte) ([]byte, error) { return configedit.RemoveSource(old, src.Name) }); err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "removed %s from %s\n", src.Name, cfg.File)
	db, err := openExistingDB(ctx, cfg)
	if err != nil || db == nil {
		return err
	}
	defer db.Close()
	if *purge {
		n, err := db.DeleteSource(ctx, src.Name)
		if err != nil {
			return &exitError{code: exitFailure, msg: fmt.Sprintf("remove: the source is out of the config but its entries are not deleted: %v (run 'tributary remove --purge %s' again)", err, src.Name)}
		}
		fmt.Fprintf(e.stdout, "deleted its %d stored entries\n", n)
		return nil
	}
	counts, err := db.EntryCounts(ctx)
	if err != nil {
		return &exitError{code: exitFailure, msg: err.Error()}
	}
	if n := counts[src.Name]; n > 0 {
		fmt.Fprintf(e.stdout, "its %d stored entries stay in the database, and in the merged feed until newer posts push them out;\n"+
			"'tributary remove --purge %s' deletes them now\n", n, src.Name)
	}
	return nil
}

// findSource finds a configured source by name, then by feed URL (in
// canonical form), then by local path.
func findSource(cfg *config.Config, arg string) (feed.Source, bool) {
	if s, ok := cfg.Source(arg); ok {
		return s, true
	}
	if s, ok := sourceByURL(cfg.Sources, arg); ok {
		return s, true
	}
	for _, s := range cfg.Sources {
		if s.Local() && samePath(s.Path, arg) {
			return s, true
		}
	}
	return feed.Source{}, false
}

// purgeOnly deletes what the database holds for a source no longer in the
// config.
func purgeOnly(ctx context.Context, e *env, cfg *config.Config, name string) error {
	db, err := openExistingDB(ctx, cfg)
	if err != nil {
		return err
	}
	if db != nil {
		defer db.Close()
		states, err := db.SourceStates(ctx)
		if err != nil {
			return &exitError{code: exitFailure, msg: err.Error()}
		}
		if _, ok := states[name]; ok {
			n, err := db.DeleteSource(ctx, name)
			if err != nil {
				return &exitError{code: exitFailure, msg: fmt.Sprintf("remove: %v", err)}
			}
			fmt.Fprintf(e.stdout, "%s is not in %s; deleted its %d stored entries\n", name, cfg.File, n)
			return nil
		}
	}
	return usageError("remove: no source named %q in %s or in the database", name, cfg.File)
}

// openExistingDB opens the database if it exists, and returns nil if it
// does not: reading commands should not create one.
func openExistingDB(ctx context.Context, cfg *config.Config) (*store.DB, error) {
	if _, err := os.Stat(cfg.Database); !dburl.IsPostgres(cfg.Database) && errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	db, err := store.Open(ctx, cfg.Database)
	if err != nil {
		return nil, &exitError{code: exitFailure, msg: err.Error()}
	}
	return db, nil
}
