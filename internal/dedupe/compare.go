package dedupe

import (
	"fmt"
	"slices"
	"strings"
	"time"
)

// Doc is what de-duplication looks at for one entry.
type Doc struct {
	Source    string
	Author    string
	Title     string // plain text
	Text      string // plain text of the content, one paragraph per line
	Link      string // canonical link
	Published time.Time
}

// Verdict explains a decision.
type Verdict struct {
	Same            bool
	TextSimilarity  float64 // Jaccard similarity of the texts' shingles, platform lines set aside
	TitleSimilarity float64
	Containment     float64 // share of the shorter text's shingles found in the longer one
	Reason          string
}

// Thresholds of the decision, tuned on the labelled pairs in testdata/pairs.
const (
	sameBody     = 0.85 // texts this alike are one post whatever the titles say
	similarBody  = 0.65 // texts this alike are one post if the titles agree too
	titleAgree   = 0.6
	excerptTitle = 0.8 // an excerpt merges with its full text only under the same title
	excerptCover = 0.9
	// minWords is the shortest text that may merge on its text at all: one
	// or two sentences ("Back next week.") say the same thing in many blogs.
	minWords = 40
	// minBodyWords is the shortest part that counts as a post's own text
	// when two texts share a frame; shorter differences may be an edit.
	minBodyWords = 12
	// Two own texts this far apart are different posts, however much of
	// a header, closing appeal or template they share around them.
	unrelatedBody  = 0.2
	unrelatedCover = 0.5
	// startWords is how many leading words an excerpt shares with its
	// full text; excerpts are cut at any word, so paragraphs may not match.
	startWords = 12
)

// Compare decides whether a and b are the same post. sa and sb are their
// signatures; the decision itself uses the texts, which the caller has
// for candidate pairs only. It is symmetric: Compare(b, a, sb, sa) makes
// the same decision.
func Compare(a, b Doc, sa, sb Signature) Verdict {
	v := Verdict{TitleSimilarity: TitleSimilarity(a.Title, b.Title)}
	pa, pb := paragraphs(a.Text), paragraphs(b.Text)
	// Both against the untrimmed other, so the result does not depend on
	// which text comes first.
	pa, pb = trimExtras(pa, pb), trimExtras(pb, pa)
	wa, wb := words(joinParas(pa)), words(joinParas(pb))
	if len(wa) == 0 || len(wb) == 0 {
		v.Reason = "no text"
		return v
	}
	ha, hb := shingles(wa), shingles(wb)
	v.TextSimilarity = jaccard(ha, hb)
	small, large := ha, hb
	if len(hb) < len(ha) {
		small, large = hb, ha
	}
	v.Containment = containment(small, large)
	shorter := min(len(wa), len(wb))
	if shorter < minWords {
		v.Reason = fmt.Sprintf("too little text (%d words) to tell", shorter)
		return v
	}
	if seriesTitles(a.Title, b.Title) {
		v.Reason = "titles number different parts of a series"
		return v
	}
	switch {
	case framed(pa, pb):
		v.Reason = "different texts inside a shared header, closing or template"
	case v.TextSimilarity >= sameBody:
		v.Same, v.Reason = true, "same text"
	case v.TextSimilarity >= similarBody && v.TitleSimilarity >= titleAgree:
		v.Same, v.Reason = true, "similar text and title"
	case v.Containment >= excerptCover && v.TitleSimilarity >= excerptTitle && excerpt(pa, pb, wa, wb):
		v.Same, v.Reason = true, "one text is the start of the other (an excerpt) under the same title"
	default:
		v.Reason = "different text"
	}
	// The measures stay in their own fields: whoever shows the reason
	// shows them once, beside it.
	return v
}

// distinctive removes the runs of paragraphs two texts share at their start
// and end (an author's header and closing appeal, a newsletter's template,
// or simply the unchanged part of an edited post) and returns what is left
// of each. Identical texts leave nothing; a text that is the other plus
// inserted paragraphs leaves nothing on its side.
func distinctive(pa, pb []string) ([]string, []string) {
	head := 0
	for head < len(pa) && head < len(pb) && pa[head] == pb[head] {
		head++
	}
	tail := 0
	for tail < len(pa)-head && tail < len(pb)-head && pa[len(pa)-1-tail] == pb[len(pb)-1-tail] {
		tail++
	}
	return pa[head : len(pa)-tail], pb[head : len(pb)-tail]
}

// framed reports whether two texts are different posts in a shared frame:
// they share paragraphs at their start or end, and what is left of each
// (see distinctive) is long enough to be a post's own text and has little
// in common with the other's. An edited post leaves related remainders,
// and an insertion (an update paragraph, a widget) leaves nothing on one
// side.
func framed(pa, pb []string) bool {
	ma, mb := distinctive(pa, pb)
	if len(ma) == len(pa) && len(mb) == len(pb) {
		return false // nothing shared at the ends: no frame
	}
	wa, wb := words(joinParas(ma)), words(joinParas(mb))
	if len(wa) < minBodyWords || len(wb) < minBodyWords {
		return false
	}
	ha, hb := shingles(wa), shingles(wb)
	small, large := ha, hb
	if len(hb) < len(ha) {
		small, large = hb, ha
	}
	return jaccard(ha, hb) < unrelatedBody && containment(small, large) < unrelatedCover
}

// excerpt reports whether the shorter text reads like an excerpt of the
// longer: both start with the same words and they end differently. A post
// that is another's header and closing without its middle (a template
// with nothing in it) shares the end too, and is no excerpt.
func excerpt(pa, pb, wa, wb []string) bool {
	n := min(startWords, len(wa), len(wb))
	if !slices.Equal(wa[:n], wb[:n]) {
		return false
	}
	return pa[len(pa)-1] != pb[len(pb)-1]
}

// seriesTitles reports whether two titles carry numbers and the numbers
// differ: "Part 1" and "Part 2", "Day 3" and "Day 4", "Issue #41" and
// "Issue #42" are the parts of a series, however alike their texts.
func seriesTitles(a, b string) bool {
	na, nb := numbers(a), numbers(b)
	return len(na) > 0 && len(nb) > 0 && !slices.Equal(na, nb)
}

// numbers returns the all-digit tokens of a title, sorted and without
// repeats.
func numbers(title string) []string {
	var out []string
	for _, w := range words(title) {
		if strings.Trim(w, "0123456789") == "" {
			// "Day 03" is day 3.
			if n := strings.TrimLeft(w, "0"); n != "" {
				w = n
			} else {
				w = "0"
			}
			out = append(out, w)
		}
	}
	slices.Sort(out)
	return slices.Compact(out)
}

// Platform additions: a subscribe prompt, Share and comment buttons, "Read
// more", "The post ... appeared first on ...", "Cross-posted from ...", a
// related-posts list. They are short lines at either end of one copy, and
// a small part of the text they surround.
const (
	maxExtras     = 4  // paragraphs at one end; more than that is the author's own text
	maxExtraWords = 40 // words in one such paragraph; a platform line is a sentence or two
	maxExtraShare = 3  // the text left is at least this many times the lines set aside
)

// trimExtras drops the platform additions of p that other lacks: up to
// maxExtras short paragraphs at its end when what is left ends with a
// paragraph other has (buttons and prompts after a shared text, or "Read
// more" after an excerpt), and up to maxExtras at its start when what is
// left starts the way other starts (a cross-post note before the whole
// text). A paragraph most of whose shingles other has is an edit of one of
// other's paragraphs, not an addition, and stays; so do lines that are not
// a small part of the text (the end of a full text compared with its
// excerpt).
func trimExtras(p, other []string) []string {
	if len(p) == 0 || len(other) == 0 {
		return p
	}
	in := make(map[string]bool, len(other))
	for _, q := range other {
		in[q] = true
	}
	otherShingles := shingles(words(joinParas(other)))
	count := func(s string) int { return strings.Count(s, " ") + 1 }
	extra := func(s string) bool {
		if in[s] || count(s) > maxExtraWords {
			return false
		}
		// Half its shingles in other: an edited paragraph.
		return containment(shingles(strings.Fields(s)), otherShingles) < 0.5
	}
	total := 0
	for _, s := range p {
		total += count(s)
	}
	end, tailWords := len(p), 0
	for end > 0 && len(p)-end < maxExtras && extra(p[end-1]) {
		end--
		tailWords += count(p[end])
	}
	if end == 0 || !in[p[end-1]] || maxExtraShare*tailWords > total-tailWords {
		end, tailWords = len(p), 0
	}
	total -= tailWords
	start, headWords := 0, 0
	for start < end && start < maxExtras && extra(p[start]) {
		headWords += count(p[start])
		start++
	}
	if start == end || p[start] != other[0] || maxExtraShare*headWords > total-headWords {
		start = 0
	}
	return p[start:end]
}

// joinParas joins normalised paragraphs into one text of words.
func joinParas(ps []string) string {
	return strings.Join(ps, " ")
}

func jaccard(a, b map[uint64]struct{}) float64 {
	if len(a) == 0 || len(b) == 0 {
		return 0
	}
	common := 0
	for k := range a {
		if _, ok := b[k]; ok {
			common++
		}
	}
	return float64(common) / float64(len(a)+len(b)-common)
}

func containment(small, large map[uint64]struct{}) float64 {
	if len(small) == 0 {
		return 0
	}
	common := 0
	for k := range small {
		if _, ok := large[k]; ok {
			common++
		}
	}
	return float64(common) / float64(len(small))
}
