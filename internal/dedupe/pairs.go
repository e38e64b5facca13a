package dedupe

import (
	"cmp"
	"slices"
)

// MaxBucket bounds how many entries one band bucket may pair up. A bucket
// that large holds near-empty or template texts, which pair with everything
// and merge with nothing; comparing all of them would be quadratic.
const MaxBucket = 64

// Pairs collects candidate pairs, each once, from the buckets of entries
// sharing an LSH band key. The in-memory CandidatePairs and a search over
// band keys stored in a database both pair buckets with it, so they find
// the same pairs.
type Pairs struct {
	want func(int64) bool
	seen map[[2]int64]bool
	list [][2]int64
}

// NewPairs returns an empty set that keeps only the pairs with at least one
// entry for which want is true.
func NewPairs(want func(int64) bool) *Pairs {
	return &Pairs{want: want, seen: map[[2]int64]bool{}}
}

// AddBucket adds the pairs of one bucket: the ids sharing a band key, in
// ascending order. A bucket of more than MaxBucket ids adds none.
func (ps *Pairs) AddBucket(ids []int64) {
	if n := len(ids); n < 2 || n > MaxBucket {
		return
	}
	for i := range ids {
		for j := i + 1; j < len(ids); j++ {
			a, b := ids[i], ids[j]
			if a == b || !(ps.want(a) || ps.want(b)) {
				continue
			}
			p := [2]int64{min(a, b), max(a, b)}
			if !ps.seen[p] {
				ps.seen[p] = true
				ps.list = append(ps.list, p)
			}
		}
	}
}

// Sorted returns the pairs, lower id first, in ascending order.
func (ps *Pairs) Sorted() [][2]int64 {
	out := slices.Clone(ps.list)
	slices.SortFunc(out, ComparePairs)
	return out
}

// ComparePairs orders pairs by their first id, then their second.
func ComparePairs(x, y [2]int64) int {
	if c := cmp.Compare(x[0], y[0]); c != 0 {
		return c
	}
	return cmp.Compare(x[1], y[1])
}

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
	ps := NewPairs(want)
	members := make([]int64, 0, MaxBucket+1)
	for start := 0; start < len(all); {
		end := start + 1
		for end < len(all) && all[end].band == all[start].band {
			end++
		}
		members = members[:0]
		for i := start; i < end; i++ {
			members = append(members, all[i].id)
		}
		ps.AddBucket(members)
		start = end
	}
	return ps.list
}
