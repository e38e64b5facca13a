package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"net/http"
	"os"
	"slices"
	"strings"
	"text/tabwriter"
	"time"

	"golang.org/x/term"

	"github.com/tributary/tributary/internal/config"
	"github.com/tributary/tributary/internal/feed"
	"github.com/tributary/tributary/internal/store"
)

// Source statuses, as printed by 'tributary sources --json'.
const (
	statusOK           = "ok"
	statusNotModified  = "not_modified"
	statusFailing      = "failing"
	statusGone         = "gone"
	statusDisabled     = "disabled"
	statusNeverFetched = "never_fetched"
)

// sourceRow is one line of 'tributary sources', and its JSON form.
type sourceRow struct {
	Name         string     `json:"name"`
	Kind         string     `json:"kind"` // "feed" or "local"
	URL          string     `json:"url,omitempty"`
	Path         string     `json:"path,omitempty"`
	AdoptedURL   string     `json:"adopted_url,omitempty"` // a permanent redirect now fetched instead of url
	Enabled      bool       `json:"enabled"`
	Status       string     `json:"status"`
	LastAttempt  *time.Time `json:"last_attempt,omitempty"`
	LastSuccess  *time.Time `json:"last_success,omitempty"`
	FailingSince *time.Time `json:"failing_since,omitempty"`
	Failures     int        `json:"failures,omitempty"`
	HTTPStatus   int        `json:"http_status,omitempty"`
	LastError    string     `json:"last_error,omitempty"`
	Entries      int        `json:"entries"`
	Pruned       int        `json:"pruned,omitempty"`   // entries retention deleted (tombstones kept)
	NextDue      *time.Time `json:"next_due,omitempty"` // absent for local sources (read every run) and disabled ones
	Tags         []string   `json:"tags,omitempty"`
	// ClaimedBy is the worker fetching the source now (see "Outgrowing
	// one machine"); ClaimExpired says its claim lapsed unfinished.
	ClaimedBy    string `json:"claimed_by,omitempty"`
	ClaimExpired bool   `json:"claim_expired,omitempty"`
}

func cmdSources(ctx context.Context, e *env, args []string) error {
	c, _ := lookup("sources")
	fs := flag.NewFlagSet("sources", flag.ContinueOnError)
	asJSON := fs.Bool("json", false, "print JSON")
	names := fs.Bool("names", false, "print only the names, one per line (for scripts and shell completion)")
	pos, err := e.parseFlags(c, fs, args)
	if err != nil {
		return err
	}
	if len(pos) > 0 {
		return usageError("sources: takes no arguments (see 'tributary sources --help')")
	}
	cfg, err := e.loadConfig()
	if err != nil {
		return err
	}
	if *names {
		for _, s := range cfg.Sources {
			fmt.Fprintln(e.stdout, s.Name)
		}
		return nil
	}
	states := map[string]feed.SourceState{}
	counts, pruned := map[string]int{}, map[string]int{}
	claims := map[string]store.SourceClaim{}
	// A database that does not exist yet means nothing was fetched; do not
	// create one just to say so.
	db, err := openExistingDB(ctx, cfg)
	if err != nil {
		return err
	}
	if db != nil {
		defer db.Close()
		if states, err = db.SourceStates(ctx); err != nil {
			return &exitError{code: exitFailure, msg: err.Error()}
		}
		if counts, err = db.EntryCounts(ctx); err != nil {
			return &exitError{code: exitFailure, msg: err.Error()}
		}
		if pruned, err = db.TombstoneCounts(ctx); err != nil {
			return &exitError{code: exitFailure, msg: err.Error()}
		}
		if claims, err = db.SourceClaims(ctx); err != nil {
			return &exitError{code: exitFailure, msg: err.Error()}
		}
	}
	rows := sourceRows(cfg, states, counts)
	for i := range rows {
		rows[i].Pruned = pruned[rows[i].Name]
		c := claims[rows[i].Name]
		rows[i].ClaimedBy, rows[i].ClaimExpired = c.Holder, c.Expired
	}
	if *asJSON {
		enc := json.NewEncoder(e.stdout)
		enc.SetIndent("", "  ")
		if rows == nil {
			rows = []sourceRow{}
		}
		return enc.Encode(rows)
	}
	printSources(e.stdout, rows, isTerminal(e.stdout), time.Now())
	printRetention(e.stdout, cfg, rows)
	if orphans := orphanSources(cfg, states, counts); len(orphans) > 0 {
		fmt.Fprintf(e.stdout, "\nNot in the config but still stored (remove --purge NAME deletes them): %s\n", strings.Join(orphans, ", "))
	}
	return nil
}

func sourceRows(cfg *config.Config, states map[string]feed.SourceState, counts map[string]int) []sourceRow {
	var rows []sourceRow
	for _, s := range cfg.Sources {
		st := states[s.Name]
		r := sourceRow{
			Name: s.Name, Kind: "feed", URL: s.URL, Path: s.Path, Enabled: s.Enabled,
			AdoptedURL: st.AdoptedURL, Failures: st.Failures, HTTPStatus: st.LastStatus,
			LastError: st.LastError, Entries: counts[s.Name], Tags: s.Tags,
			LastAttempt: timePtr(st.LastAttempt), LastSuccess: timePtr(st.LastSuccess),
			FailingSince: timePtr(st.FailingSince),
		}
		if s.Local() {
			r.Kind = "local"
		} else if s.Enabled {
			r.NextDue = timePtr(st.NextDue)
			if r.NextDue == nil && !st.LastAttempt.IsZero() {
				r.NextDue = timePtr(st.LastAttempt)
			}
		}
		switch {
		case !s.Enabled:
			r.Status = statusDisabled
		case st.Gone:
			r.Status = statusGone
		case st.LastAttempt.IsZero():
			r.Status = statusNeverFetched
		case st.Failures > 0:
			r.Status = statusFailing
		case st.LastStatus == http.StatusNotModified:
			r.Status = statusNotModified
		default:
			r.Status = statusOK
		}
		rows = append(rows, r)
	}
	return rows
}

// orphanSources names what the database holds for sources the config no
// longer lists (removed without --purge).
func orphanSources(cfg *config.Config, states map[string]feed.SourceState, counts map[string]int) []string {
	var out []string
	for name := range states {
		if _, ok := cfg.Source(name); !ok {
			out = append(out, fmt.Sprintf("%s (%d entries)", name, counts[name]))
		}
	}
	for name, n := range counts {
		if _, ok := cfg.Source(name); !ok {
			if _, listed := states[name]; !listed {
				out = append(out, fmt.Sprintf("%s (%d entries)", name, n))
			}
		}
	}
	slices.Sort(out)
	return out
}

func timePtr(t time.Time) *time.Time {
	if t.IsZero() {
		return nil
	}
	t = t.UTC()
	return &t
}

// printSources writes the table. Failing and gone sources are marked with
// "!" (and, on a terminal, printed red) so they stand out.
func printSources(w io.Writer, rows []sourceRow, color bool, now time.Time) {
	if len(rows) == 0 {
		fmt.Fprintln(w, "No sources configured; add one with 'tributary add URL'.")
		return
	}
	// On a terminal every line starts with a colour escape of the same
	// length (red or the default colour), so tabwriter's columns stay
	// aligned, and ends with a reset outside any column.
	var red, plain, reset string
	if color {
		red, plain, reset = "\x1b[31m", "\x1b[39m", "\x1b[0m"
	}
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	// The claims column shows only while some worker fetches: a single
	// machine's table stays as it was.
	claimed := slices.ContainsFunc(rows, func(r sourceRow) bool { return r.ClaimedBy != "" })
	head := plain + "\tNAME\tKIND\tURL OR PATH\tLAST ATTEMPT\tLAST SUCCESS\tSTATUS\tENTRIES\tNEXT DUE"
	if claimed {
		head += "\tCLAIMED BY"
	}
	fmt.Fprintln(tw, head+reset)
	bad := 0
	for _, r := range rows {
		mark, start := " ", plain
		if r.Status == statusFailing || r.Status == statusGone {
			mark, start = "!", red
			bad++
		}
		loc := r.URL
		if r.Kind == "local" {
			loc = r.Path
		} else if r.AdoptedURL != "" {
			loc += " -> " + r.AdoptedURL
		}
		cols := []string{mark, r.Name, r.Kind, loc, when(r.LastAttempt), when(r.LastSuccess),
			statusText(r), entriesText(r), nextDue(r, now)}
		if claimed {
			cols = append(cols, claimText(r))
		}
		fmt.Fprintln(tw, start+strings.Join(cols, "\t")+reset)
	}
	tw.Flush()
	if bad > 0 {
		fmt.Fprintf(w, "\n%d of %d sources failing (marked !); 'tributary check --probe' tries them now.\n", bad, len(rows))
	}
}

// claimText names the worker holding a source's claim.
func claimText(r sourceRow) string {
	switch {
	case r.ClaimedBy == "":
		return "-"
	case r.ClaimExpired:
		return r.ClaimedBy + " (lapsed)"
	}
	return r.ClaimedBy
}

func statusText(r sourceRow) string {
	switch r.Status {
	case statusFailing:
		s := "failing since " + when(r.FailingSince)
		if r.Failures > 1 {
			s += fmt.Sprintf(" (%d tries)", r.Failures)
		}
		return s + ": " + shorten(trimLocation(r.LastError, r.URL, r.AdoptedURL, r.Path), 60)
	case statusGone:
		return "gone (410): remove it or fix its url"
	case statusNotModified:
		return "not modified"
	case statusNeverFetched:
		return "never fetched"
	}
	return r.Status
}

// trimLocation drops the "fetch URL: " an error starts with: the table
// shows the URL in a column of its own.
func trimLocation(msg string, locs ...string) string {
	for _, loc := range locs {
		for _, verb := range []string{"fetch ", "read "} {
			if loc != "" {
				if rest, ok := strings.CutPrefix(msg, verb+loc+": "); ok {
					return rest
				}
			}
		}
	}
	return msg
}

func nextDue(r sourceRow, now time.Time) string {
	switch {
	case !r.Enabled:
		return "-"
	case r.Kind == "local":
		return "every run"
	case r.NextDue == nil || !r.NextDue.After(now):
		return "now"
	}
	return when(r.NextDue)
}

// when formats a time for the table, in local time to the minute.
func when(t *time.Time) string {
	if t == nil {
		return "-"
	}
	return t.Local().Format("2006-01-02 15:04")
}

func shorten(s string, n int) string {
	s = strings.Join(strings.Fields(s), " ")
	if r := []rune(s); len(r) > n {
		return string(r[:n-1]) + "…"
	}
	return s
}

// isTerminal reports whether w is an interactive terminal.
func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	return ok && term.IsTerminal(int(f.Fd()))
}
