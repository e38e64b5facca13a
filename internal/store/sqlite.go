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
	"strings"

	_ "modernc.org/sqlite" // registers the "sqlite" driver

	"github.com/tributary/tributary/internal/dburl"
)

// applicationID marks a SQLite file as Tributary's ("TRIB"), so a foreign
// database is refused instead of being silently migrated.
const applicationID = 0x54524942

// sqliteDialect is the embedded default: one file, one writer at a time.
type sqliteDialect struct{}

func (sqliteDialect) engine() dburl.Engine       { return dburl.SQLite }
func (sqliteDialect) numbered() bool             { return false }
func (sqliteDialect) migrationGlob() string      { return "migrations/*.sql" }
func (sqliteDialect) indexedBy(ix string) string { return " INDEXED BY " + ix }
func (sqliteDialect) cachesStatements() bool     { return false }

func (sqliteDialect) open(ctx context.Context, path string) (*sql.DB, error) {
	if err := checkFile(path); err != nil {
		return nil, err
	}
	if dir := filepath.Dir(path); dir != "" {
		if err := os.MkdirAll(dir, 0o755); err != nil {
			return nil, fmt.Errorf("open database %s: %w", path, err)
		}
	}
	sqldb, err := sql.Open("sqlite", sqliteDSN(path, false))
	if err != nil {
		return nil, fmt.Errorf("open database %s: %w", path, err)
	}
	// Reading connections are kept rather than closed and opened again
	// between bursts of reads: each keeps its page cache.
	sqldb.SetMaxIdleConns(4)
	return sqldb, nil
}

// writer opens a second handle on the file, holding one connection, for
// every transaction and every write. SQLite admits one writer at a time
// anyway, but a connection that sees another one's commit in the WAL
// throws its whole page cache away and reads the pages back: with writes
// spread over a pool, each of a cold run's thousand ingests began that
// way, and resetting and refilling caches cost a fifth of its CPU. On one
// connection, the cache survives from one ingest to the next.
func (sqliteDialect) writer(path string, _ *sql.DB) (*sql.DB, error) {
	w, err := sql.Open("sqlite", sqliteDSN(path, true))
	if err != nil {
		return nil, fmt.Errorf("open database %s: %w", path, err)
	}
	w.SetMaxOpenConns(1)
	w.SetMaxIdleConns(1)
	return w, nil
}

// sqliteDSN is the driver's name for the file, with the pragmas every
// connection starts with; the writing connection's (writer) also sets the
// auto-vacuum mode.
func sqliteDSN(path string, writer bool) string {
	q := url.Values{}
	if writer {
		// Retention frees pages; incremental auto-vacuum lets them go
		// back to the file system. It takes effect only on a database
		// created with it (before its first table); older ones are
		// converted at their first prune (see Reclaim). Setting it is a
		// write (the header's vacuum flag), so only the writer does it,
		// once: a reading connection that wrote it whenever it opened
		// would make the writer throw away its page cache.
		q.Add("_pragma", "auto_vacuum(INCREMENTAL)")
	}
	q.Add("_pragma", "busy_timeout(10000)")
	q.Add("_pragma", "foreign_keys(1)")
	q.Add("_pragma", "journal_mode(WAL)")
	q.Add("_pragma", "synchronous(NORMAL)")
	// modernc's SQLite reads pages with a syscall each: a larger page cache
	// saves many of them. The writer's (16 MiB) holds the indexes every
	// ingest touches. A reader's is small (2 MiB): it is thrown away, and
	// each of its pages freed one by one, whenever the writer has
	// committed since the reader last read, and a few readers with full
	// caches would take 30 MB of a run's memory. No mmap: mapped pages of
	// a large database would count against the run's memory.
	if writer {
		q.Add("_pragma", "cache_size(-16384)")
	} else {
		q.Add("_pragma", "cache_size(-2048)")
	}
	q.Add("_pragma", "temp_store(MEMORY)")
	// A cold run writes hundreds of megabytes.
	// Checkpointing every 4 MiB of WAL (the default) copies the index
	// pages every transaction touches back into the database over and
	// over; every 32 MiB copies each of them once per many sources. The
	// WAL is truncated when the run closes the database.
	q.Add("_pragma", "wal_autocheckpoint(8192)")
	// Every transaction takes the write lock when it begins: a
	// read-then-write (an ingest, a lease) is never overtaken.
	q.Set("_txlock", "immediate")
	if !writer {
		// Reading connections cannot write: a write that went through
		// one by mistake fails loudly instead of costing the writer its
		// cache.
		q.Set("mode", "ro")
	}
	return "file:" + uriPath(path) + "?" + q.Encode()
}

// uriPath escapes what SQLite's URI filenames would read otherwise: '?'
// starts the parameters, '#' a fragment, and '%' an escape (a test's
// directory, named after a subtest, holds '#').
func uriPath(path string) string {
	return strings.NewReplacer("%", "%25", "?", "%3f", "#", "%23").Replace(path)
}

// lockMigrations has nothing to do: every SQLite transaction begins
// immediate, holding the only write lock.
func (sqliteDialect) lockMigrations(context.Context, *sqlTx) error { return nil }

func (sqliteDialect) lockRows(context.Context, *sqlTx, string) error { return nil }

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
func (sqliteDialect) claim(ctx context.Context, tx *sqlTx, name string) error {
	var appID int64
	if err := tx.QueryRowContext(ctx, "PRAGMA application_id").Scan(&appID); err != nil {
		return fmt.Errorf("open database %s: %w", name, err)
	}
	if appID == applicationID {
		return nil
	}
	var tables int
	if err := tx.QueryRowContext(ctx, "SELECT count(*) FROM sqlite_master").Scan(&tables); err != nil {
		return fmt.Errorf("open database %s: %w", name, err)
	}
	if tables > 0 || appID != 0 {
		return fmt.Errorf("open database %s: %w (it holds another program's data; refusing to touch it)", name, ErrForeign)
	}
	if _, err := tx.ExecContext(ctx, fmt.Sprintf("PRAGMA application_id = %d", applicationID)); err != nil {
		return fmt.Errorf("open database %s: %w", name, err)
	}
	return nil
}

// nextIDs numbers new entries from one above the largest id ever used,
// pruned ones included. The ingest transaction holds SQLite's only write
// lock, so no one else can take the same numbers.
func (sqliteDialect) nextIDs(ctx context.Context, tx *txStmts, n int) ([]int64, error) {
	var first int64
	err := tx.queryRow(ctx, `SELECT max(coalesce((SELECT max(id) FROM entries), 0),
		coalesce((SELECT max(id) FROM tombstones), 0)) + 1`).Scan(&first)
	if err != nil {
		return nil, err
	}
	ids := make([]int64, n)
	for i := range ids {
		ids[i] = first + int64(i)
	}
	return ids, nil
}

func (sqliteDialect) integrityCheck(ctx context.Context, db *sqlDB) (string, error) {
	var res string
	err := db.QueryRowContext(ctx, "PRAGMA integrity_check").Scan(&res)
	return res, err
}

// beforeClose checkpoints the WAL, leaving one file behind.
func (sqliteDialect) beforeClose(db *sqlDB) {
	_, _ = db.Exec("PRAGMA wal_checkpoint(TRUNCATE)")
}
