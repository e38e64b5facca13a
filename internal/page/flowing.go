package page

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// flowing reports whether a group of lines is one paragraph broken at
// source line breaks rather than at a fixed width: documentation and
// hand-written HTML put a break after a clause or a sentence, so the lines
// are ragged and hardWrapped misses them. At least half of the breaks fall
// inside a sentence (the line ends in a word or a comma and the next line
// goes on in lower case), no line after the first is a list item or
// indented deeper than the first, and the whole reads as prose, not code.
func flowing(group []line) bool {
	if len(group) < 2 {
		return false
	}
	indent := leadingSpace(group[0].text)
	mid := 0
	for i, l := range group {
		t := strings.TrimSpace(l.text)
		// Only the first line may open with a list marker: a paragraph
		// whose lede a save set in bold ("*A HIGH-powered team…") wraps
		// onto lines of its own.
		if i > 0 && itemMarkerRE.MatchString(t) || leadingSpace(l.text) > indent {
			return false
		}
		if i+1 < len(group) && midSentence(t, strings.TrimSpace(group[i+1].text)) {
			mid++
		}
	}
	if mid*2 < len(group)-1 {
		return false
	}
	var all []string
	for _, l := range group {
		all = append(all, strings.TrimSpace(l.text))
	}
	words, stops := wordStats(strings.Join(all, " "))
	return words >= 8 && stops*5 >= words
}

// midSentence reports whether a line break between cur and next falls
// inside a sentence: cur ends in a letter, a digit or a comma, and next
// starts with a lower-case letter.
func midSentence(cur, next string) bool {
	last, _ := utf8.DecodeLastRuneInString(cur)
	first, _ := utf8.DecodeRuneInString(next)
	if !(unicode.IsLetter(last) || unicode.IsDigit(last) || last == ',') {
		return false
	}
	return unicode.IsLower(first) && len(strings.Fields(cur)) >= 3
}

// articleGap reports whether blocks from..to, between two runs of prose,
// are the article's own furniture: no block in it is chrome by nature (a
// control, a share row, a menu row, a section boundary; a section's
// heading with its permalink is the document's own) and no headline in
// it has a byline or a date under it (the start of another post). A column
// of short lines between two runs is a document's table or list of
// versions, not the site's menu, which sits around the article.
func articleGap(blocks []block, vs []verdict, from, to int) bool {
	for i := from; i <= to; i++ {
		v := vs[i]
		if v.stop || v.strong && !v.control && !sectionHeading(blocks, vs, i) {
			return false
		}
		if headlineLike(blocks[i], v) && bylineFollows(blocks, i) {
			return false
		}
	}
	return true
}

// sectionHeading reports whether block i is a heading with a permalink
// marker ("Setting up¶") on a page whose headings carry them: a generated
// document's section, linked to itself, not a link to elsewhere.
func sectionHeading(blocks []block, vs []verdict, i int) bool {
	if !permalinkRE.MatchString(blocks[i].text) {
		return false
	}
	return permalinkHeading(blocks, vs, i, permalinked(blocks))
}

// minTableCells is how many cells a table printed one cell a line holds
// at least; maxLinkedCellWords how many words a linked cell of it (a row's
// name: "Gmail") holds at most.
const (
	minTableCells      = 8
	maxLinkedCellWords = 3
)

// tableGap reports whether blocks from..to, between two runs of prose, are
// a table a save printed one cell a line: short cells, a third of them or
// more holding figures ("71.1 MB", "-81%"), and no chrome but a linked
// name heading a row here and there. A menu or a footer holds words, not
// figures.
func tableGap(blocks []block, vs []verdict, from, to int) bool {
	if to-from+1 < minTableCells {
		return false
	}
	figures := 0
	for i := from; i <= to; i++ {
		t, v := blocks[i].text, vs[i]
		if v.stop || utf8.RuneCountInString(t) >= lengthLow {
			return false
		}
		if v.strong && !v.control && (v.rule != linkTextRule || len(strings.Fields(t)) > maxLinkedCellWords) {
			return false
		}
		if strings.ContainsAny(t, "0123456789") {
			figures++
		}
	}
	return 3*figures >= to-from+1
}

// sectionGap reports whether blocks from..to, between two runs of prose,
// are a section of the article written in short pieces: a subhead, short
// paragraphs, list items and code, with a link-like item here and there.
// No section boundary or dated headline is in it, and it holds more
// paragraphs that read like sentences (near-prose by themselves) than
// blocks that are chrome by nature, and at least one in minSectionShare
// of its blocks. A site's menu or footer between two texts holds few
// sentences; an API's list of types holds several.
func sectionGap(blocks []block, vs []verdict, from, to int) bool {
	sentences, chrome := 0, 0
	for i := from; i <= to; i++ {
		v := vs[i]
		if v.stop || headlineLike(blocks[i], v) && bylineFollows(blocks, i) {
			return false
		}
		if v.strong && !v.control {
			chrome++
		}
		if judgeAlone(blocks[i].text, true).class >= classNearGood {
			sentences++
		}
	}
	return sentences > chrome && sentences*minSectionShare >= to-from+1
}

// minSectionShare is the most blocks per sentence-like paragraph a
// section of the article holds: a long column of links with a teaser or
// two among them is the site's.
const minSectionShare = 6

// articleRuns is proseRuns with the runs that only the article's own
// furniture separates (see articleGap), or a video's player or a gallery
// set inside it, merged: the sections of one document are one run, not
// several posts.
func articleRuns(blocks []block, vs []verdict) []span {
	var out []span
	for _, r := range proseRuns(blocks, vs) {
		if k := len(out) - 1; k >= 0 && (articleGap(blocks, vs, out[k].last+1, r.first-1) ||
			playerGap(blocks, vs, out[k].last+1, r.first-1) || galleryGap(blocks, vs, out[k].last+1, r.first-1)) {
			out[k].last, out[k].prose = r.last, out[k].prose+r.prose
			continue
		}
		out = append(out, r)
	}
	return out
}

// repeatedIn reports whether text t is also one of blocks from..to: a
// column of short lines whose items return as the article's subheads is
// its table of contents, part of its header, not the site's menu.
func repeatedIn(blocks []block, t string, from, to int) bool {
	for j := max(from, 0); j <= to && j < len(blocks); j++ {
		if blocks[j].text == t {
			return true
		}
	}
	return false
}
