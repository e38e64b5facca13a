package store

import (
	"strings"

	"github.com/tributary/tributary/internal/dburl"
)

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
func (db *DB) searchEngine() searchEngine {
	if db.dialect.engine() == dburl.Postgres {
		return tsSearch{}
	}
	return fts5Search{}
}

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

// tsSearch is PostgreSQL's search: a tsvector per entry in search_fts
// (weighted by field, GIN-indexed), matched with a tsquery built from the
// Query's parts, ranked with ts_rank and marked with ts_headline. ts_rank
// needs no count over the whole table, so phrases rank like words.
type tsSearch struct{}

// tsquery returns q as a tsquery expression and its arguments: the text
// of every term goes in as an argument to phraseto_tsquery, which reads
// any text without error; the operators are ours.
func (q Query) tsquery() (string, []any) {
	var args []any
	term := func(t Term) string {
		if !t.Prefix {
			args = append(args, t.Text)
			return "phraseto_tsquery('simple', ?)"
		}
		// A prefix goes through to_tsquery's syntax: its words are
		// letters and digits only (see words), quoted, and the last
		// carries the prefix mark.
		ws := words(t.Text)
		for i, w := range ws {
			ws[i] = "'" + w + "'"
		}
		args = append(args, strings.Join(ws, " <-> ")+":*")
		return "to_tsquery('simple', ?)"
	}
	anyOf := func(terms []Term) string {
		parts := make([]string, len(terms))
		for i, t := range terms {
			parts[i] = term(t)
		}
		return "(" + strings.Join(parts, " || ") + ")"
	}
	groups := make([]string, len(q.Groups))
	for i, g := range q.Groups {
		groups[i] = anyOf(g)
	}
	expr := strings.Join(groups, " && ")
	if len(q.Excluded) > 0 {
		expr = "(" + expr + ") && !!" + anyOf(q.Excluded)
	}
	return expr, args
}

// tsFrom is the FROM clause that names the query q once, as x.q.
func tsFrom(q Query) (string, []any) {
	expr, args := q.tsquery()
	return "(SELECT " + expr + " AS q) x, search_fts f JOIN entries e ON e.id = f.entry_id", args
}

func (tsSearch) windowSQL(q Query) (string, []any) {
	expr, args := q.tsquery()
	return `SELECT entry_id FROM search_fts WHERE document @@ (` + expr + `)
		ORDER BY entry_id DESC LIMIT 1 OFFSET ?`, append(args, rankWindow-1)
}

func (tsSearch) rankedSQL(q Query, from int64, limit, offset int) (string, []any) {
	src, args := tsFrom(q)
	return `SELECT e.id, e.cluster, ts_rank(f.document, x.q) AS score FROM ` + src + `
		WHERE f.document @@ x.q AND f.entry_id >= ?
		ORDER BY score DESC, e.id LIMIT ? OFFSET ?`, append(args, from, limit, offset)
}

func (tsSearch) newestSQL(q Query, _ bool, limit, offset int) (string, []any) {
	src, args := tsFrom(q)
	return `SELECT e.id, e.cluster, 0.0 FROM ` + src + `
		WHERE f.document @@ x.q ORDER BY e.published DESC, e.id DESC LIMIT ? OFFSET ?`, append(args, limit, offset)
}

// tsMarks are ts_headline's options: the marks Marked reads, the whole
// title, and for the body a passage of up to 32 words.
const (
	tsTitleMarks = "StartSel=\x02, StopSel=\x03, HighlightAll=true"
	tsBodyMarks  = "StartSel=\x02, StopSel=\x03, MaxWords=32, MinWords=12, ShortWord=0, MaxFragments=2, FragmentDelimiter=\" … \""
)

func (tsSearch) marksSQL(q Query, ids []int64) (string, []any) {
	expr, qargs := q.tsquery()
	args := append([]any{tsTitleMarks, tsBodyMarks}, qargs...)
	for _, id := range ids {
		args = append(args, id)
	}
	return `SELECT s.entry_id, ts_headline('simple', s.title, x.q, ?), ts_headline('simple', left(s.body, 200000), x.q, ?)
		FROM (SELECT ` + expr + ` AS q) x, search_text s
		WHERE s.entry_id IN (` + strings.TrimSuffix(strings.Repeat("?,", len(ids)), ",") + `)`, args
}

// searchIndexTable reports the tables each engine builds for its own
// full-text index from search_text: SQLite's FTS5 table search_fts and
// its shadow tables (search_fts_data, _idx, _docsize, _config), and
// PostgreSQL's search_fts of tsvectors. They genuinely differ between the
// engines, so a comparison of the two schemas leaves them out, and a copy
// from one engine to the other skips them: writing search_text rebuilds
// them (triggers on both engines).
func searchIndexTable(name string) bool {
	return name == "search_fts" || strings.HasPrefix(name, "search_fts_")
}
