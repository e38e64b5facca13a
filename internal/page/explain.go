package page

import (
	"strings"
	"unicode/utf8"

	"golang.org/x/net/html"
)

// Decision is what the reader did with one block of a page, and the rule
// that decided it.
type Decision struct {
	Text string `json:"text"` // the block's text, whitespace collapsed
	Kept bool   `json:"kept"`
	Rule string `json:"rule"`
}

// Explanation lists, in page order, every block of a page and whether it
// went into an entry, for `tributary inspect --explain`.
type Explanation struct {
	Format string     `json:"format"` // "html", "text" or "markdown"
	Notes  []string   `json:"notes"`  // page-level decisions (index or single article, guards applied)
	Blocks []Decision `json:"blocks"` // one per block
}

// Explain reads a page as Parse does and reports the decision taken on each
// block. The document Parse would return is returned too.
func Explain(name string, data []byte, opts Options) (*Explanation, error) {
	f, text, err := decodeAs(name, data)
	if err != nil {
		return nil, err
	}
	tr := &tracer{dropped: map[string]string{}}
	opts.trace = tr
	ex := &Explanation{}
	switch f {
	case formatFeed:
		return nil, ErrFeed
	case formatHTML:
		ex.Format = "html"
		_, err = parseHTML(name, text, opts)
	case formatMarkdown:
		ex.Format = "markdown"
		tr.note("Markdown: the body after the front matter is one post; only its edges are trimmed")
		_, err = parseMarkdown(name, text, opts)
	default:
		ex.Format = "text"
		parseText(name, text, opts)
	}
	if err != nil {
		return nil, err
	}
	ex.Notes, ex.Blocks = tr.notes, tr.blocks
	return ex, nil
}

// tracer collects decisions while a page is read. A nil *tracer records
// nothing, so the readers call it unconditionally.
type tracer struct {
	notes   []string
	blocks  []Decision
	dropped map[string]string // normKey of a block -> rule that removed it (HTML)
}

func (t *tracer) note(msg string) {
	if t != nil {
		t.notes = append(t.notes, msg)
	}
}

func (t *tracer) block(text string, kept bool, rule string) {
	if t != nil {
		t.blocks = append(t.blocks, Decision{Text: strings.Join(strings.Fields(text), " "), Kept: kept, Rule: rule})
	}
}

// drop records that the HTML reader removed a block of the article, so the
// final listing can name the rule.
func (t *tracer) drop(text, rule string) {
	if t != nil {
		if k := normKey(text); k != "" {
			t.dropped[k] = rule
		}
	}
}

// htmlBlocks lists the page's blocks in order: those whose text reached the
// entry are kept; the others were dropped by a recorded rule, or were left
// outside the article by the extractor.
func (t *tracer) htmlBlocks(body, container *html.Node, title string) {
	if t == nil {
		return
	}
	keptLeaves := map[string]bool{}
	for _, n := range leafBlocks(container) {
		keptLeaves[normKey(textOf(n))] = true
	}
	content := normKey(textOf(container))
	for _, n := range leafBlocks(body) {
		text := textOf(n)
		k := normKey(text)
		if k == "" {
			continue
		}
		switch rule, ok := t.dropped[k]; {
		case k == normKey(title):
			t.block(text, false, "title: read as the entry's title")
		case ok:
			t.block(text, false, rule)
		case keptLeaves[k] || utf8.RuneCountInString(k) >= 20 && strings.Contains(content, k):
			t.block(text, true, "article text: inside the body go-readability extracted")
		case holdsKeptLeaf(k, keptLeaves):
			t.block(text, true, "article text, less the furniture inside it (a player's buttons, a counter)")
		default:
			t.block(text, false, "outside the article: go-readability did not take it into the body")
		}
	}
}

// edgeRule names the rule by which trimEdges or the header rule removed a
// block at an article's edge.
func edgeRule(p string, bp Boilerplate, authors []string) string {
	if isHeaderLine(p, authors) {
		return "article header: date, byline or reading time"
	}
	switch k, _ := classify(p, bp); k {
	case kindBoiler:
		return "boilerplate: repeated across this source's files"
	case kindChrome:
		return "chrome: share, byline, labels or bio line at the edge"
	case kindAppeal:
		return "appeal: donation or subscription request closing the post"
	}
	return "author bio at the end of the post"
}

// textBlocks lists a text page's blocks with their prose verdict and
// whether they ended up in a post (as its title or text).
func (t *tracer) textBlocks(blocks []block, vs []verdict, posts []Post) {
	if t == nil {
		return
	}
	// A block counts as used once per use, in page order, so a sidebar
	// link repeating the title is not shown as kept.
	type use struct{ role string }
	used := map[string][]use{}
	for _, p := range posts {
		if !p.TitleDerived {
			used[normKey(p.Title)] = append(used[normKey(p.Title)], use{"title"})
		}
		for _, para := range p.Paragraphs {
			used[normKey(para)] = append(used[normKey(para)], use{"text"})
		}
	}
	for i, b := range blocks {
		k := normKey(b.text)
		role, ok := "", len(used[k]) > 0
		if ok {
			role, used[k] = used[k][0].role, used[k][1:]
		}
		if !ok && b.lines == 1 {
			if _, _, _, isDate := dateline(b.text); isDate {
				t.block(b.text, false, "date line: read as the post's date (and byline)")
				continue
			}
		}
		switch {
		case ok && role == "title":
			t.block(b.text, true, "title of a post")
		case ok:
			t.block(b.text, true, vs[i].class.String()+": "+vs[i].rule)
		case vs[i].class == classGood:
			t.block(b.text, false, "prose outside the article, or trimmed from a post's edge (appeal, bio, repeated block)")
		default:
			t.block(b.text, false, vs[i].class.String()+": "+vs[i].rule)
		}
	}
}

// holdsKeptLeaf reports whether a page block's text holds a block of the
// entry of some length: the block was kept, with furniture inside it taken
// out ("Play Mute The crossing takes twenty minutes" kept as its caption).
func holdsKeptLeaf(k string, kept map[string]bool) bool {
	for leaf := range kept {
		if utf8.RuneCountInString(leaf) >= 20 && strings.Contains(k, leaf) {
			return true
		}
	}
	return false
}
