package benchfeed

import (
	"context"
	"database/sql"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"testing"
)

func TestFloor(t *testing.T) {
	ctx := context.Background()
	g := New(4)
	c := Cache{Dir: t.TempDir(), Gen: g}
	const first, last = 3, 5
	if err := c.Fill(ctx, first, last, false, 2); err != nil {
		t.Fatal(err)
	}
	wantEntries := 0
	var wantBytes int64
	for i := first; i <= last; i++ {
		wantEntries += g.Meta(i).Entries
		st, err := os.Stat(c.Path(i, false))
		if err != nil {
			t.Fatal(err)
		}
		wantBytes += st.Size()
	}
	db := filepath.Join(t.TempDir(), "floor.db")
	body := func(i int) ([]byte, error) { return os.ReadFile(c.Path(i, false)) }
	res, err := Floor(ctx, FloorOptions{DB: db, Workers: 2}, first, last, body)
	if err != nil {
		t.Fatal(err)
	}
	if res.Feeds != last-first+1 || res.Entries != wantEntries || res.Bytes != wantBytes {
		t.Errorf("got feeds=%d entries=%d bytes=%d, want %d, %d, %d", res.Feeds, res.Entries, res.Bytes, last-first+1, wantEntries, wantBytes)
	}
	if res.CPU() <= 0 || res.Wall <= 0 || res.MaxRSS <= 0 {
		t.Errorf("measurements not taken: %s", res)
	}

	sdb, err := sql.Open("sqlite", db)
	if err != nil {
		t.Fatal(err)
	}
	defer sdb.Close()
	var rows int
	var mode string
	if err := sdb.QueryRow("SELECT count(*) FROM entries").Scan(&rows); err != nil {
		t.Fatal(err)
	}
	if err := sdb.QueryRow("PRAGMA journal_mode").Scan(&mode); err != nil {
		t.Fatal(err)
	}
	if rows != wantEntries || mode != "wal" {
		t.Errorf("database: %d rows in %s mode, want %d in wal", rows, mode, wantEntries)
	}

	// A second pass over the same bodies updates in place.
	if _, err := Floor(ctx, FloorOptions{DB: db}, first, last, body); err != nil {
		t.Fatal(err)
	}
	if err := sdb.QueryRow("SELECT count(*) FROM entries").Scan(&rows); err != nil {
		t.Fatal(err)
	}
	if rows != wantEntries {
		t.Errorf("after a second pass: %d rows, want %d", rows, wantEntries)
	}
}

func TestFloorReportsBadBody(t *testing.T) {
	db := filepath.Join(t.TempDir(), "floor.db")
	body := func(i int) ([]byte, error) { return []byte("<html>not a feed</html>"), nil }
	if _, err := Floor(context.Background(), FloorOptions{DB: db}, 1, 3, body); err == nil {
		t.Fatal("Floor accepted a body that is not a feed")
	}
}

// BenchmarkFloor measures the floor over BENCHFEED_N feeds (default 20):
// parse with gofeed, insert into SQLite. Bodies are cached on disk before the
// timer starts, so generation is not counted. cpu-s/op is user+sys from
// getrusage, the figure to compare with a full `tributary run`.
//
//	BENCHFEED_N=1000 go test -run '^$' -bench BenchmarkFloor -benchtime 1x ./internal/benchfeed/
func BenchmarkFloor(b *testing.B) {
	n := 20
	if s := os.Getenv("BENCHFEED_N"); s != "" {
		v, err := strconv.Atoi(s)
		if err != nil || v < 1 {
			b.Fatalf("BENCHFEED_N=%q: want a positive number", s)
		}
		n = v
	}
	ctx := context.Background()
	c := Cache{Dir: b.TempDir(), Gen: New(1)}
	if err := c.Fill(ctx, 1, n, false, runtime.GOMAXPROCS(0)); err != nil {
		b.Fatal(err)
	}
	body := func(i int) ([]byte, error) { return os.ReadFile(c.Path(i, false)) }
	dir := b.TempDir()
	var last FloorResult
	var cpu, entries float64
	runs := 0
	for b.Loop() {
		runs++
		res, err := Floor(ctx, FloorOptions{DB: filepath.Join(dir, "floor-"+strconv.Itoa(runs)+".db")}, 1, n, body)
		if err != nil {
			b.Fatal(err)
		}
		last = res
		cpu += res.CPU().Seconds()
		entries += float64(res.Entries)
	}
	b.SetBytes(last.Bytes)
	b.ReportMetric(cpu/float64(runs), "cpu-s/op")
	b.ReportMetric(entries/float64(runs), "entries/op")
	b.ReportMetric(float64(last.MaxRSS>>20), "maxrss-MB")
}
