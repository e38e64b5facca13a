package page

import (
	"regexp"
	"strings"
	"unicode"
)

// A browser's "save as text" opens with the page's <title>: the headline
// with the site's and section's names after it ("Headline | Section |
// Site"). The headline the page prints may differ from it (a shorter
// <h1>, a kicker, a subhead read as the headline), and when the two
// disagree the <title> is the page's own statement of what it is. A
// text-mode browser's dump opens with the site's name or its menu instead:
// such a first line is too short, is a control, or is repeated as a menu,
// and is not read as the title. Nor is a first line the dump indents or
// sets under blank lines: a browser's save starts with the <title> itself.

// minOpeningWords is how many words the opening line must keep once its
// site name is cut to be read as the title: "Quanta Magazine" or
// "Sections" is a site or a menu, not an article's title.
const minOpeningWords = 4

// maxSiteNameWords is the longest site or section name cut from a title.
const maxSiteNameWords = 4

// titleSeparator reports whether a word of a title is a separator: one to
// three symbols or punctuation marks standing alone ("|", "-", "—", "::",
// "·", "»", "✩"), never a word or a number.
func titleSeparator(w string) bool {
	if w == "" || len([]rune(w)) > 3 {
		return false
	}
	for _, r := range w {
		if unicode.IsLetter(r) || unicode.IsDigit(r) || r == '#' || r == '&' || r == '(' || r == ')' {
			return false
		}
	}
	return true
}

// cutSiteName cuts the site's and section's names from a page title: the
// parts after the last separator, one at a time, while each is at most
// maxSiteNameWords words and what stays keeps minOpeningWords words or
// more. Once a separator has been cut at, only the same separator is: a
// headline may hold another ("Dropbox's ATF - an async task framework |
// Dropbox").
func cutSiteName(t string) string {
	words := strings.Fields(t)
	sep := ""
	for {
		k := -1
		for i := len(words) - 1; i > 0; i-- {
			if titleSeparator(words[i]) && (sep == "" || words[i] == sep) {
				k = i
				break
			}
		}
		if k < 0 || len(words)-k-1 > maxSiteNameWords || len(words)-k-1 == 0 || k < minOpeningWords {
			break
		}
		sep, words = words[k], words[:k]
	}
	return strings.Join(words, " ")
}

// openingTitle returns the page's title a save opens with: its first line,
// a single line above the prose shaped like a headline, with the site's
// name cut (see cutSiteName), keeping minOpeningWords words or more. A line
// the page repeats as such is its headline too, read by findHeadline; one
// it repeats with other text around it, or a control, a menu or a section
// label, is not a title. It returns "" when the first line is no title.
func openingTitle(blocks []block, vs []verdict, run span) string {
	if run.first == 0 || len(blocks) == 0 || blocks[0].lines != 1 || blocks[0].start != 0 || vs[0].stop {
		return ""
	}
	t := blocks[0].text
	if isUILine(t) || menuLike(t) || headerLine(t) || isSectionLabel(t) || hasURL(t) || bracketedRE.MatchString(t) ||
		widgetRE.MatchString(t) || listItemRE.MatchString(t) {
		return ""
	}
	cut := cutSiteName(t)
	if len(letterWords(cut)) < minOpeningWords || len(cut) > 2*maxHeadlineRunes {
		return ""
	}
	first := []rune(cut)[0]
	if unicode.IsLower(first) {
		return ""
	}
	return cut
}

// agreesWithOpening reports whether a headline and the save's opening
// title name the same article: one holds the other's words whole (the
// <title> adds a site's name or a kicker, or the headline does).
func agreesWithOpening(head, opening string) bool {
	h, o := " "+normKey(sectionPrefixRE.ReplaceAllString(head, ""))+" ", " "+normKey(opening)+" "
	if strings.TrimSpace(h) == "" || strings.TrimSpace(o) == "" {
		return false
	}
	return strings.Contains(o, h) || strings.Contains(h, o)
}

// minOpeningAbout is the share of an opening title's content words the
// article's prose must use for the title to replace the headline found
// on the page: a site's banner or a menu line opening a dump does not
// speak of the article.
const minOpeningAbout = 0.5

// openingAboutProse reports whether an opening title speaks of the
// article in run.
func openingAboutProse(t string, blocks []block, vs []verdict, run span) bool {
	about, n := aboutProse(t, proseVocabulary(blocks, vs, run))
	return n > 0 && about >= minOpeningAbout
}

// columnGapRE matches a gap of three spaces or more inside a line: a
// text-mode browser's column between a table's cells.
var columnGapRE = regexp.MustCompile(` {3,}`)

// withoutColumnTail cuts from a headline the site's name a text-mode
// browser set in a column of its own at the right ("Minecraft 1.8 - The
// Bountiful Update          Minecraft.net"): two cells, the second of at
// most maxSiteNameWords words, the first keeping minOpeningWords words or
// more.
func withoutColumnTail(t string) string {
	cells := columnGapRE.Split(strings.TrimSpace(t), -1)
	if len(cells) != 2 || len(strings.Fields(cells[1])) > maxSiteNameWords || len(letterWords(cells[0])) < minOpeningWords {
		return t
	}
	return cells[0]
}
