package store

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/tributary/tributary/internal/dburl"
	"github.com/tributary/tributary/internal/feed"
	"github.com/tributary/tributary/internal/store/storetest"
)

// inlineCases are entries whose tsvectors fall on either side of the
// limits of PostgreSQL's storage: under the 2 kB past which TOAST used to
// take them out of the row, between that and a page (kept in the row since
// migration 0013), and past a page, which still goes out of line.
var inlineCases = []struct {
	name    string
	words   int  // distinct words in the body
	outside bool // whether the tsvector is stored out of line
}{
	{"short", 20, false},
	{"past 2 kB", 200, false},
	{"past a page", 3000, true},
}

// inlineBody is a body of n distinct made-up words and the word every
// case shares.
func inlineBody(n int) string {
	ws := make([]string, n, n+1)
	for i := range ws {
		ws[i] = fmt.Sprintf("w%dq%d", i, i*7919%1000)
	}
	return "<p>harbour " + strings.Join(ws, " ") + "</p>"
}

// TestSearchVectorsInRow holds PostgreSQL's tsvectors in their rows up to
// a page, as the ingest writes them, and as migration 0013 rewrites those
// of a database from before it, which then ranks exactly as it did.
func TestSearchVectorsInRow(t *testing.T) {
	ctx := context.Background()
	dsn := storetest.DSN(t, dburl.Postgres)
	db, err := Open(ctx, dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer func() { db.Close() }()
	for i, c := range inlineCases {
		before := toastedVectors(t, db)
		r := rec(c.name, "Case "+c.name, fmt.Sprint("h", i))
		r.Content = inlineBody(c.words)
		if _, err := db.Ingest(ctx, feed.SourceState{Name: "s"}, []Record{r}, t0); err != nil {
			t.Fatal(err)
		}
		if got := toastedVectors(t, db) - before; got != boolInt(c.outside) {
			t.Errorf("%s: %d tsvectors went out of line, want %d", c.name, got, boolInt(c.outside))
		}
	}

	// A database from before migration 0013: the default storage, and
	// its tsvectors written by that rule.
	if _, err := db.sql.ExecContext(ctx, `ALTER TABLE search_fts
		ALTER COLUMN document TYPE TSVECTOR USING document || ''::tsvector`); err != nil {
		t.Fatal(err)
	}
	if got, want := toastedVectors(t, db), 2; got != want {
		t.Fatalf("before the migration %d tsvectors are out of line, want %d", got, want)
	}
	queries := []string{"harbour", "case", `"harbour w0q0"`, "w1*"}
	ranked := func() [][]Hit {
		var out [][]Hit
		for _, s := range queries {
			q, err := ParseQuery(s)
			if err != nil {
				t.Fatal(err)
			}
			hits, err := db.Search(ctx, q, SearchOptions{})
			if err != nil || len(hits) == 0 {
				t.Fatalf("search %q: %v, %v", s, hits, err)
			}
			out = append(out, hits)
		}
		return out
	}
	want := ranked()
	if _, err := db.sql.ExecContext(ctx, "DELETE FROM schema_migrations WHERE version = 13"); err != nil {
		t.Fatal(err)
	}
	db.Close()
	if db, err = Open(ctx, dsn); err != nil {
		t.Fatal(err)
	}
	if got := toastedVectors(t, db); got != 1 {
		t.Errorf("after the migration %d tsvectors are out of line, want 1", got)
	}
	// The rewrite drops the statistics the planner needs to tell a
	// common word from a rare one; the migration gathers them again.
	var stats int
	if err := db.sql.QueryRowContext(ctx, `SELECT count(*) FROM pg_stats WHERE schemaname = current_schema()
		AND tablename = 'search_fts' AND attname = 'document' AND most_common_elems IS NOT NULL`).Scan(&stats); err != nil || stats != 1 {
		t.Errorf("statistics of search_fts.document after the migration: %d rows, %v; want 1", stats, err)
	}
	for i, hits := range ranked() {
		if !slices.Equal(hits, want[i]) {
			t.Errorf("search %q after the migration = %+v, before %+v", queries[i], hits, want[i])
		}
	}
}

// toastedVectors counts the tsvectors stored out of line, in search_fts's
// TOAST table.
func toastedVectors(t *testing.T, db *DB) int {
	t.Helper()
	var toast string
	if err := db.sql.QueryRowContext(context.Background(),
		"SELECT reltoastrelid::regclass::text FROM pg_class WHERE oid = 'search_fts'::regclass").Scan(&toast); err != nil {
		t.Fatal(err)
	}
	var n int
	if err := db.sql.QueryRowContext(context.Background(),
		"SELECT count(DISTINCT chunk_id) FROM "+toast).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}
