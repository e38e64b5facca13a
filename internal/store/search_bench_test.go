package store

import (
	"context"
	"fmt"
	"math/rand/v2"
	"os"
	"strconv"
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
		// in 6.6%: a ranked search walks 30,000 entries for its window
		// (or lists 6,600 matches), the most of any density
		{"between", vocab[250]},
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
				cpu, server := cpuTime(), serverCPU(b, db)
				for b.Loop() {
					hits, err := db.Search(ctx, q, SearchOptions{Newest: newest})
					if err != nil || len(hits) == 0 {
						b.Fatalf("search %q: %d hits, %v", qq.q, len(hits), err)
					}
				}
				b.ReportMetric(float64(cpuTime()-cpu)/float64(b.N), "cpu-ns/op")
				if server != nil {
					b.ReportMetric(float64(server.since(b))/float64(b.N), "server-cpu-ns/op")
				}
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

// backendCPU is the CPU time the PostgreSQL server processes serving a
// database have used, read from /proc: what a search costs the server,
// which the client's CPU time leaves out, without the contention that
// wall time counts on a shared machine. It needs the server on this
// machine and a /proc to read; serverCPU returns nil otherwise.
type backendCPU struct {
	db    *DB
	start map[int]time.Duration
}

func serverCPU(b *testing.B, db *DB) *backendCPU {
	if db.dialect.engine() != dburl.Postgres {
		return nil
	}
	c := &backendCPU{db: db}
	c.start = c.read(b)
	if len(c.start) == 0 {
		return nil
	}
	return c
}

// since is the backends' CPU time since serverCPU; a backend started
// since counts from zero.
func (c *backendCPU) since(b *testing.B) time.Duration {
	var total time.Duration
	for pid, t := range c.read(b) {
		total += t - c.start[pid]
	}
	return total
}

func (c *backendCPU) read(b *testing.B) map[int]time.Duration {
	rows, err := c.db.sql.QueryContext(context.Background(),
		"SELECT pid FROM pg_stat_activity WHERE datname = current_database()")
	if err != nil {
		b.Fatal(err)
	}
	defer rows.Close()
	out := map[int]time.Duration{}
	for rows.Next() {
		var pid int
		if err := rows.Scan(&pid); err != nil {
			b.Fatal(err)
		}
		stat, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
		if err != nil {
			return nil // not on this machine, or no /proc
		}
		// The fields after the command's closing parenthesis; utime and
		// stime are the 14th and 15th of the line, in clock ticks
		// (USER_HZ, 100 a second on Linux).
		f := strings.Fields(string(stat[strings.LastIndexByte(string(stat), ')')+1:]))
		if len(f) < 13 {
			return nil
		}
		ut, _ := strconv.ParseInt(f[11], 10, 64)
		st, _ := strconv.ParseInt(f[12], 10, 64)
		out[pid] = time.Duration(ut+st) * 10 * time.Millisecond
	}
	if err := rows.Err(); err != nil {
		b.Fatal(err)
	}
	return out
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
