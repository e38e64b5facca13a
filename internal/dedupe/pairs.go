package dedupe

import (
	"cmp"
	"slices"
)

// maxBucket bounds how many entries one band bucket may pair up. A bucket
// that large holds near-empty or template texts, which pair with everything
// and merge with nothing; comparing all of them would be quadratic.
const maxBucket = 64

// CandidatePairs finds the pairs of entries that share at least one LSH
// band, keeping only pairs with at least one entry for which want is true
// (the entries new or changed in this run). It sorts (band, id) pairs
// instead of building a hash map, so memory stays at 16 bytes per band per
// entry and time at O(n log n). When few entries are wanted, as in most
// runs, only the buckets of their bands are sorted. Each pair is returned
// once, lower id first.
func CandidatePairs(ids []int64, sigs []Signature, want func(int64) bool) [][2]int64 {
	type keyed struct {
		band uint64
		id   int64
	}
	var wanted []int
	for i := range sigs {
		if want(ids[i]) {
			wanted = append(wanted, i)
		}
	}
	// keep is nil when most entries are wanted: then every bucket counts and
	// a set of bands would only cost memory.
	var keep map[uint64]bool
	bands := make([]uint64, 0, numBands)
	if len(wanted)*4 < len(sigs) {
		keep = make(map[uint64]bool, len(wanted)*numBands)
		for _, i := range wanted {
			for _, b := range sigs[i].appendBands(bands[:0]) {
				keep[b] = true
			}
		}
	}
	size := len(ids) * numBands
	if keep != nil {
		size = len(keep)
	}
	all := make([]keyed, 0, size)
	for i, sig := range sigs {
		bands = sig.appendBands(bands[:0])
		for _, b := range bands {
			if keep == nil || keep[b] {
				all = append(all, keyed{b, ids[i]})
			}
		}
	}
	slices.SortFunc(all, func(x, y keyed) int {
		if c := cmp.Compare(x.band, y.band); c != 0 {
			return c
		}
		return cmp.Compare(x.id, y.id)
	})
	seen := map[[2]int64]bool{}
	var out [][2]int64
	for start := 0; start < len(all); {
		end := start + 1
		for end < len(all) && all[end].band == all[start].band {
			end++
		}
		if n := end - start; n > 1 && n <= maxBucket {
			for i := start; i < end; i++ {
				for j := i + 1; j < end; j++ {
					a, b := all[i].id, all[j].id
					if a == b || !(want(a) || want(b)) {
						continue
					}
					p := [2]int64{min(a, b), max(a, b)}
					if !seen[p] {
						seen[p] = true
						out = append(out, p)
					}
				}
			}
		}
		start = end
	}
	return out
}
