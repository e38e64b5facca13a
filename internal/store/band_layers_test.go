package store

import (
	"context"
	"fmt"
	"maps"
	"slices"
	"testing"

	"github.com/tributary/tributary/internal/dburl"
	"github.com/tributary/tributary/internal/dedupe"
	"github.com/tributary/tributary/internal/feed"
	"github.com/tributary/tributary/internal/store/storetest"
)

// However the band index is spread over its layers (keys in bands and in
// bands_recent, pruned entries' rows still there, marked stale), lookups
// and scans give exactly the pairs the in-memory reference finds among the
// stored entries; and the layers stay within their share, folding and
// sweeping as they fill.
func TestBucketsAcrossLayers(t *testing.T) { storetest.Each(t, testBucketsAcrossLayers) }

func testBucketsAcrossLayers(t *testing.T, engine dburl.Engine) {
	ctx := context.Background()
	db := openOn(t, engine)
	texts := bandCorpus(460)
	sigs := map[int64]dedupe.Signature{}
	next := 0
	ingest := func(n int) {
		t.Helper()
		var recs []Record
		var batch []dedupe.Signature
		for range n {
			sig := dedupe.Sign(texts[next])
			b, _ := sig.MarshalBinary()
			r := rec(fmt.Sprint(next), "t", fmt.Sprint("h", next))
			r.Signature, r.Bands = b, sig.BandKeys()
			recs, batch = append(recs, r), append(batch, sig)
			next++
		}
		res, err := db.Ingest(ctx, feed.SourceState{Name: "a"}, recs, t0)
		if err != nil {
			t.Fatal(err)
		}
		for i, id := range res.Changed {
			sigs[id] = batch[i]
		}
		if err := db.IndexPending(ctx); err != nil {
			t.Fatal(err)
		}
		if err := db.ClearPending(ctx, res.Changed); err != nil {
			t.Fatal(err)
		}
	}
	prune := func(ids ...int64) {
		t.Helper()
		if _, err := db.Prune(ctx, ids, len(ids), t0); err != nil {
			t.Fatal(err)
		}
		for _, id := range ids {
			delete(sigs, id)
		}
	}
	oldest := func(n int) []int64 {
		ids := slices.Sorted(maps.Keys(sigs))
		return ids[:n]
	}
	steps := []struct {
		name   string
		do     func()
		recent bool // whether bands_recent holds rows after the step
		stale  int  // stale entries after the step
	}{
		{"cold", func() { ingest(300) }, false, 0},
		{"a small cycle", func() { ingest(20) }, true, 0},
		{"a few pruned", func() { prune(oldest(6)...) }, true, 6},
		{"another small cycle", func() { ingest(10) }, true, 6},
		{"recent folded into bands", func() { ingest(60) }, false, 6},
		{"more pruned", func() { prune(oldest(20)...) }, false, 26},
		{"recent again", func() { ingest(20) }, true, 26},
		{"stale swept", func() { prune(oldest(30)...) }, true, 0},
		{"last cycle", func() { ingest(20) }, true, 0},
	}
	for _, step := range steps {
		step.do()
		if got := count(t, db, "bands_recent") > 0; got != step.recent {
			t.Errorf("%s: bands_recent holds rows: %v, want %v", step.name, got, step.recent)
		}
		if got := count(t, db, "bands_stale"); got != step.stale {
			t.Errorf("%s: %d stale entries, want %d", step.name, got, step.stale)
		}
		live := slices.Sorted(maps.Keys(sigs))
		liveSigs := make([]dedupe.Signature, len(live))
		for i, id := range live {
			liveSigs[i] = sigs[id]
		}
		stale, err := db.staleEntries(ctx)
		if err != nil {
			t.Fatal(err)
		}
		for _, want := range []struct {
			name string
			pick func(int64) bool
		}{
			{"all", func(int64) bool { return true }},
			{"a tenth", func(id int64) bool { return id%10 == 3 }},
		} {
			matchReference(t, db, live, liveSigs, want.pick, stale, step.name+", "+want.name+" of the entries, ")
		}
		if n := bandsAgree(t, db); n != len(live) {
			t.Errorf("%s: %d entries have band keys, want %d", step.name, n, len(live))
		}
	}
}

// On PostgreSQL an ingest deleting a changed entry's old keys may run
// while the leader folds bands_recent into bands. Whichever comes first,
// no old key may survive: here the deletion has taken the key out of
// bands_recent but not yet looked in bands when the fold begins.
func TestFoldWaitsForKeyDeletions(t *testing.T) {
	ctx := context.Background()
	db := openOn(t, dburl.Postgres)
	ingest := func(source string, n int) []int64 {
		t.Helper()
		res, err := db.Ingest(ctx, feed.SourceState{Name: source}, bandRecords(source, n), t0)
		if err != nil {
			t.Fatal(err)
		}
		return res.Changed
	}
	index := func(ids []int64) {
		t.Helper()
		if err := db.IndexPending(ctx); err != nil {
			t.Fatal(err)
		}
		if err := db.ClearPending(ctx, ids); err != nil {
			t.Fatal(err)
		}
	}
	index(ingest("a", 40))
	changed := ingest("b", 2)
	index(changed)
	old, err := storedBands(ctx, db.sql, liveKeys, changed[:1])
	if err != nil || len(old) != 1 {
		t.Fatalf("the changed entry's keys: %v, %v", old, err)
	}
	var rows []bandRow
	for _, b := range old[0].Bands {
		rows = append(rows, bandRow{b, old[0].ID})
	}
	sortBandRows(rows)
	var recent int
	if err := db.sql.QueryRow("SELECT count(*) FROM bands_recent WHERE entry_id = ?", old[0].ID).Scan(&recent); err != nil || recent == 0 {
		t.Fatalf("the changed entry has %d keys in bands_recent (%v); the test needs them there", recent, err)
	}
	ingest("c", 200) // enough new keys that the next pass folds

	// The ingest's deletion, half done: out of bands_recent, not yet out
	// of bands.
	tx, err := db.begin(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer tx.Rollback()
	if err := deleteBandRows(ctx, tx, "bands_recent", rows); err != nil {
		t.Fatal(err)
	}
	var xid string
	if err := tx.QueryRowContext(ctx, "SELECT txid_current()::text").Scan(&xid); err != nil {
		t.Fatal(err)
	}
	folded := make(chan error, 1)
	go func() { folded <- db.IndexPending(ctx) }()
	// Go on once the fold waits for a lock the deletion holds: on the
	// table, or on a row it deleted.
	for waiting := 0; waiting == 0; {
		select {
		case err := <-folded:
			t.Fatalf("the fold ended (%v) while a deletion of its keys was under way", err)
		default:
		}
		if err := db.sql.QueryRow(`SELECT count(*) FROM pg_locks WHERE NOT granted
			AND (relation = 'bands_recent'::regclass OR transactionid::text = ?)`, xid).Scan(&waiting); err != nil {
			t.Fatal(err)
		}
	}
	if err := deleteBandRows(ctx, tx, "bands", rows); err != nil {
		t.Fatal(err)
	}
	if err := tx.Commit(); err != nil {
		t.Fatal(err)
	}
	if err := <-folded; err != nil {
		t.Fatal(err)
	}
	var left int
	if err := db.sql.QueryRow("SELECT count(*) FROM ("+bucketRows("")+") u WHERE entry_id = ?", old[0].ID).Scan(&left); err != nil {
		t.Fatal(err)
	}
	if left != 0 {
		t.Errorf("%d deleted keys of entry %d survive the fold", left, old[0].ID)
	}
	if n := count(t, db, "bands_recent"); n != 0 {
		t.Errorf("bands_recent keeps %d rows after the fold", n)
	}
}

// count is how many rows table holds.
func count(t *testing.T, db *DB, table string) int {
	t.Helper()
	var n int
	if err := db.sql.QueryRow("SELECT count(*) FROM " + table).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}
