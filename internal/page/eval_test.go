//go:build pageeval

package page

// The evaluation corpus: real saved pages with an expected title, byline
// and article text, read as saved HTML and as text saves made three ways.
// It is not part of the default test run (it needs w3m, lynx and the
// go-readability module's test pages, and it measures rather than pins):
//
//	go test -tags pageeval -run TestEvalCorpus -v ./internal/page/
//
// TRIBUTARY_EVAL_PAGES names another directory laid out the same way
// (one directory per page: source.html, expected.html,
// expected-metadata.json); TRIBUTARY_EVAL_VERBOSE=1 prints every failure.

import (
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"
	"unicode"

	"github.com/tributary/tributary/internal/dates"
	"github.com/tributary/tributary/internal/normalize"
	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// evalPage is one page of the corpus and what a reader should get from it.
type evalPage struct {
	name      string
	source    []byte
	title     string
	byline    string
	lang      string
	published string         // the expected publication date, when the page gives one
	words     map[string]int // the expected article text, as a bag of words
	total     int
}

// minEvalWords leaves out the corpus's synthetic unit pages (a few lines of
// lorem ipsum): they test an extractor's corner, not an article.
const minEvalWords = 150

func loadEvalPages(t testing.TB) []evalPage {
	t.Helper()
	dir := os.Getenv("TRIBUTARY_EVAL_PAGES")
	if dir == "" {
		out, err := exec.Command("go", "list", "-m", "-f", "{{.Dir}}", "codeberg.org/readeck/go-readability/v2").Output()
		if err != nil {
			t.Skipf("go-readability module not found: %v", err)
		}
		dir = filepath.Join(strings.TrimSpace(string(out)), "test-pages")
	}
	dirs, _ := filepath.Glob(filepath.Join(dir, "*", "expected-metadata.json"))
	var pages []evalPage
	for _, m := range dirs {
		d := filepath.Dir(m)
		src, err1 := os.ReadFile(filepath.Join(d, "source.html"))
		exp, err2 := os.ReadFile(filepath.Join(d, "expected.html"))
		meta, err3 := os.ReadFile(m)
		if err1 != nil || err2 != nil || err3 != nil {
			continue
		}
		var md struct {
			Title, Byline, Language, PublishedTime string
			Readerable                             *bool
		}
		if json.Unmarshal(meta, &md) != nil || md.Title == "" || (md.Readerable != nil && !*md.Readerable) {
			continue
		}
		root, err := html.Parse(strings.NewReader(string(exp)))
		if err != nil {
			continue
		}
		words, n := wordBag(renderText(root, false))
		if n < minEvalWords {
			continue
		}
		pages = append(pages, evalPage{name: filepath.Base(d), source: src, title: md.Title,
			byline: md.Byline, lang: strings.ToLower(md.Language), published: md.PublishedTime, words: words, total: n})
	}
	if len(pages) == 0 {
		t.Skipf("no evaluation pages under %s", dir)
	}
	return pages
}

// wordBag counts the lower-cased words of s.
func wordBag(s string) (map[string]int, int) {
	bag := map[string]int{}
	n := 0
	for _, w := range strings.FieldsFunc(strings.ToLower(s), func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) }) {
		bag[w]++
		n++
	}
	return bag, n
}

// overlap returns the share of the expected words found in got (recall)
// and the share of got's words that the expected text holds (precision).
func overlap(want map[string]int, wantN int, got string) (recall, precision float64) {
	bag, n := wordBag(got)
	common := 0
	for w, c := range bag {
		common += min(c, want[w])
	}
	if wantN > 0 {
		recall = float64(common) / float64(wantN)
	}
	if n > 0 {
		precision = float64(common) / float64(n)
	}
	return recall, precision
}

// renderText is a browser-like plain-text rendering of a page: the text of
// the body with block elements on lines of their own and paragraphs apart,
// scripts, styles and forms' hidden parts left out. With withTitle, the
// <title> opens it, as Firefox's "save as text" does.
func renderText(root *html.Node, withTitle bool) string {
	var b strings.Builder
	if withTitle {
		if t := findFirst(root, atom.Title); t != nil {
			b.WriteString(textOf(t) + "\n\n")
		}
	}
	body := findFirst(root, atom.Body)
	if body == nil {
		body = root
	}
	var visit func(*html.Node)
	visit = func(n *html.Node) {
		switch n.Type {
		case html.TextNode:
			b.WriteString(strings.Join(strings.Fields(n.Data), " "))
			if strings.TrimSpace(n.Data) != "" && unicode.IsSpace(rune(n.Data[len(n.Data)-1])) {
				b.WriteString(" ")
			}
			return
		case html.ElementNode:
			switch n.DataAtom {
			case atom.Script, atom.Style, atom.Noscript, atom.Template, atom.Head, atom.Svg, atom.Iframe:
				return
			}
			if _, hidden := attrOK(n, "hidden"); hidden || strings.Contains(strings.ReplaceAll(attr(n, "style"), " ", ""), "display:none") {
				return
			}
		}
		brk := ""
		switch n.DataAtom {
		case atom.P, atom.H1, atom.H2, atom.H3, atom.H4, atom.H5, atom.H6, atom.Blockquote, atom.Pre, atom.Figure, atom.Table, atom.Ul, atom.Ol, atom.Dl, atom.Hr:
			brk = "\n\n"
		case atom.Div, atom.Li, atom.Tr, atom.Section, atom.Article, atom.Header, atom.Footer, atom.Nav, atom.Aside, atom.Main, atom.Dt, atom.Dd, atom.Figcaption, atom.Form, atom.Address:
			brk = "\n"
		case atom.Br:
			b.WriteString("\n")
			return
		case atom.Td, atom.Th:
			brk = "\t"
		}
		b.WriteString(brk)
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			visit(c)
		}
		b.WriteString(brk)
	}
	visit(body)
	// Collapse the breaks the nesting piled up: at most one blank line.
	var out []string
	blank := 0
	for _, l := range strings.Split(b.String(), "\n") {
		l = strings.TrimSpace(l)
		if l == "" {
			blank++
			continue
		}
		if len(out) > 0 && blank > 0 {
			out = append(out, "")
		}
		blank = 0
		out = append(out, l)
	}
	return strings.Join(out, "\n") + "\n"
}

// textSaver turns a saved HTML page into a text save.
type textSaver struct {
	name string
	save func(src []byte) ([]byte, error)
}

func toolSaver(name string, args ...string) textSaver {
	return textSaver{name: name, save: func(src []byte) ([]byte, error) {
		cmd := exec.Command(args[0], args[1:]...)
		cmd.Stdin = strings.NewReader(string(src))
		return cmd.Output()
	}}
}

func textSavers(t *testing.T) []textSaver {
	savers := []textSaver{{name: "tag-strip", save: func(src []byte) ([]byte, error) {
		root, err := html.Parse(strings.NewReader(string(src)))
		if err != nil {
			return nil, err
		}
		return []byte(renderText(root, true)), nil
	}}}
	savers = append(savers, textSaver{name: "firefox", save: func(src []byte) ([]byte, error) {
		root, err := html.Parse(strings.NewReader(string(src)))
		if err != nil {
			return nil, err
		}
		return []byte(firefoxText(root)), nil
	}})
	if _, err := exec.LookPath("w3m"); err == nil {
		savers = append(savers, toolSaver("w3m", "w3m", "-dump", "-T", "text/html", "-cols", "100", "-O", "UTF-8"))
	} else {
		t.Log("w3m not installed: its text saves are left out")
	}
	if _, err := exec.LookPath("lynx"); err == nil {
		savers = append(savers, toolSaver("lynx", "lynx", "-dump", "-nolist", "-force_html", "-width=100", "-display_charset=utf-8", "-stdin"))
	} else {
		t.Log("lynx not installed: its text saves are left out")
	}
	return savers
}

// plain is an entry's content as text.
func plain(content string) string {
	root, err := html.Parse(strings.NewReader(content))
	if err != nil {
		return content
	}
	return renderText(root, false)
}

// sameTitle compares titles as a reader would: case, spacing and
// punctuation aside. The expected titles are what go-readability read from
// the page, which often keeps the site's or section's name ("Headline |
// eHow", "Headline - Author - Medium"); the headline alone is as right, so
// a title equal to the expected one with parts cut at a title separator
// from its end or its start, or without a bracketed site name, counts too.
func sameTitle(got, want string) bool {
	g := normKey(got)
	if g == "" {
		return false
	}
	if g == normKey(want) {
		return true
	}
	// "Headline [Site]" sets the site apart with brackets.
	if i := strings.LastIndex(want, " ["); i > 0 && strings.HasSuffix(want, "]") && sameTitle(got, want[:i]) {
		return true
	}
	for _, sep := range titleSeparators {
		parts := strings.Split(want, sep)
		for k := 1; k < len(parts); k++ {
			if normKey(strings.Join(parts[:k], sep)) == g || normKey(strings.Join(parts[k:], sep)) == g {
				return true
			}
		}
	}
	return false
}

// bylineFound reports whether the author found names the expected byline:
// one of the found names, letters only, is in it (the expected byline may
// carry "By", a date or a role around the name).
func bylineFound(got []string, want string) bool {
	letters := func(s string) string {
		return strings.Map(func(r rune) rune {
			if unicode.IsLetter(r) {
				return unicode.ToLower(r)
			}
			return -1
		}, s)
	}
	w := letters(want)
	for _, a := range got {
		if l := letters(a); len(l) >= 3 && strings.Contains(w, l) {
			return true
		}
	}
	return false
}

type evalTally struct{ n, title, text, clean, byline, bylineN, date, dateN, one, right int }

func (s evalTally) pct(k int, of int) string {
	if of == 0 {
		return "   -"
	}
	return fmt.Sprintf("%3.0f%%", 100*float64(k)/float64(of))
}

// English pages are the judge's; the function-word tests of the text
// reader are English ones.
func english(p evalPage) bool { return p.lang == "" || strings.HasPrefix(p.lang, "en") }

func TestEvalCorpus(t *testing.T) {
	pages := loadEvalPages(t)
	savers := textSavers(t)
	verbose := os.Getenv("TRIBUTARY_EVAL_VERBOSE") != ""
	var failures []string
	tallies := map[string]*evalTally{}
	tally := func(k string) *evalTally {
		if tallies[k] == nil {
			tallies[k] = &evalTally{}
		}
		return tallies[k]
	}
	for _, p := range pages {
		group := "en"
		if !english(p) {
			group = "other"
		}
		// Saved HTML.
		s := tally("html/" + group)
		s.n++
		doc, err := Parse(p.name+".html", p.source, Options{})
		var why []string
		if err == nil && len(doc.Entries) > 0 {
			e := doc.Entries[0]
			rec, prec := overlap(p.words, p.total, e.Title+"\n"+plain(e.Content))
			ok := sameTitle(e.Title, p.title)
			if ok {
				s.title++
			} else {
				why = append(why, fmt.Sprintf("title %q, want %q", e.Title, p.title))
			}
			if rec >= 0.9 {
				s.text++
			} else {
				why = append(why, fmt.Sprintf("text recall %.2f", rec))
			}
			if prec >= 0.8 {
				s.clean++
			} else {
				why = append(why, fmt.Sprintf("precision %.2f", prec))
			}
			if ok && rec >= 0.9 && prec >= 0.8 {
				s.right++
			}
			if p.byline != "" {
				s.bylineN++
				if bylineFound(e.Authors, p.byline) {
					s.byline++
				} else {
					why = append(why, fmt.Sprintf("author %q, want %q", e.Authors, p.byline))
				}
			}
			if want, ok := dates.Parse(p.published); ok {
				s.dateN++
				if e.Published != nil && e.Published.Sub(want).Abs() <= 24*time.Hour {
					s.date++
				} else {
					why = append(why, fmt.Sprintf("date %v, want %s", e.Published, p.published))
				}
			}
			// What a feed reader gets: the entry after the publishing
			// sanitiser.
			ps := tally("published/" + group)
			ps.n++
			rec, prec = overlap(p.words, p.total, e.Title+"\n"+plain(normalize.Sanitize(e.Content, e.Link)))
			if ok {
				ps.title++
			}
			if rec >= 0.9 {
				ps.text++
			}
			if prec >= 0.8 {
				ps.clean++
			}
			if ok && rec >= 0.9 && prec >= 0.8 {
				ps.right++
			} else if rec < 0.9 || prec < 0.8 {
				why = append(why, fmt.Sprintf("published: recall %.2f precision %.2f", rec, prec))
			}
		} else {
			why = append(why, fmt.Sprintf("error %v", err))
		}
		if len(why) > 0 {
			failures = append(failures, fmt.Sprintf("html  %-10s %-32s %s", "", p.name, strings.Join(why, "; ")))
		}
		// The extractor alone, as a baseline for what Tributary's layers
		// (metadata, clutter rules, title choice) add or lose.
		evalReadability(p, tally("readability/"+group))
		// Text saves.
		for _, sv := range savers {
			out, err := sv.save(p.source)
			if err != nil {
				t.Logf("%s %s: %v", sv.name, p.name, err)
				continue
			}
			s := tally("text-" + sv.name + "/" + group)
			s.n++
			doc, err := Parse(p.name+".txt", out, Options{})
			var why []string
			if err != nil || len(doc.Entries) == 0 {
				why = append(why, fmt.Sprintf("error %v", err))
			} else {
				e := doc.Entries[0]
				if len(doc.Entries) == 1 {
					s.one++
				} else {
					why = append(why, fmt.Sprintf("%d entries", len(doc.Entries)))
				}
				rec, prec := overlap(p.words, p.total, e.Title+"\n"+plain(e.Content))
				ok := sameTitle(e.Title, p.title)
				if ok {
					s.title++
				} else {
					why = append(why, fmt.Sprintf("title %q, want %q", e.Title, p.title))
				}
				if rec >= 0.9 {
					s.text++
				} else {
					why = append(why, fmt.Sprintf("text recall %.2f", rec))
				}
				if prec >= 0.8 {
					s.clean++
				} else {
					why = append(why, fmt.Sprintf("precision %.2f", prec))
				}
				if len(doc.Entries) == 1 && ok && rec >= 0.9 && prec >= 0.8 {
					s.right++
				}
				if p.byline != "" {
					s.bylineN++
					if bylineFound(e.Authors, p.byline) {
						s.byline++
					} else {
						why = append(why, fmt.Sprintf("author %q, want %q", e.Authors, p.byline))
					}
				}
			}
			if len(why) > 0 {
				failures = append(failures, fmt.Sprintf("text  %-10s %-32s %s", sv.name, p.name, strings.Join(why, "; ")))
			}
		}
	}
	var keys []string
	for k := range tallies {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	var b strings.Builder
	fmt.Fprintf(&b, "\n%-22s %5s %6s %6s %6s %6s %6s %6s %6s\n", "path/pages", "n", "title", "text90", "clean", "author", "date", "one", "right")
	for _, k := range keys {
		s := tallies[k]
		one := s.pct(s.one, s.n)
		if !strings.HasPrefix(k, "text") {
			one = "   -"
		}
		fmt.Fprintf(&b, "%-22s %5d %6s %6s %6s %6s %6s %6s %6s\n", k, s.n, s.pct(s.title, s.n), s.pct(s.text, s.n),
			s.pct(s.clean, s.n), s.pct(s.byline, s.bylineN), s.pct(s.date, s.dateN), one, s.pct(s.right, s.n))
	}
	b.WriteString("title: same as expected; text90: at least 90% of the expected words; clean: at least 80% of the output's words\n" +
		"from the article; author: of the pages naming one; date: of the pages dating themselves, within a day (saved HTML\n" +
		"only); one: a single entry; right: all of title, text90, clean (and one)\n")
	t.Log(b.String())
	if verbose {
		t.Log("\n" + strings.Join(failures, "\n"))
	}
}

// evalReadability scores go-readability run on the page as it comes, with
// its own title and byline: the baseline the saved-HTML path is held to.
func evalReadability(p evalPage, s *evalTally) {
	s.n++
	root, err := html.Parse(strings.NewReader(string(p.source)))
	if err != nil {
		return
	}
	parser := newExtractor()
	art, err := parser.ParseAndMutate(root, nil)
	if err != nil || art.Node == nil {
		return
	}
	var b strings.Builder
	if err := art.RenderHTML(&b); err != nil {
		return
	}
	rec, prec := overlap(p.words, p.total, art.Title()+"\n"+plain(b.String()))
	ok := sameTitle(art.Title(), p.title)
	if ok {
		s.title++
	}
	if rec >= 0.9 {
		s.text++
	}
	if prec >= 0.8 {
		s.clean++
	}
	if ok && rec >= 0.9 && prec >= 0.8 {
		s.right++
	}
	if p.byline != "" {
		s.bylineN++
		if bylineFound([]string{art.Byline()}, p.byline) {
			s.byline++
		}
	}
}

// BenchmarkEvalHTML reads every corpus page as saved HTML: the cost of
// extraction with Tributary's layers on top, for A/B runs of two builds.
func BenchmarkEvalHTML(b *testing.B) {
	pages := loadEvalPages(b)
	for b.Loop() {
		for _, p := range pages {
			if _, err := Parse(p.name+".html", p.source, Options{}); err != nil {
				b.Fatal(err)
			}
		}
	}
}
