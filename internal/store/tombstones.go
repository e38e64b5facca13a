package store

import (
	"context"
	"fmt"
	"slices"
	"strconv"
	"time"

	"github.com/tributary/tributary/internal/dburl"
)

// tombstoned is what the tombstones say of one source's new records: the
// keys retention pruned (which must not come back as new), and the public
// ids pruned entries had (which a new entry must not take).
type tombstoned struct {
	keys, publicIDs map[string]bool
}

// loadTombstones reads, with a query or two per source rather than two per
// entry, what the tombstones say of the records recs whose keys the
// source has not stored (known), the only ones an ingest may insert.
// Nothing is read while no tombstone exists at all.
func loadTombstones(ctx context.Context, tx *txStmts, source string, recs []Record, k *known) (tombstoned, error) {
	var t tombstoned
	if tx.buried == nil {
		var some bool
		if err := tx.queryRow(ctx, "SELECT EXISTS (SELECT 1 FROM tombstones)").Scan(&some); err != nil {
			return t, fmt.Errorf("look up tombstones: %w", err)
		}
		tx.buried = &some
	}
	if !*tx.buried {
		return t, nil
	}
	var keys, ids []string
	for _, r := range recs {
		if _, ok := k.byKey[r.Key]; !ok {
			keys, ids = append(keys, r.Key), append(ids, r.PublicID)
		}
	}
	var err error
	if t.keys, err = tombstoneSet(ctx, tx, "SELECT key FROM tombstones WHERE source = ? AND key IN ", []any{source}, keys); err != nil {
		return t, err
	}
	if t.publicIDs, err = tombstoneSet(ctx, tx, "SELECT public_id FROM tombstones WHERE public_id IN ", nil, ids); err != nil {
		return t, err
	}
	return t, nil
}

// tombstoneSet runs query (ending in "IN ") with args and then each chunk
// of values, and returns the values it found.
func tombstoneSet(ctx context.Context, tx *txStmts, query string, args []any, values []string) (map[string]bool, error) {
	found := map[string]bool{}
	for start := 0; start < len(values); start += 500 {
		chunk := values[start:min(start+500, len(values))]
		all := slices.Clone(args)
		for _, v := range chunk {
			all = append(all, v)
		}
		got, err := queryStrings(ctx, tx.tx, query+"("+placeholders(len(chunk))+")", all...)
		if err != nil {
			return nil, fmt.Errorf("look up tombstones: %w", err)
		}
		for _, v := range got {
			found[v] = true
		}
	}
	return found, nil
}

// buried says whether r is a post retention pruned (its source and key
// have a tombstone), which must not come back as new. When r's public id
// belonged to a pruned entry of another key, r takes its AltPublicID
// instead: a subscriber may have seen the old one.
func (t tombstoned) buried(r *Record) bool {
	if t.keys[r.Key] {
		return true
	}
	if t.publicIDs[r.PublicID] && r.AltPublicID != "" {
		r.PublicID = r.AltPublicID
	}
	return false
}

// prunedPostsKey counts, in the meta table, the posts retention removed.
const prunedPostsKey = "pruned_posts"

// Prune deletes the given entries in one transaction, leaving a tombstone
// (source, key, public id, own id) for each, and returns how many it
// deleted. Their merge records and band keys go with them. posts is how many posts
// (clusters of duplicates) the entries made up; PrunedPosts adds them up
// in the same transaction, so the count is never out of step.
func (db *DB) Prune(ctx context.Context, ids []int64, posts int, now time.Time) (int, error) {
	n, err := db.pruneEntries(ctx, ids, posts, now)
	if err != nil {
		return 0, fmt.Errorf("prune: %w", err)
	}
	if err := db.tidySearch(ctx); err != nil {
		return n, fmt.Errorf("prune: %w", err)
	}
	return n, nil
}

func (db *DB) pruneEntries(ctx context.Context, ids []int64, posts int, now time.Time) (int, error) {
	tx, done, err := db.beginUnchecked(ctx)
	if err != nil {
		return 0, err
	}
	defer done()
	if err := retireBands(ctx, tx, ids); err != nil {
		return 0, err
	}
	n := 0
	for start := 0; start < len(ids); start += 500 {
		chunk := ids[start:min(start+500, len(ids))]
		args := make([]any, 0, len(chunk)+1)
		args = append(args, toUnix(now))
		for _, id := range chunk {
			args = append(args, id)
		}
		in := "(" + placeholders(len(chunk)) + ")"
		// The columns come from entries_light: the row keeps public_id
		// after its content, in overflow pages.
		if _, err := tx.ExecContext(ctx, `INSERT INTO tombstones (id, source, key, public_id, pruned_at)
			SELECT id, source, key, public_id, CAST(? AS BIGINT) FROM entries e`+db.dialect.indexedBy("entries_light")+` WHERE id IN `+in, args...); err != nil {
			return 0, err
		}
		// What refers to the entries goes first, by their ids: the
		// transaction may not be enforcing foreign keys (see
		// beginUnchecked).
		idArgs := args[1:]
		for _, q := range []string{
			"DELETE FROM search_text WHERE entry_id IN " + in,
			"DELETE FROM pending WHERE entry_id IN " + in,
			"DELETE FROM merges WHERE entry_id IN " + in,
			"DELETE FROM merges WHERE other_id IN " + in,
		} {
			if _, err := tx.ExecContext(ctx, q, idArgs...); err != nil {
				return 0, err
			}
		}
		res, err := tx.ExecContext(ctx, "DELETE FROM entries WHERE id IN "+in, idArgs...)
		if err != nil {
			return 0, err
		}
		d, _ := res.RowsAffected()
		n += int(d)
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO meta (key, value) VALUES (?, ?)
		ON CONFLICT (key) DO UPDATE SET value = CAST(CAST(meta.value AS INTEGER) + ? AS TEXT)`,
		prunedPostsKey, strconv.Itoa(posts), posts); err != nil {
		return 0, err
	}
	if db.dialect.engine() != dburl.Postgres {
		if err := countSearchDeleted(ctx, tx, n); err != nil {
			return 0, err
		}
	}
	if err := tx.Commit(); err != nil {
		return 0, err
	}
	return n, nil
}

// PrunedPosts is how many posts retention has removed in all, counted
// once per post however many copies it had.
func (db *DB) PrunedPosts(ctx context.Context) (int, error) {
	v, err := db.Meta(ctx, prunedPostsKey)
	if err != nil || v == "" {
		return 0, err
	}
	n, err := strconv.Atoi(v)
	if err != nil {
		return 0, fmt.Errorf("read meta %s: %w", prunedPostsKey, err)
	}
	return n, nil
}

// TombstoneCounts returns how many entries of each source retention has
// pruned.
func (db *DB) TombstoneCounts(ctx context.Context) (map[string]int, error) {
	return db.countBySource(ctx, "SELECT source, count(*) FROM tombstones GROUP BY source", "count pruned entries")
}
