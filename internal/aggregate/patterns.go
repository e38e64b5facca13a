package aggregate

import (
	"fmt"
	"regexp"
	"slices"
	"strings"

	"github.com/tributary/tributary/internal/config"
	"github.com/tributary/tributary/internal/feed"
	"github.com/tributary/tributary/internal/htmltext"
)

// sourcePatterns are one source's include, exclude and strip patterns,
// compiled once per config (when the App is built), not on every cycle.
// A pattern that does not compile is kept as err, and the source fails with
// it; config validation reports the same pattern with its file and line
// before any App is built, so this only guards sources built in code.
type sourcePatterns struct {
	src                     feed.Source // the pattern lists these were compiled from
	include, exclude, strip []*regexp.Regexp
	err                     error
}

// compileSourcePatterns compiles src's patterns.
func compileSourcePatterns(src feed.Source) sourcePatterns {
	p := sourcePatterns{src: src}
	for _, list := range []struct {
		name     string
		patterns []string
		out      *[]*regexp.Regexp
	}{
		{"include", src.Include, &p.include},
		{"exclude", src.Exclude, &p.exclude},
		{"strip", src.Strip, &p.strip},
	} {
		res, err := compileAll(list.patterns)
		if err != nil && p.err == nil {
			p.err = fmt.Errorf("source %s: %s pattern: %w", src.Name, list.name, err)
		}
		*list.out = res
	}
	return p
}

// compileConfigPatterns compiles the patterns of every configured source.
func compileConfigPatterns(cfg *config.Config) map[string]sourcePatterns {
	if cfg == nil {
		return nil
	}
	out := make(map[string]sourcePatterns, len(cfg.Sources))
	for _, s := range cfg.Sources {
		out[s.Name] = compileSourcePatterns(s)
	}
	return out
}

// patterns returns src's compiled patterns: those compiled with the config
// when src is the configured source of that name, else compiled now.
func (a *App) patterns(src feed.Source) sourcePatterns {
	if p, ok := a.compiled[src.Name]; ok && samePatterns(p.src, src) {
		return p
	}
	return compileSourcePatterns(src)
}

func samePatterns(a, b feed.Source) bool {
	return slices.Equal(a.Include, b.Include) && slices.Equal(a.Exclude, b.Exclude) && slices.Equal(a.Strip, b.Strip)
}

// compileAll compiles filter or strip patterns, stopping at the first
// that does not compile.
func compileAll(patterns []string) ([]*regexp.Regexp, error) {
	out := make([]*regexp.Regexp, 0, len(patterns))
	for _, p := range patterns {
		re, err := config.CompilePattern(p)
		if err != nil {
			return nil, err
		}
		out = append(out, re)
	}
	return out, nil
}

// matchText is what include and exclude patterns are matched against, for
// a source's entries and a river's posts alike: the title, the text of the
// content and summary, the authors and the categories.
func matchText(title, content, summary string, authors, categories []string) []string {
	return []string{title, htmltext.Text(content + " " + summary),
		strings.Join(authors, "\n"), strings.Join(categories, "\n")}
}

// admitsText says whether text passes the patterns: it matches one of
// include (when there are any) and none of exclude.
func admitsText(include, exclude []*regexp.Regexp, text []string) bool {
	if len(include) > 0 && !anyMatch(include, text) {
		return false
	}
	return !anyMatch(exclude, text)
}

func anyMatch(res []*regexp.Regexp, hay []string) bool {
	for _, re := range res {
		for _, h := range hay {
			if re.MatchString(h) {
				return true
			}
		}
	}
	return false
}
