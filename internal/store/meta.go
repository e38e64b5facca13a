package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
)

// Meta returns the value stored under key, or "" when there is none.
func (db *DB) Meta(ctx context.Context, key string) (string, error) {
	var v string
	err := db.sql.QueryRowContext(ctx, "SELECT value FROM meta WHERE key = ?", key).Scan(&v)
	if errors.Is(err, sql.ErrNoRows) {
		return "", nil
	}
	if err != nil {
		return "", fmt.Errorf("read meta %s: %w", key, err)
	}
	return v, nil
}

// setMetaSQL stores a value (the second argument) under a key (the first).
const setMetaSQL = `INSERT INTO meta (key, value) VALUES (?, ?)
	ON CONFLICT (key) DO UPDATE SET value = excluded.value`

// SetMeta stores value under key.
func (db *DB) SetMeta(ctx context.Context, key, value string) error {
	_, err := db.exec(ctx, setMetaSQL, key, value)
	if err != nil {
		return fmt.Errorf("write meta %s: %w", key, err)
	}
	return nil
}

// Totals counts the stored entries and merges: a cheap summary of what the
// outputs are built from, which changes whenever entries are added,
// purged or merged.
func (db *DB) Totals(ctx context.Context) (entries, merges int, err error) {
	err = db.sql.QueryRowContext(ctx, "SELECT (SELECT count(*) FROM entries), (SELECT count(*) FROM merges)").Scan(&entries, &merges)
	if err != nil {
		return 0, 0, fmt.Errorf("count entries: %w", err)
	}
	return entries, merges, nil
}
