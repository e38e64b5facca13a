// Package storetest gives tests a fresh, empty database on each engine:
// SQLite in the test's temporary directory, PostgreSQL as a throwaway
// database created on the server named by TRIBUTARY_TEST_POSTGRES and
// dropped when the test ends. Without that variable the PostgreSQL cases
// skip, except under CI (CI set), where they fail: CI must not pass by
// testing one engine only.
//
// It hands out database values (paths and URLs), not open stores, so that
// the store's own tests can use it as well as the packages above it.
package storetest

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	_ "github.com/jackc/pgx/v5/stdlib" // registers the "pgx" driver

	"github.com/tributary/tributary/internal/dburl"
)

// PostgresEnv names the variable holding the URL of a PostgreSQL server
// the tests may create and drop databases on (as a role allowed to).
const PostgresEnv = "TRIBUTARY_TEST_POSTGRES"

// Engines are the engines every store test runs on.
func Engines() []dburl.Engine { return []dburl.Engine{dburl.SQLite, dburl.Postgres} }

// Each runs test once per engine, as subtests named after the engines.
func Each(t *testing.T, test func(t *testing.T, engine dburl.Engine)) {
	t.Helper()
	for _, e := range Engines() {
		t.Run(string(e), func(t *testing.T) { test(t, e) })
	}
}

// EachB runs a benchmark once per engine, as sub-benchmarks named after
// the engines.
func EachB(b *testing.B, bench func(b *testing.B, engine dburl.Engine)) {
	b.Helper()
	for _, e := range Engines() {
		b.Run(string(e), func(b *testing.B) { bench(b, e) })
	}
}

// DSN returns the database value of a new, empty database on engine,
// removed at the end of the test.
func DSN(t testing.TB, engine dburl.Engine) string {
	t.Helper()
	if engine == dburl.Postgres {
		return Postgres(t)
	}
	return filepath.Join(t.TempDir(), "tributary.db")
}

// Server returns the URL of the test PostgreSQL server, skipping the test
// when there is none (failing it under CI).
func Server(t testing.TB) string {
	t.Helper()
	admin := os.Getenv(PostgresEnv)
	if admin == "" {
		if os.Getenv("CI") != "" {
			t.Fatalf("%s is not set: CI must run the PostgreSQL tests (see .ci/run)", PostgresEnv)
		}
		t.Skipf("%s is not set: no PostgreSQL server to test on", PostgresEnv)
	}
	return admin
}

// Postgres creates a uniquely named database on the test server and
// returns its URL; the database is dropped (closing whatever the test
// left connected) when the test ends.
func Postgres(t testing.TB) string {
	t.Helper()
	admin := Server(t)
	name := databaseName(t.Name())
	ctx := context.Background()
	db, err := sql.Open("pgx", admin)
	if err != nil {
		t.Fatalf("connect to %s: %v", dburl.Redact(admin), err)
	}
	defer db.Close()
	if _, err := db.ExecContext(ctx, `CREATE DATABASE "`+name+`"`); err != nil {
		t.Fatalf("create test database on %s: %v", dburl.Redact(admin), err)
	}
	t.Cleanup(func() {
		db, err := sql.Open("pgx", admin)
		if err != nil {
			t.Errorf("drop test database %s: %v", name, err)
			return
		}
		defer db.Close()
		if _, err := db.ExecContext(context.Background(), `DROP DATABASE IF EXISTS "`+name+`" WITH (FORCE)`); err != nil {
			t.Errorf("drop test database %s: %v", name, err)
		}
	})
	dsn, err := withDatabase(admin, name)
	if err != nil {
		t.Fatal(err)
	}
	return dsn
}

// withDatabase is the server URL naming another database.
func withDatabase(server, name string) (string, error) {
	u, err := url.Parse(server)
	if err != nil {
		return "", err
	}
	q := u.Query()
	if q.Has("dbname") {
		q.Set("dbname", name)
		u.RawQuery = q.Encode()
	} else {
		u.Path = "/" + name
	}
	return u.String(), nil
}

var unsafeChars = regexp.MustCompile(`[^a-z0-9]+`)

// databaseName is a valid, unique database name that says which test
// made it (PostgreSQL names hold at most 63 bytes).
func databaseName(test string) string {
	b := make([]byte, 5)
	rand.Read(b)
	stem := strings.Trim(unsafeChars.ReplaceAllString(strings.ToLower(test), "_"), "_")
	if len(stem) > 40 {
		stem = stem[:40]
	}
	return "trib_" + stem + "_" + hex.EncodeToString(b)
}
