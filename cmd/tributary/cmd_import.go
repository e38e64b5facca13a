package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"net/url"
	"os"
	"slices"
	"strings"

	"github.com/tributary/tributary/internal/config"
	"github.com/tributary/tributary/internal/configedit"
	"github.com/tributary/tributary/internal/normalize"
	"github.com/tributary/tributary/internal/opml"
)

func cmdImport(_ context.Context, e *env, args []string) error {
	c, _ := lookup("import")
	fs := flag.NewFlagSet("import", flag.ContinueOnError)
	dryRun := fs.Bool("dry-run", false, "say what would be added without changing the config")
	pos, err := e.parseFlags(c, fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 1 {
		return usageError("import: give exactly one OPML file, or - for standard input (see 'tributary import --help')")
	}
	cfg, err := e.loadConfig()
	if err != nil {
		return err
	}
	var r io.Reader = e.stdin
	if pos[0] != "-" {
		f, err := os.Open(pos[0])
		if err != nil {
			return &exitError{code: exitFailure, msg: fmt.Sprintf("import: %v", err)}
		}
		defer f.Close()
		r = f
	}
	doc, err := opml.Parse(r)
	if err != nil {
		return &exitError{code: exitFailure, msg: fmt.Sprintf("import %s: %v", pos[0], err)}
	}
	plan := planImport(cfg, doc)
	w := e.stdout
	for _, s := range plan.skipped {
		fmt.Fprintf(w, "skipped %s\n", s)
	}
	if len(plan.specs) == 0 {
		fmt.Fprintf(w, "nothing to import from %s (%d feeds, %d skipped)\n", pos[0], len(doc.Feeds), len(plan.skipped))
		return nil
	}
	for _, s := range plan.specs {
		fmt.Fprintf(w, "+ %s: %s", s.Name, s.URL)
		if len(s.Tags) > 0 {
			fmt.Fprintf(w, " [%s]", strings.Join(s.Tags, ", "))
		}
		fmt.Fprintln(w)
	}
	if *dryRun {
		fmt.Fprintf(w, "would import %d feeds from %s into %s (dry run; nothing written)\n", len(plan.specs), pos[0], cfg.File)
		return nil
	}
	if err := editConfig(cfg, func(old []byte) ([]byte, error) { return configedit.AddSources(old, plan.specs) }); err != nil {
		return err
	}
	fmt.Fprintf(w, "imported %d feeds from %s into %s; %d skipped\n", len(plan.specs), pos[0], cfg.File, len(plan.skipped))
	fmt.Fprintln(w, "run 'tributary run' to fetch them")
	return nil
}

// importPlan is what an OPML file adds: sources to write and why the rest
// were skipped.
type importPlan struct {
	specs   []configedit.SourceSpec
	skipped []string
}

// planImport turns OPML feeds into sources. A feed already configured, or
// listed earlier in the file (readers export a feed once per folder it
// is in), is skipped; a repeat's folders become tags of the first. Names
// come from titles (else hosts), unique among the config's and each other.
func planImport(cfg *config.Config, doc *opml.Document) importPlan {
	var p importPlan
	first := map[string]int{} // canonical URL -> index in p.specs
	names := map[string]bool{}
	for _, f := range doc.Feeds {
		label := f.Title
		if label == "" {
			label = f.XMLURL
		}
		u, err := url.Parse(f.XMLURL)
		if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
			p.skipped = append(p.skipped, fmt.Sprintf("%q: %q is not an http(s) feed URL", label, f.XMLURL))
			continue
		}
		key := normalize.CanonicalURL(f.XMLURL)
		if key == "" {
			key = f.XMLURL // a host the canonical form rejects: compare as written
		}
		if s, ok := sourceByURL(cfg.Sources, f.XMLURL); ok {
			p.skipped = append(p.skipped, fmt.Sprintf("%q: already a source: %s (url %s)", label, s.Name, s.URL))
			continue
		}
		if i, ok := first[key]; ok {
			spec := &p.specs[i]
			var added []string
			for _, t := range f.Tags() {
				if !slices.ContainsFunc(spec.Tags, func(s string) bool { return strings.EqualFold(s, t) }) {
					spec.Tags = append(spec.Tags, t)
					added = append(added, t)
				}
			}
			msg := fmt.Sprintf("%q: listed again (%s)", label, f.XMLURL)
			if len(added) > 0 {
				msg += fmt.Sprintf("; its tags %s were added to %s", strings.Join(added, ", "), spec.Name)
			}
			p.skipped = append(p.skipped, msg)
			continue
		}
		spec := configedit.SourceSpec{URL: f.XMLURL, Title: f.Title, Tags: f.Tags()}
		if h, err := url.Parse(f.HTMLURL); err == nil && (h.Scheme == "http" || h.Scheme == "https") && h.Host != "" {
			spec.Link = f.HTMLURL
		}
		base := slugify(f.Title)
		if base == "" {
			base = nameFromURL(f.XMLURL)
		}
		spec.Name = uniqueName(cfg, names, base)
		names[spec.Name] = true
		first[key] = len(p.specs)
		p.specs = append(p.specs, spec)
	}
	return p
}
