package page

import (
	"regexp"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/tributary/tributary/internal/dates"
)

// Text blocks are judged the way jusText judges them: a block is prose when
// it is long enough to be a paragraph and reads like running text (a normal
// share of function words, few links), boilerplate when it is a link, a
// menu, a control label or a legal line, and short blocks take the verdict
// of their neighbours. A reader does the same with a saved page: the
// article is the long run of sentences, everything around it is the site.

// proseClass is one block's verdict.
type proseClass uint8

const (
	classBad      proseClass = iota // boilerplate
	classShort                      // too short to judge alone: its neighbours decide
	classNearGood                   // prose-like but short: good next to good prose
	classGood                       // prose
)

func (c proseClass) String() string {
	switch c {
	case classGood:
		return "prose"
	case classNearGood:
		return "near-prose"
	case classShort:
		return "short"
	}
	return "boilerplate"
}

// Thresholds, as jusText's defaults: a block under lengthLow runes is short;
// prose over lengthHigh runes needs stopHigh of its words to be function
// words, shorter prose-like blocks stopLow.
const (
	lengthLow  = 70
	lengthHigh = 200
	stopLow    = 0.30
	stopHigh   = 0.32
	// A page whose text has fewer function words than this is not in
	// English; prose is then told by sentence punctuation instead.
	englishMinStop = 0.12
)

// verdict is the class of one block and the rule that gave it.
type verdict struct {
	class   proseClass
	rule    string
	stop    bool // a section boundary (comments, related posts): the article never runs past it
	strong  bool // boilerplate by what it is (a control, a link, a menu row), not by its length or words
	control bool // a lone button, which neighbours look past
}

// stopWords are English function words: running prose is about a third
// of them, menus and headlines far fewer.
var stopWords = toSet(`a about above after again against all also am an and any are as at be because been before
being below between both but by can could did do does doing down during each even few for from further had has
have having he her here hers herself him himself his how however i if in into is it its itself just may me might
more most much must my myself no nor not now of off on once only or other our ours ourselves out over own same
she should so some such than that the their theirs them themselves then there these they this those through to
too under until up upon very was we were what when where which while who whom why will with would you your yours
yourself yourselves`)

func toSet(words string) map[string]bool {
	m := map[string]bool{}
	for _, w := range strings.Fields(words) {
		m[w] = true
	}
	return m
}

// Lines that are the controls and legal text of a site, whatever the site:
// skip links, settings, theme and mode switches, sign-in and sign-up,
// cookie consent, copyright, back-to-top, player controls, slide counters.
var (
	uiLineRE  = regexp.MustCompile(`(?i)^(?:skip (?:to|navigation)\b.*|jump to\b.*|settings|site theme|theme|(?:dark|light|auto|system)(?: mode| theme)?|toggle\b.*|(?:main )?menu|close(?: menu)?|open menu|search(?: this site)?\.{0,3}|sign (?:in|up|out)\b.*|log ?(?:in|out)\b.*|register|create (?:an )?account|my account|subscribe(?: now| today| for free)?|get the app|open in app|download the app|listen(?: to this (?:article|story))?(?:\s*[\d:]+)?|play(?: video)?|pause|mute|unmute|full ?screen|captions|subtitles|playback speed|quality|auto ?play|(?:previous|next)(?: (?:slide|image|photo|page|post|article|story))?|back to top|top|up next|now playing|watch(?: now| again)?|replay|\d+\s*(?:/|of)\s*\d+|(?:photo|image|slide)\s+\d+\s*(?:/|of)\s*\d+|accept(?: all)?(?: cookies)?|reject(?: all)?|manage (?:cookies|preferences|consent)|cookie (?:settings|preferences|policy)|privacy(?: policy)?|terms(?: of (?:use|service))?|contact(?: us)?|about(?: us)?|advertisement|advertise(?: with us)?|sponsored|ad|powered by\b.*|loading\.*|follow(?: us\b.*)?|print|email|copy(?: link| code)?|link copied|save|saved|bookmark|gift (?:this )?article|view comments|show more|read more|see more|load more|more)\s*[:.!…»›→]*$`)
	legalRE   = regexp.MustCompile(`(?i)©|&copy;|\(c\) \d{4}|\ball rights reserved\b|\bby (?:continuing|using this (?:site|website))\b`)
	cookieRE  = regexp.MustCompile(`(?i)\bcookies?\b`)
	consentRE = regexp.MustCompile(`(?i)\b(?:accept|consent|agree|preferences|settings|opt[ -]out|reject)\b`)
	// cookieNoticeRE matches a cookie banner that asks nothing, only
	// tells ("We use cookies to enhance your visit ... Read our Cookie
	// Policy").
	cookieNoticeRE = regexp.MustCompile(`(?i)\b(?:we|(?:this|our) (?:site|website)) uses? cookies\b|\bcookie polic(?:y|ies)\b`)
	sectionEndRE   = regexp.MustCompile(`(?i)^(?:\d+\s+(?:comments?|responses?|replies)|(?:view|show|see|read)(?: all)? comments\s*\(\d+\)|see also|comments|responses|replies|reactions|discussion|join the (?:discussion|conversation)|discussion about this (?:post|article)|leave a (?:comment|reply)|add a comment|post a comment|\d+ thoughts? on\b.*|related(?: (?:posts?|articles?|stories|reading|content|links))?|more (?:from|on|in|stories|articles|posts)\b.*|recommended(?: for you| reading| stories)?|you (?:may|might) also (?:like|enjoy)\b.*|read (?:next|more|also)|further reading|popular(?: (?:posts?|articles?|now))?|trending(?: now)?|most (?:read|popular|viewed)|latest(?: (?:news|posts?|stories|articles))?|top stories|newsletter(?: sign ?up)?|sign up for (?:our|the)\b.*|get (?:our|the) newsletter\b.*|about the authors?|share this(?: (?:post|article|story))?)\s*[:.!…»›→]*$`)
	// navPairsRE matches a row of labelled links ("Next: Setup, Up:
	// Guide"): two or more one-word labels, each with a colon and a
	// short target.
	navPairsRE = regexp.MustCompile(`^\p{Lu}\p{Ll}+: [^,:]{1,60}(?:, \p{Lu}\p{Ll}+: [^,:]{1,60})+$`)
	// formFieldRE matches a form's field as a text-mode browser prints
	// it: w3m's text box ("[          ]") and lynx's ("__________"), a
	// button ("(BUTTON)"). A line holding one is a search box or a
	// sign-up form, never the page's text.
	formFieldRE = regexp.MustCompile(`\[\s{3,}\]|_{6,}`)
	menuSepRE   = regexp.MustCompile(`\s(?:\||·|•|/|»|›|>)\s`)
	wideSepRE   = regexp.MustCompile(`\s{2,}`)
)

// formField reports whether t holds a form's field (see formFieldRE); a
// line of underscores alone is a rule, lynx's <hr>.
func formField(t string) bool {
	return formFieldRE.MatchString(t) && strings.Trim(t, "_ ") != ""
}

// maxFieldWidth is how wide (in characters) a run of underscores alone may
// be and still be lynx's text field (20 by default); a wider one is its
// horizontal rule, drawn across the page.
const maxFieldWidth = 50

// fieldAlone reports whether t is a text field and nothing else (see
// formFieldRE): a search box on a line of its own.
func fieldAlone(t string) bool {
	loc := formFieldRE.FindStringIndex(t)
	return loc != nil && loc[0] == 0 && loc[1] == len(t) && (t[0] == '[' || len(t) <= maxFieldWidth)
}

// isUILine reports whether a short block is a site control, a legal line or
// a cookie-consent banner.
func isUILine(t string) bool {
	return len(t) <= 120 && (uiLineRE.MatchString(t) || navPairsRE.MatchString(t) || formField(t)) ||
		len(t) <= 400 && legalRE.MatchString(t) ||
		len(t) <= 800 && cookieRE.MatchString(t) && consentRE.MatchString(t) ||
		len(t) <= maxCookieNotice && cookieNoticeRE.MatchString(t)
}

// maxCookieNotice is the longest cookie banner that only tells: a longer
// text about cookies is a page's own (a privacy policy, an article).
const maxCookieNotice = 400

// nearProseAloneRule is the verdict on near-prose with boilerplate on both
// sides.
const nearProseAloneRule = "near-prose between boilerplate"

// linkTextRule is the verdict on a block whose words are mostly the text
// of links its save printed targets for.
const linkTextRule = "link-like: mostly the text of links"

// judgeBlocks classifies every block of a page, then lets short and
// near-prose blocks take the verdict of their neighbours.
func judgeBlocks(blocks []block) []verdict {
	english := pageStopDensity(blocks) >= englishMinStop
	vs := make([]verdict, len(blocks))
	for i, b := range blocks {
		vs[i] = judgeAlone(b.text, english)
		if linkHeavy(b) && !vs[i].stop && vs[i].class != classBad {
			vs[i] = verdict{class: classBad, rule: linkTextRule, strong: true}
		}
		// A lone button ("Copy", "Play") sits inside what it serves:
		// it does not cut the text around it in two.
		// So does a lone share or comment label ("Share", "Comment"):
		// a table's column is headed so too.
		vs[i].control = vs[i].strong && !vs[i].stop && utf8.RuneCountInString(b.text) <= 20 &&
			(uiLineRE.MatchString(b.text) || loneLabel(b.text))
	}
	// A page written in short paragraphs has no long prose to anchor
	// on: its near-prose is its prose.
	if !slices.ContainsFunc(vs, func(v verdict) bool { return v.class == classGood }) {
		for i := range vs {
			if vs[i].class == classNearGood {
				vs[i] = verdict{class: classGood, rule: "prose: the page's paragraphs are all short"}
			}
		}
	}
	markTeaserBoxes(blocks, vs)
	markMenuRuns(blocks, vs)
	promoteShortProse(blocks, vs)
	reviseByNeighbours(vs)
	markGalleries(blocks, vs)
	return vs
}

// galleryRule is the verdict on the captions of a gallery's slides.
const galleryRule = "gallery: captions of a slideshow's slides"

// maxSlideBlocks is how many blocks a gallery's slide holds after its
// counter: its caption and its photograph's credit.
const maxSlideBlocks = 2

// maxGalleryChrome is how many blocks around a gallery's slides (its
// heading, its "show all" link, its controls) a gap holding it may have.
const maxGalleryChrome = 12

// galleryGap reports whether blocks from..to, between two runs of prose,
// are a gallery markGalleries found with a few blocks of its own chrome
// around it, and no section boundary.
func galleryGap(blocks []block, vs []verdict, from, to int) bool {
	slides := 0
	for i := from; i <= to; i++ {
		if vs[i].stop {
			return false
		}
		if vs[i].rule == galleryRule {
			slides++
		}
	}
	return slides > 0 && to-from+1-slides <= maxGalleryChrome
}

// markGalleries makes boilerplate of a gallery's captioned slides (see
// galleryCaptions): from its first counter to its last slide's caption.
// A slideshow beside or inside an article is the site's, and the
// article's prose goes on around it.
func markGalleries(blocks []block, vs []verdict) {
	first, last, ok := galleryCaptions(blocks)
	if !ok {
		return
	}
	end := last
	for i := last + 1; i < len(blocks) && i <= last+maxSlideBlocks && !vs[i].stop; i++ {
		if _, ok := listMarker(blocks[i].text); ok {
			break
		}
		end = i
	}
	for i := first; i <= end; i++ {
		vs[i] = verdict{class: classBad, rule: galleryRule, strong: true}
	}
}

// loneLabel reports whether t is one word of a share or comment row
// ("Share", "Comment", "Tweet"), without a count.
func loneLabel(t string) bool {
	return !strings.ContainsAny(strings.TrimSpace(t), " 0123456789") && chromeLineRE.MatchString(t)
}

// pageStopDensity is the share of function words in the whole page.
func pageStopDensity(blocks []block) float64 {
	words, stops := 0, 0
	for _, b := range blocks {
		w, s := wordStats(b.text)
		words += w
		stops += s
	}
	if words == 0 {
		return 0
	}
	return float64(stops) / float64(words)
}

// wordStats counts the words of s and how many are stop words.
func wordStats(s string) (words, stops int) {
	for _, w := range strings.FieldsFunc(strings.ToLower(s), func(r rune) bool { return !unicode.IsLetter(r) && r != '\'' && r != '’' }) {
		words++
		if stopWords[strings.Trim(w, "'’")] {
			stops++
		}
	}
	return words, stops
}

// judgeAlone classifies one block by itself.
func judgeAlone(t string, english bool) verdict {
	runes := utf8.RuneCountInString(t)
	switch {
	case sectionEndRE.MatchString(t) && runes <= 120:
		return verdict{class: classBad, rule: "section boundary: comments, related posts or sign-up follow", stop: true, strong: true}
	case isUILine(t):
		return verdict{class: classBad, rule: "site control or legal line", strong: true}
	case chromeLineRE.MatchString(t) && runes <= 200:
		return verdict{class: classBad, rule: "share, comment-count or navigation line", strong: true}
	case linkDensity(t) > 0.5 && !codeAroundURL(t):
		return verdict{class: classBad, rule: "link-like: mostly URLs", strong: true}
	case menuLike(t):
		return verdict{class: classBad, rule: "menu-like: items separated by bars or dots", strong: true}
	case teaser(t, runes):
		return verdict{class: classBad, rule: "teaser: another article's excerpt, ending in “Read more”", strong: true}
	case runes < lengthLow:
		return verdict{class: classShort, rule: "short block"}
	}
	if !english {
		n := sentenceEnds(t)
		switch {
		case runes >= lengthHigh && n >= 2:
			return verdict{class: classGood, rule: "prose: long, several sentences"}
		case n >= 1:
			return verdict{class: classNearGood, rule: "near-prose: a sentence"}
		}
		return verdict{class: classBad, rule: "no sentences: a list of words"}
	}
	words, stops := wordStats(urlRE.ReplaceAllString(t, " "))
	density := 0.0
	if words > 0 {
		density = float64(stops) / float64(words)
	}
	switch {
	case density >= stopHigh && runes > lengthHigh:
		return verdict{class: classGood, rule: "prose: long, normal share of function words"}
	case density >= stopLow:
		return verdict{class: classNearGood, rule: "near-prose: function words, but short"}
	}
	return verdict{class: classBad, rule: "few function words: a list, not sentences"}
}

// teaserEndRE matches the end of a teaser: an excerpt of another article
// (a sentence, or one cut short with an ellipsis) and its link, "Read
// more" or "Read now", perhaps printed twice (the link's text and its
// label) and followed by the link's target. teaserLabelRE finds each
// teaser's label in a column of them run together (as lynx prints one).
var (
	teaserEndRE   = regexp.MustCompile(`(?i)(?:[.!?…"”’)]\s*|\S,\s+)read (?:more|now)(?:\s+read (?:more|now))?\s*(?:<[^<>\s]*>\s*)*$`)
	teaserLabelRE = regexp.MustCompile(`(?i)(?:[.!?…"”’)]\s*|\S,\s+)read (?:more|now)\b`)
)

// A teaser's excerpt holds some words, and at most a short paragraph's
// worth: a whole paragraph ending in "Read more" is the article itself,
// its last paragraph before a button that unfolds the rest.
const (
	minTeaserRunes = 40
	maxTeaserRunes = 320
)

// teaser reports whether t, of the given length in runes, is a teaser or
// a column of them: excerpts of other articles, each ending in its "Read
// more" link.
func teaser(t string, runes int) bool {
	if runes < minTeaserRunes || !teaserEndRE.MatchString(t) {
		return false
	}
	return runes <= maxTeaserRunes*len(teaserLabelRE.FindAllStringIndex(t, -1))
}

// readLabelRE matches a teaser's link label on a line of its own.
var readLabelRE = regexp.MustCompile(`(?i)^read (?:more|now)\s*[:.!…»›→]*$`)

// maxTeaserTitles is how many title lines a teaser box sets over its
// excerpt (the title is often printed twice: the image's and the link's).
const maxTeaserTitles = 2

// markTeaserBoxes makes boilerplate of the teasers a save printed one
// part a line: another article's title (perhaps twice), its excerpt, and
// its "Read now" or "Read more" on a line of its own, as an inline box
// inside an article or a column after it. The excerpt holds at most
// maxTeaserRunes runes (a longer paragraph over the label is the
// article's, with a button that unfolds the rest); the titles over it are
// short lines that end no sentence.
func markTeaserBoxes(blocks []block, vs []verdict) {
	for i := 1; i < len(blocks); i++ {
		// "Read more" over a list of links is its heading, a section
		// boundary, not a teaser's label.
		if !readLabelRE.MatchString(blocks[i].text) || vs[i].stop {
			continue
		}
		ex := blocks[i-1].text
		if n := utf8.RuneCountInString(ex); n < minTeaserRunes || n > maxTeaserRunes || vs[i-1].stop {
			continue
		}
		mark := func(k int) {
			vs[k] = verdict{class: classBad, rule: "teaser: another article's title and excerpt over its “Read now”", strong: true}
		}
		mark(i - 1)
		for k := i - 2; k >= 0 && k >= i-1-maxTeaserTitles; k-- {
			t := blocks[k].text
			if vs[k].class == classGood && utf8.RuneCountInString(t) >= lengthHigh || utf8.RuneCountInString(t) > maxHeadlineRunes ||
				strings.ContainsRune(".!?…:,;", lastSignificant(t)) {
				break
			}
			mark(k)
		}
	}
}

// linkDensity is the share of a block's characters inside URLs.
func linkDensity(t string) float64 {
	if t == "" {
		return 0
	}
	n := 0
	for _, m := range urlRE.FindAllStringSubmatchIndex(t, -1) {
		n += m[3] - m[2]
	}
	return float64(n) / float64(len(t))
}

// codeAroundURL reports whether a line holds code punctuation outside its
// URLs (`fetch("https://example.org/api", {`, braces, semicolons or an
// assignment; a link in parentheses is still a link): a line of a code listing
// that names an address, not a link.
func codeAroundURL(t string) bool {
	return strings.ContainsAny(urlRE.ReplaceAllString(t, " "), "{};=")
}

// menuLike reports whether a block is a row of menu items: three or more
// short items between separators, with no sentence in it.
func menuLike(t string) bool {
	parts := menuSepRE.Split(t, -1)
	// Items set apart by wide spaces ("Prev  Up  Next") make a menu too
	// when they are words; aligned code or a table row is not one.
	if len(parts) < 3 && mostlyLetters(t) && !codeLike(t) {
		parts = wideSepRE.Split(strings.TrimSpace(t), -1)
	}
	if len(parts) < 3 || sentenceEnds(t) > 0 {
		return false
	}
	for _, p := range parts {
		if utf8.RuneCountInString(strings.TrimSpace(p)) > 40 {
			return false
		}
	}
	return true
}

// sentenceEnds counts sentence-ending punctuation followed by a space or
// the end of the block.
func sentenceEnds(t string) int {
	n := 0
	rs := []rune(t)
	for i, r := range rs {
		if strings.ContainsRune(".!?。！？", r) && (i == len(rs)-1 || unicode.IsSpace(rs[i+1]) || isCloser(rs[i+1])) {
			n++
		}
	}
	return n
}

// mostlyLetters reports whether most of t's visible characters are letters:
// menu items are words, while a line of code or figures is not.
func mostlyLetters(t string) bool {
	letters, other := 0, 0
	for _, r := range t {
		switch {
		case unicode.IsLetter(r):
			letters++
		case !unicode.IsSpace(r):
			other++
		}
	}
	return letters >= 3*other
}

// codeLike reports whether a line reads as code or configuration: it ends
// with a colon or holds assignment, call or markup punctuation.
func codeLike(t string) bool {
	return strings.HasSuffix(t, ":") || strings.ContainsAny(t, "=;{}()<>_")
}

// menuColumnRule is the rule markMenuRuns gives.
const menuColumnRule = "menu-like: one of a column of short lines"

// markMenuRuns marks runs of three or more short lines that do not end
// like sentences as a menu: one such line may be a heading, a column of
// them is navigation.
func markMenuRuns(blocks []block, vs []verdict) {
	isItem := func(i int) bool {
		t := blocks[i].text
		if _, isDate := dates.Header(t); isDate || listItemRE.MatchString(t) || bylineName(t) != "" {
			return false // dates and bylines structure a page, list items are text: none is a menu
		}
		return vs[i].class == classShort && sentenceEnds(t) == 0 && len(strings.Fields(t)) <= 6 && mostlyLetters(t) && !codeLike(t)
	}
	for i := 0; i < len(blocks); {
		if !isItem(i) {
			i++
			continue
		}
		j := i
		for j < len(blocks) && isItem(j) {
			j++
		}
		if j-i >= 3 {
			for k := i; k < j; k++ {
				vs[k] = verdict{class: classBad, rule: menuColumnRule}
			}
		}
		i = j
	}
}

// shortProseRule is the rule promoteShortProse gives.
const shortProseRule = "prose: one of a stretch of short paragraphs"

// promoteShortProse makes prose of a stretch of near-prose paragraphs
// that no boilerplate interrupts (short lines and lone buttons may sit
// between them) when together they amount to several paragraphs' worth:
// a post written in short paragraphs, or quoting many short messages,
// reads as running text, though no single paragraph is long.
func promoteShortProse(blocks []block, vs []verdict) {
	for i := 0; i < len(vs); {
		if vs[i].class != classNearGood {
			i++
			continue
		}
		// A column of other posts' titles cut short ("Natalia Kills
		// Speaks Out: \"There Are Many Sides to This…") is near-prose
		// too: a stretch whose paragraphs end in an ellipsis half the
		// time or more is such a column, not a post's text.
		j, near, cut, runes := i, 0, 0, 0
		for ; j < len(vs) && (vs[j].class == classNearGood || vs[j].class == classShort || vs[j].control || quotedSentence(blocks[j].text, vs[j])); j++ {
			if vs[j].class == classNearGood {
				near++
				runes += utf8.RuneCountInString(blocks[j].text)
				if cutShort(blocks[j].text) {
					cut++
				}
			}
		}
		if near >= 3 && runes >= 2*lengthHigh && 2*cut < near {
			for k := i; k < j; k++ {
				if vs[k].class == classNearGood {
					vs[k] = verdict{class: classGood, rule: shortProseRule}
				}
			}
		}
		i = j
	}
}

// cutShort reports whether a text ends in an ellipsis: a title or an
// excerpt a list of other posts cut to its width.
func cutShort(t string) bool {
	t = strings.TrimRight(t, "\"'”’») ")
	return strings.HasSuffix(t, "…") || strings.HasSuffix(t, "...")
}

// quotedSentence reports whether a block judged a list for its few
// function words is a sentence of reported speech, names and all
// ("“Don’t get nervous,” instructed Milton Velez, the district supervisor
// for Queens."): a stretch of short paragraphs goes on across it.
func quotedSentence(t string, v verdict) bool {
	return v.class == classBad && !v.strong && strings.ContainsAny(t, "“\"") &&
		utf8.RuneCountInString(t) < lengthHigh && sentenceEnds(t) > 0 && strings.ContainsRune(".!?", lastSignificant(t))
}

// reviseByNeighbours settles short and near-prose blocks by their
// neighbours, as jusText does; the page's edges count as boilerplate. A
// short block between prose is prose (a subhead, a list item), between
// boilerplate is boilerplate, and next to near-prose on its boilerplate
// side is prose. Then a near-prose block is prose unless boilerplate
// surrounds it.
func reviseByNeighbours(vs []verdict) {
	neighbour := func(i, step int, skipNear bool) proseClass {
		for j := i + step; j >= 0 && j < len(vs); j += step {
			c := vs[j].class
			if c == classShort || skipNear && c == classNearGood || vs[j].control {
				continue
			}
			return c
		}
		return classBad
	}
	revised := make([]verdict, len(vs))
	copy(revised, vs)
	for i, v := range vs {
		if v.class != classShort {
			continue
		}
		prev, next := neighbour(i, -1, true), neighbour(i, 1, true)
		switch {
		case prev == classGood && next == classGood:
			revised[i] = verdict{class: classGood, rule: "short block inside prose", control: v.control}
		case prev == classBad && next == classBad:
			revised[i] = verdict{class: classBad, rule: "short block outside prose"}
		case prev == classBad && neighbour(i, -1, false) == classNearGood,
			next == classBad && neighbour(i, 1, false) == classNearGood:
			revised[i] = verdict{class: classGood, rule: "short block next to near-prose"}
		default:
			revised[i] = verdict{class: classBad, rule: "short block at the edge of prose"}
		}
	}
	for i, v := range vs {
		if v.class != classNearGood {
			continue
		}
		if neighbour(i, -1, true) == classBad && neighbour(i, 1, true) == classBad {
			revised[i] = verdict{class: classBad, rule: nearProseAloneRule}
		} else {
			revised[i] = verdict{class: classGood, rule: "near-prose next to prose"}
		}
	}
	copy(vs, revised)
}
