package store

import (
	"context"
	"database/sql"
	"errors"
	"io/fs"
	"path"
	"reflect"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/tributary/tributary/internal/dburl"
	"github.com/tributary/tributary/internal/feed"
	"github.com/tributary/tributary/internal/store/storetest"
)

func TestNumberPlaceholders(t *testing.T) {
	tests := []struct{ in, want string }{
		{"SELECT 1", "SELECT 1"},
		{"SELECT a FROM t WHERE b = ? AND c IN (?,?)", "SELECT a FROM t WHERE b = $1 AND c IN ($2,$3)"},
		{"SELECT '?', \"a?\" FROM t WHERE x = ?", "SELECT '?', \"a?\" FROM t WHERE x = $1"},
		{"SELECT 'it''s?' WHERE x = ?", "SELECT 'it''s?' WHERE x = $1"},
		{"-- why?\nSELECT ?", "-- why?\nSELECT $1"},
		{"SELECT 'open ?", "SELECT 'open ?"},
	}
	for _, tt := range tests {
		if got := numberPlaceholders(tt.in); got != tt.want {
			t.Errorf("numberPlaceholders(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

// column is one column of a table as the schema test compares it.
type column struct{ table, name, family string }

// typeFamily maps each engine's declared types to what they hold; a type
// missing here fails the test, to be added on purpose.
func typeFamily(typ string) string {
	switch typ {
	case "INTEGER", "BIGINT", "bigint", "integer":
		return "int"
	case "TEXT", "text":
		return "text"
	case "REAL", "double precision":
		return "float"
	case "BLOB", "bytea":
		return "bytes"
	}
	return "unknown type " + typ
}

func schemaOf(t *testing.T, db *DB) []column {
	t.Helper()
	ctx := context.Background()
	var q string
	switch db.Engine() {
	case dburl.SQLite:
		q = `SELECT m.name, c.name, c.type FROM sqlite_master m, pragma_table_info(m.name) c
			WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite_%'`
	case dburl.Postgres:
		q = `SELECT table_name, column_name, data_type FROM information_schema.columns
			WHERE table_schema = current_schema()`
	}
	rows, err := db.sql.QueryContext(ctx, q)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var out []column
	for rows.Next() {
		var c column
		var typ string
		if err := rows.Scan(&c.table, &c.name, &typ); err != nil {
			t.Fatal(err)
		}
		c.family = typeFamily(typ)
		out = append(out, c)
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	slices.SortFunc(out, func(a, b column) int {
		return strings.Compare(a.table+"."+a.name, b.table+"."+b.name)
	})
	return out
}

// TestSchemasMatch proves that both engines' migrations build the same
// tables with the same columns, of the same kinds, and that every text
// column on PostgreSQL compares bytes (COLLATE "C"), as SQLite's do.
func TestSchemasMatch(t *testing.T) {
	lite := schemaOf(t, openOn(t, dburl.SQLite))
	pg := openOn(t, dburl.Postgres)
	pgCols := schemaOf(t, pg)
	if !reflect.DeepEqual(lite, pgCols) {
		t.Errorf("schemas differ:\n%s", diffColumns(lite, pgCols))
	}
	rows, err := pg.sql.Query(`SELECT table_name, column_name, coalesce(collation_name, '') FROM information_schema.columns
		WHERE table_schema = current_schema() AND data_type = 'text'`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	for rows.Next() {
		var table, name, coll string
		if err := rows.Scan(&table, &name, &coll); err != nil {
			t.Fatal(err)
		}
		if coll != "C" {
			t.Errorf(`postgres column %s.%s has collation %q, want "C" (declare it TEXT COLLATE "C")`, table, name, coll)
		}
	}
}

func diffColumns(a, b []column) string {
	var out []string
	for _, c := range a {
		if !slices.Contains(b, c) {
			out = append(out, "only on sqlite: "+c.table+"."+c.name+" ("+c.family+")")
		}
	}
	for _, c := range b {
		if !slices.Contains(a, c) {
			out = append(out, "only on postgres: "+c.table+"."+c.name+" ("+c.family+")")
		}
	}
	return strings.Join(out, "\n")
}

// TestMigrationVersionsMatch checks that every migration exists for both
// engines under the same number.
func TestMigrationVersionsMatch(t *testing.T) {
	versions := func(glob string) []string {
		names, err := fs.Glob(migrations, glob)
		if err != nil {
			t.Fatal(err)
		}
		var out []string
		for _, n := range names {
			out = append(out, strings.SplitN(path.Base(n), "_", 2)[0])
		}
		return out
	}
	lite, pg := versions(sqliteDialect{}.migrationGlob()), versions(postgresDialect{}.migrationGlob())
	if len(lite) == 0 || !slices.Equal(lite, pg) {
		t.Errorf("migration versions: sqlite %v, postgres %v", lite, pg)
	}
}

// TestConcurrentOpensMigrateOnce starts several processes' worth of Opens
// on one empty PostgreSQL database at once: each must succeed, and each
// migration must be recorded once.
func TestConcurrentOpensMigrateOnce(t *testing.T) {
	dsn := storetest.DSN(t, dburl.Postgres)
	ctx := context.Background()
	const n = 6
	var wg sync.WaitGroup
	errs := make([]error, n)
	dbs := make([]*DB, n)
	for i := range n {
		wg.Go(func() { dbs[i], errs[i] = Open(ctx, dsn) })
	}
	wg.Wait()
	for i, err := range errs {
		if err != nil {
			t.Errorf("open %d: %v", i, err)
			continue
		}
		defer dbs[i].Close()
	}
	if t.Failed() {
		return
	}
	var rows, distinct int
	if err := dbs[0].sql.QueryRow("SELECT count(*), count(DISTINCT version) FROM schema_migrations").Scan(&rows, &distinct); err != nil {
		t.Fatal(err)
	}
	names, _ := fs.Glob(migrations, postgresDialect{}.migrationGlob())
	if rows != len(names) || distinct != len(names) {
		t.Errorf("schema_migrations holds %d rows (%d versions), want %d", rows, distinct, len(names))
	}
}

func TestOpenRefusesForeignPostgres(t *testing.T) {
	dsn := storetest.DSN(t, dburl.Postgres)
	ctx := context.Background()
	raw, err := sql.Open("pgx", dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer raw.Close()
	if _, err := raw.Exec("CREATE TABLE invoices (id BIGINT)"); err != nil {
		t.Fatal(err)
	}
	if _, err := Open(ctx, dsn); !errors.Is(err, ErrForeign) {
		t.Fatalf("database with another program's table: got %v, want ErrForeign", err)
	}
	var n int
	if err := raw.QueryRow("SELECT count(*) FROM pg_tables WHERE schemaname = current_schema()").Scan(&n); err != nil || n != 1 {
		t.Errorf("tables after the refusal: %d, %v; want the one there was", n, err)
	}
}

// TestNULsNeverReachTheDatabase ingests an entry and a source state with
// a NUL in every text field: PostgreSQL would refuse them; both engines
// store them without it, alike.
func TestNULsNeverReachTheDatabase(t *testing.T) {
	ctx := context.Background()
	var got []Record
	var states []feed.SourceState
	storetest.Each(t, func(t *testing.T, engine dburl.Engine) {
		db := openOn(t, engine)
		r := rec("k\x00ey", "Ti\x00tle", "h\x001")
		setStrings(reflect.ValueOf(&r).Elem(), "x\x00y")
		r.Key, r.PublicID, r.AltPublicID = "k\x00ey", "tag:x,2025:\x00", ""
		r.Authors, r.Categories = []string{"a\x00b"}, []string{"c\x00d"}
		r.Enclosures = []feed.Enclosure{{URL: "https://a.example/\x00.mp3", Type: "audio/mpeg"}}
		st := feed.SourceState{Name: "s\x00rc"}
		setStrings(reflect.ValueOf(&st).Elem(), "p\x00q")
		st.Name = "s\x00rc"
		res, err := db.Ingest(ctx, st, []Record{r}, t0)
		if err != nil {
			t.Fatal(err)
		}
		if err := db.SetMeta(ctx, "k\x00", "v\x00"); err != nil {
			t.Fatal(err)
		}
		if err := db.Merge(ctx, res.Changed[0], res.Changed[0], "why\x00", 1, 1, t0); err != nil {
			t.Fatal(err)
		}
		recs, err := db.Entries(ctx, res.Changed)
		if err != nil || len(recs) != 1 {
			t.Fatalf("entries: %v, %v", recs, err)
		}
		if got := recs[0]; got.Title != "xy" || got.Key != "key" || got.Authors[0] != "ab" || got.Enclosures[0].URL != "https://a.example/.mp3" {
			t.Errorf("stored entry = %+v, want every NUL gone", got)
		}
		back, err := db.SourceState(ctx, "src")
		if err != nil || back.ETag != "pq" {
			t.Errorf("source state = %+v, %v; want it stored as src, without NULs", back, err)
		}
		if v, err := db.Meta(ctx, "k"); err != nil || v != "v" {
			t.Errorf("meta = %q, %v", v, err)
		}
		got = append(got, recs[0])
		states = append(states, back)
	})
	if len(got) == 2 {
		got[0].ID, got[1].ID = 0, 0
		got[0].Cluster, got[1].Cluster = 0, 0
		if !reflect.DeepEqual(got[0], got[1]) || states[0] != states[1] {
			t.Errorf("the engines stored different things:\n%+v\n%+v", got[0], got[1])
		}
	}
}

// setStrings sets every string field of the struct v to s.
func setStrings(v reflect.Value, s string) {
	for i := range v.NumField() {
		if f := v.Field(i); f.Kind() == reflect.String && f.CanSet() {
			f.SetString(s)
		}
	}
}

func TestJSONTextDropsNULs(t *testing.T) {
	tests := []struct {
		in   []string
		want string
	}{
		{[]string{"a\x00b"}, `["ab"]`},
		{[]string{`back\u0000slash`}, `["back\\u0000slash"]`},
		{[]string{"\\\x00"}, `["\\"]`},
		{nil, `[]`},
	}
	for _, tt := range tests {
		if got := jsonText(tt.in); got != tt.want {
			t.Errorf("jsonText(%q) = %s, want %s", tt.in, got, tt.want)
		}
	}
}
