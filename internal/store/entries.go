package store

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/tributary/tributary/internal/feed"
)

// Record is one stored entry.
type Record struct {
	ID            int64
	Source        string
	Key           string // identity within the source
	Fingerprint   string // hash of title and date, to recognise a post whose guid and link both changed
	GUID          string
	Link          string
	CanonicalLink string
	Title         string
	Authors       []string
	Categories    []string
	Enclosures    []feed.Enclosure
	Published     time.Time // the effective date: the source's, or first seen when DateKnown is false
	Updated       time.Time
	FirstSeen     time.Time
	DateKnown     bool
	RawPublished  string
	RawUpdated    string
	Content       string
	Summary       string
	Raw           string
	File          string
	ContentHash   string
	PublicID      string
	OriginTitle   string // the site the entry came from (for local pages, per file)
	OriginLink    string
	OriginFeed    string
	Cluster       int64
	Signature     []byte // MinHash sketch of the text, for near-duplicate candidates
	// AltPublicID is the public id a new entry takes instead of PublicID
	// when PublicID belonged to an entry retention pruned: a subscriber may
	// have seen it, so it never names another post.
	AltPublicID string
	// Bands are the signature's LSH band keys, stored for candidate
	// lookup; written, never read back into a Record.
	Bands []int64
	// Text is the plain text of the body (htmltext.Text of Content, else
	// Summary) when the caller has it, for the search index, which
	// extracts it otherwise; written, never read back into a Record.
	Text string

	// Excerpt says the feed's item looks like an excerpt of its post
	// (fullpost.Excerpt), so its page may be read for the whole post.
	Excerpt bool
	// FullContent is the article read from the post's page, sanitised,
	// stored beside the feed's excerpt; "" when there is none. Read, never
	// written by Ingest (see SavePages).
	FullContent string
	// FullReason says why the excerpt is published rather than the page's
	// article; FullURL is the page read. Read only.
	FullReason, FullURL string
}

// Body is what the outputs publish for the entry: the article read from
// the post's page when there is one, with the feed's excerpt as its
// summary; else the feed's own content and summary.
func (r Record) Body() (content, summary string) {
	if r.FullContent == "" {
		return r.Content, r.Summary
	}
	if r.Summary != "" {
		return r.FullContent, r.Summary
	}
	return r.FullContent, r.Content
}

// IngestResult says what one source's ingest changed.
type IngestResult struct {
	Inserted, Updated, Unchanged, Remapped int
	Changed                                []int64 // ids inserted or updated, for de-duplication

	// Buried counts entries retention pruned that the feed still lists:
	// they are not added again.
	Buried int

	// Err, in an IngestBatch, says why this job was not stored: its fence
	// no longer held.
	Err error
}

// Ingest stores one source's entries and state in one transaction: an
// unchanged entry (same content hash) is not written at all; a changed one
// is updated in place, keeping its id, public id and first-seen time. An
// entry whose key is new but whose canonical link or fingerprint matches a
// stored entry of the same source that this batch no longer carries re-maps
// that entry (a feed that changed its guid scheme or permalinks) instead of
// adding a second copy.
func (db *DB) Ingest(ctx context.Context, st feed.SourceState, recs []Record, now time.Time) (IngestResult, error) {
	res, err := db.IngestBatch(ctx, []IngestJob{{State: st, Records: recs}}, now)
	if err != nil {
		return IngestResult{}, err
	}
	return res[0], res[0].Err
}

// IngestJob is one source's part of an IngestBatch.
type IngestJob struct {
	State   feed.SourceState
	Records []Record
	// Fence, when set, is what this job must still hold, instead of the
	// view's (a worker's claim on the source).
	Fence Fence
}

// IngestBatch stores several sources' ingests (see Ingest) in one
// transaction. Each commit writes the pages of every index it touched
// and a segment of the search index: a cold run committing per source
// spent as much in commits as in everything else it stored. A job whose
// fence no longer holds is left out, its result's Err saying why (wrapping
// ErrClaimLost or ErrLeaseLost), and the others are stored; any other
// failure stores none of them.
func (db *DB) IngestBatch(ctx context.Context, jobs []IngestJob, now time.Time) ([]IngestResult, error) {
	out := make([]IngestResult, len(jobs))
	tx, err := db.sql.BeginTx(ctx, nil)
	if err != nil {
		return nil, fmt.Errorf("ingest: %w", err)
	}
	defer tx.Rollback()
	stmts := newTxStmts(tx, db.dialect)
	defer stmts.close()
	for i, j := range jobs {
		fence := j.Fence
		if fence == nil {
			fence = db.fence
		}
		if fence != nil {
			if err := fence.hold(ctx, tx); err != nil {
				if !errors.Is(err, ErrClaimLost) && !errors.Is(err, ErrLeaseLost) {
					return nil, fmt.Errorf("ingest %s: %w", j.State.Name, err)
				}
				out[i].Err = fmt.Errorf("ingest %s: %w", j.State.Name, err)
				continue
			}
		}
		res, err := ingestSource(ctx, tx, stmts, j.State, j.Records, now)
		if err != nil {
			return nil, fmt.Errorf("ingest %s: %w", j.State.Name, err)
		}
		out[i] = res
	}
	if err := stmts.flushSearch(ctx); err != nil {
		return nil, fmt.Errorf("ingest: %w", err)
	}
	if err := tx.Commit(); err != nil {
		return nil, fmt.Errorf("ingest: %w", err)
	}
	return out, nil
}

// ingestSource writes one source's state and entries in tx.
func ingestSource(ctx context.Context, tx *sqlTx, stmts *txStmts, st feed.SourceState, recs []Record, now time.Time) (IngestResult, error) {
	var res IngestResult
	if err := saveSource(ctx, tx, st); err != nil {
		return res, err
	}
	live := make(map[string]bool, len(recs))
	for _, r := range recs {
		live[r.Key] = true
	}
	known, err := loadKnown(ctx, tx, st.Name)
	if err != nil {
		return res, err
	}
	for _, r := range recs {
		if _, ok := known.byKey[r.Key]; !ok {
			known.unknown++
		}
	}
	if known.tombs, err = loadTombstones(ctx, stmts, st.Name, recs, &known); err != nil {
		return res, err
	}
	for i := range recs {
		r := &recs[i]
		r.Source = st.Name
		if err := ingestOne(ctx, stmts, r, &known, live, now, &res); err != nil {
			return IngestResult{}, fmt.Errorf("entry %q: %w", r.Key, err)
		}
	}
	return res, nil
}

// known indexes a source's stored entries by key, canonical link and
// fingerprint, read once per ingest so that new entries cost no lookups.
type known struct {
	byKey, byLink, byPrint map[string]int64
	// ids are allocated for the new entries still to come, taken on the
	// first insert (see dialect.nextIDs): unknown of them at most.
	// Choosing the id lets the insert also set the entry's cluster to
	// itself, instead of a second write per entry.
	ids     []int64
	unknown int
	// tombs is what the tombstones say of the source's new records.
	tombs tombstoned
}

func loadKnown(ctx context.Context, tx *sqlTx, source string) (known, error) {
	k := known{byKey: map[string]int64{}, byLink: map[string]int64{}, byPrint: map[string]int64{}}
	// One read per column, each from an index holding the source and that
	// column: reading the rows themselves, a page or more each, cost more
	// than the rest of an ingest of new entries. The oldest entry wins a
	// shared link or fingerprint, as a lookup ordered by id would.
	reads := []struct {
		query string
		keep  func(id int64, v string)
	}{
		{"SELECT id, key FROM entries WHERE source = ? ORDER BY id", func(id int64, v string) { k.byKey[v] = id }},
		{"SELECT id, canonical_link FROM entries WHERE source = ? ORDER BY id", func(id int64, v string) {
			if _, dup := k.byLink[v]; v != "" && !dup {
				k.byLink[v] = id
			}
		}},
		{"SELECT id, fingerprint FROM entries WHERE source = ? ORDER BY id", func(id int64, v string) {
			if _, dup := k.byPrint[v]; v != "" && !dup {
				k.byPrint[v] = id
			}
		}},
	}
	for _, r := range reads {
		if err := eachRow(ctx, tx, r.query, source, r.keep); err != nil {
			return k, err
		}
	}
	return k, nil
}

// eachRow calls fn with each (id, text) row of query, run with one
// argument.
func eachRow(ctx context.Context, tx *sqlTx, query string, arg any, fn func(id int64, v string)) error {
	rows, err := tx.QueryContext(ctx, query, arg)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		var v string
		if err := rows.Scan(&id, &v); err != nil {
			return err
		}
		fn(id, v)
	}
	return rows.Err()
}

func ingestOne(ctx context.Context, tx *txStmts, r *Record, k *known, live map[string]bool, now time.Time, res *IngestResult) error {
	id, found := k.byKey[r.Key]
	remapped := false
	for _, alt := range []struct {
		index map[string]int64
		v     string
	}{{k.byLink, r.CanonicalLink}, {k.byPrint, r.Fingerprint}} {
		if found || alt.v == "" {
			continue
		}
		id, found = alt.index[alt.v]
		remapped = found
	}
	if !found {
		return insertEntry(ctx, tx, r, k, now, res)
	}
	old, err := scanEntry(tx.queryRow(ctx, "SELECT "+entryColumns+" FROM entries WHERE id = ?", id))
	if err != nil {
		return err
	}
	if remapped && live[old.Key] {
		// Still carried by this batch under its own key: a different post
		// that shares the link (feeds that point every item at their home
		// page) or the title and day.
		return insertEntry(ctx, tx, r, k, now, res)
	}
	if remapped {
		// One old entry re-maps to one new key, not to every record of the
		// batch that shares its link.
		delete(k.byLink, old.CanonicalLink)
		delete(k.byPrint, old.Fingerprint)
		res.Remapped++
	}
	r.ID, r.PublicID, r.FirstSeen, r.Cluster = old.ID, old.PublicID, old.FirstSeen, old.Cluster
	if old.ContentHash == r.ContentHash && old.Key == r.Key {
		res.Unchanged++
		return nil
	}
	if !r.DateKnown {
		r.Published = old.Published
	}
	// updated only moves forward, and only when the content really changed.
	switch {
	case old.ContentHash == r.ContentHash:
		r.Updated = old.Updated
	case r.Updated.After(old.Updated):
	default:
		r.Updated = now
	}
	if _, err := tx.exec(ctx, `UPDATE entries SET key = ?, guid = ?, link = ?, canonical_link = ?,
		title = ?, authors = ?, categories = ?, enclosures = ?, published = ?, updated = ?, date_known = ?,
		raw_published = ?, raw_updated = ?, content = ?, summary = ?, raw = ?, file = ?, content_hash = ?,
		fingerprint = ?, origin_title = ?, origin_link = ?, origin_feed = ?, signature = ?, excerpt = ?,
		full_tries = 0, full_content = CASE WHEN ? = 1 THEN full_content ELSE '' END,
		full_reason = CASE WHEN ? = 1 THEN full_reason ELSE '' END WHERE id = ?`,
		r.Key, r.GUID, r.Link, r.CanonicalLink, r.Title, jsonText(r.Authors), jsonText(r.Categories),
		jsonText(r.Enclosures), toUnix(r.Published), toUnix(r.Updated), boolInt(r.DateKnown),
		r.RawPublished, r.RawUpdated, r.Content, r.Summary, r.Raw, r.File, r.ContentHash,
		r.Fingerprint, r.OriginTitle, r.OriginLink, r.OriginFeed, r.Signature, boolInt(r.Excerpt),
		boolInt(r.Excerpt), boolInt(r.Excerpt), r.ID); err != nil {
		return err
	}
	if err := queueChanged(ctx, tx, r, !bytes.Equal(old.Signature, r.Signature)); err != nil {
		return err
	}
	if err := indexEntry(ctx, tx, r); err != nil {
		return err
	}
	res.Updated++
	res.Changed = append(res.Changed, r.ID)
	return nil
}

func insertEntry(ctx context.Context, tx *txStmts, r *Record, k *known, now time.Time, res *IngestResult) error {
	if k.tombs.buried(r) {
		res.Buried++
		return nil
	}
	r.FirstSeen = now
	if !r.DateKnown || r.Published.IsZero() {
		r.Published = now
	}
	if r.Updated.IsZero() || r.Updated.Before(r.Published) {
		r.Updated = r.Published
	}
	if len(k.ids) == 0 {
		ids, err := tx.dialect.nextIDs(ctx, tx, max(k.unknown, 1))
		if err != nil {
			return fmt.Errorf("allocate ids: %w", err)
		}
		k.ids = ids
	}
	r.ID, r.Cluster = k.ids[0], k.ids[0]
	if _, err := tx.exec(ctx, `INSERT INTO entries (id, cluster, source, key, guid, link, canonical_link,
		title, authors, categories, enclosures, published, updated, first_seen, date_known, raw_published,
		raw_updated, content, summary, raw, file, content_hash, public_id, fingerprint, origin_title,
		origin_link, origin_feed, signature, excerpt)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		r.ID, r.Cluster, r.Source, r.Key, r.GUID, r.Link, r.CanonicalLink, r.Title, jsonText(r.Authors),
		jsonText(r.Categories), jsonText(r.Enclosures), toUnix(r.Published), toUnix(r.Updated),
		toUnix(now), boolInt(r.DateKnown), r.RawPublished, r.RawUpdated, r.Content, r.Summary, r.Raw,
		r.File, r.ContentHash, r.PublicID, r.Fingerprint, r.OriginTitle, r.OriginLink, r.OriginFeed, r.Signature,
		boolInt(r.Excerpt)); err != nil {
		return err
	}
	if err := queueChanged(ctx, tx, r, false); err != nil {
		return err
	}
	if err := indexEntry(ctx, tx, r); err != nil {
		return err
	}
	k.ids = k.ids[1:]
	res.Inserted++
	res.Changed = append(res.Changed, r.ID)
	return nil
}

const entryColumns = `id, source, key, guid, link, canonical_link, title, authors, categories, enclosures,
	published, updated, first_seen, date_known, raw_published, raw_updated, content, summary, raw, file,
	content_hash, public_id, fingerprint, origin_title, origin_link, origin_feed, cluster, signature,
	excerpt, full_content, full_reason, full_url`

func scanEntry(r scanner) (Record, error) {
	var e Record
	var authors, cats, encs string
	var pub, upd, seen int64
	var known, excerpt int
	err := r.Scan(&e.ID, &e.Source, &e.Key, &e.GUID, &e.Link, &e.CanonicalLink, &e.Title, &authors, &cats,
		&encs, &pub, &upd, &seen, &known, &e.RawPublished, &e.RawUpdated, &e.Content, &e.Summary, &e.Raw,
		&e.File, &e.ContentHash, &e.PublicID, &e.Fingerprint, &e.OriginTitle, &e.OriginLink, &e.OriginFeed,
		&e.Cluster, &e.Signature, &excerpt, &e.FullContent, &e.FullReason, &e.FullURL)
	if err != nil {
		return e, err
	}
	_ = json.Unmarshal([]byte(authors), &e.Authors)
	_ = json.Unmarshal([]byte(cats), &e.Categories)
	_ = json.Unmarshal([]byte(encs), &e.Enclosures)
	e.Published, e.Updated, e.FirstSeen = fromUnix(pub), fromUnix(upd), fromUnix(seen)
	e.DateKnown = known != 0
	e.Excerpt = excerpt != 0
	return e, nil
}

// jsonText is v as stored in a JSON text column. NULs in its strings are
// dropped, as clean drops them from every other column's text: the
// column holds only their escapes, but whoever reads them back would get
// them, on one engine as on the other.
func jsonText(v any) string {
	b, err := json.Marshal(v)
	if err != nil || string(b) == "null" {
		return "[]"
	}
	if bytes.Contains(b, []byte(`\u0000`)) {
		b = dropJSONNULs(b)
	}
	return string(b)
}

// dropJSONNULs removes the escaped NULs (\u0000) from encoded JSON,
// reading escapes pairwise so that an escaped backslash followed by
// "u0000" is left alone.
func dropJSONNULs(b []byte) []byte {
	out := make([]byte, 0, len(b))
	for i := 0; i < len(b); i++ {
		if b[i] != '\\' || i+1 >= len(b) {
			out = append(out, b[i])
			continue
		}
		if bytes.HasPrefix(b[i:], []byte(`\u0000`)) {
			i += 5
			continue
		}
		out = append(out, b[i], b[i+1])
		i++
	}
	return out
}
