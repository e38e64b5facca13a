package dedupe

import "slices"

// Index is an in-memory LSH index: band key -> entry ids. Adding and
// querying cost O(bands), so building an index of n entries and querying
// each is linear in n (plus the candidates actually found).
type Index struct {
	buckets map[uint64][]int64
}

// NewIndex returns an empty index.
func NewIndex() *Index { return &Index{buckets: map[uint64][]int64{}} }

// Add indexes an entry's signature under each of its bands.
func (ix *Index) Add(id int64, sig Signature) {
	for _, b := range sig.Bands() {
		ix.buckets[b] = append(ix.buckets[b], id)
	}
}

// Candidates returns the ids sharing at least one band with sig, sorted and
// without repeats.
func (ix *Index) Candidates(sig Signature) []int64 {
	var out []int64
	for _, b := range sig.Bands() {
		out = append(out, ix.buckets[b]...)
	}
	slices.Sort(out)
	return slices.Compact(out)
}
