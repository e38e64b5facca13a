package store

import (
	"context"
	"fmt"
	"github.com/tributary/tributary/internal/dburl"
	"github.com/tributary/tributary/internal/store/storetest"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"

	"github.com/tributary/tributary/internal/dedupe"
	"github.com/tributary/tributary/internal/feed"
)

// bandCorpus returns n texts: groups of near-copies, unrelated texts, and
// many copies of one template (a bucket larger than dedupe.MaxBucket).
func bandCorpus(n int) []string {
	r := rand.New(rand.NewPCG(3, 4))
	vocab := make([]string, 3000)
	for i := range vocab {
		vocab[i] = fmt.Sprintf("w%x", r.Uint32()%0xfffff)
	}
	text := func() string {
		ws := make([]string, 120)
		for j := range ws {
			ws[j] = vocab[r.IntN(len(vocab))]
		}
		return strings.Join(ws, " ")
	}
	template := text()
	out := make([]string, n)
	for i := range out {
		switch {
		case i%5 == 0:
			out[i] = template + fmt.Sprintf(" signed %d", i)
		case i%7 == 0 && i > 0:
			out[i] = out[i-1] + " a closing line"
		default:
			out[i] = text()
		}
	}
	return out
}

// storedPairs finds candidate pairs through the stored band keys.
func storedPairs(t *testing.T, db *DB, ids []int64, bucketsOf func(context.Context, []int64, int, func([]int64) error) error) [][2]int64 {
	t.Helper()
	want := map[int64]bool{}
	for _, id := range ids {
		want[id] = true
	}
	ps := dedupe.NewPairs(func(id int64) bool { return want[id] })
	if err := bucketsOf(context.Background(), ids, dedupe.MaxBucket, func(m []int64) error {
		ps.AddBucket(m)
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	return ps.Sorted()
}

// The stored band keys, looked up or scanned, give exactly the pairs of the
// in-memory reference, dedupe.CandidatePairs.
func TestBucketsMatchInMemoryPairs(t *testing.T) { storetest.Each(t, testBucketsMatchInMemoryPairs) }

func testBucketsMatchInMemoryPairs(t *testing.T, engine dburl.Engine) {
	ctx := context.Background()
	db := openOn(t, engine)
	texts := bandCorpus(400)
	var recs []Record
	var sigs []dedupe.Signature
	for i, s := range texts {
		sig := dedupe.Sign(s)
		b, _ := sig.MarshalBinary()
		r := rec(fmt.Sprint(i), "t", fmt.Sprint("h", i))
		r.Signature, r.Bands = b, sig.BandKeys()
		recs, sigs = append(recs, r), append(sigs, sig)
	}
	res, err := db.Ingest(ctx, feed.SourceState{Name: "a"}, recs, t0)
	if err != nil {
		t.Fatal(err)
	}
	if err := db.IndexPending(ctx); err != nil {
		t.Fatal(err)
	}
	ids := res.Changed
	tests := []struct {
		name string
		want func(int64) bool
	}{
		{"all", func(int64) bool { return true }},
		{"a tenth", func(id int64) bool { return id%10 == 3 }},
		{"one", func(id int64) bool { return id == 50 }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var wanted []int64
			for _, id := range ids {
				if tt.want(id) {
					wanted = append(wanted, id)
				}
			}
			ref := dedupe.CandidatePairs(ids, sigs, tt.want)
			slices.SortFunc(ref, dedupe.ComparePairs)
			if len(ref) == 0 {
				t.Fatal("the corpus gives no candidate pairs")
			}
			for name, fn := range map[string]func(context.Context, []int64, int, func([]int64) error) error{
				"lookup": db.lookupBuckets, "scan": db.scanBuckets, "chosen": db.Buckets,
			} {
				if got := storedPairs(t, db, wanted, fn); !slices.Equal(got, ref) {
					t.Errorf("%s: got %d pairs, want %d: %v", name, len(got), len(ref), got[:min(5, len(got))])
				}
			}
		})
	}
}

// A new or changed entry waits in the pending queue until a pass clears it;
// an unchanged one is not queued again. A changed signature's band keys
// leave with the ingest and its new ones arrive with IndexPending, which
// may be repeated (a pass killed after it) without adding anything.
func TestPendingQueue(t *testing.T) { storetest.Each(t, testPendingQueue) }

func testPendingQueue(t *testing.T, engine dburl.Engine) {
	ctx := context.Background()
	db := openOn(t, engine)
	st := feed.SourceState{Name: "a"}
	one, two := rec("1", "One", "h1"), rec("2", "Two", "h2")
	one.Bands, two.Bands = []int64{11, 12}, []int64{21, 22}
	one.Signature, two.Signature = []byte("s1"), []byte("s2")
	if _, err := db.Ingest(ctx, st, []Record{one, two}, t0); err != nil {
		t.Fatal(err)
	}
	pending := func() []int64 {
		t.Helper()
		ids, err := db.Pending(ctx)
		if err != nil {
			t.Fatal(err)
		}
		return ids
	}
	if got := pending(); !slices.Equal(got, []int64{1, 2}) {
		t.Fatalf("pending after insert = %v, want [1 2]", got)
	}
	bandsOf := func(id int64) int {
		t.Helper()
		var n int
		if err := db.sql.QueryRow("SELECT count(*) FROM bands WHERE entry_id = ?", id).Scan(&n); err != nil {
			t.Fatal(err)
		}
		return n
	}
	for range 2 {
		if err := db.IndexPending(ctx); err != nil {
			t.Fatal(err)
		}
		if a, b := bandsOf(1), bandsOf(2); a != 2 || b != 2 {
			t.Fatalf("band keys after indexing: %d and %d, want 2 and 2", a, b)
		}
	}
	if err := db.ClearPending(ctx, []int64{1, 2}); err != nil {
		t.Fatal(err)
	}
	if _, err := db.Ingest(ctx, st, []Record{one, two}, t0); err != nil {
		t.Fatal(err)
	}
	if got := pending(); len(got) != 0 {
		t.Fatalf("pending after an unchanged ingest = %v, want none", got)
	}
	two.ContentHash, two.Signature, two.Bands = "h2b", []byte("s2b"), []int64{23}
	if _, err := db.Ingest(ctx, st, []Record{one, two}, t0); err != nil {
		t.Fatal(err)
	}
	if got := pending(); !slices.Equal(got, []int64{2}) {
		t.Fatalf("pending after a change = %v, want [2]", got)
	}
	if n := bandsOf(2); n != 0 {
		t.Errorf("entry 2 keeps %d band keys of its old signature", n)
	}
	if err := db.IndexPending(ctx); err != nil {
		t.Fatal(err)
	}
	if a, b := bandsOf(1), bandsOf(2); a != 2 || b != 1 {
		t.Errorf("band keys after the change: %d and %d, want 2 and the 1 of the new signature", a, b)
	}
}

// Looking links up one by one and scanning the link index find the same
// pairs.
func TestSameLinkPairsLookupAndScanAgree(t *testing.T) {
	storetest.Each(t, testSameLinkPairsLookupAndScanAgree)
}

func testSameLinkPairsLookupAndScanAgree(t *testing.T, engine dburl.Engine) {
	ctx := context.Background()
	db := openOn(t, engine)
	var a, b []Record
	for i := range 30 {
		a = append(a, rec(fmt.Sprint("a", i), "A", fmt.Sprint("ha", i)))
		r := rec(fmt.Sprint("b", i), "B", fmt.Sprint("hb", i))
		if i%3 == 0 {
			r.CanonicalLink = a[i].CanonicalLink // a cross-post under the same link
		}
		b = append(b, r)
	}
	ra, err := db.Ingest(ctx, feed.SourceState{Name: "a"}, a, t0)
	if err != nil {
		t.Fatal(err)
	}
	rb, err := db.Ingest(ctx, feed.SourceState{Name: "b"}, b, t0)
	if err != nil {
		t.Fatal(err)
	}
	for _, ids := range [][]int64{append(ra.Changed, rb.Changed...), rb.Changed[:7], ra.Changed[3:4]} {
		scan, err := db.scanSameLink(ctx, ids)
		if err != nil {
			t.Fatal(err)
		}
		look, err := db.lookupSameLink(ctx, ids)
		if err != nil {
			t.Fatal(err)
		}
		slices.SortFunc(scan, dedupe.ComparePairs)
		slices.SortFunc(look, dedupe.ComparePairs)
		if len(scan) == 0 || !slices.Equal(scan, look) {
			t.Errorf("ids %v: scan found %v, lookup %v", ids, scan, look)
		}
	}
}
