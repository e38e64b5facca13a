package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"slices"
	"strings"
	"time"

	"github.com/tributary/tributary/internal/aggregate"
	"github.com/tributary/tributary/internal/publish"
	"github.com/tributary/tributary/internal/store"
)

// searchRow is one result of 'tributary search --json'.
type searchRow struct {
	ID         string     `json:"id"` // the post's public id, as in the feed
	Title      string     `json:"title"`
	Link       string     `json:"link,omitempty"`
	Source     string     `json:"source"`
	Published  *time.Time `json:"published,omitempty"`
	Authors    []string   `json:"authors,omitempty"`
	Categories []string   `json:"categories,omitempty"`
	// Snippet is a passage of the text around the matches; Highlights
	// are the matched words within it, in order.
	Snippet    string   `json:"snippet"`
	Highlights []string `json:"highlights,omitempty"`
	Score      float64  `json:"score"`
}

func cmdSearch(ctx context.Context, e *env, args []string) error {
	c, _ := lookup("search")
	fs := flag.NewFlagSet("search", flag.ContinueOnError)
	asJSON := fs.Bool("json", false, "print a JSON array of results")
	limit := fs.Int("limit", store.DefaultSearchLimit, fmt.Sprintf("show at most this many posts (up to %d)", store.MaxSearchLimit))
	newest := fs.Bool("newest", false, "newest first instead of best match first")
	// Everything after "--" is the query as typed, so that it may start
	// with an exclusion: tributary search -- -java go.
	var verbatim []string
	if i := slices.Index(args, "--"); i >= 0 {
		args, verbatim = args[:i], args[i+1:]
	}
	pos, err := e.parseFlags(c, fs, args)
	if err != nil {
		return err
	}
	pos = append(pos, verbatim...)
	if len(pos) == 0 {
		return usageError("search: say what to search for (see 'tributary search --help')")
	}
	if *limit < 1 {
		return usageError("search: --limit must be at least 1")
	}
	cfg, err := e.loadConfig()
	if err != nil {
		return err
	}
	text := strings.Join(pos, " ")
	// Check the query before touching the database: a typing mistake is
	// a usage error, whatever is stored.
	if _, err := store.ParseQuery(text); err != nil {
		return usageError("search: %v", err)
	}
	var results []aggregate.SearchResult
	db, err := openExistingDB(ctx, cfg)
	if err != nil {
		return err
	}
	if db != nil {
		defer db.Close()
		app := e.newApp(cfg, db, e.logger(), nil)
		_, results, err = app.Search(ctx, text, store.SearchOptions{Limit: *limit, Newest: *newest})
		if errors.Is(err, store.ErrBadQuery) {
			return usageError("search: %v", err)
		}
		if err != nil {
			return &exitError{code: exitFailure, msg: fmt.Sprintf("search: %v", err)}
		}
	}
	if *asJSON {
		return printSearchJSON(e.stdout, results)
	}
	if len(results) == 0 {
		fmt.Fprintf(e.stderr, "No posts match %s\n", text)
		return nil
	}
	printSearch(e.stdout, results, isTerminal(e.stdout))
	return nil
}

func printSearchJSON(w io.Writer, results []aggregate.SearchResult) error {
	rows := make([]searchRow, 0, len(results))
	for _, r := range results {
		row := searchRow{ID: r.Entry.ID, Title: r.Entry.Title, Link: r.Entry.Link,
			Source: sourceLabel(r.Entry.Source), Authors: r.Entry.Authors,
			Categories: r.Entry.Categories, Snippet: r.Snippet.Plain(), Score: r.Score}
		if !r.Entry.Published.IsZero() {
			t := r.Entry.Published.UTC()
			row.Published = &t
		}
		for _, s := range r.Snippet.Spans() {
			if s.Match {
				row.Highlights = append(row.Highlights, s.Text)
			}
		}
		rows = append(rows, row)
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(rows)
}

// printSearch prints each result as a date, source and title line, then
// its link and snippet, indented; on a terminal the matched words are
// bold.
func printSearch(w io.Writer, results []aggregate.SearchResult, bold bool) {
	marked := func(m store.Marked) string {
		var b strings.Builder
		for _, s := range m.Spans() {
			if s.Match && bold {
				b.WriteString("\x1b[1m" + s.Text + "\x1b[0m")
			} else {
				b.WriteString(s.Text)
			}
		}
		return strings.Join(strings.Fields(b.String()), " ")
	}
	for i, r := range results {
		if i > 0 {
			fmt.Fprintln(w)
		}
		date := "          "
		if !r.Entry.Published.IsZero() {
			date = r.Entry.Published.UTC().Format(time.DateOnly)
		}
		title := marked(r.Title)
		if title == "" {
			title = "(untitled)"
		}
		fmt.Fprintf(w, "%s  %s: %s\n", date, sourceLabel(r.Entry.Source), title)
		if r.Entry.Link != "" {
			fmt.Fprintf(w, "            %s\n", r.Entry.Link)
		}
		if s := marked(r.Snippet); s != "" {
			fmt.Fprintf(w, "            %s\n", s)
		}
	}
}

// sourceLabel names a result's source as the river page does: its title,
// else its configured name.
func sourceLabel(s publish.Source) string {
	if s.Title != "" {
		return s.Title
	}
	return s.Name
}
