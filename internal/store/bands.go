package store

import (
	"cmp"
	"context"
	"database/sql"
	"encoding/binary"
	"fmt"
	"math"
	"slices"
	"sort"
	"strconv"
	"strings"
)

// bandsBackfillKey is the meta key marking that entries stored before the
// bands table existed still need their band keys; its value is the last
// entry id done.
const bandsBackfillKey = "bands_backfill"

// queueChanged queues a new or changed entry for de-duplication, with its
// band keys, in the ingest's transaction: a run killed before its
// de-duplication pass leaves the comparison to the next run instead of
// losing it. A changed signature's old keys go now; the new ones reach the
// bands table with the pass (IndexPending).
func queueChanged(ctx context.Context, tx *txStmts, r *Record, newSignature bool) error {
	if newSignature {
		if err := dropBands(ctx, tx.tx, []int64{r.ID}, nil); err != nil {
			return err
		}
	}
	_, err := tx.exec(ctx, `INSERT INTO pending (entry_id, bands) VALUES (?, ?)
		ON CONFLICT (entry_id) DO UPDATE SET bands = excluded.bands`, r.ID, packBands(r.Bands))
	if err != nil {
		return fmt.Errorf("pending: %w", err)
	}
	return nil
}

// dropChunk is how many entries' keys dropBands deletes in one ordered
// pass over the bands table: 32 keys of 16 bytes each, 8 MiB at most.
const dropChunk = 16384

// dropBands deletes the band keys of the entries live, read from
// band_keys, and of the entries stale, read from bands_stale, from the
// bands and bands_recent tables, and their packed rows. The keys are
// deleted in key order, so that each page of the table is visited once per
// pass rather than once per key.
func dropBands(ctx context.Context, tx *sqlTx, live, stale []int64) error {
	if n := len(live) + len(stale); n >= scanDropMin {
		var stored int
		if err := tx.QueryRowContext(ctx, "SELECT "+countEntries+" + (SELECT count(*) FROM bands_stale)").Scan(&stored); err != nil {
			return fmt.Errorf("drop bands: %w", err)
		}
		if n*4 >= stored {
			return dropBandsByScan(ctx, tx, live, stale)
		}
	}
	return dropBandsBySearch(ctx, tx, live, stale)
}

// dropBandsBySearch deletes the band keys of the entries live and stale
// (see dropBands) by searching each, in key order.
func dropBandsBySearch(ctx context.Context, tx *sqlTx, live, stale []int64) error {
	sets := []struct {
		keys keyTable
		ids  []int64
	}{{liveKeys, live}, {staleKeys, stale}}
	// Chunk by chunk of each set, but one sorted pass over the tables for
	// both sets' chunks together.
	for start := 0; start < max(len(live), len(stale)); start += dropChunk {
		var rows []bandRow
		var chunks [2][]int64
		for i, set := range sets {
			chunks[i] = set.ids[min(start, len(set.ids)):min(start+dropChunk, len(set.ids))]
			err := inChunks(chunks[i], func(part []int64) error {
				got, err := storedBands(ctx, tx, set.keys, part)
				for _, e := range got {
					for _, b := range e.Bands {
						rows = append(rows, bandRow{b, e.ID})
					}
				}
				return err
			})
			if err != nil {
				return fmt.Errorf("drop bands: %w", err)
			}
		}
		sortBandRows(rows)
		// bands_recent first: see foldRecent.
		for _, table := range []string{"bands_recent", "bands"} {
			if err := deleteBandRows(ctx, tx, table, rows); err != nil {
				return fmt.Errorf("drop bands: %w", err)
			}
		}
		for i, set := range sets {
			err := inChunks(chunks[i], func(part []int64) error {
				_, err := tx.ExecContext(ctx, "DELETE FROM "+string(set.keys)+" WHERE entry_id IN ("+placeholders(len(part))+")", int64Args(part)...)
				return err
			})
			if err != nil {
				return fmt.Errorf("drop bands: %w", err)
			}
		}
	}
	return nil
}

// dropSourceBands deletes the band keys of every entry of a source, whose
// entries are about to go with it. They are deleted now, not retired: a
// removed source leaves no tombstones, so SQLite may give its largest ids
// to new entries, which a stale mark must never hide.
func dropSourceBands(ctx context.Context, tx *sqlTx, source string) error {
	rows, err := tx.QueryContext(ctx, "SELECT id FROM entries WHERE source = ? ORDER BY id", source)
	if err != nil {
		return fmt.Errorf("drop bands: %w", err)
	}
	var ids []int64
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			rows.Close()
			return fmt.Errorf("drop bands: %w", err)
		}
		ids = append(ids, id)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return fmt.Errorf("drop bands: %w", err)
	}
	return dropBands(ctx, tx, ids, nil)
}

// scanDropMin is the fewest entries for which dropBands considers one
// pass over the whole bands table instead of a search per key: below it,
// counting the stored keys would cost more than the choice saves.
const scanDropMin = 1024

// dropBandsByScan deletes the band keys of the entries live and stale (see
// dropBands), a quarter or more of those stored (a retention pass after a
// cycle that brought as many new posts as the database keeps), in one pass
// over the bands table in its key order, which costs a fraction of
// searching each key: the ids go into a temporary table that the pass
// looks each row's entry up in.
func dropBandsByScan(ctx context.Context, tx *sqlTx, live, stale []int64) error {
	if _, err := tx.ExecContext(ctx, "CREATE TEMP TABLE dropped_entries (id BIGINT PRIMARY KEY)"); err != nil {
		return fmt.Errorf("drop bands: %w", err)
	}
	err := inChunks(slices.Concat(live, stale), func(part []int64) error {
		_, err := tx.ExecContext(ctx, "INSERT INTO dropped_entries (id) VALUES "+
			strings.TrimSuffix(strings.Repeat("(?),", len(part)), ",")+" ON CONFLICT DO NOTHING", int64Args(part)...)
		return err
	})
	// bands_recent first: see foldRecent.
	if err == nil {
		_, err = tx.ExecContext(ctx, "DELETE FROM bands_recent WHERE entry_id IN (SELECT id FROM dropped_entries)")
	}
	// A deletion first notes every row it will delete: one statement per
	// part of the key space (band keys are uniform hashes below 2^63)
	// keeps that note small.
	const parts = 32
	for i := int64(0); i < parts && err == nil; i++ {
		lo, hi := i<<58, (i+1)<<58-1
		if i == 0 {
			lo = math.MinInt64
		}
		if i == parts-1 {
			hi = math.MaxInt64
		}
		_, err = tx.ExecContext(ctx, `DELETE FROM bands WHERE band BETWEEN ? AND ?
			AND entry_id IN (SELECT id FROM dropped_entries)`, lo, hi)
	}
	for _, q := range []string{
		"DELETE FROM band_keys WHERE entry_id IN (SELECT id FROM dropped_entries)",
		"DELETE FROM bands_stale WHERE entry_id IN (SELECT id FROM dropped_entries)",
		"DROP TABLE dropped_entries",
	} {
		if err != nil {
			break
		}
		_, err = tx.ExecContext(ctx, q)
	}
	if err != nil {
		return fmt.Errorf("drop bands: %w", err)
	}
	return nil
}

// storedBands returns the band keys keys holds for the entries ids, in id
// order; entries without keys are left out.
func storedBands(ctx context.Context, q querier, keys keyTable, ids []int64) ([]EntryBands, error) {
	rows, err := q.QueryContext(ctx, "SELECT entry_id, bands FROM "+string(keys)+" WHERE entry_id IN ("+placeholders(len(ids))+") ORDER BY entry_id", int64Args(ids)...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []EntryBands
	for rows.Next() {
		var e EntryBands
		var packed []byte
		if err := rows.Scan(&e.ID, &packed); err != nil {
			return nil, err
		}
		e.Bands = unpackBands(packed)
		out = append(out, e)
	}
	return out, rows.Err()
}

// bandDeleteRows is how many (band, entry) rows one statement deletes:
// each is a search of the table's key, written as a disjunction, which
// both engines answer with one index search per term.
const bandDeleteRows = 64

// deleteBandRows deletes rows, sorted by key, from table (bands or
// bands_recent).
func deleteBandRows(ctx context.Context, tx *sqlTx, table string, rows []bandRow) error {
	var full *sqlStmt
	defer func() {
		if full != nil {
			full.Close()
		}
	}()
	args := make([]any, 0, 2*bandDeleteRows)
	for start := 0; start < len(rows); start += bandDeleteRows {
		chunk := rows[start:min(start+bandDeleteRows, len(rows))]
		args = args[:0]
		for _, r := range chunk {
			args = append(args, r.band, r.id)
		}
		var err error
		if len(chunk) < bandDeleteRows {
			_, err = tx.ExecContext(ctx, bandDelete(table, len(chunk)), args...)
		} else {
			if full == nil {
				if full, err = tx.PrepareContext(ctx, bandDelete(table, bandDeleteRows)); err != nil {
					return err
				}
			}
			_, err = full.ExecContext(ctx, args...)
		}
		if err != nil {
			return err
		}
	}
	return nil
}

// bandDelete is the statement deleting n rows from table.
func bandDelete(table string, n int) string {
	return "DELETE FROM " + table + " WHERE " + strings.TrimSuffix(strings.Repeat("band = ? AND entry_id = ? OR ", n), " OR ")
}

func packBands(bands []int64) []byte {
	out := make([]byte, 8*len(bands))
	for i, b := range bands {
		binary.LittleEndian.PutUint64(out[8*i:], uint64(b))
	}
	return out
}

func unpackBands(b []byte) []int64 {
	out := make([]int64, len(b)/8)
	for i := range out {
		out[i] = int64(binary.LittleEndian.Uint64(b[8*i:]))
	}
	return out
}

// EntryBands is one entry's band keys.
type EntryBands struct {
	ID    int64
	Bands []int64
}

// bandRow is one row of the bands table.
type bandRow struct{ band, id int64 }

func sortBandRows(rows []bandRow) {
	slices.SortFunc(rows, func(x, y bandRow) int {
		if c := cmp.Compare(x.band, y.band); c != 0 {
			return c
		}
		return cmp.Compare(x.id, y.id)
	})
}

// addBands stores the band keys of many entries: their band_keys rows,
// and their rows in the bands table in the order of the table's key, so
// that each page of the table is visited once rather than once per key.
// Keys already there are left alone, which makes repeating an interrupted
// insert harmless.
func addBands(ctx context.Context, tx *sqlTx, entries []EntryBands) error {
	var rows []bandRow
	for _, e := range entries {
		for _, b := range e.Bands {
			rows = append(rows, bandRow{b, e.ID})
		}
	}
	sortBandRows(rows)
	if err := insertBandRows(ctx, tx, "bands", rows); err != nil {
		return err
	}
	keys, err := tx.PrepareContext(ctx, `INSERT INTO band_keys (entry_id, bands) VALUES (?, ?)
		ON CONFLICT (entry_id) DO UPDATE SET bands = excluded.bands`)
	if err != nil {
		return fmt.Errorf("add bands: %w", err)
	}
	defer keys.Close()
	for _, e := range entries {
		if len(e.Bands) == 0 {
			continue
		}
		if _, err := keys.ExecContext(ctx, e.ID, packBands(e.Bands)); err != nil {
			return fmt.Errorf("add bands: %w", err)
		}
	}
	return nil
}

// insertBandRows adds rows, sorted by key, to table (bands or
// bands_recent); rows already there are left alone.
func insertBandRows(ctx context.Context, tx *sqlTx, table string, rows []bandRow) error {
	const perStmt = 128
	var full *sqlStmt
	defer func() {
		if full != nil {
			full.Close()
		}
	}()
	args := make([]any, 0, 2*perStmt)
	for start := 0; start < len(rows); start += perStmt {
		chunk := rows[start:min(start+perStmt, len(rows))]
		args = args[:0]
		for _, r := range chunk {
			args = append(args, r.band, r.id)
		}
		var err error
		if len(chunk) < perStmt {
			_, err = tx.ExecContext(ctx, bandInsert(table, len(chunk)), args...)
		} else {
			if full == nil {
				if full, err = tx.PrepareContext(ctx, bandInsert(table, perStmt)); err != nil {
					return fmt.Errorf("add bands: %w", err)
				}
			}
			_, err = full.ExecContext(ctx, args...)
		}
		if err != nil {
			return fmt.Errorf("add bands: %w", err)
		}
	}
	return nil
}

// bandInsert is the statement adding n rows to table.
func bandInsert(table string, n int) string {
	return "INSERT INTO " + table + " (band, entry_id) VALUES " + strings.TrimSuffix(strings.Repeat("(?,?),", n), ",") +
		" ON CONFLICT DO NOTHING"
}

// bandSliceKeys is how many band keys IndexPending sorts and inserts at
// most in one pass: 16 bytes each in memory, 10 MiB.
const bandSliceKeys = 640_000

// bandReadKeys bounds the keys one read of the queue gathers for sorting
// (16 bytes each in memory): two slices. Two such groups are held at
// once, one being read while the other is inserted.
const bandReadKeys = 2 * bandSliceKeys

// IndexPending adds the band keys of the entries waiting for
// de-duplication to band_keys and to the band index: to bands_recent while
// it stays within its share, else to bands together with what
// bands_recent held (see band_layers.go). The queue itself is left as it
// is, for the pass to clear.
//
// The keys go into bands a slice of the key space at a time, each slice
// sorted and in a transaction of its own: a slice's keys land on its own
// part of the table, so each page of the table is written once in the
// whole pass. Cutting the queue by entry instead would spread every cut
// over the whole key space, so that a cold run over ten thousand feeds,
// 11 million keys in 18 cuts, rewrote every page of a table far larger
// than the page cache 18 times. Each slice reads the queue again, which
// costs a fraction of that. Keys already there are left alone, which
// makes repeating an interrupted pass harmless.
func (db *DB) IndexPending(ctx context.Context) error {
	return db.indexPending(ctx, bandSliceKeys, bandReadKeys)
}

// indexPending is IndexPending with at most perSlice keys in a slice, and
// the keys of perRead/perSlice slices (at least one) sorted per read of
// the queue.
func (db *DB) indexPending(ctx context.Context, perSlice, perRead int64) error {
	var keys, queued int64
	if err := db.sql.QueryRowContext(ctx, "SELECT coalesce(sum(length(bands)), 0) / 8, count(*) FROM pending").Scan(&keys, &queued); err != nil {
		return fmt.Errorf("index pending entries: %w", err)
	}
	if keys == 0 {
		return nil
	}
	into, recent, err := db.bandTarget(ctx, keys, queued)
	if err != nil {
		return fmt.Errorf("index pending entries: %w", err)
	}
	// band_keys first: a prune finds an entry's rows in bands from it.
	err = db.inTx(ctx, func(tx *sqlTx) error {
		_, err := tx.ExecContext(ctx, `INSERT INTO band_keys (entry_id, bands)
			SELECT entry_id, bands FROM pending WHERE length(bands) > 0
			ON CONFLICT (entry_id) DO UPDATE SET bands = excluded.bands`)
		return err
	})
	if err != nil {
		return fmt.Errorf("index pending entries: %w", err)
	}
	total := keys
	if into == "bands" {
		total += recent
	}
	n := int((total + perSlice - 1) / perSlice)
	// One read of the queue sorts the keys of several slices: every read
	// steps through the whole queue, 18 times over in a cold run of ten
	// thousand feeds, where those reads took a quarter of the pass. The
	// next group is read and sorted, on a reading connection, while the
	// writer inserts this one: two groups at most are held at once.
	readCtx, stop := context.WithCancel(ctx)
	groups := db.sortedGroups(readCtx, keys, n, max(1, int(perRead/perSlice)))
	defer func() {
		stop()
		for range groups { // let the reader finish before returning
		}
	}()
	for g := range groups {
		if g.err != nil {
			return fmt.Errorf("index pending entries: %w", g.err)
		}
		for i := g.first; i <= g.last; i++ {
			lo, hi := bandSlice(i, n)
			if err := db.indexSlice(ctx, into, recent, lo, hi, rowsBetween(g.rows, lo, hi)); err != nil {
				return fmt.Errorf("index pending entries: %w", err)
			}
		}
	}
	return ctx.Err()
}

// sliceGroup is the queue's rows of slices first to last of the key
// space, sorted; or the error reading them.
type sliceGroup struct {
	first, last int
	rows        []bandRow
	err         error
}

// sortedGroups reads the queue's rows of n slices, per of them at a time,
// in order, each group sorted, and sends them on the channel it returns,
// which it closes after the last group, an error, or when ctx ends. keys
// is how many keys the queue holds.
func (db *DB) sortedGroups(ctx context.Context, keys int64, n, per int) <-chan sliceGroup {
	out := make(chan sliceGroup)
	go func() {
		defer close(out)
		for first := 0; first < n; first += per {
			g := sliceGroup{first: first, last: min(first+per, n) - 1}
			lo, _ := bandSlice(g.first, n)
			_, hi := bandSlice(g.last, n)
			// Band keys are uniform hashes: the queue's keys spread
			// evenly over the slices.
			expect := keys*int64(g.last-g.first+1)/int64(n) + keys/int64(8*n) + 64
			g.rows, g.err = db.pendingBandRows(ctx, lo, hi, int(expect))
			if g.err == nil {
				sortBandRows(g.rows)
			}
			select {
			case out <- g:
			case <-ctx.Done():
				return
			}
			if g.err != nil {
				return
			}
		}
	}()
	return out
}

// rowsBetween returns the rows of sorted rows whose keys lie between lo
// and hi (inclusive).
func rowsBetween(rows []bandRow, lo, hi int64) []bandRow {
	start, _ := slices.BinarySearchFunc(rows, lo, func(r bandRow, k int64) int { return cmp.Compare(r.band, k) })
	end := start + sort.Search(len(rows)-start, func(i int) bool { return rows[start+i].band > hi })
	return rows[start:end]
}

// indexSlice adds one slice's sorted rows to the table into, in a
// transaction of its own, folding the recent layer's rows of the slice
// into bands with them when into is bands and the layer holds any.
func (db *DB) indexSlice(ctx context.Context, into string, recent, lo, hi int64, rows []bandRow) error {
	return db.inTx(ctx, func(tx *sqlTx) error {
		fold := into == "bands" && recent > 0
		if fold {
			// Before anything else: see foldRecent.
			if err := db.dialect.lockRows(ctx, tx, "bands_recent"); err != nil {
				return err
			}
		}
		if err := insertBandRows(ctx, tx, into, rows); err != nil {
			return err
		}
		if fold {
			return foldRecent(ctx, tx, lo, hi)
		}
		return nil
	})
}

// bandSlice returns the bounds (inclusive) of the i-th of n slices of
// the key space. Band keys are hashes in [0, 2^63) (see dedupe), cut
// evenly; the first slice also takes any negative key, so that every
// key has a slice.
func bandSlice(i, n int) (lo, hi int64) {
	step := math.MaxInt64 / int64(n)
	lo, hi = int64(i)*step, int64(i+1)*step-1
	if i == 0 {
		lo = math.MinInt64
	}
	if i == n-1 {
		hi = math.MaxInt64
	}
	return lo, hi
}

// pendingBandRows returns the rows of bands that the queued entries' keys
// between lo and hi make, unsorted.
func (db *DB) pendingBandRows(ctx context.Context, lo, hi int64, expect int) ([]bandRow, error) {
	rows, err := db.sql.QueryContext(ctx, "SELECT entry_id, bands FROM pending")
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := make([]bandRow, 0, expect)
	for rows.Next() {
		var id int64
		// Read in place, not copied: every slice reads the whole queue
		// (90 MB at 10,000 feeds cold).
		var packed sql.RawBytes
		if err := rows.Scan(&id, &packed); err != nil {
			return nil, err
		}
		for k := 0; k+8 <= len(packed); k += 8 {
			if b := int64(binary.LittleEndian.Uint64(packed[k:])); b >= lo && b <= hi {
				out = append(out, bandRow{b, id})
			}
		}
	}
	return out, rows.Err()
}

// inTx runs fn in one transaction, committed when fn returns nil.
func (db *DB) inTx(ctx context.Context, fn func(*sqlTx) error) error {
	tx, err := db.begin(ctx)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if err := fn(tx); err != nil {
		return err
	}
	return tx.Commit()
}

// Pending returns the ids of the entries waiting for de-duplication, in
// ascending order.
func (db *DB) Pending(ctx context.Context) ([]int64, error) {
	rows, err := db.sql.QueryContext(ctx, "SELECT entry_id FROM pending ORDER BY entry_id")
	if err != nil {
		return nil, fmt.Errorf("list pending entries: %w", err)
	}
	defer rows.Close()
	var out []int64
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			return nil, fmt.Errorf("list pending entries: %w", err)
		}
		out = append(out, id)
	}
	return out, rows.Err()
}

// ClearPending removes entries from the queue once their duplicates have
// been looked for.
func (db *DB) ClearPending(ctx context.Context, ids []int64) error {
	tx, err := db.begin(ctx)
	if err != nil {
		return fmt.Errorf("clear pending entries: %w", err)
	}
	defer tx.Rollback()
	for start := 0; start < len(ids); start += 500 {
		chunk := ids[start:min(start+500, len(ids))]
		if _, err := tx.ExecContext(ctx, "DELETE FROM pending WHERE entry_id IN ("+placeholders(len(chunk))+")", int64Args(chunk)...); err != nil {
			return fmt.Errorf("clear pending entries: %w", err)
		}
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("clear pending entries: %w", err)
	}
	return nil
}

// Buckets calls fn once for each band key of the entries ids, with the
// ids of every entry sharing that key in ascending order (a slice valid
// only during the call). A bucket larger
// than limit is cut to limit+1 ids: enough for the caller to see it is too
// large, without reading all of it. When few entries are asked for, each of
// their bands is looked up; when many are, one ordered scan of the whole
// table costs less than that many lookups. Both give the same buckets.
func (db *DB) Buckets(ctx context.Context, ids []int64, limit int, fn func(members []int64) error) error {
	if len(ids) == 0 {
		return nil
	}
	bulk, err := db.bulk(ctx, len(ids))
	if err != nil {
		return fmt.Errorf("band buckets: %w", err)
	}
	stale, err := db.staleEntries(ctx)
	if err != nil {
		return fmt.Errorf("band buckets: %w", err)
	}
	if bulk {
		return db.scanBuckets(ctx, ids, stale, limit, fn)
	}
	return db.lookupBuckets(ctx, ids, stale, limit, fn)
}

// bucketRows reads the rows of both layers of the band index, without
// repeats, in key order; where is a condition on band, its arguments
// args.
func bucketRows(where string) string {
	return "SELECT band, entry_id FROM bands" + where + " UNION SELECT band, entry_id FROM bands_recent" + where +
		" ORDER BY band, entry_id"
}

func (db *DB) lookupBuckets(ctx context.Context, ids []int64, stale map[int64]bool, limit int, fn func([]int64) error) error {
	// A few queries of many keys each, not one per key: a statement's
	// round trip through the driver costs more than the lookup itself.
	var bands []int64
	err := inChunks(ids, func(chunk []int64) error {
		got, err := storedBands(ctx, db.sql, liveKeys, chunk)
		for _, e := range got {
			bands = append(bands, e.Bands...)
		}
		return err
	})
	if err != nil {
		return fmt.Errorf("band buckets: %w", err)
	}
	slices.Sort(bands)
	return db.bucketsOf(ctx, slices.Compact(bands), stale, limit, fn)
}

// bucketsOf calls fn with the members of each bucket of bands (sorted,
// without repeats) that has any, in key order: the entries sharing the
// key, in ascending order, stale ones left out, at most limit+1 of them.
func (db *DB) bucketsOf(ctx context.Context, bands []int64, stale map[int64]bool, limit int, fn func([]int64) error) error {
	var members []int64
	err := inChunks(bands, func(chunk []int64) error {
		args := int64Args(chunk)
		rows, err := db.sql.QueryContext(ctx, bucketRows(" WHERE band IN ("+placeholders(len(chunk))+")"), append(args, args...)...)
		if err != nil {
			return err
		}
		defer rows.Close()
		var cur int64
		members = members[:0]
		for rows.Next() {
			var band, id int64
			if err := rows.Scan(&band, &id); err != nil {
				return err
			}
			if stale[id] {
				continue
			}
			if band != cur && len(members) > 0 {
				if err := fn(members); err != nil {
					return err
				}
				members = members[:0]
			}
			cur = band
			if len(members) <= limit {
				members = append(members, id)
			}
		}
		if err := rows.Err(); err != nil {
			return err
		}
		if len(members) > 0 {
			return fn(members)
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("band buckets: %w", err)
	}
	return nil
}

// inChunks calls fn with successive pieces of ids small enough for one
// statement's parameters.
func inChunks(ids []int64, fn func([]int64) error) error {
	for start := 0; start < len(ids); start += 500 {
		if err := fn(ids[start:min(start+500, len(ids))]); err != nil {
			return err
		}
	}
	return nil
}

// scanBuckets finds the buckets of many entries by reading the whole
// index once. Only the keys that more than one entry share make a bucket
// that can pair anything, a few percent of them: the database picks those
// out, in one ordered pass over each layer, and only their rows come
// back, where reading every row out through the driver had taken most of
// the time (8 s of a cold run over ten thousand feeds, 11 million rows).
func (db *DB) scanBuckets(ctx context.Context, ids []int64, stale map[int64]bool, limit int, fn func([]int64) error) error {
	want := make(map[int64]bool, len(ids))
	for _, id := range ids {
		want[id] = true
	}
	bands, err := db.sharedBands(ctx)
	if err != nil {
		return fmt.Errorf("band buckets: %w", err)
	}
	return db.bucketsOf(ctx, bands, stale, limit, func(members []int64) error {
		if slices.ContainsFunc(members, func(id int64) bool { return want[id] }) {
			return fn(members)
		}
		return nil
	})
}

// sharedBands returns, in ascending order, every key that two or more
// entries share: within either layer of the index, or one entry's key in
// each. Stale rows count; bucketsOf leaves them out.
func (db *DB) sharedBands(ctx context.Context) ([]int64, error) {
	out, err := scanInts(db.sql.QueryContext(ctx, `SELECT band FROM bands GROUP BY band HAVING count(*) > 1
		UNION SELECT band FROM bands_recent GROUP BY band HAVING count(*) > 1
		UNION SELECT r.band FROM bands_recent r
			WHERE EXISTS (SELECT 1 FROM bands b WHERE b.band = r.band AND b.entry_id <> r.entry_id)`))
	slices.Sort(out)
	return out, err
}

// queryInts runs a prepared query yielding one integer column.
func queryInts(ctx context.Context, st *sqlStmt, args ...any) ([]int64, error) {
	return scanInts(st.QueryContext(ctx, args...))
}

// scanInts reads the one integer column of rows, and closes them.
func scanInts(rows *sql.Rows, err error) ([]int64, error) {
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []int64
	for rows.Next() {
		var v int64
		if err := rows.Scan(&v); err != nil {
			return nil, err
		}
		out = append(out, v)
	}
	return out, rows.Err()
}

// SameLinkPairs returns the pairs of entries (lower id first, each once)
// that share a canonical link, where at least one of them is in ids. Like
// Buckets, it looks up the links of few entries one by one and scans the
// link index once for many.
func (db *DB) SameLinkPairs(ctx context.Context, ids []int64) ([][2]int64, error) {
	if len(ids) == 0 {
		return nil, nil
	}
	bulk, err := db.bulk(ctx, len(ids))
	if err != nil {
		return nil, fmt.Errorf("find shared links: %w", err)
	}
	var out [][2]int64
	if bulk {
		out, err = db.scanSameLink(ctx, ids)
	} else {
		out, err = db.lookupSameLink(ctx, ids)
	}
	if err != nil {
		return nil, fmt.Errorf("find shared links: %w", err)
	}
	return out, nil
}

// bulk says whether n entries are enough of the table that scanning it
// once costs less than looking each of them up.
func (db *DB) bulk(ctx context.Context, n int) (bool, error) {
	var last int64
	if err := db.sql.QueryRowContext(ctx, "SELECT COALESCE(MAX(id), 0) FROM entries").Scan(&last); err != nil {
		return false, err
	}
	return int64(n)*8 >= last, nil
}

func (db *DB) scanSameLink(ctx context.Context, ids []int64) ([][2]int64, error) {
	want := make(map[int64]bool, len(ids))
	for _, id := range ids {
		want[id] = true
	}
	// The repeated conditions let SQLite use the partial index on
	// canonical_link for both sides.
	rows, err := db.sql.QueryContext(ctx, `SELECT e1.id, e2.id FROM entries e1
		JOIN entries e2 ON e2.canonical_link = e1.canonical_link AND e2.id > e1.id
		WHERE e1.canonical_link <> '' AND e2.canonical_link <> ''`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out [][2]int64
	for rows.Next() {
		var p [2]int64
		if err := rows.Scan(&p[0], &p[1]); err != nil {
			return nil, err
		}
		if want[p[0]] || want[p[1]] {
			out = append(out, p)
		}
	}
	return out, rows.Err()
}

func (db *DB) lookupSameLink(ctx context.Context, ids []int64) ([][2]int64, error) {
	conn, err := db.sql.Conn(ctx)
	if err != nil {
		return nil, err
	}
	defer conn.Close()
	st, err := conn.PrepareContext(ctx, `SELECT e2.id FROM entries e1 JOIN entries e2
		ON e2.canonical_link = e1.canonical_link AND e2.id <> e1.id
		WHERE e1.id = ? AND e1.canonical_link <> '' AND e2.canonical_link <> ''`)
	if err != nil {
		return nil, err
	}
	defer st.Close()
	seen := map[[2]int64]bool{}
	var out [][2]int64
	for _, id := range ids {
		others, err := queryInts(ctx, st, id)
		if err != nil {
			return nil, err
		}
		for _, o := range others {
			p := [2]int64{min(id, o), max(id, o)}
			if !seen[p] {
				seen[p] = true
				out = append(out, p)
			}
		}
	}
	return out, nil
}

// Sketch is one stored entry's signature, for computing its band keys.
type Sketch struct {
	ID        int64
	Signature []byte
}

// BandsBackfill returns the next entries, at most n after the last one
// done, whose band keys an earlier version did not store; marked is false
// when no backfill is under way.
func (db *DB) BandsBackfill(ctx context.Context, n int) (batch []Sketch, marked bool, err error) {
	v, err := db.Meta(ctx, bandsBackfillKey)
	if err != nil || v == "" {
		return nil, false, err
	}
	after, err := strconv.ParseInt(v, 10, 64)
	if err != nil {
		return nil, false, fmt.Errorf("bands backfill: bad mark %q: %w", v, err)
	}
	rows, err := db.sql.QueryContext(ctx, "SELECT id, signature FROM entries WHERE id > ? ORDER BY id LIMIT ?", after, n)
	if err != nil {
		return nil, true, fmt.Errorf("bands backfill: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var s Sketch
		if err := rows.Scan(&s.ID, &s.Signature); err != nil {
			return nil, true, fmt.Errorf("bands backfill: %w", err)
		}
		batch = append(batch, s)
	}
	if err := rows.Err(); err != nil {
		return nil, true, fmt.Errorf("bands backfill: %w", err)
	}
	return batch, true, nil
}

// SaveBackfill stores the band keys of one batch from BandsBackfill and
// moves the mark past it (to the batch's last id); done removes the mark,
// ending the backfill.
func (db *DB) SaveBackfill(ctx context.Context, batch []EntryBands, done bool) error {
	err := db.inTx(ctx, func(tx *sqlTx) error {
		if err := addBands(ctx, tx, batch); err != nil {
			return err
		}
		if done {
			_, err := tx.ExecContext(ctx, "DELETE FROM meta WHERE key = ?", bandsBackfillKey)
			return err
		}
		if len(batch) == 0 {
			return nil
		}
		_, err := tx.ExecContext(ctx, "UPDATE meta SET value = ? WHERE key = ?",
			strconv.FormatInt(batch[len(batch)-1].ID, 10), bandsBackfillKey)
		return err
	})
	if err != nil {
		return fmt.Errorf("bands backfill: %w", err)
	}
	return nil
}

func int64Args(ids []int64) []any {
	args := make([]any, len(ids))
	for i, id := range ids {
		args[i] = id
	}
	return args
}
