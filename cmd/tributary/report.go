package main

import (
	"fmt"
	"path/filepath"
	"strings"

	"github.com/tributary/tributary/internal/aggregate"
	"github.com/tributary/tributary/internal/config"
)

// runReport is the closing line of a run at a terminal: what was published
// and where, what failed, and how to look at the result. It leads with the
// Atom feed's path, the thing a newcomer looks for.
func runReport(cfg *config.Config, sum aggregate.Summary) string {
	atom := filepath.Join(cfg.Output.Dir, "atom.xml")
	var parts []string
	entries := plural(sum.Published, "entry", "entries")
	if sum.Wrote {
		parts = append(parts, fmt.Sprintf("published %s to %s (also rss.xml, feed.json, index.html)%s", entries, atom, riversReport(cfg)))
	} else {
		parts = append(parts, fmt.Sprintf("nothing new: %s still holds %s", atom, entries))
	}
	if sum.Inserted+sum.Updated+sum.Merged > 0 {
		parts = append(parts, fmt.Sprintf("%d new, %d updated, %d merged as duplicates", sum.Inserted, sum.Updated, sum.Merged))
	}
	if sum.Failed > 0 {
		parts = append(parts, fmt.Sprintf("%s failed; see 'tributary sources'", plural(sum.Failed, "source", "sources")))
	}
	if sum.Skipped > 0 {
		parts = append(parts, fmt.Sprintf("%s not due yet ('run --all' fetches them now)", plural(sum.Skipped, "source", "sources")))
	}
	parts = append(parts, fmt.Sprintf("view them with 'tributary serve' at http://%s/", cfg.Serve.Addr))
	return strings.Join(parts, "; ")
}

func plural(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return fmt.Sprintf("%d %s", n, many)
}
