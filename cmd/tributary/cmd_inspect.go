package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/tributary/tributary/internal/aggregate"
	"github.com/tributary/tributary/internal/config"
	"github.com/tributary/tributary/internal/feed"
	"github.com/tributary/tributary/internal/fetch"
	"github.com/tributary/tributary/internal/htmltext"
	"github.com/tributary/tributary/internal/normalize"
	"github.com/tributary/tributary/internal/parse"
)

func cmdInspect(ctx context.Context, e *env, args []string) error {
	c, _ := lookup("inspect")
	fs := flag.NewFlagSet("inspect", flag.ContinueOnError)
	asJSON := fs.Bool("json", false, "print JSON")
	base := fs.String("base", "", "URL a local file was saved from, for resolving relative links")
	dupes := fs.Bool("dupes", false, "list the entries merged as duplicates, and why")
	explain := fs.Bool("explain", false, "for a local page: list each block kept or dropped, and the rule that decided")
	full := fs.Bool("full", false, "list the stored entries whose feed gives only an excerpt: whether their page gave the whole post, or why not (optionally of one SOURCE)")
	pos, err := e.parseFlags(c, fs, args)
	if err != nil {
		return err
	}
	if *dupes {
		return inspectDupes(ctx, e, *asJSON)
	}
	if *full {
		if len(pos) > 1 {
			return usageError("inspect --full: give at most one SOURCE name")
		}
		source := ""
		if len(pos) == 1 {
			source = pos[0]
		}
		return inspectFull(ctx, e, source, *asJSON)
	}
	if len(pos) != 1 {
		return usageError("inspect: give exactly one FILE or URL (see 'tributary inspect --help')")
	}
	if *base != "" && !strings.HasPrefix(*base, "http://") && !strings.HasPrefix(*base, "https://") {
		return usageError("inspect: --base must be an http(s) URL, got %q", *base)
	}
	cfg := e.optionalConfig()
	target := pos[0]
	if *explain {
		if strings.HasPrefix(target, "http://") || strings.HasPrefix(target, "https://") {
			return usageError("inspect: --explain reads a local page, not a URL")
		}
		return inspectExplain(ctx, e, cfg, target, *base, *asJSON)
	}
	var doc *feed.Document
	var src feed.Source
	if strings.HasPrefix(target, "http://") || strings.HasPrefix(target, "https://") {
		src = feed.Source{Name: "inspect", URL: target, Enabled: true}
		doc, err = inspectURL(ctx, cfg, target)
	} else {
		src, doc, err = inspectFile(ctx, cfg, target, *base)
	}
	if err != nil {
		return &exitError{code: exitFailure, msg: err.Error()}
	}
	for _, w := range doc.Warnings {
		fmt.Fprintf(e.stderr, "warning: %s\n", w)
	}
	// Dates are shown as the source gives them: normalisation's fallbacks
	// (updated for published, a date in the link) would hide what is missing.
	type dates struct{ published, updated *time.Time }
	given := make([]dates, len(doc.Entries))
	for i, en := range doc.Entries {
		given[i] = dates{en.Published, en.Updated}
	}
	normalize.Document(doc, src, time.Now())
	for i := range doc.Entries {
		doc.Entries[i].Published, doc.Entries[i].Updated = given[i].published, given[i].updated
	}
	if *asJSON {
		return writeInspectJSON(e.stdout, doc)
	}
	writeInspectText(e.stdout, doc)
	return nil
}

// optionalConfig loads the config if there is one, for fetch settings and
// per-file metadata; inspect works without one.
func (e *env) optionalConfig() *config.Config {
	cfg, err := e.loadConfig()
	if err != nil {
		return config.Default()
	}
	return cfg
}

func inspectURL(ctx context.Context, cfg *config.Config, target string) (*feed.Document, error) {
	client := fetch.New(fetchOptions(cfg))
	resp, err := client.Fetch(ctx, fetch.Request{URL: target})
	if err != nil {
		return nil, err
	}
	doc, err := parse.Feed(resp.Body, aggregate.ParseOptions(cfg.Limits, resp.URL, resp.ContentType))
	if err != nil {
		return nil, fmt.Errorf("%s: %w", resp.URL, err)
	}
	return doc, nil
}

// inspectFile reads a file the way its configured source would (its
// metadata, strip patterns and the boilerplate shared by its siblings), or
// on its own when no source covers it.
func inspectFile(ctx context.Context, cfg *config.Config, path, base string) (feed.Source, *feed.Document, error) {
	src, ok := sourceForFile(cfg, path)
	pattern := src.Path
	if !ok {
		src = feed.Source{Name: "inspect", Path: path, Enabled: true}
		pattern = path
	}
	files, _, err := fetch.ReadLocal(ctx, pattern, fetch.LocalOptions{MaxFileBytes: cfg.Limits.FileBytes})
	if err != nil {
		return src, nil, err
	}
	if base != "" {
		metas := make(map[string]feed.FileMeta, len(src.Files)+1)
		for k, v := range src.Files {
			metas[k] = v
		}
		m := metas[filepath.Base(path)]
		m.Link = base
		metas[filepath.Base(path)] = m
		src.Files = metas
	}
	docs, err := aggregate.ParseLocal(src, files, cfg.Limits)
	if err != nil {
		return src, nil, err
	}
	abs, _ := filepath.Abs(path)
	for _, d := range docs {
		if p, _ := filepath.Abs(d.File.Path); p == abs {
			if d.Err != nil {
				return src, nil, d.Err
			}
			return src, d.Doc, nil
		}
	}
	return src, nil, fmt.Errorf("read %s: not a readable regular file", path)
}

func sourceForFile(cfg *config.Config, path string) (feed.Source, bool) {
	abs, _ := filepath.Abs(path)
	for _, s := range cfg.Sources {
		if !s.Local() {
			continue
		}
		matches, _ := filepath.Glob(s.Path)
		if st, err := os.Stat(s.Path); err == nil && st.IsDir() {
			matches, _ = filepath.Glob(filepath.Join(s.Path, "*"))
		}
		for _, m := range matches {
			if p, _ := filepath.Abs(m); p == abs {
				return s, true
			}
		}
	}
	return feed.Source{}, false
}

type inspectEntry struct {
	ID         string   `json:"id"`
	Title      string   `json:"title"`
	Link       string   `json:"link"`
	Published  *string  `json:"published"`
	Updated    *string  `json:"updated"`
	Author     string   `json:"author"`
	Content    string   `json:"content"`
	Summary    string   `json:"summary"`
	Categories []string `json:"categories"`
}

type inspectDoc struct {
	Feed struct {
		Title string `json:"title"`
		Link  string `json:"link"`
	} `json:"feed"`
	Entries []inspectEntry `json:"entries"`
}

func rfc3339(t *time.Time) *string {
	if t == nil || t.IsZero() {
		return nil
	}
	s := t.UTC().Format(time.RFC3339)
	return &s
}

func toInspect(doc *feed.Document) inspectDoc {
	var out inspectDoc
	out.Feed.Title, out.Feed.Link = doc.Title, doc.Link
	out.Entries = []inspectEntry{}
	for _, en := range doc.Entries {
		content := en.Content
		if content == "" {
			content = en.Summary
		}
		cats := en.Categories
		if cats == nil {
			cats = []string{}
		}
		out.Entries = append(out.Entries, inspectEntry{
			ID: en.ID, Title: en.Title, Link: en.Link, Published: rfc3339(en.Published),
			Updated: rfc3339(en.Updated), Author: strings.Join(en.Authors, ", "), Content: content,
			Summary: en.Summary, Categories: cats,
		})
	}
	return out
}

func writeInspectJSON(w io.Writer, doc *feed.Document) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(toInspect(doc))
}

func writeInspectText(w io.Writer, doc *feed.Document) {
	fmt.Fprintf(w, "%s <%s>: %d entries\n", doc.Title, doc.Link, len(doc.Entries))
	for i, en := range toInspect(doc).Entries {
		date := "no date"
		if en.Published != nil {
			date = *en.Published
		}
		fmt.Fprintf(w, "\n%d. %s\n   date:   %s\n", i+1, en.Title, date)
		if en.Author != "" {
			fmt.Fprintf(w, "   author: %s\n", en.Author)
		}
		if en.Link != "" {
			fmt.Fprintf(w, "   link:   %s\n", en.Link)
		}
		if en.ID != "" {
			fmt.Fprintf(w, "   id:     %s\n", en.ID)
		}
		text := htmltext.Text(en.Content)
		short, _ := htmltext.Excerpt(htmltext.Collapse(text), 160)
		fmt.Fprintf(w, "   text:   %d characters: %s\n", len([]rune(text)), short)
	}
}
