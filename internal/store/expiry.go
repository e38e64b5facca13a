package store

import (
	"context"
	"fmt"
	"math"
	"time"
)

// ExpiryRule says which entries retention lets go, before the outputs'
// protection: those beyond the newest MaxPerSource of their source, newest
// by published date (unknown dates last, then the higher id first), and
// those published before Before. Each source's most recently updated
// entry never expires: the outputs' per-source dates come from it.
type ExpiryRule struct {
	MaxPerSource int       // 0: no cap
	Before       time.Time // zero: no age limit
	// Sources limits the ranking to these sources; nil ranks every
	// source. Entries of other sources never expire.
	Sources []string
}

// ExpiredEntry is an entry of a post all of whose entries have expired.
type ExpiredEntry struct {
	ID      int64
	Cluster int64
	Source  string
}

// ExpiredPosts returns the entries of the posts (clusters of duplicates)
// every entry of which the rule lets go, in id order. The database ranks
// and groups them itself, so the memory this takes is that of the
// entries returned, not of the whole archive.
func (db *DB) ExpiredPosts(ctx context.Context, rule ExpiryRule) ([]ExpiredEntry, error) {
	if rule.MaxPerSource <= 0 && rule.Before.IsZero() || rule.Sources != nil && len(rule.Sources) == 0 {
		return nil, nil
	}
	query, args := expiredSQL(rule, db.dialect)
	rows, err := db.sql.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, fmt.Errorf("find expired entries: %w", err)
	}
	defer rows.Close()
	var out []ExpiredEntry
	for rows.Next() {
		var e ExpiredEntry
		if err := rows.Scan(&e.ID, &e.Cluster, &e.Source); err != nil {
			return nil, fmt.Errorf("find expired entries: %w", err)
		}
		out = append(out, e)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("find expired entries: %w", err)
	}
	return out, nil
}

// expiredSQL ranks each source's entries and keeps the expired ones whose
// post has no entry left unexpired. A stored date of 0 is unknown: it
// ranks below every known date, pre-1970 ones included, as the zero time
// does. An unscoped pass reads entries_light alone on SQLite, since a row
// keeps its later columns in overflow pages; a scoped one finds its few
// sources' rows by index.
func expiredSQL(rule ExpiryRule, d dialect) (string, []any) {
	perSource := int64(math.MaxInt64)
	if rule.MaxPerSource > 0 {
		perSource = int64(rule.MaxPerSource)
	}
	from := "entries" + d.indexedBy("entries_light")
	var args []any
	if rule.Sources != nil {
		from = "entries WHERE source IN (" + placeholders(len(rule.Sources)) + ")"
		for _, s := range rule.Sources {
			args = append(args, s)
		}
	}
	age := "0 = 1"
	if !rule.Before.IsZero() {
		age = "(published = 0 OR published < ?)"
		args = append(args, beforeUnix(rule.Before))
	}
	args = append(args, perSource)
	return `WITH ranked AS (
			SELECT id, cluster, source, published, updated,
				row_number() OVER (PARTITION BY source
					ORDER BY CASE WHEN published = 0 THEN 1 ELSE 0 END, published DESC, id DESC) AS rn
			FROM ` + from + `
		), marked AS (
			SELECT id, cluster, source, published, rn,
				first_value(id) OVER (PARTITION BY source
					ORDER BY CASE WHEN updated = 0 THEN 1 ELSE 0 END, updated DESC, rn) AS latest
			FROM ranked
		), expired AS (
			SELECT id, cluster, source FROM marked
			WHERE id <> latest AND (` + age + ` OR rn > ?)
		)
		SELECT x.id, x.cluster, x.source FROM expired x
		WHERE NOT EXISTS (
			SELECT 1 FROM entries o WHERE o.cluster = x.cluster
				AND o.id NOT IN (SELECT id FROM expired))
		ORDER BY x.id`, args
}

// beforeUnix is the stored date (unix seconds) below which an entry is
// published before t: the stored dates have whole seconds, t may not.
func beforeUnix(t time.Time) int64 {
	s := t.Unix()
	if t.Nanosecond() > 0 {
		s++
	}
	return s
}
