package main

import (
	"fmt"
	"io"

	"github.com/tributary/tributary/internal/config"
)

// entriesText is the ENTRIES column: what is stored, and what retention
// has pruned when it has.
func entriesText(r sourceRow) string {
	if r.Pruned > 0 {
		return fmt.Sprintf("%d (+%d pruned)", r.Entries, r.Pruned)
	}
	return fmt.Sprint(r.Entries)
}

// printRetention says under the table what bounds the stored entries, once
// retention has pruned anything.
func printRetention(w io.Writer, cfg *config.Config, rows []sourceRow) {
	pruned := 0
	for _, r := range rows {
		pruned += r.Pruned
	}
	if pruned == 0 {
		return
	}
	fmt.Fprintf(w, "\nRetention (%s) has pruned %d entries; 'tributary prune --dry-run' shows what goes next.\n",
		retentionText(cfg.Retain), pruned)
}
