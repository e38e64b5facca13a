package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io/fs"
	"os"

	"github.com/tributary/tributary/internal/dburl"
)

// ProbeResult is what answered at a database value.
type ProbeResult struct {
	Engine  dburl.Engine
	Name    string // the file, or the URL without its password
	Exists  bool   // false for a SQLite file not created yet
	Version string // the engine's version, "PostgreSQL 15.18" say
	Schema  int    // the latest migration applied; 0 before the first run
}

// Probe connects to the database named by dsn and reports what answers,
// changing nothing: no file is created, no migration applied.
func Probe(ctx context.Context, dsn string) (ProbeResult, error) {
	d := dialectFor(dsn)
	res := ProbeResult{Engine: d.engine(), Name: dburl.Redact(dsn)}
	if d.engine() == dburl.SQLite {
		if _, err := os.Stat(dsn); errors.Is(err, fs.ErrNotExist) {
			return res, nil
		}
	}
	db, err := openSQL(ctx, d, dsn)
	if err != nil {
		return res, err
	}
	defer db.Close()
	res.Exists = true
	if res.Version, err = d.version(ctx, db); err != nil {
		return res, fmt.Errorf("probe database %s: %w", res.Name, dburl.Scrub(err, dsn))
	}
	var schema sql.NullInt64
	if err := db.QueryRowContext(ctx, "SELECT max(version) FROM schema_migrations").Scan(&schema); err == nil {
		res.Schema = int(schema.Int64)
	}
	return res, nil
}

func (sqliteDialect) version(ctx context.Context, db *sqlDB) (string, error) {
	var v string
	err := db.QueryRowContext(ctx, "SELECT sqlite_version()").Scan(&v)
	return "SQLite " + v, err
}

func (postgresDialect) version(ctx context.Context, db *sqlDB) (string, error) {
	var v string
	err := db.QueryRowContext(ctx, "SHOW server_version").Scan(&v)
	return "PostgreSQL " + v, err
}
