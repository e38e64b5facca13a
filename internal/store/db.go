// Package store keeps Tributary's state in a database: sources with their
// HTTP validators and health, entries keyed so the database enforces
// identity, near-duplicate band keys, the ledger of published ids, and
// leases that keep concurrent runs apart.
//
// One implementation serves two engines: SQLite (modernc.org/sqlite, no
// cgo), the embedded default, and PostgreSQL (pgx), for those who outgrow
// one machine. The queries are shared; where the engines differ, the
// dialect decides (dialect.go).
package store

import (
	"context"
	"errors"
	"fmt"

	"github.com/tributary/tributary/internal/dburl"
)

// ErrForeign is returned when the database is not a Tributary database.
var ErrForeign = errors.New("not a Tributary database")

// DB is an open Tributary database.
type DB struct {
	sql     *sqlDB
	dsn     string
	dialect dialect
	// fence, when set, is checked by every writing transaction (see
	// Fenced).
	fence Fence
}

// Open opens the database named by dsn, a postgres:// URL or the path of a
// SQLite file (created if needed), and applies pending migrations. It
// refuses a database that belongs to another program, rather than
// migrating it.
func Open(ctx context.Context, dsn string) (*DB, error) {
	d := dialectFor(dsn)
	sqldb, err := openSQL(ctx, d, dsn)
	if err != nil {
		return nil, err
	}
	db := &DB{sql: sqldb, dsn: dsn, dialect: d}
	if err := db.migrate(ctx); err != nil {
		sqldb.Close()
		if errors.Is(err, ErrForeign) {
			return nil, err
		}
		return nil, fmt.Errorf("migrate database %s: %w", db.Path(), dburl.Scrub(err, dsn))
	}
	return db, nil
}

// Close closes the database (on SQLite, checkpointing the WAL first).
func (db *DB) Close() error {
	db.dialect.beforeClose(db.sql)
	return db.sql.Close()
}

// Path names the database for messages: the SQLite file, or the
// PostgreSQL URL without its password.
func (db *DB) Path() string { return dburl.Redact(db.dsn) }

// Engine is the engine the database runs on.
func (db *DB) Engine() dburl.Engine { return db.dialect.engine() }

// IntegrityCheck returns "ok" when the database is healthy, else what is
// wrong (SQLite's integrity_check; on PostgreSQL, that the server answers).
func (db *DB) IntegrityCheck(ctx context.Context) (string, error) {
	res, err := db.dialect.integrityCheck(ctx, db.sql)
	if err != nil {
		return "", fmt.Errorf("integrity check: %w", err)
	}
	return res, nil
}
