package store

import (
	"context"
	"fmt"
	"strconv"
	"time"

	"github.com/tributary/tributary/internal/dburl"
)

// checkTombstones says whether r is a post retention pruned (its source and
// key have a tombstone), which must not come back as new. When r's public
// id belonged to a pruned entry of another key, r takes its AltPublicID
// instead: a subscriber may have seen the old one.
func checkTombstones(ctx context.Context, tx *txStmts, r *Record) (bool, error) {
	if tx.buried == nil {
		var some bool
		if err := tx.queryRow(ctx, "SELECT EXISTS (SELECT 1 FROM tombstones)").Scan(&some); err != nil {
			return false, fmt.Errorf("look up tombstones: %w", err)
		}
		tx.buried = &some
	}
	if !*tx.buried {
		return false, nil
	}
	var buried, idTaken bool
	err := tx.queryRow(ctx, `SELECT EXISTS (SELECT 1 FROM tombstones WHERE source = ? AND key = ?),
		EXISTS (SELECT 1 FROM tombstones WHERE public_id = ?)`, r.Source, r.Key, r.PublicID).Scan(&buried, &idTaken)
	if err != nil {
		return false, fmt.Errorf("look up tombstones: %w", err)
	}
	if buried {
		return true, nil
	}
	if idTaken && r.AltPublicID != "" {
		r.PublicID = r.AltPublicID
	}
	return false, nil
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
