package store

import (
	"context"
	"strings"

	"github.com/jackc/pgx/v5"

	"github.com/tributary/tributary/internal/dburl"
)

// searchEngine is the one place where search differs between the engines:
// how a Query is matched, ranked and marked. Both read the same
// search_text table; SQLite indexes it with FTS5, PostgreSQL with a
// tsvector and a GIN index. Every query selects entry ids, and the page
// queries (id, cluster, score).
type searchEngine interface {
	// windowSQL selects the count, smallest and largest id of the
	// rankWindow most recently stored matches (ids grow with storage),
	// read as a matchWindow.
	windowSQL(q Query) (string, []any)
	// ranksWindow says rankedSQL finds the rankWindow most recently
	// stored matches and ranks them in one pass, needing no window.
	ranksWindow(q Query) bool
	// rankedSQL selects a page of the matches, best first: of the
	// rankWindow most recently stored (those with an id of at least
	// w.from when the engine needs the window).
	rankedSQL(q Query, w matchWindow, limit, offset int) (string, []any)
	// newestSQL selects a page of the matches, newest published first,
	// in the way the window says is cheapest: listing every match and
	// sorting them when they are few or sparse, or walking the dates
	// down and checking each entry when they are dense.
	newestSQL(q Query, w matchWindow, limit, offset int) (string, []any)
	// marks returns the marked title and snippet of each of the given
	// matching entries.
	marks(ctx context.Context, db *DB, q Query, ids []int64) (map[int64][2]Marked, error)
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
	return `SELECT count(*), min(rowid), max(rowid) FROM (
		SELECT rowid FROM search_fts(?) ORDER BY rowid DESC LIMIT ?)`, []any{q.fts5(), rankWindow}
}

// ranksWindow: FTS5 ranks a window of words in the pass that finds it.
// A phrase is ranked only when it has fewer matches than the window: BM25
// weighs each phrase by how many entries hold it, which FTS5 counts by
// checking the phrase in every entry holding its words (for common words,
// a tenth of a second per 100,000 entries), so a phrase that many entries
// hold lists the most recently stored first instead.
func (fts5Search) ranksWindow(q Query) bool { return !q.hasPhrase() }

func (fts5Search) rankedSQL(q Query, w matchWindow, limit, offset int) (string, []any) {
	if !q.hasPhrase() {
		// The rank of each of the window's matches, then the page's
		// join: one pass over the index, where a window first and a
		// ranking after made two (and for an excluded common word, each
		// reads its every entry).
		return `SELECT p.id, e.cluster, -p.score FROM (
				SELECT id, score FROM (
					SELECT rowid AS id, rank AS score FROM search_fts(?) ORDER BY rowid DESC LIMIT ?)
				ORDER BY score, id LIMIT ? OFFSET ?) p
			JOIN entries e INDEXED BY entries_light ON e.id = p.id
			ORDER BY p.score, p.id`, []any{q.fts5(), rankWindow, limit, offset}
	}
	if w.many {
		return `SELECT e.id, e.cluster, 0.0 FROM search_fts(?) f
			JOIN entries e INDEXED BY entries_light ON e.id = f.rowid
			WHERE f.rowid >= ? ORDER BY f.rowid DESC LIMIT ? OFFSET ?`, []any{q.fts5(), w.from, limit, offset}
	}
	// FTS5 sorts by rank itself and stops at the limit; the join reads
	// only that page.
	return `SELECT m.id, e.cluster, -m.score FROM (
			SELECT rowid AS id, rank AS score FROM search_fts(?)
			ORDER BY rank LIMIT ? OFFSET ?) m
		JOIN entries e INDEXED BY entries_light ON e.id = m.id
		ORDER BY m.score, m.id`, []any{q.fts5(), limit, offset}
}

// fts5DenseWalk is the density of matches above which a walk down the
// dates, checking each entry against the index (some 40 µs an entry),
// beats listing every match (some 0.15 µs a match, but every one): past
// about a third, the walk checks no more than three entries a match.
const fts5DenseWalk = 1.0 / 3

func (fts5Search) newestSQL(q Query, w matchWindow, limit, offset int) (string, []any) {
	switch {
	case w.many && w.density >= fts5DenseWalk:
		// A phrase of common words, above all, would otherwise be checked
		// in every entry holding its words.
		return `SELECT e.id, e.cluster, 0.0 FROM entries e INDEXED BY entries_published_cluster
			WHERE EXISTS (SELECT 1 FROM search_fts f WHERE search_fts MATCH ? AND f.rowid = e.id)
			ORDER BY e.published DESC, e.id DESC LIMIT ? OFFSET ?`, []any{q.fts5(), limit, offset}
	case w.many:
		return `SELECT e.id, e.cluster, 0.0 FROM entries e INDEXED BY entries_published_cluster
			WHERE e.id IN (SELECT rowid FROM search_fts(?))
			ORDER BY e.published DESC, e.id DESC LIMIT ? OFFSET ?`, []any{q.fts5(), limit, offset}
	}
	return `SELECT e.id, e.cluster, 0.0 FROM search_fts(?) f
		JOIN entries e INDEXED BY entries_light ON e.id = f.rowid
		ORDER BY e.published DESC, e.id DESC LIMIT ? OFFSET ?`, []any{q.fts5(), limit, offset}
}

// marks: the index is contentless and keeps no text (see migration
// 0012), so the marks are computed in Go, the title's from search_text
// and the snippet's from the entry's body, made into text as it was for
// the index.
func (fts5Search) marks(ctx context.Context, db *DB, q Query, ids []int64) (map[int64][2]Marked, error) {
	args := int64Args(ids)
	in := strings.TrimSuffix(strings.Repeat("?,", len(ids)), ",")
	rows, err := db.sql.QueryContext(ctx, "SELECT "+entryColumns+" FROM entries WHERE id IN ("+in+")", args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	m := newWordMatcher(q)
	out := make(map[int64][2]Marked, len(ids))
	for rows.Next() {
		rec, err := scanEntry(rows)
		if err != nil {
			return nil, err
		}
		rec.Content, rec.Summary = rec.Body()
		doc := searchDoc(&rec)
		out[rec.ID] = [2]Marked{m.highlight(doc[0]), m.snippet(doc[1], snippetWords)}
	}
	return out, rows.Err()
}

// tsSearch is PostgreSQL's search: a tsvector per entry in search_fts
// (weighted by field, GIN-indexed, kept in its row up to a page's size so
// that checking and ranking a match reads nothing from TOAST; see
// migration 0013), matched with a tsquery built from the Query's parts,
// ranked with ts_rank and marked with ts_headline. ts_rank needs no count
// over the whole table, so phrases rank like words.
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

func (tsSearch) windowSQL(q Query) (string, []any) {
	expr, args := q.tsquery()
	return tsExec(`SELECT count(*), min(entry_id), max(entry_id) FROM (
		SELECT entry_id FROM search_fts WHERE document @@ (`+expr+`)
		ORDER BY entry_id DESC LIMIT ?) w`, append(args, rankWindow))
}

// ranksWindow: ts_rank needs no count over the whole table, so every
// query, phrases included, is ranked in the pass that finds its window.
func (tsSearch) ranksWindow(Query) bool { return true }

// rankedSQL ranks the window's matches as it finds them, within
// search_fts, and joins entries for the page only: joining first made
// PostgreSQL read the whole entries table for a common word, a second per
// search over 100,000 entries.
//
// Each match is ranked where it is read, so that what the window sorts
// by id, when it comes from the GIN index, is an id and a score: the
// tsvectors are kept in their rows (migration 0013), and carried through
// that sort 2,000 of them came to more than work_mem, a sort on disk.
func (tsSearch) rankedSQL(q Query, _ matchWindow, limit, offset int) (string, []any) {
	expr, args := q.tsquery()
	return tsExec(`SELECT p.id, e.cluster, p.score FROM (
			SELECT w.id, w.score FROM (
				SELECT f.entry_id AS id, ts_rank(f.document, x.q) AS score
				FROM (SELECT `+expr+` AS q) x, search_fts f
				WHERE f.document @@ x.q ORDER BY f.entry_id DESC LIMIT ?) w
			ORDER BY w.score DESC, w.id LIMIT ? OFFSET ?) p
		JOIN entries e ON e.id = p.id
		ORDER BY p.score DESC, p.id`, append(args, rankWindow, limit, offset))
}

// tsExec has pgx plan the statement for its arguments each time it runs
// (QueryExecModeExec, an unnamed statement) rather than prepare it once:
// after five runs PostgreSQL may settle on a generic plan, which, knowing
// nothing of the words sought, can read the tsvector of every entry
// holding a phrase's words (a second over 100,000 entries).
func tsExec(query string, args []any) (string, []any) {
	return query, append([]any{pgx.QueryExecModeExec}, args...)
}

// tsDenseWalk is the density of matches above which a walk down the
// dates, checking each entry's tsvector, beats listing every match from
// the GIN index and looking up its date (some 1.5 µs a match, but every
// one). It was set when the check read the tsvector from TOAST (some
// 10 µs). With tsvectors in their rows (migration 0013) it still holds
// over 100,000 entries: at 6.6% the walk took 4 ms of the server's CPU
// and the list 24 ms, while at 4% the planner walked in parallel workers
// that together checked 21,000 entries for a page of 50 (1.5 s of wall
// time).
const tsDenseWalk = 1.0 / 16

func (tsSearch) newestSQL(q Query, w matchWindow, limit, offset int) (string, []any) {
	expr, args := q.tsquery()
	if w.many && w.density >= tsDenseWalk {
		// The planner, knowing most entries match, walks the dates down
		// and reads each entry's tsvector by id.
		return tsExec(`SELECT e.id, e.cluster, 0.0 FROM entries e JOIN search_fts f ON f.entry_id = e.id
			WHERE f.document @@ (`+expr+`)
			ORDER BY e.published DESC, e.id DESC LIMIT ? OFFSET ?`, append(args, limit, offset))
	}
	// The matches come from the GIN index alone (a CTE the planner cannot
	// turn into a walk that reads every entry's tsvector), then the date
	// of each, looked up by id (the fence, OFFSET 0, keeps the planner
	// from reading the whole entries table instead).
	return tsExec(`WITH m AS MATERIALIZED (SELECT entry_id FROM search_fts WHERE document @@ (`+expr+`))
		SELECT m.entry_id, e.cluster, 0.0 FROM m,
			LATERAL (SELECT published, cluster FROM entries WHERE id = m.entry_id OFFSET 0) e
		ORDER BY e.published DESC, m.entry_id DESC LIMIT ? OFFSET ?`, append(args, limit, offset))
}

// tsMarks are ts_headline's options: the marks Marked reads, the whole
// title, and for the body a passage of up to 32 words.
const (
	tsTitleMarks = "StartSel=\x02, StopSel=\x03, HighlightAll=true"
	tsBodyMarks  = "StartSel=\x02, StopSel=\x03, MaxWords=32, MinWords=12, ShortWord=0, MaxFragments=2, FragmentDelimiter=\" … \""
)

// marks: ts_headline marks both, on the server.
func (tsSearch) marks(ctx context.Context, db *DB, q Query, ids []int64) (map[int64][2]Marked, error) {
	query, args := tsSearch{}.marksSQL(q, ids)
	rows, err := db.sql.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := make(map[int64][2]Marked, len(ids))
	for rows.Next() {
		var id int64
		var title, snippet string
		if err := rows.Scan(&id, &title, &snippet); err != nil {
			return nil, err
		}
		out[id] = [2]Marked{Marked(title), Marked(snippet)}
	}
	return out, rows.Err()
}

func (tsSearch) marksSQL(q Query, ids []int64) (string, []any) {
	expr, qargs := q.tsquery()
	args := append([]any{tsTitleMarks, tsBodyMarks}, qargs...)
	for _, id := range ids {
		args = append(args, id)
	}
	return tsExec(`SELECT s.entry_id, ts_headline('simple', s.title, x.q, ?), ts_headline('simple', left(s.body, 200000), x.q, ?)
		FROM (SELECT `+expr+` AS q) x, search_text s
		WHERE s.entry_id IN (`+strings.TrimSuffix(strings.Repeat("?,", len(ids)), ",")+`)`, args)
}

// searchIndexTable reports the tables each engine builds for its own
// full-text index from search_text: SQLite's FTS5 table search_fts and
// its shadow tables (search_fts_data, _idx, _docsize, _config), and
// PostgreSQL's search_fts of tsvectors. They genuinely differ between the
// engines, so a comparison of the two schemas leaves them out, and a copy
// from one engine to the other skips them with search_text: the target
// indexes the copied entries afresh.
func searchIndexTable(name string) bool {
	return name == "search_fts" || strings.HasPrefix(name, "search_fts_")
}
