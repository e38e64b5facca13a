package dedupe

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
)

// synthetic returns n deterministic texts of ~300 words drawn from a small
// vocabulary, with every hundredth text a light edit of the one before it.
func synthetic(n int) []string {
	r := rand.New(rand.NewPCG(1, 2))
	vocab := make([]string, 5000)
	for i := range vocab {
		vocab[i] = fmt.Sprintf("w%x", r.Uint32()%0xfffff)
	}
	out := make([]string, n)
	for i := range out {
		if i > 0 && i%100 == 0 {
			out[i] = strings.Replace(out[i-1], " ", "  ", 3) + " an extra closing line"
			continue
		}
		ws := make([]string, 300)
		for j := range ws {
			ws[j] = vocab[r.IntN(len(vocab))]
		}
		out[i] = strings.Join(ws, " ")
	}
	return out
}

func TestCandidatePairsFindsNearDuplicates(t *testing.T) {
	texts := synthetic(1000)
	ids := make([]int64, len(texts))
	sigs := make([]Signature, len(texts))
	for i, s := range texts {
		ids[i], sigs[i] = int64(i+1), Sign(s)
	}
	all := func(int64) bool { return true }
	pairs := CandidatePairs(ids, sigs, all)
	found := map[[2]int64]bool{}
	for _, p := range pairs {
		found[p] = true
	}
	for i := 100; i < len(texts); i += 100 {
		if p := [2]int64{int64(i), int64(i + 1)}; !found[p] {
			t.Errorf("near-duplicate pair %v not a candidate", p)
		}
	}
	if len(pairs) > 3*len(texts)/100 {
		t.Errorf("%d candidate pairs for %d texts: the bands let unrelated texts through", len(pairs), len(texts))
	}
	// Only pairs touching a wanted entry come back.
	none := CandidatePairs(ids, sigs, func(id int64) bool { return id == 1 })
	for _, p := range none {
		if p[0] != 1 && p[1] != 1 {
			t.Errorf("pair %v does not involve the wanted entry", p)
		}
	}
	// With few entries wanted, only their buckets are sorted; the pairs must
	// be exactly those of the full run that touch a wanted entry.
	few := func(id int64) bool { return id%100 == 1 }
	var want [][2]int64
	for _, p := range pairs {
		if few(p[0]) || few(p[1]) {
			want = append(want, p)
		}
	}
	if got := CandidatePairs(ids, sigs, few); !slices.Equal(got, want) {
		t.Errorf("few wanted: got %d pairs %v, want %d pairs %v", len(got), got, len(want), want)
	}
}

// BenchmarkCandidatePairs shows how candidate search scales: the cost per
// entry at 100k should stay close to the cost at 10k (n log n, not n²).
func BenchmarkCandidatePairs(b *testing.B) {
	for _, n := range []int{10_000, 100_000} {
		texts := synthetic(n)
		ids := make([]int64, n)
		sigs := make([]Signature, n)
		for i, s := range texts {
			ids[i], sigs[i] = int64(i+1), Sign(s)
		}
		b.Run(fmt.Sprint(n), func(b *testing.B) {
			for b.Loop() {
				CandidatePairs(ids, sigs, func(int64) bool { return true })
			}
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(n), "ns/entry")
		})
		// A usual run: a hundred new or changed entries among all the rest.
		b.Run(fmt.Sprintf("%d-want-100", n), func(b *testing.B) {
			step := int64(n / 100)
			for b.Loop() {
				CandidatePairs(ids, sigs, func(id int64) bool { return id%step == 0 })
			}
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(n), "ns/entry")
		})
	}
}
