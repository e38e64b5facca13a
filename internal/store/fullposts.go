package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"
)

// PageDue is an entry whose post's page is to be read: its feed item looks
// like an excerpt and the item's current revision has not been decided.
type PageDue struct {
	ID          int64
	Source      string
	Link        string
	ContentHash string // the revision the page is read for
	Tries       int    // attempts at this revision so far
	// ETag and LastModified are the validators of the page as last read,
	// sent so that an unchanged page costs a 304.
	ETag, LastModified string
	HasFull            bool // an article from an earlier read is stored
}

// PagesDue returns up to limit entries of the named sources whose page is
// due (see PageDue) and was tried fewer than maxTries times, newest first.
// Their texts are left out: up to limit entries of limits.entry_size each
// would be a lot to hold at once; PageTexts reads one entry's.
func (db *DB) PagesDue(ctx context.Context, sources []string, maxTries, limit int) ([]PageDue, error) {
	if len(sources) == 0 || limit <= 0 {
		return nil, nil
	}
	args := make([]any, 0, len(sources)+2)
	args = append(args, maxTries)
	for _, s := range sources {
		args = append(args, s)
	}
	args = append(args, limit)
	rows, err := db.sql.QueryContext(ctx, `SELECT id, source, link, content_hash, full_tries,
		full_etag, full_last_modified, CASE WHEN full_content <> '' THEN 1 ELSE 0 END
		FROM entries WHERE excerpt = 1 AND full_hash <> content_hash AND full_tries < ?
		AND source IN (`+placeholders(len(sources))+`) ORDER BY published DESC, id DESC LIMIT ?`, args...)
	if err != nil {
		return nil, fmt.Errorf("pages due: %w", err)
	}
	defer rows.Close()
	var out []PageDue
	for rows.Next() {
		var p PageDue
		var hasFull int
		if err := rows.Scan(&p.ID, &p.Source, &p.Link, &p.ContentHash, &p.Tries,
			&p.ETag, &p.LastModified, &hasFull); err != nil {
			return nil, fmt.Errorf("pages due: %w", err)
		}
		p.HasFull = hasFull != 0
		out = append(out, p)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("pages due: %w", err)
	}
	return out, nil
}

// PageText is what an entry holds of its post: the feed's content and
// summary (the excerpt), and the article read from its page ("" for none).
type PageText struct {
	Content, Summary, Article string
}

// PageTexts reads an entry's excerpt and stored article.
func (db *DB) PageTexts(ctx context.Context, id int64) (PageText, error) {
	var p PageText
	err := db.sql.QueryRowContext(ctx, "SELECT content, summary, full_content FROM entries WHERE id = ?", id).
		Scan(&p.Content, &p.Summary, &p.Article)
	if err != nil {
		return p, fmt.Errorf("texts of entry %d: %w", id, err)
	}
	return p, nil
}

// PageOutcome is what reading one entry's page came to.
type PageOutcome int

// The outcomes of reading a page.
const (
	// PageArticle: the page's article is the whole post; it is stored and
	// published from now on.
	PageArticle PageOutcome = iota + 1
	// PageUnchanged: the page answered 304; the stored article stays.
	PageUnchanged
	// PageRejected: the excerpt stays, for good at this revision.
	PageRejected
	// PageRetry: the excerpt stays for now; a later cycle tries again.
	PageRetry
)

// PageResult is the outcome of reading one entry's page.
type PageResult struct {
	ID      int64
	Hash    string // the revision it was read for (PageDue.ContentHash)
	Outcome PageOutcome
	Content string // the article (PageArticle)
	Reason  string // why the excerpt stays (PageRejected, PageRetry)
	URL     string // the page's final URL
	// ETag and LastModified are the page's validators (PageArticle,
	// PageUnchanged).
	ETag, LastModified string
	// Signature and Bands describe the text now published, for
	// near-duplicate search (PageArticle, PageUnchanged, and PageRejected
	// when an earlier article is dropped).
	Signature []byte
	Bands     []int64
	Checked   time.Time
}

// SavePages records the outcomes of reading pages in one transaction and
// returns the ids whose published text changed: those are queued for
// de-duplication like entries whose feed changed, so that an excerpt and
// the whole post published elsewhere still merge. A result whose entry
// changed revision meanwhile is dropped.
func (db *DB) SavePages(ctx context.Context, results []PageResult) ([]int64, error) {
	tx, err := db.begin(ctx)
	if err != nil {
		return nil, fmt.Errorf("save pages: %w", err)
	}
	defer tx.Rollback()
	stmts := newTxStmts(tx, db.dialect)
	defer stmts.close()
	var changed []int64
	for _, r := range results {
		moved, err := savePage(ctx, stmts, r)
		if err != nil {
			return nil, fmt.Errorf("save page of entry %d: %w", r.ID, err)
		}
		if moved {
			changed = append(changed, r.ID)
		}
	}
	if len(changed) > 0 {
		if err := markPagesChanged(ctx, stmts); err != nil {
			return nil, fmt.Errorf("save pages: %w", err)
		}
	}
	if err := stmts.flushSearch(ctx); err != nil {
		return nil, fmt.Errorf("save pages: %w", err)
	}
	if err := tx.Commit(); err != nil {
		return nil, fmt.Errorf("save pages: %w", err)
	}
	return changed, nil
}

// PagesChangedKey is the meta key counting the page reads that changed
// what is published. It is part of the publish stamp: a cycle killed after
// storing articles but before publishing them publishes them next time.
const PagesChangedKey = "pages_changed"

func markPagesChanged(ctx context.Context, tx *txStmts) error {
	var n int64
	var v string
	err := tx.queryRow(ctx, "SELECT value FROM meta WHERE key = ?", PagesChangedKey).Scan(&v)
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return err
	}
	fmt.Sscan(v, &n)
	_, err = tx.exec(ctx, setMetaSQL, PagesChangedKey, fmt.Sprint(n+1))
	return err
}

// savePage writes one outcome and reports whether the entry's published
// text changed.
func savePage(ctx context.Context, tx *txStmts, r PageResult) (bool, error) {
	var had string
	err := tx.queryRow(ctx, "SELECT full_content FROM entries WHERE id = ? AND content_hash = ?", r.ID, r.Hash).Scan(&had)
	if err != nil {
		if errors.Is(err, sql.ErrNoRows) {
			return false, nil // pruned, or changed again: the next cycle decides
		}
		return false, err
	}
	checked := toUnix(r.Checked)
	switch r.Outcome {
	case PageArticle:
		_, err = tx.exec(ctx, `UPDATE entries SET full_content = ?, full_reason = '', full_hash = ?,
			full_tries = full_tries + 1, full_url = ?, full_etag = ?, full_last_modified = ?, full_checked = ?,
			signature = ? WHERE id = ?`, r.Content, r.Hash, r.URL, r.ETag, r.LastModified, checked, r.Signature, r.ID)
	case PageUnchanged:
		_, err = tx.exec(ctx, `UPDATE entries SET full_hash = ?, full_tries = full_tries + 1, full_etag = ?,
			full_last_modified = ?, full_checked = ?, signature = ? WHERE id = ?`,
			r.Hash, r.ETag, r.LastModified, checked, r.Signature, r.ID)
	case PageRejected:
		_, err = tx.exec(ctx, `UPDATE entries SET full_content = '', full_reason = ?, full_hash = ?,
			full_tries = full_tries + 1, full_url = ?, full_checked = ? WHERE id = ?`,
			r.Reason, r.Hash, r.URL, checked, r.ID)
		if err == nil && had != "" {
			_, err = tx.exec(ctx, "UPDATE entries SET signature = ? WHERE id = ?", r.Signature, r.ID)
		}
	case PageRetry:
		_, err = tx.exec(ctx, `UPDATE entries SET full_reason = ?, full_tries = full_tries + 1, full_url = ?,
			full_checked = ? WHERE id = ?`, r.Reason, r.URL, checked, r.ID)
		return false, err
	default:
		return false, fmt.Errorf("unknown page outcome %d", r.Outcome)
	}
	if err != nil {
		return false, err
	}
	moved := r.Outcome == PageArticle && had != r.Content || r.Outcome == PageRejected && had != ""
	if moved {
		// The published post changed: its updated moves forward as when
		// the feed changes it, so that readers, which re-read an entry
		// only when its updated changes, fetch the whole post.
		if _, err := tx.exec(ctx, "UPDATE entries SET updated = ? WHERE id = ? AND updated < ?",
			checked, r.ID, checked); err != nil {
			return false, err
		}
	}
	// The feed's new revision replaced the signature with its excerpt's,
	// even when the page's article stays the same: queue the one now
	// published, with its band keys.
	if r.Outcome != PageRejected || moved {
		rec := Record{ID: r.ID, Bands: r.Bands}
		if err := queueChanged(ctx, tx, &rec, true); err != nil {
			return false, err
		}
		if err := indexPublished(ctx, tx, r.ID); err != nil {
			return false, err
		}
	}
	return moved, nil
}

// PageState is where reading one excerpt entry's page stands, for
// `tributary inspect --full`.
type PageState struct {
	ID            int64
	Source        string
	Title         string
	Link          string
	Published     time.Time
	ArticleChars  int    // length of the stored article; 0 for none
	Reason        string // why the excerpt is published
	URL           string // the page last read
	Tries         int    // attempts at the current revision
	Current       bool   // the current revision's page has been decided
	Checked       time.Time
	ExcerptReason string // filled by the caller, who knows the rules
	Content       string // the feed's content and summary, for the caller
	Summary       string
}

// PageStates lists the stored entries whose feed item looks like an
// excerpt, of one source or of all (source ""), newest first, at most
// limit.
func (db *DB) PageStates(ctx context.Context, source string, limit int) ([]PageState, error) {
	q := `SELECT id, source, title, link, published, length(full_content), full_reason, full_url, full_tries,
		CASE WHEN full_hash = content_hash THEN 1 ELSE 0 END, full_checked, content, summary
		FROM entries WHERE excerpt = 1`
	args := []any{}
	if source != "" {
		q += " AND source = ?"
		args = append(args, source)
	}
	q += " ORDER BY published DESC, id DESC LIMIT ?"
	args = append(args, limit)
	rows, err := db.sql.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, fmt.Errorf("page states: %w", err)
	}
	defer rows.Close()
	var out []PageState
	for rows.Next() {
		var p PageState
		var pub, checked int64
		var current int
		if err := rows.Scan(&p.ID, &p.Source, &p.Title, &p.Link, &pub, &p.ArticleChars, &p.Reason, &p.URL, &p.Tries,
			&current, &checked, &p.Content, &p.Summary); err != nil {
			return nil, fmt.Errorf("page states: %w", err)
		}
		p.Published, p.Checked, p.Current = fromUnix(pub), fromUnix(checked), current != 0
		out = append(out, p)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("page states: %w", err)
	}
	return out, nil
}

// indexPublished gives the search index the text an entry now publishes:
// the article read from its page once there is one, which ingest, knowing
// only the feed's excerpt, could not.
func indexPublished(ctx context.Context, tx *txStmts, id int64) error {
	rec, err := scanEntry(tx.queryRow(ctx, "SELECT "+entryColumns+" FROM entries WHERE id = ?", id))
	if err != nil {
		return err
	}
	rec.Content, rec.Summary = rec.Body()
	rec.Text = ""
	return indexEntry(ctx, tx, &rec)
}
