package store

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/tributary/tributary/internal/feed"
)

// BenchmarkIngest measures storing one feed of 40 new entries of ~4 KB in
// one transaction, the unit of work of a cold run.
func BenchmarkIngest(b *testing.B) {
	db := mustOpen(b)
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
func BenchmarkIngestUnchanged(b *testing.B) {
	db := mustOpen(b)
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
