package config

import (
	"fmt"
	"net/url"
	"path"
	"regexp"
	"strings"

	"github.com/tributary/tributary/internal/dburl"
)

// validate checks what the decoder cannot see key by key: cross-field rules,
// references between sources, and derived defaults.
func (c *Config) validate(d *decoder) {
	line := func(name string) int { return c.lines[name] }
	fail := func(l int, key, format string, args ...any) {
		d.problems = append(d.problems, Problem{File: d.file, Line: l, Key: key, Msg: fmt.Sprintf(format, args...)})
	}
	if c.Feed.Title == "" {
		fail(0, "feed.title", "must not be empty")
	}
	if c.Feed.URL != "" {
		if err := checkFeedURL(c.Feed.URL); err != nil {
			fail(0, "feed.url", "%v", err)
		}
	}
	if c.Feed.Link == "" && c.Feed.URL != "" {
		if u, err := url.Parse(c.Feed.URL); err == nil {
			u.Path = path.Dir(u.Path)
			if !strings.HasSuffix(u.Path, "/") {
				u.Path += "/"
			}
			c.Feed.Link = u.String()
		}
	}
	if c.Feed.ID == "" {
		c.Feed.ID = c.Feed.URL
	}
	if c.Feed.ID != "" {
		if err := checkIRI(c.Feed.ID); err != nil {
			fail(0, "feed.id", "%v", err)
		}
	}
	if c.Feed.Hub != "" {
		if err := checkFeedURL(c.Feed.Hub); err != nil {
			fail(0, "feed.hub", "%v", err)
		}
	}
	if c.Output.Dir == "" {
		fail(0, "output.dir", "must not be empty")
	}
	if err := dburl.Check(c.Database); err != nil {
		fail(0, "database", "%v", err)
	}
	if c.Fetch.MinInterval > c.Fetch.MaxInterval {
		fail(0, "fetch.min_interval", "is larger than fetch.max_interval")
	}
	for i, s := range c.Sources {
		key := fmt.Sprintf("sources[%d]", i)
		if s.Name != "" && !validName(s.Name) {
			fail(line(s.Name), key+".name", "%q may only hold letters, digits, '.', '_' and '-'", s.Name)
		}
		if s.AliasOf != "" {
			if s.AliasOf == s.Name {
				fail(line(s.Name), key+".alias_of", "a source cannot be an alias of itself")
			} else if _, ok := c.lines[s.AliasOf]; !ok {
				fail(line(s.Name), key+".alias_of", "no source named %q", s.AliasOf)
			}
		}
		if s.Link != "" {
			if err := checkFeedURL(s.Link); err != nil {
				fail(line(s.Name), key+".link", "%v", err)
			}
		}
		if len(s.Files) > 0 && s.Path == "" {
			fail(line(s.Name), key+".files", "only local (path) sources take per-file metadata")
		}
		for name, m := range s.Files {
			for _, l := range []struct{ key, v string }{{"link", m.Link}, {"site_link", m.SiteLink}} {
				if l.v != "" {
					if err := checkFeedURL(l.v); err != nil {
						fail(line(s.Name), key+".files."+name+"."+l.key, "%v", err)
					}
				}
			}
		}
	}
}

var namePattern = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9._-]*$`)

func validName(s string) bool { return namePattern.MatchString(s) }

// CompilePattern compiles a filter or strip pattern. A pattern written as
// /.../ (optionally /.../i) is a regular expression; anything else is a
// case-insensitive keyword matched as a whole word or phrase.
func CompilePattern(p string) (*regexp.Regexp, error) {
	if len(p) >= 2 && strings.HasPrefix(p, "/") {
		end := strings.LastIndex(p, "/")
		if end > 0 {
			flags := p[end+1:]
			expr := p[1:end]
			if flags == "i" {
				expr = "(?i)" + expr
			} else if flags != "" {
				return nil, fmt.Errorf("unknown regexp flags %q in %q", flags, p)
			}
			re, err := regexp.Compile(expr)
			if err != nil {
				return nil, fmt.Errorf("bad regular expression %q: %w", p, err)
			}
			return re, nil
		}
	}
	if strings.TrimSpace(p) == "" {
		return nil, fmt.Errorf("empty pattern")
	}
	return regexp.MustCompile(`(?i)(^|\b|\s)` + regexp.QuoteMeta(strings.TrimSpace(p)) + `($|\b|\s)`), nil
}
