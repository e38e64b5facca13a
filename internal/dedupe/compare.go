package dedupe

import (
	"fmt"
	"slices"
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
	TextSimilarity  float64 // Jaccard similarity of the distinctive bodies' shingles
	TitleSimilarity float64
	Containment     float64 // share of the shorter body's shingles found in the longer one
	Reason          string
}

// Thresholds of the decision, tuned on the labelled pairs in testdata.
const (
	sameBody      = 0.85 // bodies this alike are one post whatever the titles say
	similarBody   = 0.5  // bodies this alike are one post if the titles agree too
	titleAgree    = 0.6
	excerptTitle  = 0.8 // an excerpt merges with its full text only under the same title
	excerptCover  = 0.9
	minBodyWords  = 12 // below this a body says too little to merge on
	shortBodyWord = 40
)

// Compare decides whether a and b are the same post. sa and sb are their
// signatures; the decision itself uses the texts, which the caller has
// for candidate pairs only.
func Compare(a, b Doc, sa, sb Signature) Verdict {
	v := Verdict{TitleSimilarity: TitleSimilarity(a.Title, b.Title)}
	bodyA, bodyB := distinctive(paragraphs(a.Text), paragraphs(b.Text))
	wa, wb := words(joinParas(bodyA)), words(joinParas(bodyB))
	if len(wa) == 0 && len(wb) == 0 {
		// The texts are the same paragraphs throughout.
		wa, wb = words(a.Text), words(b.Text)
		if len(wa) == 0 {
			v.Reason = "no text"
			return v
		}
	}
	ha, hb := shingles(wa), shingles(wb)
	v.TextSimilarity = jaccard(ha, hb)
	small, large := ha, hb
	if len(hb) < len(ha) {
		small, large = hb, ha
	}
	v.Containment = containment(small, large)
	shorter := min(len(wa), len(wb))
	switch {
	case shorter < minBodyWords:
		v.Reason = fmt.Sprintf("too little distinctive text (%d words) to tell", shorter)
	case shorter < shortBodyWord && !(v.TextSimilarity >= 0.9 && v.TitleSimilarity >= excerptTitle):
		v.Reason = "short texts that differ, or titles that differ"
	case v.TextSimilarity >= sameBody:
		v.Same, v.Reason = true, "same text"
	case v.TextSimilarity >= similarBody && v.TitleSimilarity >= titleAgree:
		v.Same, v.Reason = true, "similar text and title"
	case v.Containment >= excerptCover && v.TitleSimilarity >= excerptTitle && shorter >= shortBodyWord:
		v.Same, v.Reason = true, "one text contains the other (an excerpt) under the same title"
	default:
		v.Reason = "different text"
	}
	if v.Same {
		v.Reason = fmt.Sprintf("%s (text %.2f, title %.2f, containment %.2f)", v.Reason, v.TextSimilarity, v.TitleSimilarity, v.Containment)
	}
	return v
}

// distinctive removes what says nothing about whether two posts are the
// same: a few trailing paragraphs only one of them has (a platform's own
// closing line), then the runs of paragraphs both share at their start and
// end (an author's closing appeal, a newsletter's template). When what is
// left of one text is wholly shared (identical texts, or one is the other
// plus a platform line), it returns nil, nil: the texts agree.
func distinctive(pa, pb []string) ([]string, []string) {
	pa = trimExtras(pa, pb)
	pb = trimExtras(pb, pa)
	head := 0
	for head < len(pa) && head < len(pb) && pa[head] == pb[head] {
		head++
	}
	if head == len(pa) || head == len(pb) {
		return nil, nil
	}
	tail := 0
	for tail < len(pa)-head && tail < len(pb)-head && pa[len(pa)-1-tail] == pb[len(pb)-1-tail] {
		tail++
	}
	return pa[head : len(pa)-tail], pb[head : len(pb)-tail]
}

// maxExtras bounds how many trailing paragraphs of one text may be set aside
// as platform additions; more than that is a different text.
const maxExtras = 3

// trimExtras drops up to maxExtras trailing paragraphs of p that other
// lacks, but only when what precedes them ends the way other ends.
func trimExtras(p, other []string) []string {
	if len(other) == 0 {
		return p
	}
	in := make(map[string]bool, len(other))
	for _, q := range other {
		in[q] = true
	}
	n := len(p)
	for n > 0 && len(p)-n < maxExtras && !in[p[n-1]] {
		n--
	}
	if n == len(p) || n == 0 || p[n-1] != other[len(other)-1] {
		return p
	}
	return p[:n]
}

func joinParas(ps []string) string {
	return joinWords(slices.Clone(ps))
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
