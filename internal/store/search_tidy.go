package store

import (
	"context"
	"fmt"
	"strconv"

	"github.com/tributary/tributary/internal/dburl"
)

// searchDeletedKey counts, in the meta table, the entries retention has
// removed since SQLite's search index was last merged into one segment.
const searchDeletedKey = "search_deleted"

// countSearchDeleted adds n removed entries to the count, in the
// transaction that removes them.
func countSearchDeleted(ctx context.Context, tx *sqlTx, n int) error {
	_, err := tx.ExecContext(ctx, `INSERT INTO meta (key, value) VALUES (?, ?)
		ON CONFLICT (key) DO UPDATE SET value = CAST(CAST(meta.value AS INTEGER) + ? AS TEXT)`,
		searchDeletedKey, strconv.Itoa(n), n)
	return err
}

// tidySearch merges SQLite's search index into one segment once the
// entries removed since its last merge outnumber those left. A removed
// entry's words stay in the index, marked deleted, until the segments
// holding them merge, and its segments seldom merge by themselves (see
// migrations 0008 and 0012): cycles that each bring as many posts as the
// database keeps, and trim as many, would otherwise grow the index by
// the words of every post ever trimmed until the daily pass. Merging costs
// a pass over the whole index, so it waits until that index is at least
// half dead words. PostgreSQL's autovacuum does this on its own.
func (db *DB) tidySearch(ctx context.Context) error {
	if db.dialect.engine() == dburl.Postgres {
		return nil
	}
	v, err := db.Meta(ctx, searchDeletedKey)
	if err != nil || v == "" {
		return err
	}
	deleted, err := strconv.Atoi(v)
	if err != nil {
		return fmt.Errorf("read meta %s: %w", searchDeletedKey, err)
	}
	var live int
	if err := db.sql.QueryRowContext(ctx, "SELECT "+countEntries).Scan(&live); err != nil {
		return fmt.Errorf("tidy the search index: %w", err)
	}
	if deleted < live {
		return nil
	}
	return db.mergeSearch(ctx)
}

// mergeSearch merges SQLite's search index into one segment, dropping
// the words of removed entries, and resets the count of removals.
func (db *DB) mergeSearch(ctx context.Context) error {
	return db.inTx(ctx, func(tx *sqlTx) error {
		if _, err := tx.ExecContext(ctx, "INSERT INTO search_fts (search_fts) VALUES ('optimize')"); err != nil {
			return fmt.Errorf("merge the search index: %w", err)
		}
		_, err := tx.ExecContext(ctx, "DELETE FROM meta WHERE key = ?", searchDeletedKey)
		return err
	})
}
