package store

import (
	"cmp"
	"context"
	"encoding/binary"
	"fmt"
	"slices"
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
		if _, err := tx.exec(ctx, "DELETE FROM bands WHERE entry_id = ?", r.ID); err != nil {
			return fmt.Errorf("bands: %w", err)
		}
	}
	_, err := tx.exec(ctx, `INSERT INTO pending (entry_id, bands) VALUES (?, ?)
		ON CONFLICT (entry_id) DO UPDATE SET bands = excluded.bands`, r.ID, packBands(r.Bands))
	if err != nil {
		return fmt.Errorf("pending: %w", err)
	}
	return nil
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

// addBands inserts the band keys of many entries in the order of the
// table's key, so that each page of the table is visited once rather than
// once per key. Keys already there are left alone, which makes repeating
// an interrupted insert harmless.
func addBands(ctx context.Context, tx *sqlTx, entries []EntryBands) error {
	var rows []bandRow
	for _, e := range entries {
		for _, b := range e.Bands {
			rows = append(rows, bandRow{b, e.ID})
		}
	}
	slices.SortFunc(rows, func(x, y bandRow) int {
		if c := cmp.Compare(x.band, y.band); c != 0 {
			return c
		}
		return cmp.Compare(x.id, y.id)
	})
	const perStmt = 128
	var full *sqlStmt
	defer func() {
		if full != nil {
			full.Close()
		}
	}()
	for start := 0; start < len(rows); start += perStmt {
		chunk := rows[start:min(start+perStmt, len(rows))]
		args := make([]any, 0, 2*len(chunk))
		for _, r := range chunk {
			args = append(args, r.band, r.id)
		}
		var err error
		if len(chunk) < perStmt {
			_, err = tx.ExecContext(ctx, bandInsert(len(chunk)), args...)
		} else {
			if full == nil {
				if full, err = tx.PrepareContext(ctx, bandInsert(perStmt)); err != nil {
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

// bandInsert is the statement adding n rows to bands.
func bandInsert(n int) string {
	return "INSERT INTO bands (band, entry_id) VALUES " + strings.TrimSuffix(strings.Repeat("(?,?),", n), ",") +
		" ON CONFLICT DO NOTHING"
}

// indexChunk is how many pending entries IndexPending adds at once: their
// keys, sorted, take about 16 bytes each, half a megabyte per thousand.
const indexChunk = 20000

// IndexPending adds the band keys of the entries waiting for
// de-duplication to the bands table, a chunk of entries per transaction.
// The queue itself is left as it is, for the pass to clear.
func (db *DB) IndexPending(ctx context.Context) error {
	var after int64
	for {
		batch, err := db.pendingBands(ctx, after)
		if err != nil || len(batch) == 0 {
			return err
		}
		if err := db.inTx(ctx, func(tx *sqlTx) error { return addBands(ctx, tx, batch) }); err != nil {
			return fmt.Errorf("index pending entries: %w", err)
		}
		after = batch[len(batch)-1].ID
	}
}

func (db *DB) pendingBands(ctx context.Context, after int64) ([]EntryBands, error) {
	rows, err := db.sql.QueryContext(ctx, "SELECT entry_id, bands FROM pending WHERE entry_id > ? ORDER BY entry_id LIMIT ?", after, indexChunk)
	if err != nil {
		return nil, fmt.Errorf("index pending entries: %w", err)
	}
	defer rows.Close()
	var out []EntryBands
	for rows.Next() {
		var e EntryBands
		var packed []byte
		if err := rows.Scan(&e.ID, &packed); err != nil {
			return nil, fmt.Errorf("index pending entries: %w", err)
		}
		e.Bands = unpackBands(packed)
		out = append(out, e)
	}
	return out, rows.Err()
}

// inTx runs fn in one transaction, committed when fn returns nil.
func (db *DB) inTx(ctx context.Context, fn func(*sqlTx) error) error {
	tx, err := db.sql.BeginTx(ctx, nil)
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
	tx, err := db.sql.BeginTx(ctx, nil)
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
	if bulk {
		return db.scanBuckets(ctx, ids, limit, fn)
	}
	return db.lookupBuckets(ctx, ids, limit, fn)
}

func (db *DB) lookupBuckets(ctx context.Context, ids []int64, limit int, fn func([]int64) error) error {
	// A few queries of many keys each, not one per key: a statement's
	// round trip through the driver costs more than the lookup itself.
	var bands []int64
	err := inChunks(ids, func(chunk []int64) error {
		rows, err := db.sql.QueryContext(ctx, "SELECT band FROM bands WHERE entry_id IN ("+placeholders(len(chunk))+")", int64Args(chunk)...)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var b int64
			if err := rows.Scan(&b); err != nil {
				return err
			}
			bands = append(bands, b)
		}
		return rows.Err()
	})
	if err != nil {
		return fmt.Errorf("band buckets: %w", err)
	}
	slices.Sort(bands)
	bands = slices.Compact(bands)
	var members []int64
	err = inChunks(bands, func(chunk []int64) error {
		rows, err := db.sql.QueryContext(ctx, "SELECT band, entry_id FROM bands WHERE band IN ("+placeholders(len(chunk))+") ORDER BY band, entry_id", int64Args(chunk)...)
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

func (db *DB) scanBuckets(ctx context.Context, ids []int64, limit int, fn func([]int64) error) error {
	want := make(map[int64]bool, len(ids))
	for _, id := range ids {
		want[id] = true
	}
	rows, err := db.sql.QueryContext(ctx, "SELECT band, entry_id FROM bands ORDER BY band, entry_id")
	if err != nil {
		return fmt.Errorf("band buckets: %w", err)
	}
	defer rows.Close()
	var (
		cur             int64
		members         []int64
		started, wanted bool
	)
	flush := func() error {
		if wanted {
			return fn(members)
		}
		return nil
	}
	for rows.Next() {
		var band, id int64
		if err := rows.Scan(&band, &id); err != nil {
			return fmt.Errorf("band buckets: %w", err)
		}
		if band != cur || !started {
			if err := flush(); err != nil {
				return err
			}
			cur, members, started, wanted = band, members[:0], true, false
		}
		if len(members) <= limit {
			members = append(members, id)
		}
		wanted = wanted || want[id]
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("band buckets: %w", err)
	}
	return flush()
}

func queryInts(ctx context.Context, st *sqlStmt, args ...any) ([]int64, error) {
	rows, err := st.QueryContext(ctx, args...)
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
