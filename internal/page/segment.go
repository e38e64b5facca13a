package page

import (
	"regexp"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/tributary/tributary/internal/dates"
)

// splitText reads a plain-text page the way a reader does. An index page
// (several dated posts, or several posts of real prose) is cut into its
// posts by splitPosts. Any other page is one article wrapped in its site's
// chrome: the article is the longest run of prose (see judgeBlocks), its
// title the headline above that run, and menus, controls, share rows,
// sign-up boxes, comments and footers around it are dropped.
func splitText(text string, extra Boilerplate, strip []*regexp.Regexp, tr *tracer) []Post {
	blocks := textBlocks(text)
	bp := pageBoilerplate(blocks, extra, strip)
	posts := splitPosts(text, blocks, bp, strip)
	if len(blocks) == 0 {
		return posts
	}
	vs := judgeBlocks(blocks)
	if indexPage(posts, blocks, vs) {
		tr.note("index page: several posts, cut at date headers and titles")
		posts = withProse(posts, vs)
		tr.textBlocks(blocks, vs, posts)
		return posts
	}
	art, ok := singleArticle(text, blocks, vs, bp, strip)
	if !ok {
		tr.note("no prose found: the page is read as an index of posts")
		tr.textBlocks(blocks, vs, posts)
		return posts
	}
	tr.note("single article: the longest run of prose, under its headline")
	posts = []Post{art}
	tr.textBlocks(blocks, vs, posts)
	return posts
}

// pageBoilerplate is the boilerplate of one text page: the blocks it
// repeats (see DetectBoilerplate), with the source's own, strip-pattern
// matches left out.
func pageBoilerplate(blocks []block, extra Boilerplate, strip []*regexp.Regexp) Boilerplate {
	var kept []string
	for _, b := range blocks {
		if !stripMatch(b.text, strip) {
			kept = append(kept, b.text)
		}
	}
	return extra.Merge(detectBlocks([][]string{kept}, nil))
}

// minPostProse is how much prose (in runes) a post of an index page holds
// at least; less is a menu item or a comment.
const minPostProse = 200

// firstWebYear is the year of the first web pages: a date line before it
// is history an article tells (an encyclopedia's infobox, a timeline),
// never the date a post was published.
const firstWebYear = 1991

// indexPage reports whether a page holds several posts: splitPosts found
// posts under at least two date headers, or at least two posts each with a
// good share of the page's prose.
func indexPage(posts []Post, blocks []block, vs []verdict) bool {
	if len(posts) < 2 {
		return false
	}
	most := 0
	for _, p := range posts {
		most = max(most, proseRunes(p, blocks, vs))
	}
	// Posts after a section boundary ("4 Comments", "Related posts") are
	// comments and teasers, however they are dated.
	end := len(blocks)
	seenProse := false
	for i, v := range vs {
		seenProse = seenProse || v.class == classGood
		if seenProse && v.stop {
			end = i
			break
		}
	}
	// Dated posts of comparable size: a comment under an article, dated
	// too, is a fraction of it.
	dated := map[string]bool{}
	for _, p := range posts {
		if n := proseRunes(p, blocks, vs); p.first < end && p.RawDate != "" && p.Date != nil && n >= lengthLow && n*5 >= most {
			dated[p.RawDate] = true
		}
	}
	if len(dated) >= 2 {
		return true
	}
	// Posts cut from one unbroken run of prose are sections of one
	// article, cut at its subheads; posts of an index page are apart.
	// Each such post carries an index's furniture too (a date, a byline,
	// "Read more", a comment count): sections of one long article cut at
	// its subheads carry none.
	runs := articleRuns(blocks, vs)
	inRun := map[int]bool{}
	for k, p := range posts {
		// A date the post shares with the one before it is its date
		// header's, above both: it tells neither apart as a post.
		if k > 0 && p.RawDate == posts[k-1].RawDate && p.Author == "" {
			p.RawDate = ""
		}
		if n := proseRunes(p, blocks, vs); p.first < end && n >= minPostProse && n*3 >= most && postFurniture(p, blocks) {
			for k, r := range runs {
				if r.first <= p.last && p.first <= r.last {
					inRun[k] = true
					break
				}
			}
		}
	}
	return len(inRun) >= 2
}

// postFurniture reports whether a post of a page has what the posts of an
// index have around their text: a date or byline line, or a "Read more",
// comment-count or share line, within it or right after it.
func postFurniture(p Post, blocks []block) bool {
	if p.RawDate != "" || p.Author != "" {
		return true
	}
	for i := p.first; i <= p.last+1 && i < len(blocks); i++ {
		if t := blocks[i].text; len(t) <= 200 && indexFurniture(t) {
			return true
		}
	}
	return false
}

// indexFurniture reports whether a line is what an index page sets around
// each post: a date, a byline, a reading time, or a "Read more", share or
// comment-count line of two words or more or with a number. A page's lone
// controls and labels ("Copy", "Share", a table's "Comment" column) sit in
// articles too.
func indexFurniture(t string) bool {
	if _, _, _, ok := dateline(t); ok {
		return true
	}
	return bylineName(t) != "" || readTimeRE.MatchString(t) ||
		chromeLineRE.MatchString(t) && (len(strings.Fields(t)) >= 2 || strings.ContainsAny(t, "0123456789"))
}

// proseRunes is the length of a post's prose blocks.
func proseRunes(p Post, blocks []block, vs []verdict) int {
	n := 0
	for i := p.first; i <= p.last && i < len(blocks); i++ {
		if vs[i].class == classGood {
			n += utf8.RuneCountInString(blocks[i].text)
		}
	}
	return n
}

// withProse drops the posts of an index page that hold no prose at all:
// a menu line taken for a title is not a post.
func withProse(posts []Post, vs []verdict) []Post {
	var out []Post
	for _, p := range posts {
		for i := p.first; i <= p.last && i < len(vs); i++ {
			if vs[i].class == classGood {
				out = append(out, p)
				break
			}
		}
	}
	if len(out) == 0 {
		return posts
	}
	return out
}

// span is a run of blocks, first and last inclusive. gaps are the stretches
// between joined runs (a gallery, a player), where only prose is kept.
type span struct {
	first, last, prose int
	gaps               [][2]int
}

// holdsHeadline reports whether blocks from..to hold a line that could be
// an article's headline. Lines after a section boundary ("Related") are
// the titles of other posts, not this one's.
func holdsHeadline(blocks []block, vs []verdict, from, to int) bool {
	for i := from; i <= to; i++ {
		if vs[i].stop {
			return false
		}
		// A line of a column (a table's, a list's) is no headline, nor
		// are one or two words the page does not mark as its headline.
		if headlineLike(blocks[i], vs[i]) && !authorLine(blocks, i) && vs[i].rule != menuColumnRule &&
			(len(strings.Fields(blocks[i].text)) >= 3 || evidence(blocks, i)) {
			return true
		}
	}
	return false
}

func (s span) inGap(i int) bool {
	for _, g := range s.gaps {
		if i >= g[0] && i <= g[1] {
			return true
		}
	}
	return false
}

// maxProseGap is how many boilerplate blocks may sit inside an article
// (an advertisement line, an image credit, a share row) before the prose
// on either side counts as two separate runs.
const maxProseGap = 3

// proseRuns groups the prose blocks into runs: a section boundary or more
// than maxProseGap boilerplate blocks in a row end a run.
func proseRuns(blocks []block, vs []verdict) []span {
	var runs []span
	cur := span{first: -1}
	gap, stopped := 0, false
	for i, v := range vs {
		if v.class != classGood {
			gap++
			stopped = stopped || v.stop
			continue
		}
		if cur.first >= 0 && (stopped || gap > maxProseGap) {
			runs = append(runs, cur)
			cur = span{first: -1}
		}
		if cur.first < 0 {
			cur.first = i
		}
		cur.last = i
		cur.prose += utf8.RuneCountInString(blocks[i].text)
		gap, stopped = 0, false
	}
	if cur.first >= 0 {
		runs = append(runs, cur)
	}
	return runs
}

// mainRun picks the run with the most prose and joins to it the runs
// around it that no section boundary separates and that hold prose of
// their own: an article interrupted by a gallery, a player or a code
// listing is still one article.
func mainRun(runs []span, blocks []block, vs []verdict) span {
	// The run with the most prose, unless it is a comment thread and
	// another run is not.
	best := 0
	thread := make([]bool, len(runs))
	for i, r := range runs {
		thread[i] = commentThread(blocks, r)
	}
	for i, r := range runs {
		if thread[best] && !thread[i] || thread[best] == thread[i] && r.prose > runs[best].prose {
			best = i
		}
	}
	m := extendRun(runs[best], blocks, vs)
	// A section boundary ends the article going forward (comments,
	// related posts follow); going back, a short one is an inline box
	// ("Related: ...") inside the article.
	crossable := func(from, to int, back bool) bool {
		for i := from; i <= to; i++ {
			if vs[i].stop && !(back && to-from < maxProseGap+2) {
				return false
			}
		}
		return to-from < 4*maxProseGap
	}
	// Backwards only across a gap without a headline: a table or a code
	// listing may interrupt the article, its headline ends it. A gap of
	// the article's own furniture (subheads, code, definition lines:
	// nothing chrome by nature, see articleGap) is crossed whatever its
	// length and headings, and what it holds is kept.
	for i := best - 1; i >= 0; i-- {
		from, to := runs[i].last+1, m.first-1
		switch {
		case articleGap(blocks, vs, from, to), runs[i].prose >= lengthHigh && tableGap(blocks, vs, from, to):
		case runs[i].prose >= lengthHigh && playerGap(blocks, vs, from, to):
			// A video set inside the article: its player's controls
			// stay out.
			m.gaps = append(m.gaps, [2]int{from, to})
		case listGap(blocks, vs, runs[i], m, from, to):
			// The post's own sections: its items and headings are
			// its text.
			for k := from; k <= to; k++ {
				vs[k] = verdict{class: classGood, rule: articleListRule}
			}
		case runs[i].prose >= lengthHigh && crossable(from, to, true) && !holdsHeadline(blocks, vs, from, to),
			runs[i].prose >= lengthHigh && inlineBox(blocks, vs, from, to) && !commentLike(blocks, vs, runs[i]),
			runs[i].prose >= lengthHigh && teaserBox(blocks, vs, from, to) && !commentThread(blocks, runs[i]):
			m.gaps = append(m.gaps, [2]int{from, to})
		default:
			i = -1
			continue
		}
		m.first, m.prose = runs[i].first, m.prose+runs[i].prose
	}
	for i := best + 1; i < len(runs); i++ {
		if runs[i].last <= m.last {
			continue
		}
		from, to := m.last+1, runs[i].first-1
		switch {
		case from > to:
			// The sentences closing the run reach the next run: the
			// prose goes on without a gap (a scene break, a line of
			// dialogue), and so does the article.
		case thread[i] && from <= to:
			// A comment thread is never the article, whatever the
			// gap before it holds: the article ends there.
			i = len(runs)
			continue
		case articleGap(blocks, vs, from, to), runs[i].prose >= lengthHigh && tableGap(blocks, vs, from, to):
		case runs[i].prose >= lengthHigh && (galleryGap(blocks, vs, from, to) || playerGap(blocks, vs, from, to)):
			// A slideshow or a video set inside the article: its
			// prose goes on after them; the gallery's captions and
			// the player's controls stay out.
			m.gaps = append(m.gaps, [2]int{from, to})
		case runs[i].prose >= lengthHigh && crossable(from, to, false),
			runs[i].prose >= lengthHigh && sectionGap(blocks, vs, from, to),
			runs[i].prose >= lengthHigh && inlineBox(blocks, vs, from, to) && !commentLike(blocks, vs, runs[i]):
			if from <= to {
				m.gaps = append(m.gaps, [2]int{from, to})
			}
		default:
			i = len(runs)
			continue
		}
		m = extendRun(span{first: m.first, last: runs[i].last, prose: m.prose + runs[i].prose, gaps: m.gaps}, blocks, vs)
	}
	return m
}

// extendRun takes into the run the sentences that close the article after
// its last long paragraph ("We couldn't agree more."): blocks that end
// like a sentence, up to the first control, share row or section boundary.
func extendRun(run span, blocks []block, vs []verdict) span {
	for i := run.last + 1; i < len(blocks); i++ {
		t := blocks[i].text
		if vs[i].strong || headerLine(t) || !strings.ContainsRune(".!?…", lastSignificant(t)) {
			break
		}
		run.last = i
	}
	return run
}

// maxHeaderBlocks is how far above the prose a headline is looked for:
// bylines, dates, reading times and share rows sit between them.
const maxHeaderBlocks = 12

// headerLine reports whether a block belongs to an article's header rather
// than its text or its title: a date, a byline, a reading time, a share or
// control line.
func headerLine(t string) bool {
	if _, _, _, ok := dateline(t); ok {
		return true
	}
	if parts := headerSepRE.Split(t, -1); len(parts) > 1 {
		for _, p := range parts {
			if !headerLine(p) {
				return false
			}
		}
		return true
	}
	return len(t) <= 200 && (bylineRE.MatchString(t) || visibleByRE.MatchString(t) || postedByRE.MatchString(t) ||
		readTimeRE.MatchString(t) || chromeLineRE.MatchString(t)) || isUILine(t)
}

// headerSepRE separates the items of a header line ("May 12, 2024 • 4 min
// read").
var headerSepRE = regexp.MustCompile(`\s+[•·|]\s+`)

// singleArticle builds the one post of an article page: the headline above
// the main run of prose, the date and byline between them, and the run's
// prose with its closing appeals and bio trimmed as for any post.
func singleArticle(text string, blocks []block, vs []verdict, bp Boilerplate, strip []*regexp.Regexp) (Post, bool) {
	runs := proseRuns(blocks, vs)
	if len(runs) == 0 {
		return Post{}, false
	}
	run := withoutTrailingBox(withLists(mainRun(runs, blocks, vs), blocks, vs), blocks, vs)

	head, first := findHeadline(blocks, vs, run)
	if h := rescueHeadline(blocks, vs, run, head); h != head {
		head, first = h, min(h, max(first, run.first))
	}
	p := Post{first: first, last: run.last}
	if head >= 0 {
		p.Title = blocks[head].text
		if permalinked(blocks) {
			p.Title, _ = withoutPermalink(p.Title)
		}
		if head == 0 {
			p.Title = cutSiteName(withoutSiteName(p.Title, pipeSeparators))
		}
		p.Title = withoutColumnTail(p.Title)
	}
	// The header between the headline and the prose: date, byline, and
	// any standfirst worth keeping.
	var paras, names []string
	for i := max(head+1, first); i < run.first; i++ {
		t := blocks[i].text
		if stripMatch(t, strip) {
			continue
		}
		if d, raw, name, ok := dateline(t); ok {
			if p.Date == nil {
				p.Date, p.RawDate = &d, raw
			}
			if p.Author == "" {
				p.Author = name
			}
			continue
		}
		if p.Author == "" {
			p.Author = bylineName(t)
		}
		if authorLine(blocks, i) {
			names = append(names, t)
			continue
		}
		if headerLine(t) || bylineName(t) != "" {
			continue
		}
		// A standfirst: prose, or the title-like line right under the
		// headline.
		if c := judgeAlone(t, true).class; (c == classGood || c == classNearGood) && sentenceEnds(t) > 0 || i == head+1 && headlineLike(blocks[i], vs[i]) {
			paras = append(paras, t)
		}
	}
	if p.Date == nil && head > 0 {
		for i := head - 1; i >= max(0, head-2); i-- {
			if d, ok := dates.Header(blocks[i].text); ok {
				p.Date, p.RawDate = &d, blocks[i].text
				break
			}
		}
	}
	// Inside the run only what is boilerplate by nature goes: a quotation
	// with few function words or a short line between paragraphs is the
	// article's own.
	longSeen := false
	for i := max(run.first, head+1); i <= run.last; i++ {
		t := blocks[i].text
		if !longSeen && (headerLine(headerItem(t)) || authorLine(blocks, i) || bylineName(t) != "" || headerWidget(t)) {
			// The article's header, taken into the run by its standfirst.
			if d, raw, name, ok := dateline(t); ok && p.Date == nil {
				p.Date, p.RawDate = &d, raw
				if p.Author == "" {
					p.Author = name
				}
			}
			if p.Author == "" {
				p.Author = bylineName(t)
			}
			if authorLine(blocks, i) {
				names = append(names, t)
			}
			continue
		}
		longSeen = longSeen || utf8.RuneCountInString(t) >= lengthHigh
		keep := !vs[i].strong || vs[i].class == classGood
		if keep && figureLabel(blocks, i) {
			keep = false
		}
		// In a gap the article's run was joined across, prose is kept,
		// and so are sentences that only their neighbours (a code line,
		// a linked subhead) made boilerplate.
		if run.inGap(i) {
			keep = vs[i].class == classGood || vs[i].rule == nearProseAloneRule && sentenceEnds(t) > 0
		}
		if keep && signUpBox(blocks, vs, i) {
			keep = false
		}
		if keep && !stripMatch(blocks[i].text, strip) {
			paras = append(paras, blocks[i].text)
		}
	}
	if p.Author == "" && len(names) > 0 {
		p.Author = strings.Join(names, ", ")
	}
	res := trimEdges(paras, bp)
	p.Paragraphs = paras[res.lo:res.hi]
	p.Removed = append(append([]string(nil), paras[:res.lo]...), paras[res.hi:]...)
	p.Categories = res.categories
	if p.Author == "" {
		p.Author = res.author
	}
	// What follows the prose up to the next section boundary may name
	// the author or the post's labels.
	var tail []string
	for i := run.last + 1; i < len(blocks) && i <= run.last+maxHeaderBlocks && !vs[i].stop; i++ {
		tail = append(tail, blocks[i].text)
	}
	for _, t := range tail {
		if p.Author == "" {
			p.Author = bylineName(t)
		}
		if m := labelsRE.FindStringSubmatch(t); m != nil && len(p.Categories) == 0 && len(t) <= 1500 && looksLikeList(m[1]) {
			p.Categories = splitList(m[1])
		}
	}
	if len(tail) > 0 && p.Author == "" {
		p.Author = trimEdges(append([]string{"."}, tail...), bp).author
	}
	if len(p.Paragraphs) == 0 {
		p.Paragraphs = paras // the prose is never trimmed to nothing
	}
	p.Author = textAuthors(p.Author)
	// With no headline over the prose, a save's title-like opening line
	// is the page's <title>, as browsers' text saves start with it.
	// The save's opening line is the page's <title>: where the headline
	// found disagrees with it, or none was found, it names the article.
	if h := openingTitle(blocks, vs, run); h != "" && (p.Title == "" || !agreesWithOpening(p.Title, h) && openingAboutProse(h, blocks, vs, run)) {
		p.Title = h
	}
	if p.Title == "" {
		p.Title, p.TitleDerived = deriveTitle(p.Paragraphs[0]), true
	}
	p.Raw = text[blocks[p.first].start:blocks[p.last].end]
	p.Removed = unplaced(blocks, p)
	return p, true
}

// minFigureLabels is how many letterless lines in a row make a chart's
// or a table's labels.
const minFigureLabels = 3

// figureLabel reports whether block i is one of a column of short lines
// without letters ("$915", "’17", "600"): the axis labels and values of a
// chart or a graphic the save printed as text, not the article's words.
func figureLabel(blocks []block, i int) bool {
	letterless := func(j int) bool {
		return j >= 0 && j < len(blocks) && len(blocks[j].text) <= 20 && !hasLetterRE.MatchString(blocks[j].text) && !listItemRE.MatchString(blocks[j].text)
	}
	if !letterless(i) {
		return false
	}
	n := 1
	for j := i - 1; letterless(j); j-- {
		n++
	}
	for j := i + 1; letterless(j); j++ {
		n++
	}
	return n >= minFigureLabels
}

// commentCountRE matches a count of comments ("2 comments", "12
// Responses", "View comments (27)").
var commentCountRE = regexp.MustCompile(`(?i)^(?:\d+\s+(?:comments?|responses?|replies)|(?:view|show|see|read)(?: all)? comments\s*\(\d+\))$`)

// findHeadline looks above the main run for the article's title: the
// nearest title-like block, past dates, bylines and share rows, that is
// not a site control. It returns the headline's index (-1 if none) and the
// first block of the post.
func findHeadline(blocks []block, vs []verdict, run span) (head, first int) {
	budget := 2 * maxHeaderBlocks
	nearest, sealed := -1, false
	marked := permalinked(blocks)
	for i := run.first - 1; i >= 0 && budget > 0 && i >= run.first-6*maxHeaderBlocks; i-- {
		t := blocks[i].text
		// A comment count over the prose is the header's counter, not
		// the start of the comments below an article.
		if vs[i].stop && !commentCountRE.MatchString(t) {
			break
		}
		// A text field (a search box, as a text-mode browser prints
		// it) between a heading and the one above ends the article's
		// header: the field and what sits over it are the site's
		// header bar, its name there no title of the article.
		if nearest >= 0 && fieldAlone(t) {
			sealed = true
			continue
		}
		// Under the line that repeats the site's part of the save's
		// opening line (a <title> "Headline - Site"), the line that
		// repeats another part is the headline, though the two read
		// like a byline's names ("Understanding Ownership" under "The
		// Rust Programming Language").
		if i > 0 && headingCandidate(blocks, vs, i) && echoesTitlePart(blocks, i) && echoesTitlePart(blocks, i-1) &&
			normKey(blocks[i-1].text) != normKey(t) {
			return i, i
		}
		// Dates, bylines, controls and counters are what a header is
		// made of: they do not use up the search. A heading linked to
		// its own anchor is no byline's name, however it reads.
		if headerLine(t) || bylineName(t) != "" || authorLine(blocks, i) && !blocks[i].selfAnchored || !hasLetterRE.MatchString(t) {
			continue
		}
		// A table of contents names the sections below, not the page:
		// its entries neither use up the search nor end it.
		if contentsItem(blocks, i) {
			continue
		}
		// The line that repeats the save's opening line (the page's
		// <title>) is the headline, whatever sits around it.
		if headingCandidate(blocks, vs, i) && echoesOpening(blocks, i) {
			return i, i
		}
		// On a generated document a heading with a permalink marker
		// is the document's or one of its sections: the first one on
		// the page is the document's title.
		if permalinkHeading(blocks, vs, i, marked) {
			for k := 0; k < i; k++ {
				if permalinkHeading(blocks, vs, k, marked) && !vs[k].stop {
					return k, k
				}
			}
			return i, i
		}
		budget--
		// Above a heading already found, chrome ends the article's
		// header: beyond it only a headline with its byline counts.
		if nearest >= 0 && (vs[i].strong && !vs[i].control || vs[i].rule == menuColumnRule && !repeatedIn(blocks, blocks[i].text, run.first-1, run.last)) {
			sealed = true
		}
		if headingCandidate(blocks, vs, i) {
			// The headline is the candidate a byline or a date follows;
			// a video's "Up next" title, a related link or the last tag
			// of a list is not.
			// The last line of a menu column is the headline when a
			// byline follows it and the page repeats it (a sticky bar
			// shows the headline too).
			if bylineFollows(blocks, i) && (vs[i].rule != menuColumnRule || echoedAbove(blocks, i) ||
				len(strings.Fields(t)) >= 3 && repeatedOnPage(blocks, i)) {
				if h := labelledHeadline(blocks, vs, i); h >= 0 {
					return h, h
				}
				if h := headlineOverHeader(blocks, vs, i); h >= 0 {
					return h, h
				}
				return standfirstAbove(blocks, vs, i), standfirstAbove(blocks, vs, i)
			}
			// A document's sections sit under its headline: the
			// topmost heading of the header is the title, the one
			// nearest the prose its first section.
			if !sealed {
				nearest = i
				// A numbered chapter heading is the topmost: what
				// sits above it names the book or the site.
				if chapterNumberRE.MatchString(t) {
					break
				}
			}
			continue
		}
		if judgeAlone(t, true).class == classBad && vs[i].rule != menuColumnRule {
			continue
		}
		if utf8.RuneCountInString(t) >= lengthLow {
			break // prose-like text above the run: no headline between
		}
	}
	if nearest >= 0 {
		h := standfirstAbove(blocks, vs, nearest)
		return h, h
	}
	// No heading above: a document may open its run with its title, a
	// single title-like line over prose.
	if b := blocks[run.first]; run.first < run.last && headlineLike(b, vs[run.first]) && b.lines == 1 {
		return run.first, run.first
	}
	return -1, run.first
}

// standfirstAbove returns the headline for a title-like block i: the line
// above it when that is title-like too (i is then the standfirst), else i.
// A line of one or two words above is a section label ("Engineering
// Blog"), not a headline, unless it opens the file.
func standfirstAbove(blocks []block, vs []verdict, i int) int {
	j := i - 1
	// A numbered chapter heading is a heading, never a standfirst.
	if chapterNumberRE.MatchString(blocks[i].text) {
		return i
	}
	if j < 0 || !headingCandidate(blocks, vs, j) || vs[j].stop || vs[j].rule == menuColumnRule {
		return i
	}
	// The page repeating block i (a sticky bar, the share row's text)
	// and not the line above marks i as the headline.
	if repeatedOnPage(blocks, i) && !repeatedOnPage(blocks, j) {
		return i
	}
	// A standfirst says more than its headline: a line under a longer
	// one is the headline, the longer one above it the end of a list
	// or a sidebar.
	if len(strings.Fields(blocks[i].text)) < len(strings.Fields(blocks[j].text))/2 {
		return i
	}
	if len(strings.Fields(blocks[j].text)) >= 3 || j == 0 {
		return j
	}
	return i
}

// bylineFollows reports whether a byline, an author's name or a date sits
// within the few blocks under block i (a standfirst may come between), or
// a date right above it (Blogger puts the date over the post's title).
func bylineFollows(blocks []block, i int) bool {
	for j := i - 1; j >= 0 && j >= i-2; j-- {
		if _, _, _, ok := dateline(blocks[j].text); ok && !datesHeadlineAbove(blocks, j) {
			return true
		}
	}
	for j := i + 1; j < len(blocks) && j <= i+3; j++ {
		t := headerItem(blocks[j].text)
		if _, _, _, ok := dateline(t); ok || bylineName(t) != "" || authorLine(blocks, j) {
			return true
		}
	}
	return false
}

// byColonRE matches a byline's "By:" label.
var byColonRE = regexp.MustCompile(`^(?i:by):\s+`)

// headerItem is a header line without the list marker a text-mode
// browser sets before each item of a header laid out as a list ("* by:
// Jane Doe", "* March 13, 2015 9:00PM"), and with "By:" read as "By".
func headerItem(t string) string {
	return byColonRE.ReplaceAllString(listMarkerRE.ReplaceAllString(t, ""), "by ")
}

// maxHeaderSpan is how many blocks a headline's header (its byline, the
// author's name said twice, a follow button) spans down to its date.
const maxHeaderSpan = 4

// datesHeadlineAbove reports whether the date at block j closes the header
// of a headline above it: a title-like line of three words or more sits
// within maxHeaderSpan blocks over it, with nothing but names and header
// lines between. That date is the article's, not one Blogger sets over the
// next title; the heading under it is the article's first section.
func datesHeadlineAbove(blocks []block, j int) bool {
	for k := j - 1; k >= 0 && k >= j-maxHeaderSpan; k-- {
		t := blocks[k].text
		// A control a text-mode browser printed in the header ("(BUTTON)
		// Follow") is the header's too.
		if headerLine(t) || bylineName(t) != "" || authorLine(blocks, k) || !hasLetterRE.MatchString(t) || headerWidget(t) {
			continue
		}
		return titleLike(blocks[k], false) && len(letterWords(t)) >= 3
	}
	return false
}

// headlineLike reports whether a block can be an article's headline: a
// title-like line, starting with a capital or a digit, that is not a site
// control, a menu row, a photograph's caption or credit, or what a
// browser prints for a control or a picture (a row of bracketed links, an
// "[edit]" link, see widgetRE).
func headlineLike(b block, v verdict) bool {
	first, _ := utf8.DecodeRuneInString(b.text)
	return titleLike(b, false) && !unicode.IsLower(first) && !isUILine(b.text) && !menuLike(b.text) && !headerLine(b.text) && !isSectionLabel(b.text) &&
		!photoCreditRE.MatchString(b.text) && !captionRE.MatchString(b.text) && !bracketedRE.MatchString(b.text) && !widgetRE.MatchString(b.text)
}

// personName reports whether a line is a person's name alone: two to
// four capitalised words, the first no function word ("This Blog",
// "About Us" are a site's labels, "On Recent Events" a headline in title
// case) but "The" ("The Honest Sorcerer" may be a pen name).
func personName(t string) bool {
	first, _, _ := strings.Cut(t, " ")
	first = strings.ToLower(first)
	return nameLineRE.MatchString(t) && len(strings.Fields(t)) <= 4 && (!stopWords[first] || first == "the")
}

// authorLine reports whether block i is a person's name in a byline laid
// out over several lines: a name next to "and", another name, a date, a
// "Follow" button or a separator dot.
func authorLine(blocks []block, i int) bool {
	isName := personName
	if !isName(blocks[i].text) {
		return false
	}
	for _, j := range []int{i - 1, i + 1} {
		if j < 0 || j >= len(blocks) {
			continue
		}
		t := blocks[j].text
		// A separator (a dot, a bar) sets names apart; a text field
		// (a search box under a site's header) is no separator.
		if fieldAlone(t) {
			continue
		}
		if headerLine(t) || isName(t) || !hasLetterRE.MatchString(t) || t == "and" || t == "&" {
			return true
		}
	}
	return false
}

// handleRE matches a social-media handle after a byline's name ("By Jane
// Doe@janedoe").
var handleRE = regexp.MustCompile(`\s*@\w+$`)

// bylineName is the name a "By …" or "Posted by …" line gives, or "".
// "By" glued to the name ("ByJane Doe", inline elements saved without a
// space between them) counts too, and a handle after the name is left out.
func bylineName(t string) string {
	if len(t) > 200 {
		return ""
	}
	t = handleRE.ReplaceAllString(gluedByRE.ReplaceAllString(t, "By $1"), "")
	if m := bylineRE.FindStringSubmatch(t); m != nil {
		return m[1]
	}
	if m := visibleByRE.FindStringSubmatch(t); m != nil {
		return strings.TrimSpace(m[1])
	}
	if m := postedByRE.FindStringSubmatch(t); m != nil && nameLineRE.MatchString(strings.TrimSpace(m[1])) {
		return strings.TrimSpace(m[1])
	}
	return ""
}

// unplaced lists the page's blocks that are neither the post's title, its
// date line nor its text: everything the reader dropped.
func unplaced(blocks []block, p Post) []string {
	placed := map[string]int{}
	for _, t := range p.Paragraphs {
		placed[t]++
	}
	if !p.TitleDerived {
		placed[p.Title]++
	}
	placed[p.RawDate]++
	var out []string
	for _, b := range blocks {
		if placed[b.text] > 0 {
			placed[b.text]--
			continue
		}
		out = append(out, b.text)
	}
	return out
}

// onPrefixRE matches the "on" a dateline may open with.
var onPrefixRE = regexp.MustCompile(`^(?i:on)\s+`)

// datelineRE splits a header line that gives both a date and an author:
// "Posted on 19 August 2024 by Jane Doe", "March 3, 2025 · Jane Doe".
var datelineRE = regexp.MustCompile(`^(.{4,60}?)\s+(?:(?i:by)|[·•|—–-])\s+(\p{Lu}[\p{L}.'’-]*(?:\s+\p{Lu}[\p{L}.'’-]*){0,3})$`)

// nameDatelineRE splits a header line that gives an author's name, then a
// date and perhaps a time: "Jane Doe - Apr 16, 2024 8:02 pm UTC".
var nameDatelineRE = regexp.MustCompile(`^(\p{Lu}[\p{L}.'’-]*(?:\s+\p{Lu}[\p{L}.'’-]*){1,3})\s+[·•|—–-]\s+(.{6,60})$`)

// dateline reads a date header, or a header line joining a date and a
// byline.
func dateline(t string) (d time.Time, raw, author string, ok bool) {
	if d, ok := dates.Header(t); ok {
		return d, t, "", true
	}
	if parts := headerSepRE.Split(t, -1); len(parts) > 1 {
		for _, part := range parts {
			if d, raw, author, ok := dateline(part); ok {
				// "By Jane Doe • May 12, 2024": the byline is another part.
				for _, other := range parts {
					if author == "" {
						author = bylineName(other)
					}
				}
				return d, raw, author, true
			}
		}
	}
	if m := datelineRE.FindStringSubmatch(t); m != nil {
		if d, ok := dates.Header(m[1]); ok {
			return d, m[1], m[2], true
		}
		// "on March 10, 2015 by Jane Doe": a blog's header line.
		if raw := onPrefixRE.ReplaceAllString(m[1], ""); raw != m[1] {
			if d, ok := dates.Header(raw); ok {
				return d, raw, m[2], true
			}
		}
	}
	// The name first: "Jane Doe - Apr 16, 2024 8:02 pm UTC".
	if m := nameDatelineRE.FindStringSubmatch(t); m != nil {
		if raw := monthDateRE.FindString(m[2]); raw != "" {
			if d, ok := dates.Header(raw); ok {
				return d, raw, m[1], true
			}
		}
	}
	return time.Time{}, "", "", false
}

// signUpBox reports whether block i is the text of a sign-up or donation
// box inside an article: an appeal right next to a button-like control
// ("Subscribe", "Sign up").
func signUpBox(blocks []block, vs []verdict, i int) bool {
	if !mentionsAppeal(blocks[i].text) {
		return false
	}
	for _, j := range []int{i - 1, i + 1} {
		if j >= 0 && j < len(blocks) && vs[j].strong && isUILine(blocks[j].text) {
			return true
		}
	}
	return false
}

// mentionsAppeal reports whether a short paragraph talks about donating or
// subscribing, addressed to the reader or not.
func mentionsAppeal(t string) bool {
	if utf8.RuneCountInString(t) > maxAppealRunes {
		return false
	}
	lower := strings.ToLower(t)
	for _, w := range appealWords {
		if strings.Contains(lower, w) {
			return true
		}
	}
	return false
}

// onDateRE finds the date a byline ends with ("Posted by Jane Doe on June
// 3, 2024").
var onDateRE = regexp.MustCompile(`(?i)\s(?:on|at)\s+(.{4,40})$`)

// headerDate reads the date of an article header line: a date line, a date
// and byline joined, or a byline ending "on DATE".
func headerDate(t string) (time.Time, string, bool) {
	if d, raw, _, ok := dateline(t); ok {
		return d, raw, true
	}
	if m := onDateRE.FindStringSubmatch(t); m != nil {
		if d, ok := dates.Header(m[1]); ok {
			return d, m[1], true
		}
	}
	return time.Time{}, "", false
}
