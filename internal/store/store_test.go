package store

import (
	"context"
	"errors"
	"fmt"
	"github.com/tributary/tributary/internal/dburl"
	"github.com/tributary/tributary/internal/store/storetest"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/tributary/tributary/internal/feed"
)

// mustOpen opens a fresh SQLite database in a temp dir; :memory: would
// give each pooled connection its own database.
func mustOpen(t testing.TB) *DB {
	t.Helper()
	return openOn(t, dburl.SQLite)
}

// openOn opens a fresh, empty database on engine (see storetest), closed
// at the end of the test.
func openOn(t testing.TB, engine dburl.Engine) *DB {
	t.Helper()
	db, err := Open(context.Background(), storetest.DSN(t, engine))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

// metaOf returns the meta value under key, failing the test if it
// cannot be read.
func metaOf(t testing.TB, db *DB, key string) string {
	t.Helper()
	v, err := db.Meta(context.Background(), key)
	if err != nil {
		t.Fatal(err)
	}
	return v
}

var t0 = time.Date(2025, 3, 1, 12, 0, 0, 0, time.UTC)

func rec(key, title, hash string) Record {
	return Record{Key: key, Title: title, ContentHash: hash, PublicID: "tag:x,2025:" + key,
		Published: t0.Add(-time.Hour), DateKnown: true, Link: "https://a.example/" + key,
		CanonicalLink: "https://a.example/" + key}
}

func TestIngestIdentity(t *testing.T) { storetest.Each(t, testIngestIdentity) }

func testIngestIdentity(t *testing.T, engine dburl.Engine) {
	ctx := context.Background()
	db := openOn(t, engine)
	st := feed.SourceState{Name: "a"}
	res, err := db.Ingest(ctx, st, []Record{rec("1", "One", "h1"), rec("2", "Two", "h2")}, t0)
	if err != nil || res.Inserted != 2 {
		t.Fatalf("first ingest: %+v, %v", res, err)
	}
	res, err = db.Ingest(ctx, st, []Record{rec("1", "One", "h1"), rec("2", "Two", "h2")}, t0.Add(time.Hour))
	if err != nil || res.Unchanged != 2 || len(res.Changed) != 0 {
		t.Fatalf("unchanged ingest: %+v, %v", res, err)
	}
	changed := rec("2", "Two, edited", "h2b")
	res, err = db.Ingest(ctx, st, []Record{changed}, t0.Add(2*time.Hour))
	if err != nil || res.Updated != 1 {
		t.Fatalf("changed ingest: %+v, %v", res, err)
	}
	got, _ := db.Entries(ctx, res.Changed)
	if len(got) != 1 || got[0].Title != "Two, edited" || !got[0].Updated.Equal(t0.Add(2*time.Hour)) ||
		got[0].PublicID != "tag:x,2025:2" || !got[0].FirstSeen.Equal(t0) {
		t.Errorf("updated entry = %+v", got)
	}
}

func TestIngestRemapsChangedGUID(t *testing.T) { storetest.Each(t, testIngestRemapsChangedGUID) }

func testIngestRemapsChangedGUID(t *testing.T, engine dburl.Engine) {
	ctx := context.Background()
	db := openOn(t, engine)
	st := feed.SourceState{Name: "a"}
	old := rec("id:http://a.example/1", "One", "h1")
	old.CanonicalLink = "https://a.example/1"
	if _, err := db.Ingest(ctx, st, []Record{old}, t0); err != nil {
		t.Fatal(err)
	}
	moved := rec("id:https://a.example/1", "One", "h1")
	moved.CanonicalLink = "https://a.example/1"
	res, err := db.Ingest(ctx, st, []Record{moved}, t0.Add(time.Hour))
	if err != nil || res.Remapped != 1 || res.Inserted != 0 {
		t.Fatalf("remap: %+v, %v", res, err)
	}
	members, _ := db.Members(ctx)
	if len(members) != 1 || members[0].PublicID != old.PublicID {
		t.Errorf("members after remap = %+v, want one entry keeping its public id", members)
	}
}

func TestIngestDoesNotRemapLiveSibling(t *testing.T) {
	storetest.Each(t, testIngestDoesNotRemapLiveSibling)
}

func testIngestDoesNotRemapLiveSibling(t *testing.T, engine dburl.Engine) {
	ctx := context.Background()
	db := openOn(t, engine)
	st := feed.SourceState{Name: "a"}
	a, b := rec("1", "One", "h1"), rec("2", "Two", "h2")
	a.CanonicalLink, b.CanonicalLink = "https://a.example/", "https://a.example/"
	if _, err := db.Ingest(ctx, st, []Record{a}, t0); err != nil {
		t.Fatal(err)
	}
	res, err := db.Ingest(ctx, st, []Record{a, b}, t0)
	if err != nil || res.Inserted != 1 || res.Remapped != 0 {
		t.Fatalf("ingest: %+v, %v", res, err)
	}
}

func TestMergeClusters(t *testing.T) { storetest.Each(t, testMergeClusters) }

// Merges chained through a shared entry join one cluster under the
// smallest id, whether they are stored one at a time or together; a batch
// naming a missing entry stores none of its decisions.
func testMergeClusters(t *testing.T, engine dburl.Engine) {
	ctx := context.Background()
	for _, together := range []bool{false, true} {
		db := openOn(t, engine)
		ra, _ := db.Ingest(ctx, feed.SourceState{Name: "a"}, []Record{rec("1", "One", "h1")}, t0)
		rb, _ := db.Ingest(ctx, feed.SourceState{Name: "b"}, []Record{rec("1", "One", "h1")}, t0)
		rc, _ := db.Ingest(ctx, feed.SourceState{Name: "c"}, []Record{rec("1", "One", "h1")}, t0)
		a, b, c := ra.Changed[0], rb.Changed[0], rc.Changed[0]
		decisions := []Decision{{A: c, B: b, Reason: "test", TextSim: 1, TitleSim: 1}, {A: b, B: a, Reason: "test", TextSim: 1, TitleSim: 1}}
		if err := db.MergeAll(ctx, []Decision{decisions[0], {A: a, B: c + 100, Reason: "gone"}}, t0); err == nil {
			t.Fatalf("together=%v: a decision naming a missing entry was stored", together)
		}
		if merges, _ := db.Merges(ctx); len(merges) != 0 {
			t.Fatalf("together=%v: a failed batch left %d merge records", together, len(merges))
		}
		if together {
			if err := db.MergeAll(ctx, decisions, t0); err != nil {
				t.Fatal(err)
			}
		} else {
			for _, d := range decisions {
				if err := db.Merge(ctx, d.A, d.B, d.Reason, d.TextSim, d.TitleSim, t0); err != nil {
					t.Fatal(err)
				}
			}
		}
		members, _ := db.Members(ctx)
		for _, m := range members {
			if m.Cluster != a {
				t.Errorf("together=%v: entry %d in cluster %d, want %d", together, m.ID, m.Cluster, a)
			}
		}
		merges, _ := db.Merges(ctx)
		if len(merges) != 2 {
			t.Errorf("together=%v: got %d merge records, want 2", together, len(merges))
		}
	}
}

func TestSourceStateRoundTrip(t *testing.T) { storetest.Each(t, testSourceStateRoundTrip) }

func testSourceStateRoundTrip(t *testing.T, engine dburl.Engine) {
	ctx := context.Background()
	db := openOn(t, engine)
	want := feed.SourceState{Name: "a", URL: "https://a/x", ETag: `"e"`, LastModified: "Sat, 01 Mar 2025 12:00:00 GMT",
		LastAttempt: t0, LastSuccess: t0, LastStatus: 200, Failures: 2, FailingSince: t0, NextDue: t0.Add(time.Hour),
		HintInterval: 30 * time.Minute, RedirectTo: "https://b/x", RedirectSeen: 1, Gone: true}
	if err := db.SaveSourceState(ctx, want); err != nil {
		t.Fatal(err)
	}
	got, err := db.SourceState(ctx, "a")
	if err != nil {
		t.Fatal(err)
	}
	if got != want {
		t.Errorf("got %+v\nwant %+v", got, want)
	}
}

func TestOpenRefusesForeignFiles(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	text := filepath.Join(dir, "text.db")
	os.WriteFile(text, []byte("hello, I am not a database at all"), 0o644)
	if _, err := Open(ctx, text); !errors.Is(err, ErrForeign) {
		t.Errorf("text file: got %v, want ErrForeign", err)
	}
	if b, _ := os.ReadFile(text); string(b) != "hello, I am not a database at all" {
		t.Error("foreign file was modified")
	}
	other := filepath.Join(dir, "other.db")
	db, err := Open(ctx, other)
	if err != nil {
		t.Fatal(err)
	}
	db.sql.Exec("PRAGMA application_id = 42")
	db.Close()
	if _, err := Open(ctx, other); !errors.Is(err, ErrForeign) {
		t.Errorf("foreign application id: got %v, want ErrForeign", err)
	}
	again := filepath.Join(dir, "again.db")
	db, _ = Open(ctx, again)
	db.Close()
	db, err = Open(ctx, again)
	if err != nil {
		t.Fatalf("reopen own database: %v", err)
	}
	if res, _ := db.IntegrityCheck(ctx); res != "ok" {
		t.Errorf("integrity = %q", res)
	}
	db.Close()
}

func TestMeta(t *testing.T) { storetest.Each(t, testMeta) }

func testMeta(t *testing.T, engine dburl.Engine) {
	ctx := context.Background()
	db := openOn(t, engine)
	if v, err := db.Meta(ctx, "publish"); err != nil || v != "" {
		t.Fatalf("unset key: %q, %v", v, err)
	}
	for _, v := range []string{"one", "two"} {
		if err := db.SetMeta(ctx, "publish", v); err != nil {
			t.Fatal(err)
		}
		if got, err := db.Meta(ctx, "publish"); err != nil || got != v {
			t.Errorf("got %q, %v; want %q", got, err, v)
		}
	}
	if e, m, err := db.Totals(ctx); err != nil || e != 0 || m != 0 {
		t.Errorf("totals of an empty database: %d, %d, %v", e, m, err)
	}
}

// TestIngestNewEntriesAreTheirOwnCluster checks the ids and clusters new
// entries get: distinct increasing ids across ingests and sources, each
// entry alone in a cluster of its own id until a merge.
func TestIngestNewEntriesAreTheirOwnCluster(t *testing.T) {
	storetest.Each(t, testIngestNewEntriesAreTheirOwnCluster)
}

func testIngestNewEntriesAreTheirOwnCluster(t *testing.T, engine dburl.Engine) {
	ctx := context.Background()
	db := openOn(t, engine)
	var ids []int64
	for _, src := range []string{"a", "b", "a"} {
		key := fmt.Sprint(len(ids))
		res, err := db.Ingest(ctx, feed.SourceState{Name: src}, []Record{rec(key+"x", "X", "hx"), rec(key+"y", "Y", "hy")}, t0)
		if err != nil || res.Inserted != 2 {
			t.Fatalf("ingest %s: %+v, %v", src, res, err)
		}
		ids = append(ids, res.Changed...)
	}
	for i := 1; i < len(ids); i++ {
		if ids[i] <= ids[i-1] {
			t.Errorf("ids not increasing: %v", ids)
		}
	}
	members, err := db.Members(ctx)
	if err != nil || len(members) != len(ids) {
		t.Fatalf("members: %d, %v; want %d", len(members), err, len(ids))
	}
	for _, m := range members {
		if m.Cluster != m.ID {
			t.Errorf("new entry %d in cluster %d, want its own", m.ID, m.Cluster)
		}
	}
}

// TestLeaseHasOneWinner starts many processes' worth of Acquires on one
// expired lease at once: exactly one takes it.
func TestLeaseHasOneWinner(t *testing.T) {
	storetest.Each(t, func(t *testing.T, engine dburl.Engine) {
		ctx := context.Background()
		dsn := storetest.DSN(t, engine)
		first := openDSN(t, dsn)
		// A lease taken for no time at all has lapsed as soon as it is taken.
		if _, err := first.Acquire(ctx, "cycle", "gone:1", 0); err != nil {
			t.Fatal(err)
		}
		const n = 6
		dbs := make([]*DB, n)
		for i := range dbs {
			dbs[i] = openDSN(t, dsn)
		}
		errs := make([]error, n)
		var wg sync.WaitGroup
		for i := range n {
			wg.Go(func() {
				_, errs[i] = dbs[i].Acquire(ctx, "cycle", fmt.Sprintf("worker:%d", i), time.Minute)
			})
		}
		wg.Wait()
		won := 0
		for _, err := range errs {
			switch {
			case err == nil:
				won++
			case !errors.Is(err, ErrLeaseHeld):
				t.Errorf("acquire: %v", err)
			}
		}
		if won != 1 {
			t.Errorf("%d processes took the lease, want 1 (%v)", won, errs)
		}
	})
}
