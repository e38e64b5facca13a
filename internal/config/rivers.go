package config

import (
	"fmt"
	"net/url"
	"path"
	"slices"
	"strings"

	"go.yaml.in/yaml/v3"
)

// River is one extra feed cut from the merged posts: its own metadata, the
// posts it selects and its own cap. It is published under the output
// directory's <Name>/ and served at /<Name>/atom.xml and so on.
type River struct {
	Name     string
	Title    string
	Subtitle string
	ID       string // feed id (IRI); defaults to URL
	URL      string // public URL of the river's atom.xml; defaults to <main feed base>/<Name>/atom.xml
	Link     string // public URL of the river's HTML page; derived from URL
	// Selection. A post belongs to the river when one of its copies comes
	// from one of Sources or from a source carrying one of Tags (any
	// source when both are empty), and passes Include and Exclude, which
	// match like a source's patterns.
	Sources    []string
	Tags       []string
	Include    []string
	Exclude    []string
	MaxEntries int // defaults to output.max_entries
	Line       int // where the river is declared, for messages
}

// Selective reports whether the river limits which sources it draws from.
func (r River) Selective() bool { return len(r.Sources) > 0 || len(r.Tags) > 0 }

// reservedRiverNames are the names a river may not take because an output
// file, the archive directory or a server route already answers at /<name>.
// They are compared without regard to case, for file systems that ignore it.
var reservedRiverNames = []string{
	"atom.xml", "rss.xml", "feed.json", "opml.xml", "index.html", "feed.xsl",
	"archive", "healthz", "metrics", "search", "search.xml",
}

func (d *decoder) rivers(n *yaml.Node, cfg *Config) {
	d.list(n, "rivers", func(_ int, item *yaml.Node, p string) {
		r := River{Line: item.Line}
		d.mapping(item, p, func(key string, v *yaml.Node) bool {
			k := p + "." + key
			switch key {
			case "name":
				d.str(v, k, &r.Name)
			case "title":
				d.str(v, k, &r.Title)
			case "subtitle":
				d.str(v, k, &r.Subtitle)
			case "id":
				d.str(v, k, &r.ID)
			case "url":
				d.str(v, k, &r.URL)
			case "sources":
				d.strList(v, k, &r.Sources)
			case "tags":
				d.strList(v, k, &r.Tags)
			case "include":
				d.patternList(v, k, &r.Include)
			case "exclude":
				d.patternList(v, k, &r.Exclude)
			case "max_entries":
				d.integer(v, k, 1, &r.MaxEntries)
			default:
				return false
			}
			return true
		})
		cfg.Rivers = append(cfg.Rivers, r)
	})
}

// validateRivers checks the rivers against each other, the sources and the
// outputs, and fills in their derived defaults from the main feed.
func (c *Config) validateRivers(d *decoder) {
	fail := func(l int, key, format string, args ...any) {
		d.problems = append(d.problems, Problem{File: d.file, Line: l, Key: key, Msg: fmt.Sprintf(format, args...)})
	}
	tags := map[string]bool{}
	for _, s := range c.Sources {
		for _, t := range s.Tags {
			tags[strings.ToLower(t)] = true
		}
	}
	seen := map[string]int{}
	for i := range c.Rivers {
		r := &c.Rivers[i]
		key := fmt.Sprintf("rivers[%d]", i)
		switch {
		case r.Name == "":
			fail(r.Line, key+".name", "every river needs a name")
		case !validName(r.Name):
			fail(r.Line, key+".name", "%q may only hold letters, digits, '.', '_' and '-', starting with a letter or digit", r.Name)
		case slices.Contains(reservedRiverNames, strings.ToLower(r.Name)):
			fail(r.Line, key+".name", "%q is taken by an output or a server route at /%s", r.Name, r.Name)
		default:
			if prev, dup := seen[strings.ToLower(r.Name)]; dup {
				fail(r.Line, key+".name", "duplicate river name %q (first declared on line %d)", r.Name, prev)
			}
			seen[strings.ToLower(r.Name)] = r.Line
		}
		for j, s := range r.Sources {
			if _, ok := c.lines[s]; !ok {
				fail(r.Line, fmt.Sprintf("%s.sources[%d]", key, j), "no source named %q", s)
			}
		}
		for j, t := range r.Tags {
			if !tags[strings.ToLower(t)] {
				fail(r.Line, fmt.Sprintf("%s.tags[%d]", key, j), "no source has the tag %q", t)
			}
		}
		if r.MaxEntries == 0 {
			r.MaxEntries = c.Output.MaxEntries
		}
		if r.Title == "" {
			r.Title = c.Feed.Title + ": " + r.Name
		}
		if r.URL == "" && r.Name != "" && c.Feed.URL != "" {
			if base, err := url.Parse(c.Feed.URL); err == nil {
				r.URL = base.ResolveReference(&url.URL{Path: r.Name + "/atom.xml"}).String()
			}
		}
		if r.URL != "" {
			if err := checkFeedURL(r.URL); err != nil {
				fail(r.Line, key+".url", "%v", err)
			} else {
				r.Link = dirURL(r.URL)
			}
		}
		if r.ID == "" {
			r.ID = r.URL
		}
		if r.ID == "" && r.Name != "" {
			fail(r.Line, key+".url", "needed, as there is no feed.url to derive it from")
		}
		if r.ID != "" {
			if err := checkIRI(r.ID); err != nil {
				fail(r.Line, key+".id", "%v", err)
			} else if r.ID == c.Feed.ID {
				fail(r.Line, key+".id", "is the main feed's id; a river needs its own")
			}
		}
	}
	ids := map[string]string{}
	for i, r := range c.Rivers {
		if r.ID == "" {
			continue
		}
		if other, dup := ids[r.ID]; dup {
			fail(r.Line, fmt.Sprintf("rivers[%d].id", i), "is also river %s's id", other)
		}
		ids[r.ID] = r.Name
	}
}

// dirURL is the directory URL a file URL lives in, with a trailing slash:
// where the river's index.html is published next to its atom.xml.
func dirURL(s string) string {
	u, err := url.Parse(s)
	if err != nil {
		return ""
	}
	u.Path = path.Dir(u.Path)
	if !strings.HasSuffix(u.Path, "/") {
		u.Path += "/"
	}
	u.RawPath, u.RawQuery, u.Fragment = "", "", ""
	return u.String()
}
