package dedupe

// TitleSimilarity compares two titles as sets of normalised words (Dice's
// coefficient), so re-punctuated or re-typeset titles score 1 and a title
// that gained a subtitle still scores high.
func TitleSimilarity(a, b string) float64 {
	wa, wb := words(a), words(b)
	if len(wa) == 0 || len(wb) == 0 {
		return 0
	}
	sa := map[string]bool{}
	for _, w := range wa {
		sa[w] = true
	}
	sb := map[string]bool{}
	for _, w := range wb {
		sb[w] = true
	}
	common := 0
	for w := range sa {
		if sb[w] {
			common++
		}
	}
	return 2 * float64(common) / float64(len(sa)+len(sb))
}
