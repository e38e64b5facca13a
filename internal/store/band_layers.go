package store

import (
	"context"
	"fmt"
)

// The band index is kept in layers, so that a cycle which brings or trims
// a few hundred posts writes a few hundred pages, not most of the table.
// Band keys are uniform hashes: 10,000 keys added to a table of 10,000
// pages land on nearly all of them, and so do 10,000 keys deleted.
//
//   - bands holds the keys of most entries, in key order.
//   - bands_recent holds the keys added since bands was last folded into,
//     at most an eighth as many; IndexPending folds it into bands, a slice
//     of the key space at a time, when it would outgrow that.
//   - bands_stale holds the packed keys of removed entries whose rows are
//     still in bands or bands_recent. Lookups skip them; a prune that would
//     bring them to an eighth of the stored entries deletes their rows
//     instead, with those of the entries it removes, in one ordered pass.
//
// A lookup therefore reads both tables and skips stale entries, which gives
// exactly the buckets one table of live keys would. Stale marks rely on ids
// never being reused: a pruned entry's tombstone keeps its id (see
// nextIDs), and a removed source's keys are deleted at once instead.

// keyTable names a table of packed band keys, one row per entry.
type keyTable string

const (
	// liveKeys holds the keys of stored entries.
	liveKeys keyTable = "band_keys"
	// staleKeys holds the keys of removed entries whose rows are still in
	// bands or bands_recent.
	staleKeys keyTable = "bands_stale"
)

// layerShare is how small a layer stays against what is stored: the
// recent keys, and the stale entries, are each at most 1/layerShare of
// the stored ones. A larger layer would fold and sweep less often, but
// lookups would read more stale rows and small cycles write more pages of
// bands_recent.
const layerShare = 8

// keysPerEntry is how many band keys dedupe makes of an entry's signature
// (24 bands over the whole text, 8 over its opening); it only sizes the
// recent layer, never what a lookup finds.
const keysPerEntry = 32

// countEntries is a subquery counting the stored entries, for the sizes
// the band layers and the search index are kept in proportion to. It
// reads the narrowest index of entries (SQLite counts by it): counting
// band_keys or search_text, one row per entry too, would read every page
// of their wide rows, a few thousand pages that a small cycle's trim
// otherwise never touches.
const countEntries = "(SELECT count(*) FROM entries)"

// bandTarget says which table IndexPending adds new keys, those of the
// queued entries, to: bands_recent while it stays within its share of the
// keys of the entries indexed before them, else bands, folding
// bands_recent into it (recent is how many rows bands_recent holds). A
// new database's first keys go to bands.
func (db *DB) bandTarget(ctx context.Context, keys, queued int64) (table string, recent int64, err error) {
	var entries int64
	err = db.sql.QueryRowContext(ctx, "SELECT (SELECT count(*) FROM bands_recent), "+countEntries).Scan(&recent, &entries)
	if err != nil {
		return "", 0, err
	}
	if (recent+keys)*layerShare <= (entries-queued)*keysPerEntry {
		return "bands_recent", recent, nil
	}
	return "bands", recent, nil
}

// foldRecent moves the rows of bands_recent between lo and hi (inclusive)
// into bands, in key order.
//
// On PostgreSQL an ingest may be deleting a changed entry's old keys
// meanwhile; it deletes them from bands_recent first, then from bands. The
// fold's transaction therefore begins by locking bands_recent's rows
// (dialect.lockRows), which waits for such deletions and holds off new
// ones: either a key was deleted from bands_recent before the fold reads
// it, or the fold has committed it to bands before the deletion looks
// there.
func foldRecent(ctx context.Context, tx *sqlTx, lo, hi int64) error {
	for _, q := range []string{
		`INSERT INTO bands (band, entry_id) SELECT band, entry_id FROM bands_recent
			WHERE band BETWEEN ? AND ? ORDER BY band, entry_id ON CONFLICT DO NOTHING`,
		"DELETE FROM bands_recent WHERE band BETWEEN ? AND ?",
	} {
		if _, err := tx.ExecContext(ctx, q, lo, hi); err != nil {
			return fmt.Errorf("fold recent band keys: %w", err)
		}
	}
	return nil
}

// retireBands marks the keys of the entries ids, which are being pruned,
// as stale: their packed keys move from band_keys to bands_stale, and
// their rows stay where they are. When that would bring the stale entries
// to their share of those stored, every stale row goes instead, with
// those of ids, in one ordered pass.
func retireBands(ctx context.Context, tx *sqlTx, ids []int64) error {
	var stale, live int64
	err := tx.QueryRowContext(ctx, "SELECT (SELECT count(*) FROM bands_stale), "+countEntries).Scan(&stale, &live)
	if err != nil {
		return fmt.Errorf("retire band keys: %w", err)
	}
	if n := int64(len(ids)); (stale+n)*layerShare >= live-n {
		st, err := tx.PrepareContext(ctx, "SELECT entry_id FROM bands_stale ORDER BY entry_id")
		if err != nil {
			return fmt.Errorf("retire band keys: %w", err)
		}
		defer st.Close()
		staleIDs, err := queryInts(ctx, st)
		if err != nil {
			return fmt.Errorf("retire band keys: %w", err)
		}
		return dropBands(ctx, tx, ids, staleIDs)
	}
	err = inChunks(ids, func(part []int64) error {
		in := "(" + placeholders(len(part)) + ")"
		if _, err := tx.ExecContext(ctx, `INSERT INTO bands_stale (entry_id, bands)
			SELECT entry_id, bands FROM band_keys WHERE entry_id IN `+in+`
			ON CONFLICT (entry_id) DO NOTHING`, int64Args(part)...); err != nil {
			return err
		}
		_, err := tx.ExecContext(ctx, "DELETE FROM band_keys WHERE entry_id IN "+in, int64Args(part)...)
		return err
	})
	if err != nil {
		return fmt.Errorf("retire band keys: %w", err)
	}
	return nil
}

// staleEntries returns the ids of the entries whose band keys are stale,
// for lookups to skip.
func (db *DB) staleEntries(ctx context.Context) (map[int64]bool, error) {
	rows, err := db.sql.QueryContext(ctx, "SELECT entry_id FROM bands_stale")
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	stale := map[int64]bool{}
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			return nil, err
		}
		stale[id] = true
	}
	return stale, rows.Err()
}
