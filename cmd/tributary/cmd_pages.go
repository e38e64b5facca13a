package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"time"

	"github.com/tributary/tributary/internal/aggregate"
	"github.com/tributary/tributary/internal/config"
	"github.com/tributary/tributary/internal/fullpost"
	"github.com/tributary/tributary/internal/htmltext"
	"github.com/tributary/tributary/internal/store"
)

// maxPageRows bounds what inspect --full lists: the newest excerpts.
const maxPageRows = 1000

// Where reading an excerpt entry's page stands.
const (
	pageArticle = "whole post"   // the page's article is published
	pageKept    = "excerpt kept" // for good at this revision of the item
	pageRetry   = "retry"        // the excerpt for now; tried again next run
	pagePending = "pending"      // not read yet
	pageOff     = "off"          // the source's full_content is off
)

type pageJSON struct {
	Source    string  `json:"source"`
	Title     string  `json:"title"`
	Link      string  `json:"link"`
	Published string  `json:"published"`
	Excerpt   string  `json:"excerpt"` // why the feed's item is taken for an excerpt
	Status    string  `json:"status"`
	Reason    string  `json:"reason,omitempty"`
	Page      string  `json:"page,omitempty"`
	Chars     int     `json:"article_chars,omitempty"`
	Tries     int     `json:"tries"`
	Checked   *string `json:"checked"`
}

// inspectFull lists the entries whose feed gives only an excerpt, and
// whether their page gave the whole post, or why not.
func inspectFull(ctx context.Context, e *env, source string, asJSON bool) error {
	cfg, err := e.loadConfig()
	if err != nil {
		return err
	}
	if _, ok := cfg.Source(source); source != "" && !ok {
		return usageError("inspect --full: no source named %q in %s", source, cfg.File)
	}
	_, db, err := e.openApp(ctx, cfg, nil)
	if err != nil {
		return err
	}
	defer db.Close()
	states, err := db.PageStates(ctx, source, maxPageRows)
	if err != nil {
		return &exitError{code: exitFailure, msg: err.Error()}
	}
	out := make([]pageJSON, 0, len(states))
	for _, s := range states {
		out = append(out, pageRow(cfg, s))
	}
	if asJSON {
		enc := json.NewEncoder(e.stdout)
		enc.SetIndent("", "  ")
		enc.SetEscapeHTML(false)
		return enc.Encode(out)
	}
	writePagesText(e.stdout, out)
	return nil
}

func pageRow(cfg *config.Config, s store.PageState) pageJSON {
	body := s.Content
	if body == "" {
		body = s.Summary
	}
	why, _ := fullpost.Excerpt(s.Content, s.Summary, htmltext.Text(body))
	p := pageJSON{Source: s.Source, Title: s.Title, Link: s.Link, Published: s.Published.UTC().Format(time.RFC3339),
		Excerpt: why, Reason: s.Reason, Page: s.URL, Chars: s.ArticleChars, Tries: s.Tries, Checked: rfc3339(&s.Checked)}
	src, _ := cfg.Source(s.Source)
	switch {
	case s.ArticleChars > 0:
		p.Status, p.Reason = pageArticle, ""
	case s.Current || s.Tries >= aggregate.MaxPageTries:
		p.Status = pageKept
	case s.Tries > 0:
		p.Status = pageRetry
	case src.FullContent:
		p.Status = pagePending
	default:
		p.Status = pageOff
	}
	return p
}

// writePagesText prints each excerpt entry in two or three lines: its
// title and source, why its item is an excerpt, and what its page gave.
func writePagesText(w io.Writer, pages []pageJSON) {
	if len(pages) == 0 {
		fmt.Fprintln(w, "No stored entry looks like an excerpt.")
		return
	}
	for i, p := range pages {
		fmt.Fprintf(w, "%d. %q (%s)\n   excerpt: %s\n", i+1, p.Title, p.Source, p.Excerpt)
		switch p.Status {
		case pageArticle:
			fmt.Fprintf(w, "   whole post published: read from %s (%d characters of HTML)\n", p.Page, p.Chars)
		case pageKept:
			fmt.Fprintf(w, "   excerpt kept: %s\n", p.Reason)
		case pageRetry:
			fmt.Fprintf(w, "   excerpt for now: %s (tried %d of %d times; again next run)\n", p.Reason, p.Tries, aggregate.MaxPageTries)
		case pagePending:
			fmt.Fprintf(w, "   page not read yet (next run)\n")
		case pageOff:
			fmt.Fprintf(w, "   excerpt published: full_content is off for this source\n")
		}
	}
}
