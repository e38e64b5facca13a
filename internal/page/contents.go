package page

import (
	"regexp"
	"strings"
)

// sectionNumberRE matches a line opening with a section number ("2.",
// "2.7.", "2.7.1 ").
var sectionNumberRE = regexp.MustCompile(`^\d{1,3}(?:\.\d{1,3})*\.?\s+\S`)

// chapterNumberRE matches a chapter heading's number ("8. "), which the
// list-item rule otherwise takes for a numbered list.
var chapterNumberRE = regexp.MustCompile(`^\d{1,3}\.\s+`)

// contentsItem reports whether block i is an entry of a table of contents:
// one of at least three consecutive lines opening with section numbers.
// Such a line names a section further down, never the page.
func contentsItem(blocks []block, i int) bool {
	numbered := func(j int) bool {
		return j >= 0 && j < len(blocks) && blocks[j].lines == 1 && sectionNumberRE.MatchString(blocks[j].text)
	}
	if !numbered(i) {
		return false
	}
	lo, hi := i, i
	for numbered(lo - 1) {
		lo--
	}
	for numbered(hi + 1) {
		hi++
	}
	return hi-lo+1 >= 3
}

// headingCandidate reports whether block i may be the page's headline: a
// headline-like line that is not an entry of a table of contents, or a
// numbered chapter heading ("8. Threads") standing alone, not in a list.
func headingCandidate(blocks []block, vs []verdict, i int) bool {
	if contentsItem(blocks, i) {
		return false
	}
	if headlineLike(blocks[i], vs[i]) {
		return true
	}
	t := blocks[i].text
	loc := chapterNumberRE.FindStringIndex(t)
	if loc == nil {
		return false
	}
	for _, j := range []int{i - 1, i + 1} {
		if j >= 0 && j < len(blocks) && listItemRE.MatchString(blocks[j].text) {
			return false
		}
	}
	b := blocks[i]
	b.text = t[loc[1]:]
	return headlineLike(b, vs[i])
}

// sectionPrefixRE matches a heading's section number and the space after it.
var sectionPrefixRE = regexp.MustCompile(`^\d{1,3}(?:\.\d{1,3})*\.?\s+`)

// echoesOpening reports whether block i repeats the save's first line, as
// a headline repeats the page's <title> that browsers' text saves open
// with: whole, or with the site's name after a separator (" | Site") or in
// brackets, and with or without the heading's section number. A one-word
// line ("Introduction") is too common to count as an echo.
func echoesOpening(blocks []block, i int) bool {
	head := normKey(sectionPrefixRE.ReplaceAllString(blocks[i].text, ""))
	return len(strings.Fields(head)) >= 2 && echoes(blocks, i)
}

// echoesTitlePart reports whether block i repeats one part of the save's
// first line, not all of it: the line is a <title> joining a headline and
// a site's name, not the site's name alone at the top of the page.
func echoesTitlePart(blocks []block, i int) bool {
	return echoesOpening(blocks, i) && normKey(blocks[i].text) != normKey(strings.Join(strings.Fields(blocks[0].text), " "))
}

// echoesSubject reports whether block i is a one-word echo of the save's
// first line ("Mozilla" under "Mozilla - Wikipedia") that the article's
// prose keeps naming (see subjectOf): an encyclopedia's or a reference's
// page is titled by its subject.
func echoesSubject(blocks []block, vs []verdict, run span, i int) bool {
	head := normKey(sectionPrefixRE.ReplaceAllString(blocks[i].text, ""))
	return len(strings.Fields(head)) == 1 && echoes(blocks, i) && subjectOf(blocks[i].text, blocks, vs, run)
}

// echoes reports whether block i repeats the save's first line, whole or
// on one side of a title separator.
func echoes(blocks []block, i int) bool {
	if i <= 0 || i >= len(blocks) || blocks[0].lines != 1 {
		return false
	}
	head := normKey(sectionPrefixRE.ReplaceAllString(blocks[i].text, ""))
	if head == "" {
		return false
	}
	opening := strings.Join(strings.Fields(blocks[0].text), " ")
	if normKey(opening) == head {
		return true
	}
	for _, sep := range append(titleSeparators, " (") {
		if j := strings.Index(opening, sep); j > 0 && normKey(opening[:j]) == head {
			return true
		}
		if j := strings.LastIndex(opening, sep); j > 0 && normKey(opening[j+len(sep):]) == head {
			return true
		}
	}
	return false
}

// labelledHeadline returns the headline over a section label: when block i,
// the line a byline follows, is a label of one or two words ("Science"), a
// heading of three words or more one or two blocks above it (a standfirst
// may sit between) is the headline. It returns -1 when there is none.
func labelledHeadline(blocks []block, vs []verdict, i int) int {
	if len(strings.Fields(blocks[i].text)) > 2 {
		return -1
	}
	for j := i - 1; j >= 0 && j >= i-2; j-- {
		if vs[j].stop {
			return -1
		}
		if headingCandidate(blocks, vs, j) && len(strings.Fields(blocks[j].text)) >= 3 && vs[j].rule != menuColumnRule {
			return j
		}
	}
	return -1
}

// crumbMarkerRE matches the marker of a list or breadcrumb item.
var crumbMarkerRE = regexp.MustCompile(`^\s*(?:\d{1,3}[.)]|[-*•◦▪‣·>»/])\s+`)

// echoedAbove reports whether block i repeats, without its marker, one of
// the few lines right above it: a headline under a breadcrumb that ends
// with the page's own name.
func echoedAbove(blocks []block, i int) bool {
	key := normKey(blocks[i].text)
	if len(strings.Fields(key)) < 2 {
		return false
	}
	for j := i - 1; j >= 0 && j >= i-3; j-- {
		t := blocks[j].text
		if crumbMarkerRE.MatchString(t) && normKey(crumbMarkerRE.ReplaceAllString(t, "")) == key {
			return true
		}
	}
	return false
}

// headlineOverHeader returns the headline over an article's header when
// block i, the title-like line a date follows or precedes, sits under an
// author's name: the heading just above that header (past names, dates
// and controls) is the headline, block i its subtitle. It returns -1 when
// no author's name is found there or no heading above it.
func headlineOverHeader(blocks []block, vs []verdict, i int) int {
	named := false
	names := map[string]bool{}
	for j := i - 1; j >= 0 && j >= i-6; j-- {
		t := blocks[j].text
		if vs[j].stop {
			return -1
		}
		// Over a name, a heading of three words or more is the headline
		// even when it is capitalised like a name, unless it repeats a
		// name already seen (the author shown twice).
		if named && !names[normKey(t)] && headingCandidate(blocks, vs, j) && len(strings.Fields(t)) >= 3 {
			return j
		}
		if authorLine(blocks, j) || bylineName(t) != "" || personName(t) {
			named, names[normKey(t)] = true, true
			continue
		}
		if headerLine(t) || !hasLetterRE.MatchString(t) {
			continue
		}
		return -1
	}
	return -1
}

// permalinkRE matches a heading that a documentation generator ended with
// its permalink marker, glued to the last word ("Query string#", "Usage¶").
var permalinkRE = regexp.MustCompile(`^(.*[\p{L}\p{N})\]])[#¶]$`)

// minPermalinks is how many lines must end in a permalink marker before
// the marker is read as one: a single "C#" is a word.
const minPermalinks = 3

// permalinked reports whether the page's headings carry permalink markers,
// or link to their own anchors (one such link is no accident).
func permalinked(blocks []block) bool {
	n := 0
	for _, b := range blocks {
		if b.selfAnchored {
			return true
		}
		if b.lines == 1 && permalinkRE.MatchString(b.text) {
			n++
		}
	}
	return n >= minPermalinks
}

// withoutPermalink returns a heading without its permalink marker, and
// whether it had one.
func withoutPermalink(t string) (string, bool) {
	if m := permalinkRE.FindStringSubmatch(t); m != nil {
		return strings.TrimSpace(m[1]), true
	}
	return t, false
}

// permalinkHeading reports whether block i is a heading by its permalink
// marker on a page whose headings carry them.
func permalinkHeading(blocks []block, vs []verdict, i int, marked bool) bool {
	if !marked || contentsItem(blocks, i) {
		return false
	}
	if blocks[i].selfAnchored {
		return headlineLike(blocks[i], vs[i])
	}
	t, ok := withoutPermalink(blocks[i].text)
	if !ok {
		return false
	}
	b := blocks[i]
	b.text = t
	return headlineLike(b, vs[i])
}

// pipeSeparators are the separators that never join the words of a
// headline, only a title to its site's name.
var pipeSeparators = []string{" | ", " :: ", " · ", " » "}

// withoutSiteName cuts a short site name (four words at most) after the
// last of the separators from a page title.
func withoutSiteName(t string, seps []string) string {
	for _, sep := range seps {
		if j := strings.LastIndex(t, sep); j > 0 && len(strings.Fields(t[j+len(sep):])) <= 4 {
			return strings.TrimSpace(t[:j])
		}
	}
	return t
}
