package store

import (
	"context"
	"fmt"
	"strings"
	"time"
)

// Member is the light view of an entry used to pick what to publish:
// enough to group duplicates, choose a winner and order the feed without
// loading every entry's content.
type Member struct {
	ID             int64
	Source         string
	Key            string
	Cluster        int64
	PublicID       string
	Link           string
	Published      time.Time
	Updated        time.Time
	FirstSeen      time.Time
	FirstPublished time.Time // when its public id first went out; zero if never
}

// Members returns every stored entry's light view.
func (db *DB) Members(ctx context.Context) ([]Member, error) {
	return db.members(ctx, "")
}

// Entries loads full records by id, in the order of ids.
func (db *DB) Entries(ctx context.Context, ids []int64) ([]Record, error) {
	byID := make(map[int64]Record, len(ids))
	for start := 0; start < len(ids); start += 500 {
		chunk := ids[start:min(start+500, len(ids))]
		args := make([]any, len(chunk))
		for i, id := range chunk {
			args[i] = id
		}
		q := "SELECT " + entryColumns + " FROM entries WHERE id IN (" + placeholders(len(chunk)) + ")"
		rows, err := db.sql.QueryContext(ctx, q, args...)
		if err != nil {
			return nil, fmt.Errorf("load entries: %w", err)
		}
		for rows.Next() {
			r, err := scanEntry(rows)
			if err != nil {
				rows.Close()
				return nil, fmt.Errorf("load entries: %w", err)
			}
			byID[r.ID] = r
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return nil, fmt.Errorf("load entries: %w", err)
		}
	}
	out := make([]Record, 0, len(ids))
	for _, id := range ids {
		if r, ok := byID[id]; ok {
			out = append(out, r)
		}
	}
	return out, nil
}

// Merge records that entries a and b are the same post and joins their
// clusters; the cluster id is the smallest entry id, so it is stable.
func (db *DB) Merge(ctx context.Context, a, b int64, reason string, textSim, titleSim float64, now time.Time) error {
	return db.MergeAll(ctx, []Decision{{A: a, B: b, Reason: reason, TextSim: textSim, TitleSim: titleSim}}, now)
}

// Decision is one merge decision: entries A and B are the same post.
type Decision struct {
	A, B              int64
	Reason            string
	TextSim, TitleSim float64
}

// MergeAll applies decisions in order, as Merge does each, in one
// transaction: a cold run over ten thousand feeds merges thousands of
// pairs, and a commit each cost more than the merges.
func (db *DB) MergeAll(ctx context.Context, decisions []Decision, now time.Time) error {
	if len(decisions) == 0 {
		return nil
	}
	tx, err := db.begin(ctx)
	if err != nil {
		return fmt.Errorf("merge: %w", err)
	}
	defer tx.Rollback()
	for _, d := range decisions {
		if err := merge(ctx, tx, d, now); err != nil {
			return fmt.Errorf("merge %d and %d: %w", d.A, d.B, err)
		}
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("merge: %w", err)
	}
	return nil
}

// merge applies one decision in tx: both entries' clusters become the
// smaller of the two, and the decision is recorded.
func merge(ctx context.Context, tx *sqlTx, d Decision, now time.Time) error {
	var ca, cb int64
	if err := tx.QueryRowContext(ctx, "SELECT cluster FROM entries WHERE id = ?", d.A).Scan(&ca); err != nil {
		return err
	}
	if err := tx.QueryRowContext(ctx, "SELECT cluster FROM entries WHERE id = ?", d.B).Scan(&cb); err != nil {
		return err
	}
	if ca != cb {
		if _, err := tx.ExecContext(ctx, "UPDATE entries SET cluster = ? WHERE cluster IN (?, ?)", min(ca, cb), ca, cb); err != nil {
			return err
		}
	}
	_, err := tx.ExecContext(ctx, `INSERT INTO merges (entry_id, other_id, reason, text_sim, title_sim, decided_at)
		VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (entry_id, other_id) DO UPDATE SET reason = excluded.reason,
		text_sim = excluded.text_sim, title_sim = excluded.title_sim`,
		d.A, d.B, d.Reason, d.TextSim, d.TitleSim, toUnix(now))
	return err
}

// MergeRecord is one recorded duplicate decision.
type MergeRecord struct {
	A, B              Record
	Reason            string
	TextSim, TitleSim float64
	DecidedAt         time.Time
}

// Merges lists every recorded duplicate decision, oldest first.
func (db *DB) Merges(ctx context.Context) ([]MergeRecord, error) {
	rows, err := db.sql.QueryContext(ctx, "SELECT entry_id, other_id, reason, text_sim, title_sim, decided_at FROM merges ORDER BY decided_at, entry_id, other_id")
	if err != nil {
		return nil, fmt.Errorf("list merges: %w", err)
	}
	type row struct {
		a, b   int64
		reason string
		ts, tt float64
		at     int64
	}
	var raw []row
	for rows.Next() {
		var r row
		if err := rows.Scan(&r.a, &r.b, &r.reason, &r.ts, &r.tt, &r.at); err != nil {
			rows.Close()
			return nil, err
		}
		raw = append(raw, r)
	}
	rows.Close()
	var out []MergeRecord
	for _, r := range raw {
		recs, err := db.Entries(ctx, []int64{r.a, r.b})
		if err != nil || len(recs) != 2 {
			continue
		}
		out = append(out, MergeRecord{A: recs[0], B: recs[1], Reason: r.reason, TextSim: r.ts, TitleSim: r.tt, DecidedAt: fromUnix(r.at)})
	}
	return out, nil
}

// SetPublicID gives an entry another public id; used only for an entry
// whose source's id collides with another source's, before it is published.
func (db *DB) SetPublicID(ctx context.Context, id int64, publicID string) error {
	if _, err := db.exec(ctx, "UPDATE entries SET public_id = ? WHERE id = ?", publicID, id); err != nil {
		return fmt.Errorf("set public id of %d: %w", id, err)
	}
	return nil
}

// RecordPublished adds public ids to the ledger of ids subscribers have
// seen; ids already there keep their first-published time.
func (db *DB) RecordPublished(ctx context.Context, ids map[string]int64, now time.Time) error {
	tx, err := db.begin(ctx)
	if err != nil {
		return fmt.Errorf("record published ids: %w", err)
	}
	defer tx.Rollback()
	stmt, err := tx.PrepareContext(ctx, "INSERT INTO published (public_id, entry_id, first_published) VALUES (?, ?, ?) ON CONFLICT (public_id) DO NOTHING")
	if err != nil {
		return fmt.Errorf("record published ids: %w", err)
	}
	defer stmt.Close()
	for pid, id := range ids {
		if _, err := stmt.ExecContext(ctx, pid, id, toUnix(now)); err != nil {
			return fmt.Errorf("record published ids: %w", err)
		}
	}
	return tx.Commit()
}

func placeholders(n int) string {
	return strings.TrimSuffix(strings.Repeat("?,", n), ",")
}
