package config

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"

	"go.yaml.in/yaml/v3"

	"github.com/tributary/tributary/internal/dates"
	"github.com/tributary/tributary/internal/feed"
)

// Load reads, decodes and validates the config file at path. A *Error
// lists every problem found.
func Load(path string) (*Config, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("read config: %w", err)
	}
	return Parse(data, path)
}

// Parse decodes and validates config data; file names it in messages.
func Parse(data []byte, file string) (*Config, error) {
	cfg := Default()
	cfg.File = file
	d := &decoder{file: file, fullSet: map[int]bool{}}
	var doc yaml.Node
	dec := yaml.NewDecoder(bytes.NewReader(data))
	if err := dec.Decode(&doc); err != nil {
		if errors.Is(err, io.EOF) {
			return nil, &Error{Problems: []Problem{{File: file, Msg: "empty config"}}}
		}
		return nil, &Error{Problems: []Problem{{File: file, Msg: trimYAMLError(err)}}}
	}
	if len(doc.Content) == 0 {
		return nil, &Error{Problems: []Problem{{File: file, Msg: "empty config"}}}
	}
	d.root(doc.Content[0], cfg)
	for i := range cfg.Sources {
		if !d.fullSet[i] && !cfg.Sources[i].Local() {
			cfg.Sources[i].FullContent = cfg.Fetch.FullPages.Default
		}
	}
	cfg.validate(d)
	if len(d.problems) > 0 {
		return nil, &Error{Problems: d.problems}
	}
	return cfg, nil
}

func (d *decoder) root(n *yaml.Node, cfg *Config) {
	d.mapping(n, "", func(key string, v *yaml.Node) bool {
		switch key {
		case "feed":
			d.feed(v, &cfg.Feed)
		case "output":
			d.output(v, &cfg.Output)
		case "database":
			d.str(v, key, &cfg.Database)
		case "fetch":
			d.fetch(v, &cfg.Fetch)
		case "limits":
			d.limits(v, &cfg.Limits)
		case "serve":
			d.mapping(v, key, func(k string, v *yaml.Node) bool {
				if k != "addr" {
					return false
				}
				d.str(v, "serve.addr", &cfg.Serve.Addr)
				return true
			})
		case "retention":
			d.retention(v, &cfg.Retain)
		case "health":
			d.health(v, &cfg.Health)
		case "sources":
			d.sources(v, cfg)
		case "rivers":
			d.rivers(v, cfg)
		default:
			return false
		}
		return true
	})
}

func (d *decoder) feed(n *yaml.Node, f *FeedConfig) {
	d.mapping(n, "feed", func(key string, v *yaml.Node) bool {
		k := "feed." + key
		switch key {
		case "title":
			d.str(v, k, &f.Title)
		case "subtitle":
			d.str(v, k, &f.Subtitle)
		case "id":
			d.str(v, k, &f.ID)
		case "author":
			d.str(v, k, &f.Author)
		case "author_email":
			d.str(v, k, &f.AuthorEmail)
		case "author_uri":
			d.str(v, k, &f.AuthorURI)
		case "url":
			d.str(v, k, &f.URL)
		case "link":
			d.str(v, k, &f.Link)
		case "hub":
			d.str(v, k, &f.Hub)
		default:
			return false
		}
		return true
	})
}

func (d *decoder) output(n *yaml.Node, o *OutputConfig) {
	d.mapping(n, "output", func(key string, v *yaml.Node) bool {
		k := "output." + key
		switch key {
		case "dir":
			d.str(v, k, &o.Dir)
		case "max_entries":
			d.integer(v, k, 1, &o.MaxEntries)
		case "max_age":
			d.duration(v, k, &o.MaxAge)
		case "archive_pages":
			d.integer(v, k, 0, &o.ArchivePages)
		default:
			return false
		}
		return true
	})
}

func (d *decoder) fetch(n *yaml.Node, f *FetchConfig) {
	d.mapping(n, "fetch", func(key string, v *yaml.Node) bool {
		k := "fetch." + key
		switch key {
		case "timeout":
			d.duration(v, k, &f.Timeout)
		case "connect_timeout":
			d.duration(v, k, &f.ConnectTimeout)
		case "user_agent":
			d.str(v, k, &f.UserAgent)
		case "concurrency":
			d.integer(v, k, 1, &f.Concurrency)
		case "per_host":
			d.integer(v, k, 1, &f.PerHost)
		case "max_body":
			d.size(v, k, &f.MaxBodyBytes)
		case "max_header":
			d.size(v, k, &f.MaxHeaderBytes)
		case "max_redirects":
			d.integer(v, k, 0, &f.MaxRedirects)
		case "allow_private":
			d.boolean(v, k, &f.AllowPrivate)
		case "hosts":
			d.hosts(v, k, &f.Hosts)
		case "interval":
			d.duration(v, k, &f.Interval)
		case "min_interval":
			d.duration(v, k, &f.MinInterval)
		case "max_interval":
			d.duration(v, k, &f.MaxInterval)
		case "redirect_adopt_after":
			d.integer(v, k, 1, &f.RedirectAdopt)
		case "full_content":
			d.boolean(v, k, &f.FullPages.Default)
		case "page_concurrency":
			d.integer(v, k, 1, &f.FullPages.Concurrency)
		case "max_page":
			d.size(v, k, &f.FullPages.MaxBytes)
		case "pages_per_run":
			d.integer(v, k, 0, &f.FullPages.PerRun)
		default:
			return false
		}
		return true
	})
}

func (d *decoder) limits(n *yaml.Node, l *LimitsConfig) {
	d.mapping(n, "limits", func(key string, v *yaml.Node) bool {
		k := "limits." + key
		switch key {
		case "entries_per_feed":
			d.integer(v, k, 1, &l.EntriesPerFeed)
		case "entry_size":
			var sz int64
			d.size(v, k, &sz)
			if sz > 0 {
				l.EntryBytes = int(sz)
			}
		case "xml_depth":
			d.integer(v, k, 8, &l.XMLDepth)
		case "file_size":
			d.size(v, k, &l.FileBytes)
		case "run_timeout":
			d.duration(v, k, &l.RunTimeout)
		case "run_memory":
			d.size(v, k, &l.RunMemoryBytes)
		default:
			return false
		}
		return true
	})
}

func (d *decoder) sources(n *yaml.Node, cfg *Config) {
	d.list(n, "sources", func(i int, item *yaml.Node, path string) {
		src := feed.Source{Enabled: true, Order: i}
		if d.source(item, path, &src) {
			d.fullSet[i] = true
		}
		if src.Name != "" {
			if prev, dup := cfg.lines[src.Name]; dup {
				d.fail(item, path+".name", "duplicate source name %q (first declared on line %d)", src.Name, prev)
				return
			}
			cfg.lines[src.Name] = item.Line
		} else {
			d.fail(item, path+".name", "every source needs a name")
		}
		cfg.Sources = append(cfg.Sources, src)
	})
}

// source decodes one source and reports whether it sets full_content
// itself (else the fetch section's default applies).
func (d *decoder) source(n *yaml.Node, path string, s *feed.Source) (fullSet bool) {
	d.mapping(n, path, func(key string, v *yaml.Node) bool {
		k := path + "." + key
		switch key {
		case "name":
			d.str(v, k, &s.Name)
		case "url":
			d.str(v, k, &s.URL)
			if s.URL != "" {
				if err := checkFeedURL(s.URL); err != nil {
					d.fail(v, k, "%v", err)
				}
			}
		case "path":
			d.str(v, k, &s.Path)
		case "interval":
			d.duration(v, k, &s.Interval)
		case "enabled":
			d.boolean(v, k, &s.Enabled)
		case "title":
			d.str(v, k, &s.Title)
		case "link":
			d.str(v, k, &s.Link)
		case "author":
			d.str(v, k, &s.Author)
		case "priority":
			d.integer(v, k, -1000000, &s.Priority)
		case "alias_of":
			d.str(v, k, &s.AliasOf)
		case "tags":
			d.strList(v, k, &s.Tags)
		case "include":
			d.patternList(v, k, &s.Include)
		case "exclude":
			d.patternList(v, k, &s.Exclude)
		case "max_entries":
			d.integer(v, k, 0, &s.MaxEntries)
		case "strip":
			d.patternList(v, k, &s.Strip)
		case "files":
			d.files(v, k, s)
		case "full_content":
			d.boolean(v, k, &s.FullContent)
			fullSet = true
		default:
			return false
		}
		return true
	})
	switch {
	case s.URL != "" && s.Path != "":
		d.fail(n, path, "a source has either url or path, not both")
	case s.URL == "" && s.Path == "":
		d.fail(n, path, "a source needs url (a remote feed) or path (local files)")
	case s.Path != "" && fullSet && s.FullContent:
		d.fail(n, path+".full_content", "full_content fetches the pages of a remote feed's posts; a local source has no feed to complete")
	}
	return fullSet
}

func (d *decoder) files(n *yaml.Node, path string, s *feed.Source) {
	s.Files = map[string]feed.FileMeta{}
	d.mapping(n, path, func(file string, v *yaml.Node) bool {
		var m feed.FileMeta
		fp := path + "." + file
		d.mapping(v, fp, func(key string, v *yaml.Node) bool {
			k := fp + "." + key
			switch key {
			case "title":
				d.str(v, k, &m.Title)
			case "link":
				d.str(v, k, &m.Link)
			case "author":
				d.str(v, k, &m.Author)
			case "site_name":
				d.str(v, k, &m.SiteName)
			case "site_link":
				d.str(v, k, &m.SiteLink)
			case "published":
				var raw string
				d.str(v, k, &raw)
				if raw != "" {
					t, ok := dates.Parse(raw)
					if !ok {
						d.fail(v, k, "invalid date %q (use 2006-01-02, 2006-01, 2006 or RFC 3339)", raw)
					}
					m.Published, m.RawPublished = t, raw
				}
			default:
				return false
			}
			return true
		})
		s.Files[file] = m
		return true
	})
}

// trimYAMLError keeps the library's "line N: ..." text, which already names
// the line, without its "yaml: " prefix.
func trimYAMLError(err error) string {
	msg := err.Error()
	const prefix = "yaml: "
	if len(msg) > len(prefix) && msg[:len(prefix)] == prefix {
		msg = msg[len(prefix):]
	}
	return msg
}
