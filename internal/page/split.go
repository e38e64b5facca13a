package page

import (
	"regexp"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	datespkg "github.com/tributary/tributary/internal/dates"
	"github.com/tributary/tributary/internal/htmltext"
)

// Post is one post found in a plain-text page.
type Post struct {
	Title        string
	TitleDerived bool       // Title was made from the first sentence; the text had none
	Date         *time.Time // from a date header or a date line under the title; nil if none
	RawDate      string     // the date line as written
	Author       string     // from a byline or an author bio; empty if none
	Categories   []string   // from a trailing "Labels:" or "Tags:" line
	Paragraphs   []string   // the content, clutter removed; list items keep their markers
	Removed      []string   // clutter taken out: section label, chrome, appeals, bio
	Raw          string     // the post's original text, from its first to its last line

	first, last int // the post's first and last block
}

// line is one source line and its byte span; links and linkWords count
// the link targets cut from it (see cutLinkTargets).
type line struct {
	text             string
	start, end       int
	links, linkWords int
	self             bool // a heading linked to its own anchor (see selfAnchor)
	// saved is the line as saved, link targets included: a formatted save
	// wrapped its lines with the targets in, so a line that lost one is
	// still a full line of a wrapped paragraph ("" when nothing was cut).
	saved string
}

// asSaved is the line as the save wrapped it, trimmed.
func (l line) asSaved() string {
	if l.saved != "" {
		return strings.TrimSpace(l.saved)
	}
	return strings.TrimSpace(l.text)
}

// width is the line's width as the save wrapped it.
func (l line) width() int { return utf8.RuneCountInString(l.asSaved()) }

// block is one paragraph of a plain-text file and where it came from.
type block struct {
	text       string   // trimmed; hard-wrapped lines joined by single spaces
	start, end int      // byte span in the source text
	lines      int      // source lines it spans
	cont       []string // continuation lines of a list item, joined at the end
	links      int      // link targets a formatted save printed in it, cut from text
	linkWords  int      // words of text those links are estimated to cover
	setApart   bool     // one paragraph of at most maxHeadingLines lines, evenly indented, two blank lines or more above it
	indent     int      // its indentation
	// selfAnchored: one line, a heading a formatted save printed linked
	// to its own anchor (see selfAnchor).
	selfAnchored bool
}

// SplitText splits a plain-text page into posts. It recognises date header
// lines (which start a group of posts sharing that date), the title line that
// opens each post, closing blocks that repeat after every post (which end
// one), and the clutter at each post's edges. It sees only this text: Parse
// also applies the boilerplate DetectBoilerplate found across files.
func SplitText(text string) []Post {
	return splitText(normaliseNewlines(text), Boilerplate{}, nil, nil)
}

// draft is a post being assembled by splitText.
type draft struct {
	date      *time.Time
	rawDate   string
	title     string
	label     string
	titleOpen bool // the next text block may still be the title
	relaxed   bool // opened by a date header: the title may be a sentence or two
	fileStart bool // the first post of the file, where a section label may sit
	body      []int
	realBody  int  // body paragraphs that are neither boilerplate nor chrome
	hasText   bool // holds a title or a non-boilerplate paragraph
	first     int
	last      int
}

// splitPosts cuts a page into posts at date headers and at titles after
// closing boilerplate: the reading of an index page of several posts. bp
// is the page's boilerplate (see pageBoilerplate).
func splitPosts(text string, blocks []block, bp Boilerplate, strip []*regexp.Regexp) []Post {
	n := len(blocks)
	skip := make([]bool, n)
	dates := make([]*time.Time, n)
	for i, b := range blocks {
		if stripMatch(b.text, strip) {
			skip[i] = true
			continue
		}
		if b.lines == 1 {
			if t, ok := datespkg.Header(b.text); ok && t.Year() >= firstWebYear {
				dates[i] = &t
			}
		}
	}
	boiler := make([]bool, n)
	for i, b := range blocks {
		boiler[i] = !skip[i] && dates[i] == nil && bp.Contains(b.text)
	}
	nextText := func(i int) int {
		for j := i + 1; j < n; j++ {
			if !skip[j] {
				return j
			}
		}
		return -1
	}
	bodyFollows := func(i int) bool {
		j := nextText(i)
		return j >= 0 && dates[j] == nil && !boiler[j]
	}
	// titleFollowedByBody also lets a date line sit between a title and
	// its body ("Title / March 3, 2025 / text").
	titleFollowedByBody := func(i int) bool {
		if j := nextText(i); j >= 0 && dates[j] != nil {
			return bodyFollows(j)
		}
		return bodyFollows(i)
	}

	var (
		drafts      []*draft
		cur         *draft
		groupDate   *time.Time
		groupRaw    string
		afterBoiler bool
		relaxedNext bool
		fileStart   = true
	)
	flush := func() {
		if cur != nil {
			drafts = append(drafts, cur)
			cur = nil
		}
		afterBoiler = false
	}
	open := func(i int) {
		cur = &draft{date: groupDate, rawDate: groupRaw, titleOpen: true, relaxed: relaxedNext, fileStart: fileStart, first: i, last: i}
		relaxedNext, fileStart = false, false
	}
	// titleBeforeDate recognises the "title, date, body" layout of some
	// index pages: the date line follows the next post's title, which
	// was read as the last paragraph of the current post.
	titleBeforeDate := func(i int) bool {
		if cur == nil || cur.realBody < 2 {
			return false
		}
		t := cur.body[len(cur.body)-1]
		if t != cur.last || boiler[t] || !titleLike(blocks[t], false) {
			return false
		}
		j := nextText(i)
		return j >= 0 && dates[j] == nil && !boiler[j] && !titleLike(blocks[j], true)
	}

	for i := 0; i < n; i++ {
		if skip[i] {
			continue
		}
		b := blocks[i]
		if d := dates[i]; d != nil {
			switch {
			case cur != nil && cur.title != "" && cur.realBody == 0:
				// A date right under a title (and perhaps a byline)
				// dates that post only.
				cur.date, cur.rawDate, cur.last = d, b.text, i
			case titleBeforeDate(i):
				t := cur.body[len(cur.body)-1]
				cur.body = cur.body[:len(cur.body)-1]
				cur.realBody--
				if len(cur.body) > 0 {
					cur.last = cur.body[len(cur.body)-1]
				}
				flush()
				groupDate, groupRaw, fileStart = d, b.text, false
				cur = &draft{date: d, rawDate: b.text, title: blocks[t].text, hasText: true, first: t, last: i}
			default:
				flush()
				groupDate, groupRaw = d, b.text
				relaxedNext, fileStart = true, false
			}
			continue
		}
		if boiler[i] {
			if cur == nil {
				open(i)
			}
			cur.body = append(cur.body, i)
			cur.last = i
			afterBoiler = afterBoiler || cur.hasText
			continue
		}
		// Closing boilerplate followed by a title and its body: the next
		// post of the same date group begins.
		if cur != nil && afterBoiler && titleLike(b, false) && titleFollowedByBody(i) {
			flush()
		}
		afterBoiler = false
		if cur == nil {
			open(i)
		}
		cur.last = i
		if cur.titleOpen {
			if k, _ := classify(b.text, bp); k == kindChrome {
				// Navigation or a share line above the title: the
				// title may still follow.
				cur.body = append(cur.body, i)
				continue
			}
			cur.titleOpen = false
			if cur.fileStart && isSectionLabel(b.text) {
				if j := nextText(i); j >= 0 && dates[j] == nil && !boiler[j] && titleLike(blocks[j], true) && titleFollowedByBody(j) {
					cur.label, cur.title, cur.hasText, cur.last = b.text, blocks[j].text, true, j
					i = j
					continue
				}
			}
			if titleLike(b, cur.relaxed) && titleFollowedByBody(i) {
				cur.title, cur.hasText = b.text, true
				continue
			}
		}
		cur.body = append(cur.body, i)
		cur.hasText = true
		if k, _ := classify(b.text, bp); k == kindBody || k == kindAppeal {
			cur.realBody++
		}
	}
	flush()

	var posts []Post
	for _, d := range drafts {
		paras := make([]string, len(d.body))
		for k, bi := range d.body {
			paras[k] = blocks[bi].text
		}
		res := trimEdges(paras, bp)
		p := Post{
			Title:      d.title,
			Date:       copyTime(d.date), // posts of one date group must not share a pointer
			RawDate:    d.rawDate,
			Author:     res.author,
			Categories: res.categories,
			Paragraphs: paras[res.lo:res.hi],
			Raw:        text[blocks[d.first].start:blocks[d.last].end],
			first:      d.first,
			last:       d.last,
		}
		if d.label != "" {
			p.Removed = append(p.Removed, d.label)
		}
		p.Removed = append(p.Removed, paras[:res.lo]...)
		p.Removed = append(p.Removed, paras[res.hi:]...)
		if p.Title == "" {
			if len(p.Paragraphs) == 0 {
				continue // nothing but clutter
			}
			p.Title = deriveTitle(p.Paragraphs[0])
			p.TitleDerived = true
		}
		posts = append(posts, p)
	}
	return posts
}

// textBlocks cuts text into paragraphs. Where the file separates paragraphs
// with blank lines, each blank-separated group is one paragraph if its lines
// are hard-wrapped prose, and one paragraph per line otherwise (saved web
// pages put a heading and a byline on adjacent lines). A file without blank
// lines has one paragraph per line. Indented lines continuing a list item
// join that item.
func textBlocks(text string) []block {
	var lines []line
	linked := linkedSave(text)
	for off := 0; off < len(text); {
		end := strings.IndexByte(text[off:], '\n')
		if end < 0 {
			end = len(text)
		} else {
			end += off
		}
		l := line{text: text[off:end], start: off, end: end}
		off = end + 1
		if linked {
			l.saved = l.text
			l.text, l.links, l.linkWords, l.self = cutLinkTargets(l.text)
			// A target wrapped onto a line of its own belongs to the
			// line above: it neither ends a paragraph nor makes one.
			if strings.TrimSpace(l.text) == "" && l.links > 0 {
				if k := len(lines) - 1; k >= 0 && strings.TrimSpace(lines[k].text) != "" {
					lines[k].links += l.links
					lines[k].end = l.end
				}
				continue
			}
		}
		lines = append(lines, l)
	}
	blank := func(l line) bool { return strings.TrimSpace(l.text) == "" }
	firstText, lastText := -1, -1
	for i, l := range lines {
		if !blank(l) {
			if firstText < 0 {
				firstText = i
			}
			lastText = i
		}
	}
	hasBlank := false
	for i := firstText; i >= 0 && i <= lastText; i++ {
		if blank(lines[i]) {
			hasBlank = true
			break
		}
	}

	width := wrapWidth(lines)
	var blocks []block
	blanks := 0 // blank lines before the group being emitted
	emit := func(group []line) {
		if len(group) == 0 {
			return
		}
		// A heading is set apart: two blank lines above a single
		// indented line, in a formatted save (see h1Marked). The
		// save's first line has none above it, set apart all the same.
		defer func(first int) {
			if first == len(blocks)-1 && len(group) <= maxHeadingLines {
				indent := leadingSpace(group[0].text)
				for _, l := range group[1:] {
					if leadingSpace(l.text) != indent {
						return
					}
				}
				blocks[first].setApart = blanks >= 2 || first == 0
				blocks[first].indent = indent
			}
		}(len(blocks))
		if hasBlank && (hardWrapped(group) || flowing(group)) {
			parts := make([]string, len(group))
			for i, l := range group {
				parts[i] = strings.TrimSpace(l.text)
			}
			b := block{
				text:  strings.Join(parts, " "),
				start: group[0].start + leadingSpace(group[0].text),
				end:   group[len(group)-1].end - trailingSpace(group[len(group)-1].text),
				lines: len(group),
				// One line, a heading linked to its own anchor.
				selfAnchored: len(group) == 1 && group[0].self,
			}
			for _, l := range group {
				b.links, b.linkWords = b.links+l.links, b.linkWords+l.linkWords
			}
			blocks = append(blocks, b)
			return
		}
		for gi, l := range group {
			t := strings.TrimSpace(l.text)
			start := l.start + leadingSpace(l.text)
			end := l.end - trailingSpace(l.text)
			// A line the browser broke at the save's width goes on in
			// the next one: a caption or a paragraph among short lines.
			if k := len(blocks) - 1; k >= 0 && gi > 0 && blocks[k].end == group[gi-1].end-trailingSpace(group[gi-1].text) &&
				len(blocks[k].cont) == 0 && wrapsInto(group[gi-1].text, l.text, width) && !ruleLine(l.text) && !ruleLine(group[gi-1].text) {
				blocks[k].text += " " + t
				blocks[k].end = end
				blocks[k].lines++
				blocks[k].selfAnchored = false
				blocks[k].links, blocks[k].linkWords = blocks[k].links+l.links, blocks[k].linkWords+l.linkWords
				continue
			}
			if k := len(blocks) - 1; k >= 0 && leadingSpace(l.text) > 0 && !listItemRE.MatchString(t) &&
				blocks[k].end >= group[0].start && listItemRE.MatchString(blocks[k].text) {
				blocks[k].cont = append(blocks[k].cont, t)
				blocks[k].end = end
				blocks[k].lines++
				blocks[k].links, blocks[k].linkWords = blocks[k].links+l.links, blocks[k].linkWords+l.linkWords
				continue
			}
			blocks = append(blocks, block{text: t, start: start, end: end, lines: 1, links: l.links, linkWords: l.linkWords, selfAnchored: l.self})
		}
	}
	var group []line
	for _, l := range lines {
		if blank(l) {
			if len(group) > 0 {
				emit(group)
				group = group[:0]
				blanks = 0
			}
			blanks++
			continue
		}
		group = append(group, l)
	}
	emit(group)
	for i, b := range blocks {
		if len(b.cont) > 0 {
			blocks[i].text = b.text + " " + strings.Join(b.cont, " ")
			blocks[i].cont = nil
		}
	}
	return blocks
}

// minRuleRunes is how long a line of box-drawing characters is at least
// to be a horizontal rule.
const minRuleRunes = 3

// ruleLine reports whether a line is a horizontal rule as a text-mode
// browser draws one (w3m prints <hr> as "━━━━"): box-drawing characters
// only. It is a block of its own: the line above does not run on into
// it, nor does it into the line below, as a wrapped line would (a rule
// spans the save's width). A control over it and a box's line under it
// are not one block with the headline's header.
func ruleLine(s string) bool {
	n := 0
	for _, r := range strings.TrimSpace(s) {
		if r < 0x2500 || r > 0x257F {
			return false
		}
		n++
	}
	return n >= minRuleRunes
}

// wrapWidth is the width a text browser wrapped the save at: its longest
// line, when that is a terminal's width (0 when the save is not wrapped).
func wrapWidth(lines []line) int {
	w := 0
	for _, l := range lines {
		w = max(w, utf8.RuneCountInString(strings.TrimRightFunc(l.text, unicode.IsSpace)))
	}
	if w < minWrapWidth || w > maxWrapWidth {
		return 0
	}
	// A wrapped save fills many lines nearly to the width; a page of
	// short lines only has its longest one.
	full := 0
	for _, l := range lines {
		if utf8.RuneCountInString(strings.TrimRightFunc(l.text, unicode.IsSpace)) >= w-wrapSlack {
			full++
		}
	}
	if full < minFullLines {
		return 0
	}
	return w
}

// The widths text browsers wrap a save at: lynx and w3m take the
// terminal's (80 to 100 columns, or a chosen one), Firefox 72 or 80.
const (
	minWrapWidth = 72
	maxWrapWidth = 120
	// wrapSlack is how much shorter than the width a full line may be
	// (the next word did not fit); minFullLines how many a wrapped save
	// has at least.
	wrapSlack    = 12
	minFullLines = 5
)

// wrapsInto reports whether line next continues line prev, broken at the
// save's width: prev ends without a sentence's end, is as indented as next,
// neither is a byline, date or control line, and next's first word would
// not have fitted on prev.
func wrapsInto(prev, next string, width int) bool {
	if width == 0 || leadingSpace(prev) != leadingSpace(next) {
		return false
	}
	p, n := strings.TrimRightFunc(prev, unicode.IsSpace), strings.TrimSpace(next)
	if n == "" || listItemRE.MatchString(n) || strings.ContainsRune(".!?:", lastSignificant(p)) {
		return false
	}
	// A byline, a date or a control is a line of its own, whatever
	// its length.
	if pt := strings.TrimSpace(p); headerLine(pt) || headerLine(n) || bylineName(n) != "" || bylineName(pt) != "" {
		return false
	}
	first, _, _ := strings.Cut(n, " ")
	return utf8.RuneCountInString(p)+1+utf8.RuneCountInString(first) > width
}

// maxWrappedLine is the widest a hard-wrapped paragraph's lines are.
const maxWrappedLine = 100

// longWord reports whether s has a word too long to wrap (a link target,
// a long address) that a wrapper had to leave whole.
func longWord(s string) bool {
	for _, w := range strings.Fields(s) {
		if utf8.RuneCountInString(w) > maxWrappedLine/2 {
			return true
		}
	}
	return false
}

// breakSlack is how far short of the longest line a wrapper may break a
// line before a word that would still have fitted.
const breakSlack = 5

// hardWrapped reports whether a group of lines is one paragraph wrapped at a
// fixed width: every line but the last fills most of the width, and the
// width is that of a text editor, not of a web page's paragraph.
func hardWrapped(group []line) bool {
	if len(group) < 2 {
		return false
	}
	maxLen := 0
	for _, l := range group {
		if itemMarkerRE.MatchString(strings.TrimSpace(l.text)) {
			return false
		}
		// A word longer than the width (a link target) runs the line
		// past it: that line does not tell the width.
		if l.width() > maxWrappedLine && longWord(l.asSaved()) {
			continue
		}
		maxLen = max(maxLen, l.width())
	}
	if maxLen < 50 || maxLen > maxWrappedLine {
		return false
	}
	for i, l := range group[:len(group)-1] {
		// A short line is full when the next word did not fit on it: a
		// long link target went on to the next line. A wrapper may let a
		// line run a little past its width (to end a word) but break
		// before it: the next word counts as not fitting within
		// breakSlack of the longest line.
		next, _, _ := strings.Cut(group[i+1].asSaved(), " ")
		if l.width()*4 < maxLen*3 && l.width()+1+utf8.RuneCountInString(next) <= maxLen-breakSlack {
			return false
		}
	}
	return true
}

func leadingSpace(s string) int  { return len(s) - len(strings.TrimLeftFunc(s, unicode.IsSpace)) }
func trailingSpace(s string) int { return len(s) - len(strings.TrimRightFunc(s, unicode.IsSpace)) }

var (
	listMarkerRE = regexp.MustCompile(`^\s*(?:(\d{1,3})[.)]|[-*•◦▪‣·])\s+`)
	listItemRE   = regexp.MustCompile(`^\s*(?:\d{1,3}[.)]|[-*•◦▪‣·])\s+\S`)
	footnoteRE   = regexp.MustCompile(`(?:\s*\[\d{1,3}\])+$`)
	hasLetterRE  = regexp.MustCompile(`\p{L}`)
)

// titleLike reports whether a block can be a post's title. Strict (at the
// top of a file, or after closing boilerplate): one line of at most 150
// characters and 25 words that does not end like a sentence ("?" allowed on
// short lines). Relaxed (right under a date header, where a title is
// certain to come): one line of at most 200 characters and two sentences.
func titleLike(b block, relaxed bool) bool {
	t := b.text
	if b.lines != 1 || len(t) > 4*200 {
		return false
	}
	runes := utf8.RuneCountInString(t)
	if runes > 200 || listItemRE.MatchString(t) || !hasLetterRE.MatchString(t) || hasURL(t) ||
		strings.HasSuffix(t, ":") || chromeLineRE.MatchString(t) {
		return false
	}
	if relaxed {
		return runes <= 200 && len(sentences(t)) <= 2
	}
	if runes > 150 || len(strings.Fields(t)) > 25 {
		return false
	}
	first, _ := utf8.DecodeRuneInString(t)
	if !unicode.IsLetter(first) && !unicode.IsDigit(first) && !isOpener(first) {
		return false
	}
	switch lastSignificant(t) {
	case '.', ',', ';', ':', '…':
		return false
	case '?', '!':
		return runes <= 100
	}
	return true
}

// lastSignificant returns the last rune of s ignoring closing quotes and
// brackets and trailing footnote markers ("means[9]" ends in 's').
func lastSignificant(s string) rune {
	s = footnoteRE.ReplaceAllString(strings.TrimSpace(s), "")
	s = strings.TrimRightFunc(s, func(r rune) bool { return isCloser(r) || unicode.IsSpace(r) })
	r, _ := utf8.DecodeLastRuneInString(s)
	return r
}

func isOpener(r rune) bool { return strings.ContainsRune("\"'“‘«([¿¡", r) }
func isCloser(r rune) bool { return strings.ContainsRune("\"'”’»)]", r) }

// abbreviations end in a period without ending a sentence.
var abbreviations = map[string]bool{
	"mr": true, "mrs": true, "ms": true, "dr": true, "st": true, "prof": true, "sr": true, "jr": true,
	"vs": true, "etc": true, "no": true, "inc": true, "ltd": true, "co": true, "gen": true, "gov": true,
	"sen": true, "rep": true, "col": true, "lt": true, "mt": true, "ft": true, "rev": true, "fig": true,
	"vol": true, "pp": true, "cf": true, "approx": true, "dept": true, "est": true, "jan": true, "feb": true,
	"mar": true, "apr": true, "jun": true, "jul": true, "aug": true, "sep": true, "sept": true, "oct": true,
	"nov": true, "dec": true,
}

// sentences splits s at sentence ends: ".", "!" or "?" (optionally followed
// by closing quotes) before a space and a capital, digit or opening quote,
// unless the period ends an abbreviation ("Mr.", "U.S.").
func sentences(s string) []string {
	rs := []rune(s)
	var out []string
	start := 0
	for i := 0; i < len(rs); i++ {
		r := rs[i]
		if r != '.' && r != '!' && r != '?' {
			continue
		}
		j := i + 1
		for j < len(rs) && (isCloser(rs[j]) || rs[j] == '.' || rs[j] == '!' || rs[j] == '?') {
			j++
		}
		if j == len(rs) {
			break
		}
		end := i // the punctuation run ends at j; resume scanning there
		i = j - 1
		if !unicode.IsSpace(rs[j]) {
			continue
		}
		k := j
		for k < len(rs) && unicode.IsSpace(rs[k]) {
			k++
		}
		if k == len(rs) {
			break
		}
		if next := rs[k]; !unicode.IsUpper(next) && !unicode.IsDigit(next) && !isOpener(next) {
			continue
		}
		if r == '.' && endsWithAbbreviation(rs, end) {
			continue
		}
		if sent := strings.TrimSpace(string(rs[start:j])); sent != "" {
			out = append(out, sent)
		}
		start, i = k, k-1
	}
	if rest := strings.TrimSpace(string(rs[start:])); rest != "" {
		out = append(out, rest)
	}
	return out
}

// endsWithAbbreviation reports whether the word before the period at
// rs[dot] is an abbreviation or an initial, which a period does not end a
// sentence after.
func endsWithAbbreviation(rs []rune, dot int) bool {
	w := dot
	for w > 0 && dot-w < 20 && !unicode.IsSpace(rs[w-1]) && !isOpener(rs[w-1]) {
		w--
	}
	word := string(rs[w:dot])
	if word == "" {
		return false
	}
	if strings.Contains(word, ".") || utf8.RuneCountInString(word) == 1 {
		return true // "U.S.", "e.g.", an initial
	}
	return abbreviations[strings.ToLower(word)]
}

// deriveTitle makes a title from a post's first paragraph (a list item
// without its marker), by htmltext.TitleFromText's rules: the first
// sentence without its final period, cut at a word boundary with "…" when
// longer than htmltext.MaxTitleRunes.
func deriveTitle(paragraph string) string {
	s := strings.TrimSpace(paragraph)
	if listItemRE.MatchString(s) {
		s = strings.TrimSpace(listMarkerRE.ReplaceAllString(s, ""))
	}
	if t := htmltext.TitleFromText(s); t != "" {
		return t
	}
	return s // a paragraph of punctuation ("...") is its own title
}

func copyTime(t *time.Time) *time.Time {
	if t == nil {
		return nil
	}
	c := *t
	return &c
}
