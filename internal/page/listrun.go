package page

import (
	"regexp"
	"strings"
)

// A post may be mostly a list: a changelog, a list of steps or of links
// with their descriptions. Its items are short and hold few function
// words, so they read as boilerplate, and the post's prose is only its
// tail. A list that touches the article's prose belongs to it when its
// items read as statements (minListItemWords words on average) rather
// than a menu's one- or two-word labels.

// minListItemWords is the average length, in words, of the items of a
// list that belongs to the article beside it.
const minListItemWords = 4

// minListItems is the fewest items that make a list.
const minListItems = 3

// itemMarkerRE matches a list item's marker: a number, or a bullet
// including the "+" changelogs use.
var itemMarkerRE = regexp.MustCompile(`^\s*(?:\d{1,3}[.)]|([-*+•◦▪‣·]))\s+\S`)

// listMarker returns the marker of a list item ("-", "*", "+", or "" for a
// numbered one), and whether t is a list item at all.
func listMarker(t string) (string, bool) {
	m := itemMarkerRE.FindStringSubmatch(t)
	if m == nil {
		return "", false
	}
	return m[1], true
}

// articleList returns the bounds of the list of statements that ends at
// block end (going back) or starts there (going forward), or ok false
// when there is none there: items of one marker, minListItems or more,
// averaging minListItemWords words, none a control or a link.
func articleList(blocks []block, vs []verdict, end, step int) (lo, hi int, ok bool) {
	marker, isItem := "", false
	if end < 0 || end >= len(blocks) {
		return 0, 0, false
	}
	if marker, isItem = listMarker(blocks[end].text); !isItem {
		return 0, 0, false
	}
	words, n := 0, 0
	i := end
	for ; i >= 0 && i < len(blocks); i += step {
		t := blocks[i].text
		m, item := listMarker(t)
		if !item || m != marker || vs[i].stop || vs[i].strong && vs[i].rule != menuColumnRule || linkDensity(t) > 0.5 {
			break
		}
		words += len(strings.Fields(t)) - 1
		n++
	}
	if n < minListItems || words < minListItemWords*n {
		return 0, 0, false
	}
	lo, hi = end, i-step
	if lo > hi {
		lo, hi = hi, lo
	}
	return lo, hi, true
}

// articleListRule is the rule withLists gives the items it takes in.
const articleListRule = "list beside the article's prose: statements, not a menu's labels"

// withLists widens the article's run over the lists of statements right
// before and after it (see articleList), and marks their items as prose.
func withLists(run span, blocks []block, vs []verdict) span {
	mark := func(lo, hi int) {
		for i := lo; i <= hi; i++ {
			vs[i] = verdict{class: classGood, rule: articleListRule}
		}
	}
	if lo, hi, ok := articleList(blocks, vs, run.first-1, -1); ok {
		run.first = lo
		mark(lo, hi)
	}
	if lo, hi, ok := articleList(blocks, vs, run.last+1, 1); ok {
		run.last = hi
		mark(lo, hi)
	}
	return run
}

// maxListHeadingWords is the longest heading between the sections of a
// list-shaped post.
const maxListHeadingWords = 6

// listGap reports whether blocks from..to, between two runs of prose that
// both hold list items, are sections of the same list-shaped post (a
// weekly report, a changelog): list items and their sections' short
// headings, no more headings than items, the items averaging
// minListItemWords words (statements and names, not a menu's labels), no
// section boundary, no control and no dated headline. Such a post's
// items hold few function words, so its sections read as boilerplate and
// cut its prose into runs.
func listGap(blocks []block, vs []verdict, prev, next span, from, to int) bool {
	if from > to || !holdsItem(blocks, prev) || !holdsItem(blocks, next) {
		return false
	}
	items, words, headings := 0, 0, 0
	for i := from; i <= to; i++ {
		t, v := blocks[i].text, vs[i]
		if v.stop || v.control || isUILine(t) || headlineLike(blocks[i], v) && bylineFollows(blocks, i) {
			return false
		}
		if _, ok := listMarker(t); ok {
			items++
			words += len(strings.Fields(t)) - 1
			continue
		}
		if len(strings.Fields(t)) > maxListHeadingWords || strings.ContainsRune(".!?…", lastSignificant(t)) {
			return false
		}
		headings++
	}
	return items >= minListItems && headings <= items && words >= minListItemWords*items
}

// holdsItem reports whether a run holds a list item.
func holdsItem(blocks []block, r span) bool {
	for i := r.first; i <= r.last; i++ {
		if _, ok := listMarker(blocks[i].text); ok {
			return true
		}
	}
	return false
}
