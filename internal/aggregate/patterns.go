package aggregate

import (
	"fmt"
	"regexp"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

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
	src              feed.Source // the pattern lists these were compiled from
	include, exclude []textPattern
	strip            []*regexp.Regexp
	err              error
}

// compileSourcePatterns compiles src's patterns.
func compileSourcePatterns(src feed.Source) sourcePatterns {
	p := sourcePatterns{src: src}
	fail := func(list string, err error) {
		if err != nil && p.err == nil {
			p.err = fmt.Errorf("source %s: %s pattern: %w", src.Name, list, err)
		}
	}
	var err error
	p.include, err = compileFilters(src.Include)
	fail("include", err)
	p.exclude, err = compileFilters(src.Exclude)
	fail("exclude", err)
	p.strip, err = compileAll(src.Strip)
	fail("strip", err)
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

// textPattern is a compiled include or exclude pattern. A keyword's also
// keeps the keyword, case-folded: its expression only matches a text that
// holds the keyword, and ruling that out on the folded text is far cheaper
// than running the expression over a whole post. The expression alone
// decides every match.
type textPattern struct {
	re      *regexp.Regexp
	keyword string // folded (foldCase); "" for a regular expression
}

// compileFilters compiles include or exclude patterns, stopping at the
// first that does not compile.
func compileFilters(patterns []string) ([]textPattern, error) {
	res, err := compileAll(patterns)
	if err != nil {
		return nil, err
	}
	out := make([]textPattern, len(res))
	for i, re := range res {
		out[i].re = re
		if kw, ok := config.PatternKeyword(patterns[i]); ok {
			out[i].keyword = foldCase(kw)
		}
	}
	return out, nil
}

// matchable is what include and exclude patterns are matched against, for
// a source's entries and a river's posts alike: the title, the text of the
// content and summary, the authors and the categories; and, once a keyword
// asks for them, their case-folded forms.
type matchable struct {
	fields []string
	folded []string
}

func matchText(title, content, summary string, authors, categories []string) *matchable {
	return &matchable{fields: []string{title, htmltext.Text(content + " " + summary),
		strings.Join(authors, "\n"), strings.Join(categories, "\n")}}
}

// admitsText says whether text passes the patterns: it matches one of
// include (when there are any) and none of exclude.
func admitsText(include, exclude []textPattern, text *matchable) bool {
	if len(include) > 0 && !anyMatch(include, text) {
		return false
	}
	return !anyMatch(exclude, text)
}

func anyMatch(pats []textPattern, hay *matchable) bool {
	for _, p := range pats {
		for i, h := range hay.fields {
			if p.keyword != "" {
				if hay.folded == nil {
					hay.folded = make([]string, len(hay.fields))
					for j, f := range hay.fields {
						hay.folded[j] = foldCase(f)
					}
				}
				if !strings.Contains(hay.folded[i], p.keyword) {
					continue
				}
			}
			if p.re.MatchString(h) {
				return true
			}
		}
	}
	return false
}

// foldCase maps every rune of s to the smallest rune of its case-folding
// orbit (unicode.SimpleFold: k, K and the Kelvin sign are one orbit), the
// equivalence by which (?i) matches a literal. So a text matches a literal
// case-insensitively exactly where its folded form holds the literal's
// folded form.
func foldCase(s string) string { return strings.Map(foldRune, s) }

func foldRune(r rune) rune {
	if r < utf8.RuneSelf {
		if 'a' <= r && r <= 'z' {
			return r - 'a' + 'A'
		}
		return r
	}
	least := r
	for f := unicode.SimpleFold(r); f != r; f = unicode.SimpleFold(f) {
		least = min(least, f)
	}
	return least
}
