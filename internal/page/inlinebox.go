package page

import (
	"regexp"
	"strconv"
	"unicode/utf8"
)

// Sites set boxes inside an article's text: "Related" with a teaser or
// two, "Share this article", a newsletter sign-up with its button. Each
// opens with a line that elsewhere marks the end of the article (a
// section boundary), but the article's prose resumes right after it. A
// reader looks past such a box; a comment section or a list of related
// posts, which also follows such a line, is told apart by its furniture:
// names, dates and "Reply" buttons between its paragraphs.

// maxBoxBlocks is the most blocks a box inside an article holds.
const maxBoxBlocks = 8

// inlineBox reports whether blocks from..to, between two runs of prose,
// are a box set inside the article: a short stretch (at most maxBoxBlocks
// from the line that opens the box, as many again of the article's own
// short lines before it) with no date, byline
// or author's name in it, and no line the page marks as a headline (one
// that repeats the save's opening title, or that a byline follows).
func inlineBox(blocks []block, vs []verdict, from, to int) bool {
	if from > to || to-from+1 > 2*maxBoxBlocks {
		return false
	}
	// The box runs from its first line that ends an article; the
	// article's own short lines may come before it.
	box := from
	for box < to && !vs[box].stop {
		box++
	}
	if to-box+1 > maxBoxBlocks || box-from > maxBoxBlocks {
		return false
	}
	for i := from; i <= to; i++ {
		t := blocks[i].text
		if _, _, _, ok := dateline(t); ok || bylineName(t) != "" || authorLine(blocks, i) || nameLineRE.MatchString(t) {
			return false
		}
		if headingCandidate(blocks, vs, i) && (echoesOpening(blocks, i) || bylineFollows(blocks, i)) {
			return false
		}
	}
	return true
}

// maxRunFurniture is how many names, dates or controls a run of the
// article's own prose may hold between its paragraphs; more make it a
// comment section or a list of posts.
const maxRunFurniture = 1

// commentLike reports whether a run of prose carries a comment section's
// furniture (see maxRunFurniture): short lines that are a person's name,
// a date or a control, between its paragraphs.
func commentLike(blocks []block, vs []verdict, r span) bool {
	n := 0
	for i := r.first; i <= r.last; i++ {
		t := blocks[i].text
		if utf8.RuneCountInString(t) > 80 {
			continue
		}
		_, _, _, dated := dateline(t)
		if dated || nameLineRE.MatchString(t) || bylineName(t) != "" || vs[i].strong {
			n++
		}
	}
	return n > maxRunFurniture
}

// replyRE matches the controls under each comment of a thread.
var replyRE = regexp.MustCompile(`(?i)^(?:reply|report|like|flag|permalink|edit|delete|upvote|downvote)\s*[:.!…»›→]*$`)

// minThreadMarks is how many comment headers or reply controls make a run
// of prose a comment thread.
const minThreadMarks = 3

// commentThread reports whether a run of prose is a comment thread: its
// paragraphs sit under headers stamped with a date and a time ("Jane ·
// March 10, 2017 at 1:26 AM"), minThreadMarks times or more, or over
// "Reply" controls, one time fewer. A thread
// can hold more prose than the article it follows; it is never the
// article.
func commentThread(blocks []block, r span) bool {
	replies, stamps := 0, 0
	for i := r.first; i <= r.last; i++ {
		t := blocks[i].text
		if utf8.RuneCountInString(t) > 80 {
			continue
		}
		switch {
		case replyRE.MatchString(t):
			replies++
		case monthDateRE.MatchString(t) && clockRE.MatchString(t):
			stamps++
		}
	}
	return replies >= minThreadMarks-1 || stamps >= minThreadMarks
}

// slideCaptionRE matches a gallery slide's counter opening its caption
// ("2/50 Star Wars boosts economy", "* 3 of 12 The harbour at dawn"): its
// number and the gallery's size, then a capital. A recipe's "3/4 cup" is
// no counter.
var slideCaptionRE = regexp.MustCompile(`^(?:[*•·-]\s+)?(\d{1,3})\s*(?:/|of)\s*(\d{1,3})\s*\p{Lu}`)

// minGalleryCaptions is how many slide counters of one gallery make a run
// a gallery; minGallerySize how many slides the gallery has at least.
const (
	minGalleryCaptions = 3
	minGallerySize     = 5
)

// galleryCaptions finds a gallery's captioned slides on a page: the
// first and the last block opening with a counter of one gallery ("2/50",
// "3/50", ...), when minGalleryCaptions of them or more do.
func galleryCaptions(blocks []block) (first, last int, ok bool) {
	type seen struct{ first, last, n int }
	galleries := map[string]*seen{}
	best := ""
	for i, b := range blocks {
		m := slideCaptionRE.FindStringSubmatch(b.text)
		if m == nil {
			continue
		}
		k, _ := strconv.Atoi(m[1])
		n, _ := strconv.Atoi(m[2])
		if k < 1 || k > n || n < minGallerySize {
			continue
		}
		g := galleries[m[2]]
		if g == nil {
			g = &seen{first: i}
			galleries[m[2]] = g
		}
		g.last, g.n = i, g.n+1
		if best == "" || g.n > galleries[best].n {
			best = m[2]
		}
	}
	if best == "" || galleries[best].n < minGalleryCaptions {
		return 0, 0, false
	}
	return galleries[best].first, galleries[best].last, true
}

// commentBoundaryRE matches a section boundary that opens comments, not a
// list of other posts.
var commentBoundaryRE = regexp.MustCompile(`(?i)comment|repl|respon|discussion|conversation|thoughts? on`)

// maxTeaserLineRunes is the longest line of a box of teasers: a title, a
// name, a date.
const maxTeaserLineRunes = 120

// teaserBox reports whether blocks from..to, between the article's first
// run of prose and the run with the most, are a box of other posts set
// inside the article ("Recommended" with three titles, each with its
// author and date): it opens with a section boundary that is no comment
// section's, holds at most 2*maxBoxBlocks blocks, all short lines. Dates
// and names in it are the teasers', not a new post's: the article goes on
// after the box, and its start before it is the same article's.
func teaserBox(blocks []block, vs []verdict, from, to int) bool {
	if from > to || to-from+1 > 2*maxBoxBlocks || !vs[from].stop || commentBoundaryRE.MatchString(blocks[from].text) {
		return false
	}
	for i := from + 1; i <= to; i++ {
		if vs[i].stop || utf8.RuneCountInString(blocks[i].text) > maxTeaserLineRunes {
			return false
		}
	}
	return true
}
