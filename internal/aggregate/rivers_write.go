package aggregate

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
	"time"

	"github.com/tributary/tributary/internal/config"
	"github.com/tributary/tributary/internal/publish"
)

// riverEdition is one river's share of a publish: its current feed and
// its archive pages, written under the output directory's <name>/.
type riverEdition struct {
	river    config.River
	current  publish.Feed
	archives []archivePage
}

// riverHeader is the main feed's header with the river's own metadata,
// listing only the sources the river draws from. A river advertises no
// WebSub hub: the hub is pinged for the main feed's topics alone.
func riverHeader(main publish.Feed, r config.River, sel riverSelector) publish.Feed {
	f := main
	f.Title, f.Subtitle, f.ID, f.SelfURL, f.Link, f.Hub = r.Title, r.Subtitle, r.ID, r.URL, r.Link, ""
	f.Updated = time.Time{} // its own newest change, from its own entries
	if sel.sources != nil {
		f.Sources = nil
		for _, s := range main.Sources {
			if sel.sources[s.Name] {
				f.Sources = append(f.Sources, s)
			}
		}
	}
	return f
}

// writeRiver writes one river's outputs into root/<name>/: Atom, RSS,
// JSON Feed and the HTML page, with its archive pages, through the same
// writer as the main feed's. The style sheet is the main feed's, one
// directory up.
func (a *App) writeRiver(fw *fileWriter, root string, r riverEdition) error {
	dir := filepath.Join(root, r.river.Name)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return fmt.Errorf("publish river %s: %w", r.river.Name, err)
	}
	removeStaleTemps(dir, time.Now())
	if err := fw.archives(dir, r.archives, "../../"+publish.XSLFile); err != nil {
		return err
	}
	f := r.current
	opts := publish.HTMLOptions{
		ExcerptRunes: a.htmlOptions().ExcerptRunes,
		FeedLinks: []publish.FeedLink{
			{Title: "Atom", Type: publish.AtomType, Href: publish.AtomFile},
			{Title: "RSS", Type: publish.RSSType, Href: publish.RSSFile},
			{Title: "JSON Feed", Type: publish.JSONType, Href: publish.JSONFile},
		},
		Rivers: a.riverLinks(r.river.Name),
	}
	_, err := fw.outputs(dir, []output{
		{publish.AtomFile, func(w io.Writer) error {
			return publish.Atom(w, f, publish.AtomOptions{Stylesheet: "../" + publish.XSLFile})
		}},
		{publish.RSSFile, func(w io.Writer) error { return publish.RSS(w, f) }},
		{publish.JSONFile, func(w io.Writer) error { return publish.JSONFeed(w, f) }},
		{publish.HTMLFile, func(w io.Writer) error { return publish.HTML(w, f, opts) }},
	})
	return err
}

// riverLinks lists the main feed's page and every river's, relative to
// the page of the river named current ("" for the main page), so a reader
// can move between them. Without rivers there is nothing to list.
func (a *App) riverLinks(current string) []publish.RiverLink {
	if len(a.cfg.Rivers) == 0 {
		return nil
	}
	home, up := "./", ""
	if current != "" {
		home, up = "../", "../"
	}
	links := []publish.RiverLink{{Title: a.cfg.Feed.Title, Href: home, Current: current == ""}}
	for _, r := range a.cfg.Rivers {
		links = append(links, publish.RiverLink{Title: r.Title, Href: up + r.Name + "/", Current: r.Name == current})
	}
	return links
}
