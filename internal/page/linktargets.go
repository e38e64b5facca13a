package page

import (
	"regexp"
	"strings"
	"unicode"
)

// A browser's formatted text save (Firefox's "Save Page As… Text Files")
// prints each link's target after its text: "News <https://…/news>". The
// targets are no part of the page's words: they are cut from the text
// before it is read, and what they mark is kept as a measure of how much
// of a block is links, as jusText's link density does with <a> elements.
// A menu item is all link; a paragraph of prose holds one now and then.

// linkTargetRE matches a printed link target and the space before it. A
// share-by-email link's target holds the subject and body unencoded
// ("<mailto:?subject=Night buses return&body=I am sharing…>"), spaces and
// all: a mailto target runs to its closing bracket.
var linkTargetRE = regexp.MustCompile(`\s*<(?:(?:https?|ftp|file|news|tel):[^\s<>]*|mailto:[^<>]*)>`)

// minLinkTargets is how many printed targets make a save a formatted one:
// fewer are addresses the text itself gives in angle brackets ("write to
// <mailto:…>"), which stay.
const minLinkTargets = 5

// maxLinkWords is how many words before a target are counted as its
// link's text: a link in prose is a word or a few.
const maxLinkWords = 4

// linkedSave reports whether text is a formatted save that prints link
// targets.
func linkedSave(text string) bool {
	return len(linkTargetRE.FindAllStringIndex(text, minLinkTargets)) >= minLinkTargets
}

// cutLinkTargets returns s without its printed link targets, how many it
// had, and how many of its words the links are estimated to cover: the
// words before each target, up to maxLinkWords, back to the previous one.
// self says the line is a heading linked to its own anchor (see
// selfAnchor), whose words are no link's.
func cutLinkTargets(s string) (text string, links, linkWords int, self bool) {
	locs := linkTargetRE.FindAllStringIndex(s, -1)
	if locs == nil {
		return s, 0, 0, false
	}
	var b strings.Builder
	last := 0
	for _, l := range locs {
		seg := s[last:l[0]]
		if last == 0 && len(locs) == 1 && strings.TrimSpace(s[l[1]:]) == "" && selfAnchor(seg, s[l[0]:l[1]]) {
			self = true
		}
		// A heading's permalink ("Setup¶") links the mark alone.
		if !self && !strings.HasSuffix(seg, "¶") && !strings.HasSuffix(seg, "#") {
			linkWords += min(len(strings.Fields(seg)), maxLinkWords)
		}
		b.WriteString(seg)
		last = l[1]
	}
	b.WriteString(s[last:])
	text = b.String()
	// The line keeps its own indentation, no more and no less: it tells
	// a list item's continuation from a paragraph's next line.
	if trimmed := strings.TrimLeftFunc(text, unicode.IsSpace); trimmed != "" {
		text = s[:leadingSpace(s)] + trimmed
	}
	return text, len(locs), linkWords, self
}

// selfAnchor reports whether text links to its own anchor: the target's
// fragment spells the text's words ("Understanding Ownership
// <https://…/#understanding-ownership>"), as documentation generators and
// code hosts link each heading to itself. A list item linking so is a
// table of contents' entry, a link to a section further down.
func selfAnchor(text, target string) bool {
	_, frag, ok := strings.Cut(strings.Trim(strings.TrimSpace(target), "<>"), "#")
	text = strings.TrimSpace(text)
	if !ok || listMarkerRE.MatchString(text) {
		return false
	}
	key := normKey(text)
	return key != "" && key == normKey(frag)
}

// linkHeavy reports whether most of a block's words are the text of links
// its save printed targets for: a menu row, a list of related links.
func linkHeavy(b block) bool {
	if b.links == 0 {
		return false
	}
	return 2*b.linkWords > len(strings.Fields(b.text))
}
