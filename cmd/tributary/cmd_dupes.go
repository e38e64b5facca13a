package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"time"
)

type dupeJSON struct {
	Entry     dupeSide `json:"entry"`
	Other     dupeSide `json:"other"`
	Reason    string   `json:"reason"`
	TextSim   float64  `json:"text_similarity"`
	TitleSim  float64  `json:"title_similarity"`
	DecidedAt string   `json:"decided_at"`
}

type dupeSide struct {
	Source string `json:"source"`
	Title  string `json:"title"`
	Link   string `json:"link"`
	ID     string `json:"id"`
}

// inspectDupes explains every merge the database recorded.
func inspectDupes(ctx context.Context, e *env, asJSON bool) error {
	cfg, err := e.loadConfig()
	if err != nil {
		return err
	}
	_, db, err := e.openApp(ctx, cfg, nil)
	if err != nil {
		return err
	}
	defer db.Close()
	merges, err := db.Merges(ctx)
	if err != nil {
		return &exitError{code: exitFailure, msg: err.Error()}
	}
	out := make([]dupeJSON, 0, len(merges))
	for _, m := range merges {
		out = append(out, dupeJSON{
			Entry:  dupeSide{m.A.Source, m.A.Title, m.A.Link, m.A.PublicID},
			Other:  dupeSide{m.B.Source, m.B.Title, m.B.Link, m.B.PublicID},
			Reason: m.Reason, TextSim: m.TextSim, TitleSim: m.TitleSim,
			DecidedAt: m.DecidedAt.Format(time.RFC3339),
		})
	}
	if asJSON {
		enc := json.NewEncoder(e.stdout)
		enc.SetIndent("", "  ")
		return enc.Encode(out)
	}
	writeDupesText(e.stdout, out)
	return nil
}

// writeDupesText prints each merge in three lines: the two entries, then
// why they were merged with the similarities measured, once.
func writeDupesText(w io.Writer, merges []dupeJSON) {
	if len(merges) == 0 {
		fmt.Fprintln(w, "No duplicates merged.")
		return
	}
	for i, d := range merges {
		fmt.Fprintf(w, "%d. %q (%s)\n   = %q (%s)\n   %s; text similarity %.2f, title similarity %.2f\n",
			i+1, d.Entry.Title, d.Entry.Source, d.Other.Title, d.Other.Source, d.Reason, d.TextSim, d.TitleSim)
	}
}
