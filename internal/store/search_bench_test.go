package store

import (
	"context"
	"fmt"
	"math/rand/v2"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/tributary/tributary/internal/dburl"
	"github.com/tributary/tributary/internal/feed"
	"github.com/tributary/tributary/internal/store/storetest"
)

// searchBenchEntries is the size of the corpus BenchmarkSearch searches.
const searchBenchEntries = 100_000

// benchVocabulary makes n made-up words, drawn with a Zipf distribution
// so that a few are common and most rare, as in prose.
func benchVocabulary(r *rand.Rand, n int) []string {
	const letters = "abcdefghijklmnopqrstuvwxyz"
	out := make([]string, n)
	for i := range out {
		var b strings.Builder
		for range 3 + r.IntN(7) {
			b.WriteByte(letters[r.IntN(len(letters))])
		}
		out[i] = fmt.Sprintf("%s%d", b.String(), i)
	}
	return out
}

// BenchmarkSearch measures one search (the first page of 20 posts, marks
// included) over 100,000 stored entries of generated text, built once per
// engine (PostgreSQL when TRIBUTARY_TEST_POSTGRES names a server): a
// very common word, a rare one, a phrase, a prefix, an OR with an
// exclusion, and the newest matches of a common word (the feed of a
// search).
func BenchmarkSearch(b *testing.B) {
	for _, engine := range storetest.Engines() {
		b.Run(string(engine), func(b *testing.B) { benchmarkSearch(b, engine) })
	}
}

func benchmarkSearch(b *testing.B, engine dburl.Engine) {
	ctx := context.Background()
	db := openOn(b, engine)
	vocab := buildSearchCorpus(b, db, searchBenchEntries)
	queries := []struct{ name, q string }{
		{"everywhere", vocab[1]}, // in every entry, 14 times each
		{"frequent", vocab[60]},
		{"mid", vocab[500]},
		{"rare", vocab[10000]},
		{"two-words", vocab[30] + " " + vocab[400]},
		{"phrase", `"` + vocab[0] + " " + vocab[1] + `"`},
		{"prefix", vocab[2][:3] + "*"},
		{"or-exclude", vocab[100] + " OR " + vocab[101] + " -" + vocab[2]},
	}
	for _, newest := range []bool{false, true} {
		for _, qq := range queries {
			name := qq.name
			if newest {
				name += "/newest"
			}
			b.Run(name, func(b *testing.B) {
				q, err := ParseQuery(qq.q)
				if err != nil {
					b.Fatal(err)
				}
				// The machine may be shared: the process's CPU time per
				// search is what a search costs without contention.
				cpu := cpuTime()
				for b.Loop() {
					hits, err := db.Search(ctx, q, SearchOptions{Newest: newest})
					if err != nil || len(hits) == 0 {
						b.Fatalf("search %q: %d hits, %v", qq.q, len(hits), err)
					}
				}
				b.ReportMetric(float64(cpuTime()-cpu)/float64(b.N), "cpu-ns/op")
			})
		}
	}
}

// cpuTime is the CPU time the process has used.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// buildSearchCorpus stores n entries of generated prose (6-word titles,
// 200-word bodies) in sources of 1,000 entries, with published dates
// spread over 12 days, and returns the vocabulary by frequency.
func buildSearchCorpus(tb testing.TB, db *DB, n int) []string {
	ctx := context.Background()
	r := rand.New(rand.NewPCG(16, 3))
	vocab := benchVocabulary(r, 20000)
	zipf := rand.NewZipf(r, 1.1, 1, uint64(len(vocab)-1))
	words := func(n int) string {
		ws := make([]string, n)
		for i := range ws {
			ws[i] = vocab[zipf.Uint64()]
		}
		return strings.Join(ws, " ")
	}
	const perSource = 1000
	for s := 0; s < n/perSource; s++ {
		recs := make([]Record, perSource)
		for i := range recs {
			key := fmt.Sprintf("%d-%d", s, i)
			recs[i] = rec(key, words(6), "h"+key)
			recs[i].Content = "<p>" + words(120) + "</p><p>" + words(80) + "</p>"
			recs[i].Published = t0.Add(-time.Duration(r.IntN(1_000_000)) * time.Second)
		}
		if _, err := db.Ingest(ctx, feed.SourceState{Name: fmt.Sprintf("source%d", s)}, recs, t0); err != nil {
			tb.Fatal(err)
		}
	}
	return vocab
}
