package store

import (
	"context"
	"fmt"
	"github.com/tributary/tributary/internal/dburl"
	"github.com/tributary/tributary/internal/store/storetest"
	"strings"
	"testing"
	"time"

	"github.com/tributary/tributary/internal/feed"
)

func TestPrunedEntriesStayBuried(t *testing.T) { storetest.Each(t, testPrunedEntriesStayBuried) }

func testPrunedEntriesStayBuried(t *testing.T, engine dburl.Engine) {
	ctx := context.Background()
	db := openOn(t, engine)
	st := feed.SourceState{Name: "a"}
	batch := []Record{rec("1", "One", "h1"), rec("2", "Two", "h2"), rec("3", "Three", "h3")}
	res, err := db.Ingest(ctx, st, batch, t0)
	if err != nil || res.Inserted != 3 {
		t.Fatalf("ingest: %+v, %v", res, err)
	}
	if err := db.Merge(ctx, res.Changed[1], res.Changed[2], "test", 1, 1, t0); err != nil {
		t.Fatal(err)
	}
	// Prune the newest row: the highest id, the one MAX(id)+1 would hand
	// out again.
	pruned := res.Changed[2]
	if n, err := db.Prune(ctx, []int64{pruned}, 1, t0); err != nil || n != 1 {
		t.Fatalf("prune: %d, %v", n, err)
	}
	if merges, _ := db.Merges(ctx); len(merges) != 0 {
		t.Errorf("merges after prune: %d, want the pruned entry's merge gone", len(merges))
	}
	if n, _ := db.PrunedPosts(ctx); n != 1 {
		t.Errorf("pruned posts = %d, want 1", n)
	}

	// The feed still lists all three, changed or not: the pruned one does
	// not come back.
	again := []Record{rec("1", "One", "h1"), rec("2", "Two", "h2"), rec("3", "Three, edited", "h3b")}
	res, err = db.Ingest(ctx, st, again, t0.Add(time.Hour))
	if err != nil || res.Inserted != 0 || res.Buried != 1 || res.Unchanged != 2 {
		t.Fatalf("re-ingest: %+v, %v; want 2 unchanged, 1 buried, nothing inserted", res, err)
	}
	counts, _ := db.EntryCounts(ctx)
	if counts["a"] != 2 {
		t.Errorf("stored %d entries, want 2", counts["a"])
	}
	if gone, _ := db.TombstoneCounts(ctx); gone["a"] != 1 {
		t.Errorf("tombstones %v, want a: 1", gone)
	}

	// A new post is numbered above the pruned id, and another post claiming
	// the pruned one's public id (any feed can) takes its own instead.
	fresh := rec("4", "Four", "h4")
	thief := rec("5", "Five", "h5")
	thief.PublicID, thief.AltPublicID = "tag:x,2025:3", "tag:x,2025:alt-5"
	res, err = db.Ingest(ctx, feed.SourceState{Name: "b"}, []Record{fresh, thief}, t0.Add(2*time.Hour))
	if err != nil || res.Inserted != 2 {
		t.Fatalf("new posts: %+v, %v", res, err)
	}
	if res.Changed[0] <= pruned {
		t.Errorf("new entry got id %d, want above the pruned %d", res.Changed[0], pruned)
	}
	got, _ := db.Entries(ctx, res.Changed)
	if len(got) != 2 || got[0].PublicID != "tag:x,2025:4" || got[1].PublicID != "tag:x,2025:alt-5" {
		t.Errorf("public ids %+v, want tag:x,2025:4 and the alternative tag:x,2025:alt-5", got)
	}
}

// TestRetentionKeepsTheFileBounded feeds generation after generation of
// posts with bodies, keeping the newest few per source as retention does,
// and checks that the rows and the file stop growing, and that a database
// made before incremental vacuum is converted on its first reclaim.
func TestRetentionKeepsTheFileBounded(t *testing.T) {
	ctx := context.Background()
	db := mustOpen(t)
	// As a database created by an older Tributary: no auto-vacuum.
	if _, err := db.sql.ExecContext(ctx, "PRAGMA auto_vacuum = NONE"); err != nil {
		t.Fatal(err)
	}
	if _, err := db.sql.ExecContext(ctx, "VACUUM"); err != nil {
		t.Fatal(err)
	}
	const perGen, keep, sources = 60, 40, 3
	body := strings.Repeat("All work and no play makes a long body. ", 100)
	var sizes []int64
	for gen := 0; gen < 6; gen++ {
		now := t0.Add(time.Duration(gen) * 24 * time.Hour)
		for s := 0; s < sources; s++ {
			var batch []Record
			for i := 0; i < perGen; i++ {
				key := fmt.Sprintf("g%d-%d", gen, i)
				r := rec(key, "Post "+key, "h-"+key)
				r.Content = body + key
				r.Published = now.Add(time.Duration(i) * time.Minute)
				batch = append(batch, r)
			}
			if _, err := db.Ingest(ctx, feed.SourceState{Name: fmt.Sprintf("s%d", s)}, batch, now); err != nil {
				t.Fatal(err)
			}
		}
		var old []int64
		rows, err := db.sql.QueryContext(ctx, `SELECT id FROM (SELECT id, row_number() OVER
			(PARTITION BY source ORDER BY published DESC, id DESC) AS n FROM entries) WHERE n > ?`, keep)
		if err != nil {
			t.Fatal(err)
		}
		for rows.Next() {
			var id int64
			rows.Scan(&id)
			old = append(old, id)
		}
		rows.Close()
		if _, err := db.Prune(ctx, old, len(old), now); err != nil {
			t.Fatal(err)
		}
		freed, err := db.Reclaim(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if gen > 0 && freed <= 0 {
			t.Errorf("generation %d: pruning %d entries gave back %d bytes", gen, len(old), freed)
		}
		counts, _ := db.EntryCounts(ctx)
		for s, n := range counts {
			if n != keep {
				t.Errorf("generation %d: %s holds %d entries, want %d", gen, s, n, keep)
			}
		}
		size, _ := db.Size(ctx)
		sizes = append(sizes, size)
	}
	var mode int
	db.sql.QueryRowContext(ctx, "PRAGMA auto_vacuum").Scan(&mode)
	if mode != autoVacuumIncremental {
		t.Errorf("auto_vacuum = %d after the first reclaim, want %d (incremental)", mode, autoVacuumIncremental)
	}
	if free, _ := db.FreeBytes(ctx); free != 0 {
		t.Errorf("%d free bytes left after reclaim", free)
	}
	// The first generation is stored whole before anything is pruned;
	// every later one holds as many rows.
	t.Logf("sizes by generation: %v", sizes)
	if last, settled := sizes[len(sizes)-1], sizes[1]; last > settled+settled/10 {
		t.Errorf("database grew from %d to %d bytes over generations of equal size: %v", settled, last, sizes)
	}
}

// Pruning takes an entry's band keys with it, and only its: keys shared
// with a kept entry stay for that one.
func TestPruneDropsOnlyThePrunedBands(t *testing.T) {
	storetest.Each(t, testPruneDropsOnlyThePrunedBands)
}

func testPruneDropsOnlyThePrunedBands(t *testing.T, engine dburl.Engine) {
	ctx := context.Background()
	db := openOn(t, engine)
	var batch []Record
	for i := range 300 {
		r := rec(fmt.Sprint(i), fmt.Sprint("Post ", i), fmt.Sprint("h", i))
		r.Signature = []byte(r.Key)
		for b := range 32 {
			r.Bands = append(r.Bands, int64((i%7)*1000+b)) // shared by every seventh post
		}
		batch = append(batch, r)
	}
	res, err := db.Ingest(ctx, feed.SourceState{Name: "a"}, batch, t0)
	if err != nil {
		t.Fatal(err)
	}
	if err := db.IndexPending(ctx); err != nil {
		t.Fatal(err)
	}
	var doomed []int64
	for i, id := range res.Changed {
		if i%3 != 0 {
			doomed = append(doomed, id)
		}
	}
	if _, err := db.Prune(ctx, doomed, len(doomed), t0); err != nil {
		t.Fatal(err)
	}
	gone := map[int64]bool{}
	for _, id := range doomed {
		gone[id] = true
	}
	rows, err := db.sql.Query("SELECT entry_id, count(*) FROM bands GROUP BY entry_id")
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	kept := 0
	for rows.Next() {
		var id, n int64
		if err := rows.Scan(&id, &n); err != nil {
			t.Fatal(err)
		}
		if gone[id] {
			t.Errorf("pruned entry %d keeps %d band keys", id, n)
		} else if n != 32 {
			t.Errorf("kept entry %d has %d band keys, want 32", id, n)
		}
		kept++
	}
	if want := len(res.Changed) - len(doomed); kept != want {
		t.Errorf("%d entries keep band keys, want %d", kept, want)
	}
}

// TestPruneLeavesNothingBehind prunes entries that every table referring
// to entries holds (a merge either way, the de-duplication queue, search),
// with foreign keys unenforced for the prune on SQLite: nothing refers to a
// pruned entry afterwards, and the writing connection enforces foreign
// keys again (a source's removal still cascades).
func TestPruneLeavesNothingBehind(t *testing.T) { storetest.Each(t, testPruneLeavesNothingBehind) }

func testPruneLeavesNothingBehind(t *testing.T, engine dburl.Engine) {
	ctx := context.Background()
	db := openOn(t, engine)
	batch := []Record{rec("1", "One", "h1"), rec("2", "Two", "h2"), rec("3", "Three", "h3"), rec("4", "Four", "h4")}
	for i := range batch {
		batch[i].Bands = []int64{int64(i), int64(i) + 100}
	}
	res, err := db.Ingest(ctx, feed.SourceState{Name: "a"}, batch, t0)
	if err != nil {
		t.Fatal(err)
	}
	ids := res.Changed
	if err := db.Merge(ctx, ids[0], ids[1], "test", 1, 1, t0); err != nil {
		t.Fatal(err)
	}
	if err := db.Merge(ctx, ids[2], ids[0], "test", 1, 1, t0); err != nil {
		t.Fatal(err)
	}
	if _, err := db.Prune(ctx, ids[:1], 1, t0); err != nil {
		t.Fatal(err)
	}
	for _, q := range []string{
		"SELECT count(*) FROM merges WHERE entry_id = ? OR other_id = ?",
		"SELECT count(*) FROM pending WHERE entry_id = ? OR entry_id = ?",
		"SELECT count(*) FROM search_text WHERE entry_id = ? OR entry_id = ?",
		"SELECT count(*) FROM entries WHERE id = ? OR id = ?",
	} {
		var n int
		if err := db.sql.QueryRowContext(ctx, q, ids[0], ids[0]).Scan(&n); err != nil || n != 0 {
			t.Errorf("%s: %d rows, %v; want none", q, n, err)
		}
	}
	if merges, _ := db.Merges(ctx); len(merges) != 0 {
		t.Errorf("merges left: %v", merges)
	}
	if _, err := db.DeleteSource(ctx, "a"); err != nil {
		t.Fatal(err)
	}
	var n int
	if err := db.sql.QueryRowContext(ctx, "SELECT count(*) FROM search_text").Scan(&n); err != nil || n != 0 {
		t.Errorf("after removing the source: %d search rows, %v; want its entries' gone with it", n, err)
	}
	if engine == dburl.SQLite {
		conn, err := db.sql.WriteConn(ctx)
		if err != nil {
			t.Fatal(err)
		}
		defer conn.Close()
		var on int
		if err := conn.QueryRowContext(ctx, "PRAGMA foreign_keys").Scan(&on); err != nil || on != 1 {
			t.Errorf("writer's foreign_keys = %d, %v; want 1", on, err)
		}
	}
}
