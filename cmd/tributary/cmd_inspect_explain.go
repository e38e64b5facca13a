package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"regexp"

	"github.com/tributary/tributary/internal/config"
	"github.com/tributary/tributary/internal/feed"
	"github.com/tributary/tributary/internal/fetch"
	"github.com/tributary/tributary/internal/page"
)

// inspectExplain reads one local page with the options its source would
// give it (metadata, strip patterns, boilerplate shared with its sibling
// files) and prints the reader's decision on each block.
func inspectExplain(ctx context.Context, e *env, cfg *config.Config, path, base string, asJSON bool) error {
	src, ok := sourceForFile(cfg, path)
	pattern := src.Path
	if !ok {
		src = feed.Source{Name: "inspect", Path: path, Enabled: true}
		pattern = path
	}
	files, _, err := fetch.ReadLocal(ctx, pattern, fetch.LocalOptions{MaxFileBytes: cfg.Limits.FileBytes})
	if err != nil {
		return &exitError{code: exitFailure, msg: err.Error()}
	}
	var strip []*regexp.Regexp
	for _, p := range src.Strip {
		re, err := regexp.Compile(p)
		if err != nil {
			return &exitError{code: exitFailure, msg: fmt.Sprintf("%s: strip pattern %q: %v", src.Name, p, err)}
		}
		strip = append(strip, re)
	}
	texts := map[string][]byte{}
	var data []byte
	found := false
	abs, _ := filepath.Abs(path)
	for _, f := range files {
		texts[f.Name] = f.Data
		if p, _ := filepath.Abs(f.Path); p == abs {
			data, found = f.Data, true
		}
	}
	if !found {
		data, err = os.ReadFile(path)
		if err != nil {
			return &exitError{code: exitFailure, msg: err.Error()}
		}
	}
	name := filepath.Base(path)
	meta := src.Files[name]
	if base != "" {
		meta.Link = base
	}
	ex, err := page.Explain(name, data, page.Options{BaseURL: meta.Link, Meta: meta, Strip: strip, Boilerplate: page.DetectBoilerplate(texts)})
	if err != nil {
		return &exitError{code: exitFailure, msg: fmt.Sprintf("%s: %v", path, err)}
	}
	if asJSON {
		enc := json.NewEncoder(e.stdout)
		enc.SetIndent("", "  ")
		enc.SetEscapeHTML(false)
		return enc.Encode(ex)
	}
	writeExplainText(e.stdout, path, ex)
	return nil
}

func writeExplainText(w io.Writer, path string, ex *page.Explanation) {
	fmt.Fprintf(w, "%s (%s): %d blocks\n", path, ex.Format, len(ex.Blocks))
	for _, n := range ex.Notes {
		fmt.Fprintf(w, "  note: %s\n", n)
	}
	for i, b := range ex.Blocks {
		mark := "drop"
		if b.Kept {
			mark = "keep"
		}
		fmt.Fprintf(w, "%4d %s  %-60s  [%s]\n", i+1, mark, shorten(b.Text, 60), b.Rule)
	}
}
