package store

import (
	"context"
	"fmt"
	"strings"

	"github.com/tributary/tributary/internal/dburl"
)

// searchRow is one entry's search text waiting to be written.
type searchRow struct {
	id  int64
	doc [5]string
}

// searchFlushBatch bounds the ids of one flush statement, well under
// SQLite's limit on a statement's parameters.
const searchFlushBatch = 500

// flushSearch writes the search text indexEntry queued in this
// transaction, and its engine's index with it. It runs just before the
// commit.
//
// On SQLite the FTS5 index is written in one statement per batch:
// FTS5 writes its pending terms out to disk at every statement that
// touches it inside a transaction, so a statement per entry made a cold
// run several times slower, spending its time merging tiny index
// segments. The index is contentless: a changed entry's old words go by
// its rowid, before the new ones are written. On PostgreSQL a trigger
// keeps the tsvector in step with each row.
func (s *txStmts) flushSearch(ctx context.Context) error {
	if len(s.search) == 0 {
		return nil
	}
	rows := lastPerEntry(s.search)
	s.search = s.search[:0]
	fts5 := s.dialect.engine() != dburl.Postgres
	for start := 0; start < len(rows); start += searchFlushBatch {
		batch := rows[start:min(start+searchFlushBatch, len(rows))]
		ids := make([]any, len(batch))
		for i, r := range batch {
			ids[i] = r.id
		}
		in := "(" + strings.Repeat("?, ", len(ids)-1) + "?)"
		if fts5 {
			if err := s.unindex(ctx, in, ids); err != nil {
				return fmt.Errorf("search index: %w", err)
			}
		}
		for _, r := range batch {
			d := r.doc
			if fts5 {
				// SQLite's index is the text's only copy (see
				// migration 0012): search_text keeps the short fields.
				d[1] = ""
			}
			if _, err := s.exec(ctx, `INSERT INTO search_text (entry_id, title, body, authors, categories, source)
				VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (entry_id) DO UPDATE SET title = excluded.title,
				body = excluded.body, authors = excluded.authors, categories = excluded.categories,
				source = excluded.source`, r.id, d[0], d[1], d[2], d[3], d[4]); err != nil {
				return fmt.Errorf("search index: %w", err)
			}
		}
		if fts5 {
			args := make([]any, 0, 6*len(batch))
			for _, r := range batch {
				d := r.doc
				args = append(args, r.id, d[0], d[1], d[2], d[3], d[4])
			}
			if _, err := s.tx.ExecContext(ctx, `INSERT INTO search_fts (rowid, title, body, authors, categories, source)
				VALUES `+strings.TrimSuffix(strings.Repeat("(?, ?, ?, ?, ?, ?), ", len(batch)), ", "), args...); err != nil {
				return fmt.Errorf("search index: %w", err)
			}
		}
	}
	return nil
}

// unindex removes from the FTS5 index the entries among ids (a list of
// placeholders in) that it already holds: the changed ones. Each goes by
// its rowid in a statement of its own, since a rowid lookup is the only
// way into a contentless index that does not scan it all.
func (s *txStmts) unindex(ctx context.Context, in string, ids []any) error {
	rows, err := s.tx.QueryContext(ctx, "SELECT entry_id FROM search_text WHERE entry_id IN "+in, ids...)
	if err != nil {
		return err
	}
	var indexed []int64
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			rows.Close()
			return err
		}
		indexed = append(indexed, id)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	for _, id := range indexed {
		if _, err := s.exec(ctx, "DELETE FROM search_fts WHERE rowid = ?", id); err != nil {
			return err
		}
	}
	return nil
}

// lastPerEntry keeps the last queued text of each entry, in queue order.
func lastPerEntry(rows []searchRow) []searchRow {
	last := make(map[int64]int, len(rows))
	for i, r := range rows {
		last[r.id] = i
	}
	out := make([]searchRow, 0, len(last))
	for i, r := range rows {
		if last[r.id] == i {
			out = append(out, r)
		}
	}
	return out
}
