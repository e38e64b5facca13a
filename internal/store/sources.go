package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/tributary/tributary/internal/feed"
)

const sourceColumns = `name, url, feed_title, feed_link, feed_id, etag, last_modified, input_hash,
	last_attempt, last_success, last_status, last_error, failures, failing_since, next_due,
	hint_interval, redirect_to, redirect_seen, adopted_url, gone`

// SourceState returns what is stored about the named source; a source never
// seen before yields a zero state with its name set.
func (db *DB) SourceState(ctx context.Context, name string) (feed.SourceState, error) {
	row := db.sql.QueryRowContext(ctx, "SELECT "+sourceColumns+" FROM sources WHERE name = ?", name)
	st, err := scanSource(row)
	if errors.Is(err, sql.ErrNoRows) {
		return feed.SourceState{Name: name}, nil
	}
	if err != nil {
		return st, fmt.Errorf("load source %s: %w", name, err)
	}
	return st, nil
}

// SourceStates returns every stored source state, keyed by name.
func (db *DB) SourceStates(ctx context.Context) (map[string]feed.SourceState, error) {
	rows, err := db.sql.QueryContext(ctx, "SELECT "+sourceColumns+" FROM sources")
	if err != nil {
		return nil, fmt.Errorf("load sources: %w", err)
	}
	defer rows.Close()
	out := map[string]feed.SourceState{}
	for rows.Next() {
		st, err := scanSource(rows)
		if err != nil {
			return nil, fmt.Errorf("load sources: %w", err)
		}
		out[st.Name] = st
	}
	return out, rows.Err()
}

// FailingBefore returns the names of the sources failing since before t,
// sorted: what `run`'s daily notice names, found without reading every
// source's state (at 10,000 sources, 35 to 80 ms of a 1.7 s warm cycle).
func (db *DB) FailingBefore(ctx context.Context, t time.Time) ([]string, error) {
	names, err := queryStrings(ctx, db.sql, `SELECT name FROM sources
		WHERE failures > 0 AND failing_since <> 0 AND failing_since < ? ORDER BY name`, beforeUnix(t))
	if err != nil {
		return nil, fmt.Errorf("find failing sources: %w", err)
	}
	return names, nil
}

// SaveSourceState records a source's state on its own, for attempts that
// store no entries (failures, 304s).
func (db *DB) SaveSourceState(ctx context.Context, st feed.SourceState) error {
	return db.SaveSourceStates(ctx, []feed.SourceState{st})
}

// SaveSourceStates records several sources' states in one transaction: a
// warm run where a thousand sources answer 304 needs one commit, not a
// thousand.
func (db *DB) SaveSourceStates(ctx context.Context, states []feed.SourceState) error {
	if len(states) == 0 {
		return nil
	}
	tx, err := db.begin(ctx)
	if err != nil {
		return fmt.Errorf("save source states: %w", err)
	}
	defer tx.Rollback()
	for _, st := range states {
		if err := saveSource(ctx, tx, st); err != nil {
			return fmt.Errorf("save source %s: %w", st.Name, err)
		}
	}
	return tx.Commit()
}

// DeleteSource removes a source and, through the foreign keys, its entries.
func (db *DB) DeleteSource(ctx context.Context, name string) (int64, error) {
	tx, err := db.sql.BeginTx(ctx, nil)
	if err != nil {
		return 0, err
	}
	defer tx.Rollback()
	var n int64
	if err := tx.QueryRowContext(ctx, "SELECT count(*) FROM entries WHERE source = ?", name).Scan(&n); err != nil {
		return 0, fmt.Errorf("purge %s: %w", name, err)
	}
	if err := dropSourceBands(ctx, tx, name); err != nil {
		return 0, fmt.Errorf("purge %s: %w", name, err)
	}
	if _, err := tx.ExecContext(ctx, "DELETE FROM sources WHERE name = ?", name); err != nil {
		return 0, fmt.Errorf("purge %s: %w", name, err)
	}
	return n, tx.Commit()
}

// EntryCounts returns how many entries each source has stored.
func (db *DB) EntryCounts(ctx context.Context) (map[string]int, error) {
	return db.countBySource(ctx, "SELECT source, count(*) FROM entries GROUP BY source", "count entries")
}

// countBySource runs query, which yields (source, count) rows, into a map;
// what names the count in errors.
func (db *DB) countBySource(ctx context.Context, query, what string) (map[string]int, error) {
	rows, err := db.sql.QueryContext(ctx, query)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", what, err)
	}
	defer rows.Close()
	out := map[string]int{}
	for rows.Next() {
		var name string
		var n int
		if err := rows.Scan(&name, &n); err != nil {
			return nil, fmt.Errorf("%s: %w", what, err)
		}
		out[name] = n
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("%s: %w", what, err)
	}
	return out, nil
}

type scanner interface{ Scan(...any) error }

func scanSource(r scanner) (feed.SourceState, error) {
	var st feed.SourceState
	var attempt, success, since, due, hint int64
	var gone int
	err := r.Scan(&st.Name, &st.URL, &st.FeedTitle, &st.FeedLink, &st.FeedID, &st.ETag, &st.LastModified,
		&st.InputHash, &attempt, &success, &st.LastStatus, &st.LastError, &st.Failures, &since, &due,
		&hint, &st.RedirectTo, &st.RedirectSeen, &st.AdoptedURL, &gone)
	st.LastAttempt, st.LastSuccess = fromUnix(attempt), fromUnix(success)
	st.FailingSince, st.NextDue = fromUnix(since), fromUnix(due)
	st.HintInterval = time.Duration(hint) * time.Second
	st.Gone = gone != 0
	return st, err
}

func saveSource(ctx context.Context, tx *sqlTx, st feed.SourceState) error {
	_, err := tx.ExecContext(ctx, `INSERT INTO sources (`+sourceColumns+`)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
		ON CONFLICT (name) DO UPDATE SET url = excluded.url, feed_title = excluded.feed_title,
		feed_link = excluded.feed_link, feed_id = excluded.feed_id, etag = excluded.etag,
		last_modified = excluded.last_modified, input_hash = excluded.input_hash,
		last_attempt = excluded.last_attempt, last_success = excluded.last_success,
		last_status = excluded.last_status, last_error = excluded.last_error,
		failures = excluded.failures, failing_since = excluded.failing_since,
		next_due = excluded.next_due, hint_interval = excluded.hint_interval,
		redirect_to = excluded.redirect_to, redirect_seen = excluded.redirect_seen,
		adopted_url = excluded.adopted_url, gone = excluded.gone`, sourceArgs(st)...)
	return err
}

// sourceArgs are st's values in the order of sourceColumns.
func sourceArgs(st feed.SourceState) []any {
	return []any{st.Name, st.URL, st.FeedTitle, st.FeedLink, st.FeedID, st.ETag, st.LastModified, st.InputHash,
		toUnix(st.LastAttempt), toUnix(st.LastSuccess), st.LastStatus, st.LastError, st.Failures,
		toUnix(st.FailingSince), toUnix(st.NextDue), int64(st.HintInterval / time.Second),
		st.RedirectTo, st.RedirectSeen, st.AdoptedURL, boolInt(st.Gone)}
}

func toUnix(t time.Time) int64 {
	if t.IsZero() {
		return 0
	}
	return t.Unix()
}

func fromUnix(s int64) time.Time {
	if s == 0 {
		return time.Time{}
	}
	return time.Unix(s, 0).UTC()
}

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}
