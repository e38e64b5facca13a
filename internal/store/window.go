package store

import (
	"cmp"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"math"
	"slices"
	"time"
)

// memberColumns selects a Member from entries e joined with the ledger of
// published ids p.
const memberColumns = `e.id, e.source, e.key, e.cluster, e.public_id, e.link,
	e.published, e.updated, e.first_seen, coalesce(p.first_published, 0)`

// PublishedFloor returns the published date (unix seconds) of the n-th
// newest entry, and false when fewer than n entries are stored. Every
// post with an entry at or after it is among the candidates for the
// newest posts.
func (db *DB) PublishedFloor(ctx context.Context, n int) (int64, bool, error) {
	var at int64
	err := db.sql.QueryRowContext(ctx, "SELECT published FROM entries ORDER BY published DESC LIMIT 1 OFFSET ?", n-1).Scan(&at)
	if errors.Is(err, sql.ErrNoRows) {
		return math.MinInt64, false, nil
	}
	if err != nil {
		return 0, false, fmt.Errorf("find the publish window: %w", err)
	}
	return at, true, nil
}

// MembersSince returns the light views of every entry of every post
// (cluster) that has an entry published at or after since (unix seconds),
// in id order: the complete posts among which the newest ones are.
func (db *DB) MembersSince(ctx context.Context, since int64) ([]Member, error) {
	return db.members(ctx, postsWith("published >= ?"), since)
}

// MembersSharingIDs returns the light views of every entry of every post
// (cluster) one of whose entries carries one of the public ids, in id
// order: the posts that could contend for those ids.
func (db *DB) MembersSharingIDs(ctx context.Context, publicIDs []string) ([]Member, error) {
	return db.membersWithAny(ctx, "public_id", publicIDs)
}

// postsWith is the condition selecting every entry of the posts that have
// an entry matching cond. Each step reads an index alone: cond's (which
// carries the cluster), the clusters', and entries_light for the columns,
// since a row keeps cluster and public_id after its content, in overflow
// pages.
func postsWith(cond string) string {
	return "WHERE e.id IN (SELECT id FROM entries WHERE cluster IN (SELECT cluster FROM entries WHERE " + cond + "))"
}

// membersWithAny returns the members of the posts having an entry whose
// column (a constant of this package) is one of values, in id order.
func (db *DB) membersWithAny(ctx context.Context, column string, values []string) ([]Member, error) {
	var out []Member
	seen := map[int64]bool{}
	for start := 0; start < len(values); start += 500 {
		chunk := values[start:min(start+500, len(values))]
		args := make([]any, len(chunk))
		for i, v := range chunk {
			args[i] = v
		}
		ms, err := db.members(ctx, postsWith(column+" IN ("+placeholders(len(chunk))+")"), args...)
		if err != nil {
			return nil, err
		}
		for _, m := range ms {
			if !seen[m.ID] {
				seen[m.ID] = true
				out = append(out, m)
			}
		}
	}
	slices.SortFunc(out, func(x, y Member) int { return cmp.Compare(x.ID, y.ID) })
	return out, nil
}

func (db *DB) members(ctx context.Context, where string, args ...any) ([]Member, error) {
	rows, err := db.sql.QueryContext(ctx, `SELECT `+memberColumns+`
		FROM entries e`+db.dialect.indexedBy("entries_light")+` LEFT JOIN published p ON p.public_id = e.public_id `+where+` ORDER BY e.id`, args...)
	if err != nil {
		return nil, fmt.Errorf("list entries: %w", err)
	}
	defer rows.Close()
	var out []Member
	for rows.Next() {
		var m Member
		var pub, upd, seen, first int64
		if err := rows.Scan(&m.ID, &m.Source, &m.Key, &m.Cluster, &m.PublicID, &m.Link, &pub, &upd, &seen, &first); err != nil {
			return nil, fmt.Errorf("list entries: %w", err)
		}
		m.Published, m.Updated, m.FirstSeen, m.FirstPublished = fromUnix(pub), fromUnix(upd), fromUnix(seen), fromUnix(first)
		out = append(out, m)
	}
	return out, rows.Err()
}

// PostCount is how many posts (clusters of duplicates) are stored.
func (db *DB) PostCount(ctx context.Context) (int, error) {
	var n int
	if err := db.sql.QueryRowContext(ctx, "SELECT count(DISTINCT cluster) FROM entries").Scan(&n); err != nil {
		return 0, fmt.Errorf("count posts: %w", err)
	}
	return n, nil
}

// NewestUpdates returns, for each source with stored entries, the latest
// updated date among them: one index probe per source.
func (db *DB) NewestUpdates(ctx context.Context) (map[string]time.Time, error) {
	rows, err := db.sql.QueryContext(ctx, `SELECT s.name, (SELECT max(updated) FROM entries WHERE source = s.name)
		FROM sources s`)
	if err != nil {
		return nil, fmt.Errorf("newest entry per source: %w", err)
	}
	defer rows.Close()
	out := map[string]time.Time{}
	for rows.Next() {
		var name string
		var at sql.NullInt64
		if err := rows.Scan(&name, &at); err != nil {
			return nil, fmt.Errorf("newest entry per source: %w", err)
		}
		if at.Valid {
			out[name] = fromUnix(at.Int64)
		}
	}
	return out, rows.Err()
}
