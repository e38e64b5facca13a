// Package store keeps Tributary's state in SQLite (modernc.org/sqlite, no
// cgo): sources with their HTTP validators and health, entries keyed so the
// database enforces identity, near-duplicate band keys, the ledger of
// published ids, and leases that keep concurrent runs apart.
package store

import (
	"bytes"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io"
	"net/url"
	"os"
	"path/filepath"

	_ "modernc.org/sqlite" // registers the "sqlite" driver
)

// applicationID marks a SQLite file as Tributary's ("TRIB"), so a foreign
// database is refused instead of being silently migrated.
const applicationID = 0x54524942

// ErrForeign is returned when the file is not a Tributary database.
var ErrForeign = errors.New("not a Tributary database")

// DB is an open Tributary database.
type DB struct {
	sql  *sql.DB
	path string
	// fence, when set, is checked by every writing transaction (see
	// Fenced).
	fence Fence
}

// Open opens (creating if needed) the database at path and applies pending
// migrations. It refuses a file that is not SQLite or belongs to another
// program, rather than recreating it.
func Open(ctx context.Context, path string) (*DB, error) {
	if err := checkFile(path); err != nil {
		return nil, err
	}
	if dir := filepath.Dir(path); dir != "" {
		if err := os.MkdirAll(dir, 0o755); err != nil {
			return nil, fmt.Errorf("open database %s: %w", path, err)
		}
	}
	q := url.Values{}
	// Retention frees pages; incremental auto-vacuum lets them go back to
	// the file system. It takes effect only on a database created with it
	// (before its first table); older ones are converted at their first
	// prune (see Reclaim).
	q.Add("_pragma", "auto_vacuum(INCREMENTAL)")
	q.Add("_pragma", "busy_timeout(10000)")
	q.Add("_pragma", "foreign_keys(1)")
	q.Add("_pragma", "journal_mode(WAL)")
	q.Add("_pragma", "synchronous(NORMAL)")
	// modernc's SQLite reads pages with a syscall each: a larger page cache
	// (16 MiB per connection) saves many of them. No mmap: mapped pages of a
	// large database would count against the run's memory.
	q.Add("_pragma", "cache_size(-16384)")
	q.Add("_pragma", "temp_store(MEMORY)")
	// A cold run writes hundreds of megabytes, one transaction per source.
	// Checkpointing every 4 MiB of WAL (the default) copies the index
	// pages every transaction touches back into the database over and
	// over; every 32 MiB copies each of them once per many sources. The
	// WAL is truncated when the run closes the database.
	q.Add("_pragma", "wal_autocheckpoint(8192)")
	q.Set("_txlock", "immediate")
	sqldb, err := sql.Open("sqlite", "file:"+path+"?"+q.Encode())
	if err != nil {
		return nil, fmt.Errorf("open database %s: %w", path, err)
	}
	db := &DB{sql: sqldb, path: path}
	if err := db.claim(ctx); err != nil {
		sqldb.Close()
		return nil, err
	}
	if err := db.migrate(ctx); err != nil {
		sqldb.Close()
		return nil, fmt.Errorf("migrate database %s: %w", path, err)
	}
	return db, nil
}

// Close closes the database, checkpointing the WAL.
func (db *DB) Close() error {
	_, _ = db.sql.Exec("PRAGMA wal_checkpoint(TRUNCATE)")
	return db.sql.Close()
}

// Path is the file the database lives in.
func (db *DB) Path() string { return db.path }

// IntegrityCheck runs PRAGMA integrity_check and returns its verdict ("ok"
// when healthy).
func (db *DB) IntegrityCheck(ctx context.Context) (string, error) {
	var res string
	if err := db.sql.QueryRowContext(ctx, "PRAGMA integrity_check").Scan(&res); err != nil {
		return "", fmt.Errorf("integrity check: %w", err)
	}
	return res, nil
}

// checkFile refuses a non-empty file that does not start with SQLite's
// header, before the driver gets a chance to complain obscurely.
func checkFile(path string) error {
	f, err := os.Open(path)
	if errors.Is(err, os.ErrNotExist) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("open database %s: %w", path, err)
	}
	defer f.Close()
	head := make([]byte, 16)
	n, err := io.ReadFull(f, head)
	if n == 0 && (err == io.EOF || err == nil) {
		return nil
	}
	if !bytes.Equal(head[:n], []byte("SQLite format 3\x00")[:n]) || n < 16 {
		return fmt.Errorf("open database %s: %w (not a SQLite file; move it away or point database: elsewhere)", path, ErrForeign)
	}
	return nil
}

// claim stamps a new database with Tributary's application id and refuses
// one that holds another program's tables.
func (db *DB) claim(ctx context.Context) error {
	var appID int64
	if err := db.sql.QueryRowContext(ctx, "PRAGMA application_id").Scan(&appID); err != nil {
		return fmt.Errorf("open database %s: %w", db.path, err)
	}
	if appID == applicationID {
		return nil
	}
	var tables int
	if err := db.sql.QueryRowContext(ctx, "SELECT count(*) FROM sqlite_master").Scan(&tables); err != nil {
		return fmt.Errorf("open database %s: %w", db.path, err)
	}
	if tables > 0 || appID != 0 {
		return fmt.Errorf("open database %s: %w (it holds another program's data; refusing to touch it)", db.path, ErrForeign)
	}
	if _, err := db.sql.ExecContext(ctx, fmt.Sprintf("PRAGMA application_id = %d", applicationID)); err != nil {
		return fmt.Errorf("open database %s: %w", db.path, err)
	}
	return nil
}
