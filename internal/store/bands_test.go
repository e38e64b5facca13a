package store

import (
	"cmp"
	"context"
	"fmt"
	"github.com/tributary/tributary/internal/dburl"
	"github.com/tributary/tributary/internal/store/storetest"
	"math"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"

	"github.com/tributary/tributary/internal/dedupe"
	"github.com/tributary/tributary/internal/feed"
)

// bandCorpus returns n texts: groups of near-copies, reposts of texts 300
// places earlier, unrelated texts, and many copies of one template (a
// bucket larger than dedupe.MaxBucket).
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
		case i%11 == 0 && i >= 300:
			// A repost of an entry stored long before: in a test that
			// layers the index, the pair's keys sit one in each layer.
			out[i] = out[i-300] + " reposted"
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
			if n := matchReference(t, db, ids, sigs, tt.want, nil, ""); n == 0 {
				t.Fatal("the corpus gives no candidate pairs")
			}
		})
	}
}

// matchReference checks that the stored band keys, looked up, scanned
// (skipping the stale entries) and as Buckets chooses, give for the
// entries ids that pick wants exactly the pairs of the in-memory
// reference over ids and their signatures, and returns how many pairs
// that is. label begins each error.
func matchReference(t *testing.T, db *DB, ids []int64, sigs []dedupe.Signature, pick func(int64) bool, stale map[int64]bool, label string) int {
	t.Helper()
	var wanted []int64
	for _, id := range ids {
		if pick(id) {
			wanted = append(wanted, id)
		}
	}
	ref := dedupe.CandidatePairs(ids, sigs, pick)
	slices.SortFunc(ref, dedupe.ComparePairs)
	for name, fn := range map[string]func(context.Context, []int64, int, func([]int64) error) error{
		"lookup": func(ctx context.Context, ids []int64, limit int, fn func([]int64) error) error {
			return db.lookupBuckets(ctx, ids, stale, limit, fn)
		},
		"scan": func(ctx context.Context, ids []int64, limit int, fn func([]int64) error) error {
			return db.scanBuckets(ctx, ids, stale, limit, fn)
		},
		"chosen": db.Buckets,
	} {
		if got := storedPairs(t, db, wanted, fn); !slices.Equal(got, ref) {
			t.Errorf("%s%s: got %d pairs, want %d: %v", label, name, len(got), len(ref), got[:min(5, len(got))])
		}
	}
	return len(ref)
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
		if err := db.sql.QueryRow("SELECT count(*) FROM ("+bucketRows("")+") u WHERE entry_id = ?", id).Scan(&n); err != nil {
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

// bandsAgree checks that the band index (bands and bands_recent, less the
// rows of stale entries) holds exactly the keys the band_keys rows list,
// band_keys only rows of stored entries, bands_stale only rows of removed
// ones, and the index no row of an entry in neither.
func bandsAgree(t *testing.T, db *DB) (entries int) {
	t.Helper()
	type row struct{ band, id int64 }
	var want []row
	rows, err := db.sql.Query("SELECT k.entry_id, k.bands, e.id IS NULL FROM band_keys k LEFT JOIN entries e ON e.id = k.entry_id ORDER BY k.entry_id")
	if err != nil {
		t.Fatal(err)
	}
	live := map[int64]bool{}
	for rows.Next() {
		var id int64
		var packed []byte
		var orphan bool
		if err := rows.Scan(&id, &packed, &orphan); err != nil {
			t.Fatal(err)
		}
		if orphan {
			t.Errorf("band_keys keeps a row for entry %d, which is gone", id)
		}
		for _, b := range unpackBands(packed) {
			want = append(want, row{b, id})
		}
		live[id] = true
		entries++
	}
	rows.Close()
	stale := map[int64]bool{}
	rows, err = db.sql.Query("SELECT s.entry_id, e.id IS NOT NULL FROM bands_stale s LEFT JOIN entries e ON e.id = s.entry_id")
	if err != nil {
		t.Fatal(err)
	}
	for rows.Next() {
		var id int64
		var stored bool
		if err := rows.Scan(&id, &stored); err != nil {
			t.Fatal(err)
		}
		if stored || live[id] {
			t.Errorf("bands_stale holds entry %d, which is stored", id)
		}
		stale[id] = true
	}
	rows.Close()
	var got []row
	rows, err = db.sql.Query(bucketRows(""))
	if err != nil {
		t.Fatal(err)
	}
	for rows.Next() {
		var r row
		if err := rows.Scan(&r.band, &r.id); err != nil {
			t.Fatal(err)
		}
		switch {
		case live[r.id]:
			got = append(got, r)
		case !stale[r.id]:
			t.Errorf("the band index holds %v, of an entry neither stored nor stale", r)
		}
	}
	rows.Close()
	order := func(x, y row) int {
		if c := cmp.Compare(x.band, y.band); c != 0 {
			return c
		}
		return cmp.Compare(x.id, y.id)
	}
	slices.SortFunc(want, order)
	slices.SortFunc(got, order)
	if !slices.Equal(got, want) {
		t.Errorf("the band index holds %d live rows, band_keys lists %d", len(got), len(want))
	}
	return entries
}

// However an entry leaves (pruned, its source removed) or changes its
// signature, its band keys go with it, and only its.
func TestBandKeysFollowTheirEntry(t *testing.T) { storetest.Each(t, testBandKeysFollowTheirEntry) }

func testBandKeysFollowTheirEntry(t *testing.T, engine dburl.Engine) {
	ctx := context.Background()
	tests := []struct {
		name      string
		perSource int
		// change acts on sources a and b (ids of their entries given) and
		// returns how many entries keep band keys.
		change func(t *testing.T, db *DB, a, b []int64) int
	}{
		{"pruned", 30, func(t *testing.T, db *DB, a, b []int64) int {
			doomed := append(slices.Clone(a[:10]), b[5:20]...)
			if _, err := db.Prune(ctx, doomed, len(doomed), t0); err != nil {
				t.Fatal(err)
			}
			return len(a) + len(b) - len(doomed)
		}},
		{"most pruned, in one pass over the table", 700, func(t *testing.T, db *DB, a, b []int64) int {
			doomed := append(slices.Clone(a[:600]), b[100:]...)
			if _, err := db.Prune(ctx, doomed, len(doomed), t0); err != nil {
				t.Fatal(err)
			}
			return len(a) + len(b) - len(doomed)
		}},
		{"source removed", 30, func(t *testing.T, db *DB, a, b []int64) int {
			if _, err := db.DeleteSource(ctx, "b"); err != nil {
				t.Fatal(err)
			}
			return len(a)
		}},
		{"signature changed", 30, func(t *testing.T, db *DB, a, b []int64) int {
			recs := bandRecords("a", 3)
			recs[1].ContentHash, recs[1].Signature, recs[1].Bands = "changed", []byte("new"), []int64{7, 8, 9}
			if _, err := db.Ingest(ctx, feed.SourceState{Name: "a"}, recs, t0); err != nil {
				t.Fatal(err)
			}
			if err := db.IndexPending(ctx); err != nil {
				t.Fatal(err)
			}
			return len(a) + len(b)
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			db := openOn(t, engine)
			ingest := func(source string) []int64 {
				res, err := db.Ingest(ctx, feed.SourceState{Name: source}, bandRecords(source, tt.perSource), t0)
				if err != nil {
					t.Fatal(err)
				}
				return res.Changed
			}
			a, b := ingest("a"), ingest("b")
			if err := db.IndexPending(ctx); err != nil {
				t.Fatal(err)
			}
			if n := bandsAgree(t, db); n != len(a)+len(b) {
				t.Fatalf("%d entries have band keys after indexing, want %d", n, len(a)+len(b))
			}
			want := tt.change(t, db, a, b)
			if n := bandsAgree(t, db); n != want {
				t.Errorf("%d entries keep band keys, want %d", n, want)
			}
		})
	}
}

// bandRecords returns n records of a source whose band keys overlap those
// of the same position in other sources (cross-posts) and of every fifth
// record (a shared template).
func bandRecords(source string, n int) []Record {
	var out []Record
	for i := range n {
		r := rec(fmt.Sprint(i), fmt.Sprint("Post ", i), fmt.Sprint(source, i))
		r.Signature = []byte(source + r.Key)
		for b := range 32 {
			switch {
			case b < 4:
				r.Bands = append(r.Bands, int64(1000*i+b))
			case i%5 == 0 && b < 8:
				r.Bands = append(r.Bands, int64(b))
			default:
				r.Bands = append(r.Bands, int64(1_000_000*(len(source)+int(source[0]))+1000*i+b))
			}
		}
		out = append(out, r)
	}
	return out
}

// Indexing the queue a slice of the key space at a time puts every queued
// key in the bands table once, and every entry's keys in band_keys,
// however many slices the pass takes and however many of them one read of
// the queue sorts: with keys anywhere in the int64 range, shared keys and
// a repeated pass.
func TestIndexPendingSlices(t *testing.T) { storetest.Each(t, testIndexPendingSlices) }

func testIndexPendingSlices(t *testing.T, engine dburl.Engine) {
	ctx := context.Background()
	rng := rand.New(rand.NewPCG(5, 9))
	var batch []Record
	want := map[bandRow]bool{}
	for i := range 60 {
		r := rec(fmt.Sprint(i), fmt.Sprint("Post ", i), fmt.Sprint("h", i))
		r.Signature = []byte(r.Key)
		for b := range 8 {
			var k int64
			switch b {
			case 0:
				k = int64(i % 5) // shared by every fifth entry
			case 1:
				k = -1 - rng.Int64() // negative: kept in the first slice
				if i%7 == 0 {
					k = math.MaxInt64 // the last slice's upper bound
				}
			default:
				k = rng.Int64()
			}
			r.Bands = append(r.Bands, k)
		}
		batch = append(batch, r)
	}
	for _, c := range []struct{ perSlice, perRead int64 }{
		{1 << 20, 1 << 20}, {100, 100}, {100, 250}, {7, 7}, {7, 21}, {7, 1 << 20}, {1, 1}, {1, 5},
	} {
		t.Run(fmt.Sprintf("%d-%d", c.perSlice, c.perRead), func(t *testing.T) {
			db := openOn(t, engine)
			res, err := db.Ingest(ctx, feed.SourceState{Name: "a"}, batch, t0)
			if err != nil {
				t.Fatal(err)
			}
			clear(want)
			for i, id := range res.Changed {
				for _, b := range batch[i].Bands {
					want[bandRow{b, id}] = true
				}
			}
			for range 2 {
				if err := db.indexPending(ctx, c.perSlice, c.perRead); err != nil {
					t.Fatal(err)
				}
			}
			rows, err := db.sql.Query("SELECT band, entry_id FROM bands")
			if err != nil {
				t.Fatal(err)
			}
			defer rows.Close()
			got := 0
			for rows.Next() {
				var r bandRow
				if err := rows.Scan(&r.band, &r.id); err != nil {
					t.Fatal(err)
				}
				if !want[r] {
					t.Errorf("bands holds %v, which no entry has", r)
				}
				got++
			}
			if got != len(want) {
				t.Errorf("bands holds %d rows, want %d", got, len(want))
			}
			stored, err := storedBands(ctx, db.sql, liveKeys, res.Changed)
			if err != nil {
				t.Fatal(err)
			}
			if len(stored) != len(batch) {
				t.Fatalf("band_keys holds %d entries, want %d", len(stored), len(batch))
			}
			for i, e := range stored {
				if !slices.Equal(e.Bands, batch[i].Bands) {
					t.Errorf("entry %d: band_keys %v, want %v", e.ID, e.Bands, batch[i].Bands)
				}
			}
		})
	}
}

// The slices of the key space cover it, in order, without a gap or an
// overlap.
func TestBandSlicesCoverTheKeys(t *testing.T) {
	for _, n := range []int{1, 2, 3, 7, 18, 1000} {
		prev := int64(0)
		for i := range n {
			lo, hi := bandSlice(i, n)
			switch {
			case i == 0 && lo != math.MinInt64:
				t.Errorf("n=%d: the first slice starts at %d", n, lo)
			case i > 0 && lo != prev+1:
				t.Errorf("n=%d: slice %d starts at %d, after %d", n, i, lo, prev)
			case lo > hi:
				t.Errorf("n=%d: slice %d is [%d, %d]", n, i, lo, hi)
			}
			prev = hi
		}
		if prev != math.MaxInt64 {
			t.Errorf("n=%d: the last slice ends at %d", n, prev)
		}
	}
}
