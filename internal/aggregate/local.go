package aggregate

import (
	"context"
	"fmt"
	"path/filepath"
	"regexp"
	"strings"

	"github.com/tributary/tributary/internal/config"
	"github.com/tributary/tributary/internal/feed"
	"github.com/tributary/tributary/internal/fetch"
	"github.com/tributary/tributary/internal/page"
	"github.com/tributary/tributary/internal/parse"
	"github.com/tributary/tributary/internal/store"
)

// feedExtensions are local files read as feed documents.
var feedExtensions = map[string]bool{".xml": true, ".rss": true, ".atom": true, ".json": true, ".rdf": true}

func (a *App) prepareLocal(ctx context.Context, src feed.Source, st feed.SourceState) result {
	now := a.now()
	st.LastAttempt = now
	st.URL = ""
	files, warnings, err := fetch.ReadLocal(ctx, src.Path, fetch.LocalOptions{MaxFileBytes: a.cfg.Limits.FileBytes})
	for _, w := range warnings {
		a.log.Warn("Skipping local file", "source", src.Name, "error", w.Error())
	}
	if err != nil {
		return a.failed(src, st, fmt.Errorf("read %s: %w", src.Path, err), 0, 0)
	}
	hash := inputHash(src, a.cfg.Limits, localInput(files)...)
	if hash == st.InputHash {
		a.succeeded(src, &st)
		return result{src: src, state: st, outcome: OutcomeNotModified}
	}
	pats := a.patterns(src)
	if pats.err != nil {
		return a.failed(src, st, pats.err, 0, 0)
	}
	freeCore, err := a.cores.hold(ctx)
	if err != nil {
		return a.failed(src, st, err, 0, 0)
	}
	defer freeCore()
	docs := parseLocal(src, files, a.cfg.Limits, pats.strip)
	var recs []store.Record
	failedFiles := 0
	for _, fd := range docs {
		if fd.Err != nil {
			failedFiles++
			a.log.Warn("Skipping local file", "source", src.Name, "file", fd.File.Path, "error", fd.Err.Error())
			continue
		}
		logParseWarnings(a.log, src, fd.File.Path, fd.Doc)
		meta := src.Files[fd.File.Name]
		o := origin{
			title: firstNonEmpty(meta.SiteName, src.Title, fd.Doc.Title, src.Name),
			link:  firstNonEmpty(meta.SiteLink, src.Link, fd.Doc.Link),
		}
		recs = append(recs, a.records(ctx, src, fd.Doc, o)...)
	}
	if failedFiles == len(files) && len(files) > 0 {
		return a.failed(src, st, fmt.Errorf("read %s: none of its %d files could be read", src.Path, len(files)), 0, 0)
	}
	st.InputHash = hash
	st.FeedTitle, st.FeedLink = firstNonEmpty(src.Title, src.Name), src.Link
	a.succeeded(src, &st)
	return result{src: src, state: st, records: recs, outcome: OutcomeOK}
}

// FileDoc is one local file and what it parsed into.
type FileDoc struct {
	File fetch.File
	Doc  *feed.Document
	Err  error // why this file yielded nothing
}

// ParseLocal parses a local source's files: feed documents with the feed
// parser, pages with the page reader, after detecting the boilerplate that
// repeats across the source's pages. A file that fails is reported in its
// FileDoc and never stops the others.
func ParseLocal(src feed.Source, files []fetch.File, lim config.LimitsConfig) ([]FileDoc, error) {
	strip, err := compileAll(src.Strip)
	if err != nil {
		return nil, fmt.Errorf("%s: strip patterns: %w", src.Name, err)
	}
	return parseLocal(src, files, lim, strip), nil
}

// parseLocal is ParseLocal with the strip patterns compiled.
func parseLocal(src feed.Source, files []fetch.File, lim config.LimitsConfig, strip []*regexp.Regexp) []FileDoc {
	texts := map[string][]byte{}
	for _, f := range files {
		if !isFeedFile(f) {
			texts[f.Name] = f.Data
		}
	}
	boiler := page.DetectBoilerplate(texts)
	out := make([]FileDoc, 0, len(files))
	for _, f := range files {
		meta := src.Files[f.Name]
		// A page's base is the URL it was saved from: it becomes the post's
		// link, so the site's home page must not stand in for it.
		base := meta.Link
		var doc *feed.Document
		var err error
		if isFeedFile(f) {
			doc, err = parse.Feed(f.Data, ParseOptions(lim, base, ""))
		} else {
			doc, err = page.Parse(f.Name, f.Data, page.Options{BaseURL: base, Meta: meta, Strip: strip, Boilerplate: boiler})
		}
		if err != nil {
			out = append(out, FileDoc{File: f, Err: fmt.Errorf("%s: %w", f.Path, err)})
			continue
		}
		for i := range doc.Entries {
			doc.Entries[i].File = f.Name
		}
		out = append(out, FileDoc{File: f, Doc: doc})
	}
	return out
}

func isFeedFile(f fetch.File) bool {
	return feedExtensions[strings.ToLower(filepath.Ext(f.Name))] || parse.Sniff(f.Data)
}

// localInput is a local source's files as the parts of its input.
func localInput(files []fetch.File) []inputPart {
	parts := make([]inputPart, len(files))
	for i, f := range files {
		parts[i] = inputPart{name: f.Name, data: f.Data}
	}
	return parts
}
