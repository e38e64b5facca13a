package store

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/tributary/tributary/internal/dburl"
	"github.com/tributary/tributary/internal/feed"
	"github.com/tributary/tributary/internal/store/storetest"
)

// filled returns a SQLite database holding a row in every table that is
// copied: entries with band keys, a pending one, a merge, a pruned entry,
// published ids, source state, meta and a lease (which is not copied).
func filled(t *testing.T) (db *DB, maxID int64) {
	t.Helper()
	ctx := context.Background()
	db = openOn(t, dburl.SQLite)
	var ids []int64
	for _, src := range []string{"b", "a", "B"} {
		recs := []Record{rec("1", "One "+src, "h1"), rec("2", "Two", "h2"), rec("ü", "Ü", "h3")}
		for i := range recs {
			recs[i].Bands = []int64{int64(i), -int64(i) - 1<<40}
			recs[i].Signature = []byte{0, 1, 2, byte(i)}
			recs[i].Content = "body\twith 'quotes' and \"more\" ?"
			recs[i].Authors = []string{"Ann", "Bo"}
		}
		st := feed.SourceState{Name: src, URL: "https://" + src + ".example/feed", ETag: `"e"`, LastStatus: 200}
		res, err := db.Ingest(ctx, st, recs, t0)
		if err != nil {
			t.Fatal(err)
		}
		ids = append(ids, res.Changed...)
	}
	if err := db.IndexPending(ctx); err != nil {
		t.Fatal(err)
	}
	if err := db.ClearPending(ctx, ids[:6]); err != nil {
		t.Fatal(err)
	}
	if err := db.Merge(ctx, ids[0], ids[3], "same link", 0.9, 0.5, t0); err != nil {
		t.Fatal(err)
	}
	if err := db.RecordPublished(ctx, map[string]int64{"tag:x,2025:1": ids[0]}, t0); err != nil {
		t.Fatal(err)
	}
	// The newest entry is pruned: its id is the largest ever used.
	if _, err := db.Prune(ctx, ids[len(ids)-1:], 1, t0); err != nil {
		t.Fatal(err)
	}
	if err := db.SetMeta(ctx, "publish", "stamp 3"); err != nil {
		t.Fatal(err)
	}
	if _, err := db.Acquire(ctx, "cycle", "elsewhere:1", time.Hour); err != nil {
		t.Fatal(err)
	}
	return db, ids[len(ids)-1]
}

// dump renders every copied table's rows, sorted, engine-neutrally.
func dump(t *testing.T, db *DB) map[string][]string {
	t.Helper()
	ctx := context.Background()
	out := map[string][]string{}
	err := db.inTx(ctx, func(tx *sqlTx) error {
		tables, err := db.dialect.tables(ctx, tx)
		if err != nil {
			return err
		}
		for _, table := range copyOrder(tables) {
			cols, err := db.dialect.columns(ctx, tx, table)
			if err != nil {
				return err
			}
			slices.Sort(cols)
			rows, err := tx.QueryContext(ctx, "SELECT "+strings.Join(cols, ", ")+" FROM "+table)
			if err != nil {
				return err
			}
			for rows.Next() {
				vals := make([]any, len(cols))
				ptrs := make([]any, len(cols))
				for i := range vals {
					ptrs[i] = &vals[i]
				}
				if err := rows.Scan(ptrs...); err != nil {
					rows.Close()
					return err
				}
				out[table] = append(out[table], fmt.Sprintf("%v=%q", cols, vals))
			}
			rows.Close()
			slices.Sort(out[table])
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// TestCopyRoundTrip copies SQLite to PostgreSQL and back: every copied
// table arrives whole, ids included, and new entries on each copy are
// numbered above every id the original ever used.
func TestCopyRoundTrip(t *testing.T) {
	ctx := context.Background()
	src, maxID := filled(t)
	want := dump(t, src)
	for _, table := range []string{"sources", "entries", "tombstones", "bands", "pending", "merges", "published", "meta"} {
		if len(want[table]) == 0 {
			t.Fatalf("the fixture has no rows in %s", table)
		}
	}
	pgDSN := storetest.DSN(t, dburl.Postgres)
	if _, err := src.CopyTo(ctx, pgDSN); err != nil {
		t.Fatal(err)
	}
	pg := openDSN(t, pgDSN)
	back := storetest.DSN(t, dburl.SQLite)
	counts, err := pg.CopyTo(ctx, back)
	if err != nil {
		t.Fatal(err)
	}
	if i := slices.IndexFunc(counts, func(c TableCount) bool { return c.Table == "entries" }); i < 0 || counts[i].Rows != len(want["entries"]) {
		t.Errorf("copy counts %v, want %d entries", counts, len(want["entries"]))
	}
	lite := openDSN(t, back)
	for name, db := range map[string]*DB{"postgres": pg, "sqlite again": lite} {
		// Search is not copied: the target indexes the copied entries
		// on first use (which also clears its mark in meta).
		q, _ := ParseQuery("quotes")
		if hits, err := db.Search(ctx, q, SearchOptions{Limit: 100}); err != nil || len(hits) == 0 {
			t.Errorf("%s: search after the copy: %v, %v; want the copied entries", name, hits, err)
		}
		got := dump(t, db)
		for table, rows := range want {
			if !slices.Equal(got[table], rows) {
				t.Errorf("%s: table %s differs:\ngot  %q\nwant %q", name, table, got[table], rows)
			}
		}
		if _, err := db.Acquire(ctx, "cycle", "me:1", time.Minute); err != nil {
			t.Errorf("%s: the original's lease was copied: %v", name, err)
		}
		res, err := db.Ingest(ctx, feed.SourceState{Name: "new"}, []Record{rec("n", "New", "hn")}, t0)
		if err != nil {
			t.Fatal(err)
		}
		if res.Changed[0] <= maxID {
			t.Errorf("%s: a new entry got id %d, not above the largest ever used (%d)", name, res.Changed[0], maxID)
		}
	}
}

func TestCopyRefusesATargetWithData(t *testing.T) {
	storetest.Each(t, func(t *testing.T, engine dburl.Engine) {
		ctx := context.Background()
		src, _ := filled(t)
		dsn := storetest.DSN(t, engine)
		target := openDSN(t, dsn)
		if _, err := target.Ingest(ctx, feed.SourceState{Name: "mine"}, []Record{rec("1", "Mine", "h")}, t0); err != nil {
			t.Fatal(err)
		}
		if _, err := src.CopyTo(ctx, dsn); !errors.Is(err, ErrNotEmpty) {
			t.Fatalf("copy onto a database with data: got %v, want ErrNotEmpty", err)
		}
		if n, _ := target.EntryCounts(ctx); n["mine"] != 1 || len(n) != 1 {
			t.Errorf("the target changed: %v", n)
		}
	})
}

// openDSN opens dsn, closed at the end of the test.
func openDSN(t *testing.T, dsn string) *DB {
	t.Helper()
	db, err := Open(context.Background(), dsn)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}
