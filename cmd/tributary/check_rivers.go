package main

import (
	"fmt"
	"io"
	"path/filepath"
	"strings"

	"github.com/tributary/tributary/internal/config"
)

// printRivers lists the rivers with their effective metadata and
// selection, as `check` shows them.
func printRivers(w io.Writer, rivers []config.River) {
	if len(rivers) == 0 {
		return
	}
	fmt.Fprintf(w, "rivers: # %d\n", len(rivers))
	list := func(v []string) string {
		q := make([]string, len(v))
		for i, s := range v {
			q[i] = fmt.Sprintf("%q", s)
		}
		return "[" + strings.Join(q, ", ") + "]"
	}
	for _, r := range rivers {
		fmt.Fprintf(w, "  - name: %s\n    title: %q\n    id: %q\n    url: %q\n    link: %q\n    max_entries: %d\n",
			r.Name, r.Title, r.ID, r.URL, r.Link, r.MaxEntries)
		if !r.Selective() {
			fmt.Fprintf(w, "    # every source\n")
		}
		for _, l := range []struct {
			key string
			v   []string
		}{{"sources", r.Sources}, {"tags", r.Tags}, {"include", r.Include}, {"exclude", r.Exclude}} {
			if len(l.v) > 0 {
				fmt.Fprintf(w, "    %s: %s\n", l.key, list(l.v))
			}
		}
	}
}

// riversReport is what the closing line of a run adds about the rivers
// it wrote: where they are.
func riversReport(cfg *config.Config) string {
	if len(cfg.Rivers) == 0 {
		return ""
	}
	dirs := make([]string, len(cfg.Rivers))
	for i, r := range cfg.Rivers {
		dirs[i] = filepath.Join(cfg.Output.Dir, r.Name) + string(filepath.Separator)
	}
	return fmt.Sprintf(" and %s to %s", plural(len(cfg.Rivers), "river", "rivers"), strings.Join(dirs, ", "))
}
