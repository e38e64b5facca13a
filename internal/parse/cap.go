package parse

import "slices"

// Entries beyond Options.MaxEntries are dropped whatever they hold, yet
// gofeed, the adapter and the scan would each spend memory on every one of
// them: a 16 MiB body of 100,000 tiny items costs over 150 MiB of heap to
// parse in full. So once the scan has found the entries gofeed would return
// beyond the cap, their elements are cut out of the bytes, and the rest of
// the document, feed-level elements after the entries included, is parsed
// exactly as before. Only documents the fast scan accepted are cut: it
// refuses mismatched tags, so the bounds it records are those gofeed sees,
// while the reference scan's lenient decoder closes elements on its own.

// withoutExtraEntries returns text without the elements of the entries
// that come after the first max ones in gofeed's order, and whether it cut
// anything. It cuts nothing unless every such element closed and none
// overlaps another, so the result is always well-formed where text was.
func withoutExtraEntries(text []byte, sc *scanResult, max int) ([]byte, bool) {
	if len(sc.entries) <= max {
		return text, false
	}
	spans := make([][2]int, 0, len(sc.entries)-max)
	for _, n := range sc.entries[max:] {
		if n.end <= n.start || n.end > len(text) {
			return text, false
		}
		spans = append(spans, [2]int{n.start, n.end})
	}
	slices.SortFunc(spans, func(a, b [2]int) int { return a[0] - b[0] })
	kept := len(text)
	for i, sp := range spans {
		if i > 0 && sp[0] < spans[i-1][1] {
			return text, false
		}
		kept -= sp[1] - sp[0]
	}
	out := make([]byte, 0, kept)
	from := 0
	for _, sp := range spans {
		out = append(out, text[from:sp[0]]...)
		from = sp[1]
	}
	return append(out, text[from:]...), true
}
