package page

import (
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"
)

// The headline of a text save, checked against the article it heads.
// findHeadline reads the shape of the page's header; on a real page saved
// by a browser or a text-mode browser that shape is often broken (a share
// row between headline and text, an image's alt text, a headline wrapped
// over two lines, a date printed twice). Two things hold on every page
// though: an article's headline speaks of what its text speaks of, and a
// page repeats its headline (in the <title> line a save opens with, over
// the image, in the share row). rescueHeadline uses both to replace a
// headline that is no headline at all, or to find one where none was.

// maxHeadlineSearch is how many blocks above the article's prose a
// headline is looked for: the chrome of a news page between the two can
// be long (share rows, a lead image, a standfirst, a byline with its
// photo and counters).
const maxHeadlineSearch = 40

// maxHeadlineRunes is the longest headline: a news headline of two
// wrapped lines.
const maxHeadlineRunes = 200

// captionRE matches the credit lines of a photograph or a video
// ("Photograph: Jane Doe", "Photographs by Jane Doe", "(AP)").
var captionRE = regexp.MustCompile(`(?i)\b(?:photograph|photo|image|illustration|picture|video|credit|getty images|via reuters|ap photo)\s*(?:by)?\s*:|^(?:photograph|photo|image|illustration|picture|video)s?(?: and (?:text|video|words))? by\s+\p{Lu}|\((?:(?:photo|photograph|image|picture)\s+)?(?:ap|afp|reuters|getty images)\)`)

// widgetRE matches what a text-mode browser or a page's scripts print for
// a control or a picture: lynx's "(BUTTON)", the input it cannot show
// ("[BUTTON Input] (not implemented)") and "#alternate" link rows,
// a profile picture's "Jane's avatar", "Continue reading", "Photo Credit",
// a gallery's "Gallery: Xbox One X | 14 Photos".
var widgetRE = regexp.MustCompile(`(?i)\(button\)|\binput\] \(not implemented\)|^#\S|['’]s avatar$|^continue reading\b|\bphoto ?credit|\bremaining time\b|\[edit\]$|(?-i:Credit\p{Lu})|\b\d+\s+(?:photos|images|pictures|slides|videos)\b`)

// photoCreditRE matches a photograph's credit line: a name and its agency
// or publication ("Jane Doe/Reuters", "Olena Shmahalo / Quanta Magazine").
var photoCreditRE = regexp.MustCompile(`^\p{Lu}[\p{L}.'’-]+(?:\s\p{Lu}[\p{L}.'’-]+){0,3}\s?/\s?\p{Lu}[\p{L}\d .&'’-]{1,40}$`)

// signUpRE matches the lines of a sign-up or thank-you box ("Get the
// magazine delivered to your inbox", "Thank you for supporting ...").
var signUpRE = regexp.MustCompile(`(?i)\binbox\b|\bsign(?:ing)? ?up\b|\blog ?in\b|\bthank you for\b|\bthanks for (?:reading|visiting|supporting)\b`)

// clockRE matches a time of day ("8:02 pm", "11:10 PM UTC"): a header's
// timestamp, never part of a headline.
var clockRE = regexp.MustCompile(`(?i)\b\d{1,2}:\d{2}\s*(?:[ap]\.?m\b|utc|gmt|[ecmp][sd]t)`)

// monthDateRE matches a calendar date written out ("January 7, 2025",
// "7 Jan 2025", "2025-01-07", "3/09/15").
var monthDateRE = regexp.MustCompile(`(?i)\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?\s+\d{1,2}(?:st|nd|rd|th)?,?\s+\d{4}\b|\b\d{1,2}\s+(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?,?\s+\d{4}\b|\b\d{4}-\d{2}-\d{2}\b|\b\d{1,2}/\d{1,2}/\d{2,4}\b`)

// undatedWords counts t's words of letters once its dates are taken out
// and when it has one: "Last Updated: January 7, 2025" has two, a date
// line, while "Weekly Edition for March 26, 2015" keeps three. A line
// without a date counts as many as it needs.
func undatedWords(t string) int {
	if !monthDateRE.MatchString(t) {
		return 3
	}
	return len(letterWords(monthDateRE.ReplaceAllString(t, " ")))
}

// bracketedRE matches a line wholly in brackets: a text-mode browser's
// stand-in for an image or a form control ("[logo]", "[Search]").
var bracketedRE = regexp.MustCompile(`^\[[^\]]*\](?:\s*\[[^\]]*\])*$`)

// abbrevEndRE matches a line ending with an abbreviation written with
// dots ("N.Y.C.", "U.S."), which is no full stop.
var abbrevEndRE = regexp.MustCompile(`(?:\b\p{Lu}\.){2,}$`)

// quotedKickerRE matches the end of a quotation a headline opens with,
// closed by a colon.
var quotedKickerRE = regexp.MustCompile(`[.!?…]+(['’"”]:)`)

// headlineShaped reports whether a block can be read as a headline at all:
// one to three lines, at most maxHeadlineRunes, two words of letters or
// more (one for a name that the page repeats), not a sentence ending in a
// full stop, not a control, a menu, a header line, an image stand-in or a
// photo credit.
func headlineShaped(b block, v verdict) bool {
	t := b.text
	if b.lines > 3 || utf8.RuneCountInString(t) > maxHeadlineRunes || v.stop || v.control {
		return false
	}
	first, _ := utf8.DecodeRuneInString(t)
	if unicode.IsLower(first) || !(unicode.IsLetter(first) || unicode.IsDigit(first) || isOpener(first)) {
		return false
	}
	if bracketedRE.MatchString(t) || captionRE.MatchString(t) || hasURL(t) || listItemRE.MatchString(t) ||
		widgetRE.MatchString(t) || photoCreditRE.MatchString(t) || signUpRE.MatchString(t) || clockRE.MatchString(t) || mentionsAppeal(t) || undatedWords(t) < 3 {
		return false
	}
	if isUILine(t) || menuLike(t) || headerLine(t) || isSectionLabel(t) || chromeLineRE.MatchString(t) || bylineName(t) != "" {
		return false
	}
	abbrev := abbrevEndRE.MatchString(t)
	switch lastSignificant(t) {
	case '.', ',', ';', ':':
		if !abbrev {
			return false
		}
	}
	// A sentence inside it ("Main image: Whale expert. Photograph: ...")
	// makes it a caption or a teaser.
	// A quoted question or exclamation heading a headline ("'What is
	// the sea telling us?': …") ends no sentence of it.
	if n := sentenceEnds(quotedKickerRE.ReplaceAllString(t, "$1")); n > 1 || n == 1 && !abbrev && !strings.ContainsRune("?!…", lastSignificant(t)) {
		return false
	}
	return len(letterWords(t)) >= 1
}

// letterWords lists the lower-cased words of t made of letters (digits and
// apostrophes allowed inside), as a headline's vocabulary.
func letterWords(t string) []string {
	var out []string
	for _, w := range strings.FieldsFunc(strings.ToLower(t), func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsDigit(r) && r != '\'' && r != '’'
	}) {
		w = strings.Trim(w, "'’")
		if strings.IndexFunc(w, unicode.IsLetter) >= 0 {
			out = append(out, w)
		}
	}
	return out
}

// stem cuts a word to a short prefix, so "exploit" and "exploits", or
// "strand" and "strandings", match.
func stem(w string) string {
	if r := []rune(w); len(r) > 5 {
		return string(r[:5])
	}
	return w
}

// contentWords are the stems of t's words that are not function words and
// have three letters or more.
func contentWords(t string) []string {
	var out []string
	for _, w := range letterWords(t) {
		if utf8.RuneCountInString(w) >= 3 && !stopWords[w] {
			out = append(out, stem(w))
		}
	}
	return out
}

// proseVocabulary is the set of content-word stems of the run's prose.
func proseVocabulary(blocks []block, vs []verdict, run span) map[string]bool {
	vocab := map[string]bool{}
	for i := run.first; i <= run.last && i < len(blocks); i++ {
		if vs[i].class != classGood {
			continue
		}
		for _, w := range contentWords(blocks[i].text) {
			vocab[w] = true
		}
	}
	return vocab
}

// aboutProse is the share of t's content words that the article's prose
// uses too, and how many content words t has.
func aboutProse(t string, vocab map[string]bool) (float64, int) {
	ws := contentWords(t)
	if len(ws) == 0 {
		return 0, 0
	}
	n := 0
	for _, w := range ws {
		if vocab[w] {
			n++
		}
	}
	return float64(n) / float64(len(ws)), len(ws)
}

// echoSeparators join a headline to its site's or section's name in the
// lines that repeat it ("Headline | Site", "Section|Headline"); a colon is
// left out, as it joins the two halves of many headlines.
var echoSeparators = []string{"|", " - ", " — ", " – ", " :: ", " · ", " » ", " [", " ("}

// maxEchoExtra is how many words a site's or section's name beside a
// repeated headline may have.
const maxEchoExtra = 5

// repeatedOnPage reports whether block i's text appears elsewhere on the
// page: as another block, or beside a short site or section name after or
// before a separator ("Headline | Site", the <title> line a save opens
// with).
func repeatedOnPage(blocks []block, i int) bool {
	key := normKey(blocks[i].text)
	if len(key) < 4 {
		return false
	}
	short := func(s string) bool { n := len(strings.Fields(normKey(s))); return n >= 1 && n <= maxEchoExtra }
	for j, b := range blocks {
		if j == i || b.lines > 3 || len(b.text) > 4*maxHeadlineRunes {
			continue
		}
		if normKey(b.text) == key {
			return true
		}
		for _, sep := range echoSeparators {
			if k := strings.Index(b.text, sep); k > 0 && normKey(b.text[:k]) == key && short(b.text[k+len(sep):]) {
				return true
			}
			if k := strings.LastIndex(b.text, sep); k > 0 && normKey(b.text[k+len(sep):]) == key && short(b.text[:k]) {
				return true
			}
		}
	}
	return false
}

// headlineScore rates block i as the headline of the article in run: how
// much of it the prose speaks of, whether the page repeats it, whether a
// byline follows it, how long it is and how far above the prose it sits.
// ok is false when the block cannot be the headline at all.
func headlineScore(blocks []block, vs []verdict, run span, vocab map[string]bool, i int) (score float64, ok bool) {
	if !headlineShaped(blocks[i], vs[i]) {
		return 0, false
	}
	about, n := aboutProse(blocks[i].text, vocab)
	echo := repeatedOnPage(blocks, i)
	// One or two words are a menu's ("New York", "Read Later") or a
	// role's ("Contributing Correspondent"), however the page repeats
	// them and whatever follows them, unless a formatted save marks them
	// as the page's top heading and the prose keeps naming them: the
	// subject of an encyclopedia's or a reference's page ("Mozilla").
	// A line the page repeats, or that a formatted save sets apart as
	// its top heading, may also name what the prose does not: a product,
	// a price, a claim ("the PC that cost only $35").
	if n < 3 && !(n >= 1 && h1Marked(blocks[i]) && subjectOf(blocks[i].text, blocks, vs, run)) ||
		about < 0.5 && !((echo || h1Marked(blocks[i])) && about >= 0.3) {
		return 0, false
	}
	return rate(blocks, run, i, about, n, echo), true
}

// minSubjectMentions is how often the prose names a page's subject.
const minSubjectMentions = 3

// subjectOf reports whether every content word of t occurs at least
// minSubjectMentions times in the article's prose.
func subjectOf(t string, blocks []block, vs []verdict, run span) bool {
	counts := map[string]int{}
	for i := run.first; i <= run.last && i < len(blocks); i++ {
		if vs[i].class == classGood {
			for _, w := range contentWords(blocks[i].text) {
				counts[w]++
			}
		}
	}
	ws := contentWords(t)
	for _, w := range ws {
		if counts[w] < minSubjectMentions {
			return false
		}
	}
	return len(ws) > 0
}

// rate is the score of a headline candidate; see headlineScore.
func rate(blocks []block, run span, i int, about float64, n int, echo bool) float64 {
	score := about + 0.05*float64(min(n, 8))
	if echo {
		score += 0.4
	}
	// The save's opening line is the page's <title>: the line that
	// repeats it is the headline.
	if echoesOpening(blocks, i) {
		score += 0.6
	}
	if bylineFollows(blocks, i) {
		score += 0.5
	}
	// A formatted save sets the page's top heading apart.
	if h1Marked(blocks[i]) {
		score += 0.6
	}
	// Nearer the prose is likelier; the cost is small, as a header of
	// share rows, counters and a lead image can be long.
	return score - 0.005*float64(max(0, run.first-i))
}

// evidence reports whether the page itself marks block i as a headline:
// it repeats it, a byline or a date follows it, or it is laid out as the
// page's top heading.
func evidence(blocks []block, i int) bool {
	return repeatedOnPage(blocks, i) || bylineFollows(blocks, i) || h1Marked(blocks[i])
}

// h1Indent is how far a formatted save (Firefox's) indents a top-level
// heading; lower levels go deeper by two columns each.
const h1Indent = 2

// maxHeadingLines is the most lines a heading wraps over.
const maxHeadingLines = 3

// h1Marked reports whether a block is laid out as a formatted save lays
// out a top-level heading: a line or a few wrapped ones, two blank lines
// above them, indented by h1Indent.
func h1Marked(b block) bool {
	return b.setApart && b.indent == h1Indent && b.lines <= maxHeadingLines && !listItemRE.MatchString(b.text)
}

// soleH1 returns the one block a formatted save lays out as a top-level
// heading (see h1Marked), or -1 when there is none or several: a page
// that sets its sections as top-level headings too does not single out
// its headline.
func soleH1(blocks []block, vs []verdict) int {
	h := -1
	for i, b := range blocks {
		if h1Marked(b) && !vs[i].stop {
			if h >= 0 {
				return -1
			}
			h = i
		}
	}
	return h
}

// clearlyBetter is how much higher than findHeadline's choice another
// candidate must rate to replace it.
const clearlyBetter = 0.5

// rescueHeadline returns the headline of the article in run: head, the
// one findHeadline chose, unless it is not shaped like a headline, or
// another block above the prose (or the prose's own first line) rates
// clearly better and the page marks it as its headline (see evidence)
// where it does not mark head. Then the best-rated block replaces it;
// head stays when none rates at all. Lines of a menu column (a sidebar,
// a table of contents) are no rescues, as they repeat by nature, unless a
// byline follows one (a headline under a column of section links).
func rescueHeadline(blocks []block, vs []verdict, run span, head int) int {
	vocab := proseVocabulary(blocks, vs, run)
	best, bestScore := -1, 0.0
	for i := run.first; i >= 0; i-- {
		// A text field over the headline (a search box) belongs to the
		// site's header bar: what sits above it is the site's, not a
		// better headline.
		if head >= 0 && i < head && fieldAlone(blocks[i].text) {
			break
		}
		// The prose's own first line is a candidate: a long headline
		// wrapped over two lines reads as a short paragraph. Further up
		// than maxHeadlineSearch only the page's top heading is (a
		// formatted save marks it; a long menu may come between).
		if i == run.first && run.first == run.last || i < run.first-maxHeadlineSearch && !h1Marked(blocks[i]) ||
			vs[i].rule == menuColumnRule && !(bylineFollows(blocks, i) && repeatedOnPage(blocks, i)) {
			continue
		}
		if underBoundary(blocks, vs, i) {
			continue
		}
		if s, ok := headlineScore(blocks, vs, run, vocab, i); ok && (best < 0 || s > bestScore) {
			best, bestScore = i, s
		}
	}
	// The line under the save's opening that repeats its first part, the
	// subject the prose keeps naming, titles the page, however far above
	// the prose (an infobox and a table of contents come between).
	if head < 0 || !echoesOpening(blocks, head) {
		for i := 1; i < run.first && i <= maxHeaderBlocks; i++ {
			if echoesSubject(blocks, vs, run, i) {
				return i
			}
		}
	}
	// A formatted save that marks one heading only as the page's top
	// one marks its headline, however often the page repeats a caption
	// or a teaser that rates higher; a head with its byline under it
	// stays (the top heading is then the site's or the section's).
	if h := soleH1(blocks, vs); h >= 0 && h != head && (head < 0 || !bylineFollows(blocks, head)) {
		if _, ok := headlineScore(blocks, vs, run, vocab, h); ok {
			return h
		}
	}
	if best < 0 || best == head {
		return head
	}
	// A head that repeats a part of the save's opening line (the page's
	// <title>) stays against another line above it: what sits above is
	// the header, where the title's other part, the site's name, is
	// printed too. (The same headline printed higher up, over the
	// byline, is still the better copy.)
	if head >= 0 && best < head && echoesTitlePart(blocks, head) && normKey(blocks[best].text) != normKey(blocks[head].text) {
		return head
	}
	// So does a heading linked to its own anchor against a line above it
	// that is not: documentation generators anchor the document's
	// headings, never the site's name over them.
	if head >= 0 && best < head && blocks[head].selfAnchored && !blocks[best].selfAnchored {
		return head
	}
	if head < 0 || !headlineShaped(blocks[head], vs[head]) {
		return best
	}
	about, n := aboutProse(blocks[head].text, vocab)
	// A head of several content words none of which the prose uses,
	// that the page neither marks as its headline nor opens the save
	// with (its <title>), is a box's heading ("Register for a free
	// account"), not the article's: a candidate that speaks of the
	// prose replaces it.
	if head > 0 && n >= minForeignHeadWords && about == 0 && !evidence(blocks, head) && !echoesOpening(blocks, head) {
		return best
	}
	// A head of one or two words that the page repeats is a menu's
	// label (the section a story is filed under is a menu item too):
	// the repetition is no evidence of a headline.
	headScore := rate(blocks, run, head, about, n, len(letterWords(blocks[head].text)) > 2 && repeatedOnPage(blocks, head))
	// A head of one or two words is often a section label or a menu item
	// that looks like a heading ("Sections", "Amazon"): a candidate of
	// three words or more that rates as well, or that the page marks as
	// its headline, replaces it. A longer one is
	// replaced only by a clearly better one that the page marks as its
	// headline where it does not mark this one.
	if n <= 2 && (bestScore >= headScore || evidence(blocks, best)) || bestScore >= headScore+clearlyBetter && evidence(blocks, best) && !evidence(blocks, head) ||
		h1Marked(blocks[best]) && !h1Marked(blocks[head]) && bestScore >= headScore {
		return best
	}
	return head
}

// maxTeaserDepth is how far under a section boundary ("Top Stories",
// "Related") the titles of the posts it lists begin.
const maxTeaserDepth = 3

// underBoundary reports whether block i sits right under a section
// boundary, within maxTeaserDepth blocks: it is the title of a post the
// section lists (a sidebar's "Top Stories" above the article), not the
// article's headline, however often the page repeats it. A comment count
// over the prose is the header's counter, no boundary.
func underBoundary(blocks []block, vs []verdict, i int) bool {
	for k := i - 1; k >= 0 && k >= i-maxTeaserDepth; k-- {
		if vs[k].stop && !commentCountRE.MatchString(blocks[k].text) {
			return true
		}
	}
	return false
}

// minForeignHeadWords is how many content words a head must have for
// sharing none with the prose to tell it is no headline of it: one or two
// may be a pun or a name the text does not repeat.
const minForeignHeadWords = 3

// headerWidget reports whether a line at the top of an article is a
// control or a date stamp a text-mode browser printed there ("(BUTTON)
// Save", "[photo]", "Last Updated: March 3, 2024", "March 3, 2024 at
// 9:15 am").
func headerWidget(t string) bool {
	return widgetRE.MatchString(t) || bracketedRE.MatchString(t) || len(t) <= 80 && monthDateRE.MatchString(t) && undatedWords(t) < 3 ||
		datedTwice(t)
}

// maxDatedTwiceWords is how many words besides its dates a line giving a
// post's publication and update dates holds at most ("Thu 3 Jan 2019
// 02.00 EST Last modified on Wed 16 Jan 2019 06.16 EST").
const maxDatedTwiceWords = 8

// datedTwice reports whether a short line gives two dates and little
// else: a header's "published ... updated ..." stamp, not a headline or a
// sentence of the article.
func datedTwice(t string) bool {
	if len(t) > 2*lengthLow || len(monthDateRE.FindAllString(t, -1)) < 2 {
		return false
	}
	return len(letterWords(monthDateRE.ReplaceAllString(t, " "))) <= maxDatedTwiceWords
}

// maxTextAuthors is the most names a text save's byline gives.
const maxTextAuthors = 4

// gluedByRE matches "By" glued to the name after it, as a save of inline
// elements without a space between them prints it ("ByJane Doe").
var gluedByRE = regexp.MustCompile(`^By(\p{Lu})`)

// textAuthors cleans the author a text save's header gave: each name
// without a trailing date ("Jane Doe July"), names said twice once, and
// controls a column of short lines passed off as names ("Buy Now",
// "Cancel Reply") left out.
func textAuthors(a string) string {
	if a == "" {
		return ""
	}
	var names []string
	seen := map[string]bool{}
	parts := strings.Split(a, ", ")
	// Five names or more are a column of menu items or contents, not a
	// byline.
	if len(parts) > maxTextAuthors {
		return ""
	}
	for _, n := range parts {
		n = cleanAuthor(gluedByRE.ReplaceAllString(n, "$1"))
		if k := normKey(n); n != "" && !seen[k] && !isUILine(n) && !chromeLineRE.MatchString(n) {
			seen[k] = true
			names = append(names, n)
		}
	}
	return strings.Join(names, ", ")
}
