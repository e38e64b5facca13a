package store

import (
	"context"
	"fmt"
)

// autoVacuumIncremental is PRAGMA auto_vacuum's value for INCREMENTAL.
const autoVacuumIncremental = 2

// Reclaim gives the database's free pages back to the file system and
// returns how many bytes the file shrank by. A database created before
// incremental auto-vacuum was turned on is converted first, once, with a
// full VACUUM: it rewrites the file (needing as much free disk again) in
// one transaction, so a crash or a full disk leaves the old file intact.
// The caller holds the cycle lease, so no other write is waiting.
//
// On PostgreSQL, autovacuum makes freed space reusable and nothing is
// given back (that would take VACUUM FULL, which locks every table): it
// returns 0.
func (db *DB) Reclaim(ctx context.Context) (int64, error) {
	return db.dialect.reclaim(ctx, db.sql)
}

func (sqliteDialect) reclaim(ctx context.Context, db *sqlDB) (int64, error) {
	conn, err := db.WriteConn(ctx)
	if err != nil {
		return 0, fmt.Errorf("reclaim space: %w", err)
	}
	defer conn.Close()
	size := func() (int64, error) {
		var pages, pageSize int64
		err := conn.QueryRowContext(ctx, "SELECT (SELECT page_count FROM pragma_page_count()), (SELECT page_size FROM pragma_page_size())").Scan(&pages, &pageSize)
		return pages * pageSize, err
	}
	before, err := size()
	if err != nil {
		return 0, fmt.Errorf("reclaim space: %w", err)
	}
	// FTS5 keeps a pruned entry's terms, marked deleted, until its index
	// segments merge; ingest writes segments in large batches that seldom
	// merge by themselves (see flushSearch). Merging them all here, after
	// a prune (once a day), hands that space back with the rest.
	if _, err := conn.ExecContext(ctx, "INSERT INTO search_fts (search_fts) VALUES ('optimize')"); err != nil {
		return 0, fmt.Errorf("reclaim space: merge the search index: %w", err)
	}
	if _, err := conn.ExecContext(ctx, "DELETE FROM meta WHERE key = ?", searchDeletedKey); err != nil {
		return 0, fmt.Errorf("reclaim space: %w", err)
	}
	var mode int
	if err := conn.QueryRowContext(ctx, "PRAGMA auto_vacuum").Scan(&mode); err != nil {
		return 0, fmt.Errorf("reclaim space: %w", err)
	}
	if mode != autoVacuumIncremental {
		// VACUUM builds the new copy in SQLite's temporary store, which
		// Open puts in memory: the whole database would be held there.
		// This connection builds it in a temporary file instead.
		if _, err := conn.ExecContext(ctx, "PRAGMA temp_store = FILE"); err != nil {
			return 0, fmt.Errorf("reclaim space: %w", err)
		}
		defer conn.ExecContext(context.WithoutCancel(ctx), "PRAGMA temp_store = MEMORY")
		if _, err := conn.ExecContext(ctx, "PRAGMA auto_vacuum = INCREMENTAL"); err != nil {
			return 0, fmt.Errorf("reclaim space: %w", err)
		}
		if _, err := conn.ExecContext(ctx, "VACUUM"); err != nil {
			return 0, fmt.Errorf("reclaim space: convert to incremental vacuum: %w", err)
		}
	} else if _, err := conn.ExecContext(ctx, "PRAGMA incremental_vacuum"); err != nil {
		return 0, fmt.Errorf("reclaim space: %w", err)
	}
	// The WAL holds the moved pages until a checkpoint copies them back
	// and the file can be truncated.
	if _, err := conn.ExecContext(ctx, "PRAGMA wal_checkpoint(TRUNCATE)"); err != nil {
		return 0, fmt.Errorf("reclaim space: %w", err)
	}
	after, err := size()
	if err != nil {
		return 0, fmt.Errorf("reclaim space: %w", err)
	}
	return before - after, nil
}

// FreeBytes is the size of the database's free pages: space pruning freed
// that new entries will reuse, or Reclaim can return (always 0 on
// PostgreSQL, where Reclaim returns nothing).
func (db *DB) FreeBytes(ctx context.Context) (int64, error) {
	return db.dialect.freeBytes(ctx, db.sql)
}

func (sqliteDialect) freeBytes(ctx context.Context, db *sqlDB) (int64, error) {
	var free, pageSize int64
	err := db.QueryRowContext(ctx, "SELECT (SELECT freelist_count FROM pragma_freelist_count()), (SELECT page_size FROM pragma_page_size())").Scan(&free, &pageSize)
	if err != nil {
		return 0, fmt.Errorf("count free pages: %w", err)
	}
	return free * pageSize, nil
}

// Size is the database's size in bytes: its pages, free ones included. The
// file has this size once the WAL is checkpointed. On PostgreSQL it is the
// database's size on the server.
func (db *DB) Size(ctx context.Context) (int64, error) {
	return db.dialect.size(ctx, db.sql)
}

func (sqliteDialect) size(ctx context.Context, db *sqlDB) (int64, error) {
	var pages, pageSize int64
	err := db.QueryRowContext(ctx, "SELECT (SELECT page_count FROM pragma_page_count()), (SELECT page_size FROM pragma_page_size())").Scan(&pages, &pageSize)
	if err != nil {
		return 0, fmt.Errorf("database size: %w", err)
	}
	return pages * pageSize, nil
}
