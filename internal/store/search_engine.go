package store

import "strings"

// searchEngine is the one place where search differs between the engines:
// how a Query is matched, ranked and marked. Both read the same
// search_text table; SQLite indexes it with FTS5, PostgreSQL with a
// tsvector and a GIN index. Every query selects entry ids, and the page
// queries (id, cluster, score).
type searchEngine interface {
	// windowSQL selects the id of the rankWindow-th most recently stored
	// match (ids grow with storage), when there are that many.
	windowSQL(q Query) (string, []any)
	// rankedSQL selects a page of the matches with an id of at least
	// from, best first.
	rankedSQL(q Query, from int64, limit, offset int) (string, []any)
	// newestSQL selects a page of the matches, newest published first;
	// many says there are more than rankWindow, where walking the dates
	// down beats sorting every match.
	newestSQL(q Query, many bool, limit, offset int) (string, []any)
	// marksSQL selects (id, marked title, marked snippet) of the given
	// matching entries.
	marksSQL(q Query, ids []int64) (string, []any)
}

// searchEngine returns the database's engine's search.
func (db *DB) searchEngine() searchEngine { return fts5Search{} }

// fts5Search is SQLite's search: FTS5 over search_text, ranked by the BM25
// weights the migration configured as the table's rank. A post's cluster
// comes from an index holding it (entries_light, entries_published_cluster),
// since the row keeps it after its content, in overflow pages.
type fts5Search struct{}

func (fts5Search) windowSQL(q Query) (string, []any) {
	return `SELECT rowid FROM search_fts(?) ORDER BY rowid DESC LIMIT 1 OFFSET ?`, []any{q.fts5(), rankWindow - 1}
}

func (fts5Search) rankedSQL(q Query, from int64, limit, offset int) (string, []any) {
	if from > 0 && q.hasPhrase() {
		// BM25 weighs each phrase by how many entries hold it, which
		// FTS5 counts by checking the phrase in every entry holding its
		// words: for common words, a tenth of a second per 100,000
		// entries. A phrase that many entries hold lists the most
		// recently stored first instead.
		return `SELECT e.id, e.cluster, 0.0 FROM search_fts(?) f
			JOIN entries e INDEXED BY entries_light ON e.id = f.rowid
			WHERE f.rowid >= ? ORDER BY f.rowid DESC LIMIT ? OFFSET ?`, []any{q.fts5(), from, limit, offset}
	}
	// FTS5 sorts by rank itself and stops at the limit; the join reads
	// only that page.
	return `SELECT m.id, e.cluster, -m.score FROM (
			SELECT rowid AS id, rank AS score FROM search_fts(?) WHERE rowid >= ?
			ORDER BY rank LIMIT ? OFFSET ?) m
		JOIN entries e INDEXED BY entries_light ON e.id = m.id
		ORDER BY m.score, m.id`, []any{q.fts5(), from, limit, offset}
}

func (fts5Search) newestSQL(q Query, many bool, limit, offset int) (string, []any) {
	if many {
		return `SELECT e.id, e.cluster, 0.0 FROM entries e INDEXED BY entries_published_cluster
			WHERE e.id IN (SELECT rowid FROM search_fts(?))
			ORDER BY e.published DESC, e.id DESC LIMIT ? OFFSET ?`, []any{q.fts5(), limit, offset}
	}
	return `SELECT e.id, e.cluster, 0.0 FROM search_fts(?) f
		JOIN entries e INDEXED BY entries_light ON e.id = f.rowid
		ORDER BY e.published DESC, e.id DESC LIMIT ? OFFSET ?`, []any{q.fts5(), limit, offset}
}

func (fts5Search) marksSQL(q Query, ids []int64) (string, []any) {
	args := []any{q.fts5()}
	for _, id := range ids {
		args = append(args, id)
	}
	return `SELECT rowid, highlight(search_fts, 0, char(2), char(3)),
		snippet(search_fts, 1, char(2), char(3), '…', 32)
		FROM search_fts(?) WHERE rowid IN (` + strings.TrimSuffix(strings.Repeat("?,", len(ids)), ",") + `)`, args
}
