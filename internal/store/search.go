package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"

	"github.com/tributary/tributary/internal/htmltext"
)

// SearchOptions tunes a search.
type SearchOptions struct {
	// Limit is how many posts to return; 0 means DefaultSearchLimit, and
	// more than MaxSearchLimit is cut to it.
	Limit int
	// Newest orders the posts by published date, newest first, instead of
	// best match first (a feed of a search wants the newest).
	Newest bool
}

// Search limits: a page of results, and the most one search returns.
const (
	DefaultSearchLimit = 20
	MaxSearchLimit     = 500
)

// Hit is one post matching a search, found through its best-matching copy
// (a post merged from several sources appears once).
type Hit struct {
	ID      int64   // the matching entry
	Cluster int64   // its post
	Score   float64 // relevance (higher is better); 0 when ordered by date
	Title   Marked  // the entry's title with the matched words marked
	Snippet Marked  // a passage of the entry's text around the matches
}

// The marks around matched words in a Marked text: control characters,
// which the indexed text never holds (htmltext.CleanChars removes them).
const (
	markStart = '\x02'
	markEnd   = '\x03'
)

// Marked is text with the words a search matched marked; Spans reads it.
type Marked string

// Span is a run of a Marked text, matched or not.
type Span struct {
	Text  string
	Match bool
}

// Spans splits the text into runs, alternating unmatched and matched.
func (m Marked) Spans() []Span {
	var out []Span
	s := string(m)
	match := false
	for s != "" {
		stop := markStart
		if match {
			stop = markEnd
		}
		i := strings.IndexRune(s, stop)
		if i < 0 {
			i = len(s)
		}
		if i > 0 {
			out = append(out, Span{Text: s[:i], Match: match})
		}
		if i < len(s) {
			i++
		}
		s = s[i:]
		match = !match
	}
	return out
}

// Plain is the text without its marks.
func (m Marked) Plain() string {
	return strings.NewReplacer(string(markStart), "", string(markEnd), "").Replace(string(m))
}

// Search finds the posts matching q: each post once, through its
// best-matching copy, best first (or newest first with o.Newest).
// Entries stored before the index existed are indexed first.
func (db *DB) Search(ctx context.Context, q Query, o SearchOptions) ([]Hit, error) {
	if len(q.Groups) == 0 {
		return nil, badQuery("there are no words to search for")
	}
	if err := db.IndexForSearch(ctx); err != nil {
		return nil, err
	}
	limit := o.Limit
	if limit <= 0 {
		limit = DefaultSearchLimit
	}
	limit = min(limit, MaxSearchLimit)
	eng := db.searchEngine()
	// An engine that ranks the window of matches in the same pass as it
	// finds them needs no window first.
	var w matchWindow
	if o.Newest || !eng.ranksWindow(q) {
		var err error
		if w, err = db.searchWindow(ctx, eng, q); err != nil {
			return nil, fmt.Errorf("search %q: %w", q.String(), err)
		}
	}
	// Copies of one post can fill a page of matches: read pages until
	// enough posts are found.
	page := max(2*limit, 50)
	seen := map[int64]bool{}
	var hits []Hit
	for offset := 0; len(hits) < limit; offset += page {
		query, args := eng.rankedSQL(q, w, page, offset)
		if o.Newest {
			query, args = eng.newestSQL(q, w, page, offset)
		}
		got, err := db.searchRows(ctx, query, args)
		if err != nil {
			return nil, fmt.Errorf("search %q: %w", q.String(), err)
		}
		for _, h := range got {
			if !seen[h.Cluster] && len(hits) < limit {
				seen[h.Cluster] = true
				hits = append(hits, h)
			}
		}
		if len(got) < page {
			break
		}
	}
	if err := db.searchMarks(ctx, eng, q, hits); err != nil {
		return nil, fmt.Errorf("search %q: %w", q.String(), err)
	}
	return hits, nil
}

// rankWindow bounds the matches a search ranks: BM25 scores every match
// before sorting, which for a word most entries hold (a "the") costs a
// second over 100,000 entries. A query matching more ranks its rankWindow
// most recently stored matches; such a word says little about relevance
// anyway.
const rankWindow = 2000

// matchWindow is what a search learns first about its matches, from the
// rankWindow most recently stored: the smallest id a ranked search
// considers (0 for all), whether there are more, and how densely the
// matches fill the ids they span (1 when every entry matches), which
// says how far a walk down the dates goes to fill a page.
type matchWindow struct {
	from    int64
	many    bool
	density float64
}

// searchWindow reads the window of q's matches.
func (db *DB) searchWindow(ctx context.Context, eng searchEngine, q Query) (matchWindow, error) {
	var w matchWindow
	var n, lo, hi sql.NullInt64
	query, args := eng.windowSQL(q)
	if err := db.sql.QueryRowContext(ctx, query, args...).Scan(&n, &lo, &hi); err != nil {
		return w, err
	}
	if n.Int64 >= rankWindow {
		w.from, w.many = lo.Int64, true
	}
	if span := hi.Int64 - lo.Int64 + 1; n.Int64 > 0 && span > 0 {
		w.density = float64(n.Int64) / float64(span)
	}
	return w, nil
}

func (db *DB) searchRows(ctx context.Context, query string, args []any) ([]Hit, error) {
	rows, err := db.sql.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Hit
	for rows.Next() {
		var h Hit
		if err := rows.Scan(&h.ID, &h.Cluster, &h.Score); err != nil {
			return nil, err
		}
		out = append(out, h)
	}
	return out, rows.Err()
}

// searchMarks fills in the hits' marked titles and snippets, computed for
// these few entries only.
func (db *DB) searchMarks(ctx context.Context, eng searchEngine, q Query, hits []Hit) error {
	if len(hits) == 0 {
		return nil
	}
	ids := make([]int64, len(hits))
	for i, h := range hits {
		ids[i] = h.ID
	}
	// The entries are known to match: the excluded terms, which they do
	// not hold, only cost the index a pass over every entry holding them
	// (for a common word, most of the time this takes).
	marks, err := eng.marks(ctx, db, Query{Groups: q.Groups}, ids)
	if err != nil {
		return err
	}
	for i := range hits {
		m := marks[hits[i].ID]
		hits[i].Title, hits[i].Snippet = m[0], m[1]
	}
	return nil
}

// MembersOfClusters returns the light views of every entry of the given
// posts (clusters), in id order: what it takes to show a search's posts as
// the feed shows them.
func (db *DB) MembersOfClusters(ctx context.Context, clusters []int64) ([]Member, error) {
	var out []Member
	for start := 0; start < len(clusters); start += 500 {
		chunk := clusters[start:min(start+500, len(clusters))]
		args := make([]any, len(chunk))
		for i, c := range chunk {
			args[i] = c
		}
		ms, err := db.members(ctx, "WHERE e.cluster IN ("+placeholders(len(chunk))+")", args...)
		if err != nil {
			return nil, err
		}
		out = append(out, ms...)
	}
	return out, nil
}

// searchDoc is the text the search index holds for an entry, in the
// columns of search_text after entry_id: title, body, authors, categories
// and source. The body is the plain text of the content, else of the
// summary (Record.Text when the caller has it), and of a summary the
// content does not already say.
func searchDoc(r *Record) [5]string {
	text := r.Text
	if text == "" {
		if r.Content != "" {
			text = htmltext.Text(r.Content)
		} else {
			text = htmltext.Text(r.Summary)
		}
	}
	if r.Content != "" && r.Summary != "" {
		if sum := htmltext.Text(r.Summary); !strings.Contains(text, sum) {
			text += "\n\n" + sum
		}
	}
	source := r.Source
	if r.OriginTitle != "" && r.OriginTitle != r.Source {
		source += "\n" + r.OriginTitle
	}
	clean := htmltext.CleanChars
	return [5]string{clean(r.Title), clean(text), clean(strings.Join(r.Authors, "\n")),
		clean(strings.Join(r.Categories, "\n")), clean(source)}
}

// indexEntry queues an entry's search text, written with the other
// queued ones by flushSearch before the transaction commits.
func indexEntry(_ context.Context, tx *txStmts, r *Record) error {
	tx.search = append(tx.search, searchRow{id: r.ID, doc: searchDoc(r)})
	return nil
}

// searchBackfillKey is the meta key marking that entries stored before
// the search index existed still need indexing; its value is the last
// entry id done.
const searchBackfillKey = "search_backfill"

// searchBackfillBatch is how many entries one backfill transaction
// indexes.
const searchBackfillBatch = 1000

// IndexForSearch indexes the entries stored before the search index
// existed, a batch per transaction with its progress mark, so that an
// interrupted backfill goes on where it stopped. Search calls it first;
// a daemon calls it at start so that no search waits for it. Once done it
// costs one lookup of the mark.
func (db *DB) IndexForSearch(ctx context.Context) error {
	for {
		mark, err := db.Meta(ctx, searchBackfillKey)
		if err != nil || mark == "" {
			return err
		}
		after, err := strconv.ParseInt(mark, 10, 64)
		if err != nil {
			return fmt.Errorf("read meta %s: %w", searchBackfillKey, err)
		}
		recs, err := db.backfillBatch(ctx, after)
		if err != nil {
			return fmt.Errorf("index stored entries for search: %w", err)
		}
		err = db.inTx(ctx, func(tx *sqlTx) error {
			stmts := newTxStmts(tx, db.dialect)
			defer stmts.close()
			for i := range recs {
				if err := indexEntry(ctx, stmts, &recs[i]); err != nil {
					return err
				}
			}
			if err := stmts.flushSearch(ctx); err != nil {
				return err
			}
			if len(recs) < searchBackfillBatch {
				_, err := tx.ExecContext(ctx, "DELETE FROM meta WHERE key = ?", searchBackfillKey)
				return err
			}
			_, err := tx.ExecContext(ctx, "UPDATE meta SET value = ? WHERE key = ?",
				strconv.FormatInt(recs[len(recs)-1].ID, 10), searchBackfillKey)
			return err
		})
		if err != nil {
			return fmt.Errorf("index stored entries for search: %w", err)
		}
	}
}

// backfillBatch reads the next entries to index after id after, with the
// fields searchDoc reads.
func (db *DB) backfillBatch(ctx context.Context, after int64) ([]Record, error) {
	rows, err := db.sql.QueryContext(ctx, `SELECT id, source, title, authors, categories, content, summary,
		origin_title FROM entries WHERE id > ? ORDER BY id LIMIT ?`, after, searchBackfillBatch)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Record
	for rows.Next() {
		var r Record
		var authors, cats string
		if err := rows.Scan(&r.ID, &r.Source, &r.Title, &authors, &cats, &r.Content, &r.Summary, &r.OriginTitle); err != nil {
			return nil, err
		}
		r.Authors, r.Categories = jsonList(authors), jsonList(cats)
		out = append(out, r)
	}
	return out, rows.Err()
}

func jsonList(s string) []string {
	var out []string
	_ = json.Unmarshal([]byte(s), &out)
	return out
}
