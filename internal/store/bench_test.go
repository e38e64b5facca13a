package store

import (
	"context"
	"fmt"
	"github.com/tributary/tributary/internal/dburl"
	"github.com/tributary/tributary/internal/store/storetest"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/tributary/tributary/internal/feed"
)

// BenchmarkIngest measures storing one feed of 40 new entries of ~4 KB in
// one transaction, the unit of work of a cold run.
func BenchmarkIngest(b *testing.B) { storetest.EachB(b, benchIngest) }

func benchIngest(b *testing.B, engine dburl.Engine) {
	db := openOn(b, engine)
	ctx := context.Background()
	body := strings.Repeat("<p>Some realistic paragraph text for a post body.</p>", 80)
	b.ReportAllocs()
	for i := 0; b.Loop(); i++ {
		recs := make([]Record, 40)
		for j := range recs {
			recs[j] = rec(fmt.Sprintf("%d-%d", i, j), "Title", fmt.Sprintf("h%d-%d", i, j))
			recs[j].Content = body
			recs[j].Signature = make([]byte, 512)
		}
		if _, err := db.Ingest(ctx, feed.SourceState{Name: fmt.Sprintf("s%d", i)}, recs, t0); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkIngestUnchanged measures a re-ingest where nothing changed: the
// warm path must cost reads only.
func BenchmarkIngestUnchanged(b *testing.B) { storetest.EachB(b, benchIngestUnchanged) }

func benchIngestUnchanged(b *testing.B, engine dburl.Engine) {
	db := openOn(b, engine)
	ctx := context.Background()
	recs := make([]Record, 40)
	for j := range recs {
		recs[j] = rec(fmt.Sprint(j), "Title", fmt.Sprint("h", j))
	}
	st := feed.SourceState{Name: "s"}
	if _, err := db.Ingest(ctx, st, recs, t0); err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		if _, err := db.Ingest(ctx, st, recs, t0); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkIndexPending measures adding the band keys of 1,000 new entries
// (32 keys each, random, as real band keys are) to a bands table that
// already holds those of 20,000: the de-duplication pass's write in a cold
// run, per thousand entries.
func BenchmarkIndexPending(b *testing.B) { storetest.EachB(b, benchIndexPending) }

func benchIndexPending(b *testing.B, engine dburl.Engine) {
	db := openOn(b, engine)
	ctx := context.Background()
	r := rand.New(rand.NewPCG(5, 6))
	source := 0
	add := func(n int) {
		recs := make([]Record, n)
		for j := range recs {
			recs[j] = rec(fmt.Sprint(j), "Title", fmt.Sprint("h", j))
			recs[j].Bands = make([]int64, 32)
			for k := range recs[j].Bands {
				recs[j].Bands[k] = int64(r.Uint64() >> 1)
			}
		}
		source++
		if _, err := db.Ingest(ctx, feed.SourceState{Name: fmt.Sprint("s", source)}, recs, t0); err != nil {
			b.Fatal(err)
		}
	}
	add(20000)
	if err := db.IndexPending(ctx); err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		b.StopTimer()
		if _, err := db.sql.Exec("DELETE FROM pending"); err != nil {
			b.Fatal(err)
		}
		add(1000)
		b.StartTimer()
		if err := db.IndexPending(ctx); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkPrune measures retention pruning 1,000 of 5,000 stored entries
// of ~4 KB, each with 32 band keys: the per-cycle trim of a database at
// its bound.
func BenchmarkPrune(b *testing.B) { storetest.EachB(b, benchPrune) }

func benchPrune(b *testing.B, engine dburl.Engine) {
	ctx := context.Background()
	body := strings.Repeat("<p>Some realistic paragraph text for a post body.</p>", 80)
	rng := rand.New(rand.NewPCG(1, 2))
	for b.Loop() {
		b.StopTimer()
		db := openOn(b, engine)
		var ids []int64
		for s := range 50 {
			recs := make([]Record, 100)
			for j := range recs {
				recs[j] = rec(fmt.Sprintf("%d-%d", s, j), "Title", fmt.Sprintf("h%d-%d", s, j))
				recs[j].Content, recs[j].Signature = body, make([]byte, 512)
				for range 32 {
					recs[j].Bands = append(recs[j].Bands, rng.Int64())
				}
			}
			res, err := db.Ingest(ctx, feed.SourceState{Name: fmt.Sprintf("s%d", s)}, recs, t0)
			if err != nil {
				b.Fatal(err)
			}
			ids = append(ids, res.Changed[:20]...)
		}
		if err := db.IndexPending(ctx); err != nil {
			b.Fatal(err)
		}
		b.StartTimer()
		if _, err := db.Prune(ctx, ids, len(ids), t0); err != nil {
			b.Fatal(err)
		}
		b.StopTimer()
		db.Close()
		b.StartTimer()
	}
}

// BenchmarkDropBands measures deleting the band keys of 4,000 of 10,000
// stored entries (32 random keys each) in one transaction, the two ways
// dropBands chooses between: a search per key in key order, and one pass
// over the table.
func BenchmarkDropBands(b *testing.B) {
	ctx := context.Background()
	for _, way := range []struct {
		name string
		drop func(context.Context, *sqlTx, []int64) error
	}{
		{"search", func(ctx context.Context, tx *sqlTx, ids []int64) error {
			return dropBandsBySearch(ctx, tx, ids, nil)
		}},
		{"scan", func(ctx context.Context, tx *sqlTx, ids []int64) error { return dropBandsByScan(ctx, tx, ids, nil) }},
	} {
		b.Run(way.name, func(b *testing.B) {
			for b.Loop() {
				b.StopTimer()
				db := mustOpen(b)
				rng := rand.New(rand.NewPCG(7, 8))
				var doomed []int64
				for s := range 10 {
					recs := make([]Record, 1000)
					for j := range recs {
						recs[j] = rec(fmt.Sprintf("%d-%d", s, j), "Title", fmt.Sprintf("h%d-%d", s, j))
						for range 32 {
							recs[j].Bands = append(recs[j].Bands, int64(rng.Uint64()>>1))
						}
					}
					res, err := db.Ingest(ctx, feed.SourceState{Name: fmt.Sprintf("s%d", s)}, recs, t0)
					if err != nil {
						b.Fatal(err)
					}
					doomed = append(doomed, res.Changed[:400]...)
				}
				if err := db.IndexPending(ctx); err != nil {
					b.Fatal(err)
				}
				b.StartTimer()
				if err := db.inTx(ctx, func(tx *sqlTx) error { return way.drop(ctx, tx, doomed) }); err != nil {
					b.Fatal(err)
				}
				b.StopTimer()
				db.Close()
				b.StartTimer()
			}
		})
	}
}
