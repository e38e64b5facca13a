-- Full-text search (issue 16). search_text holds, per entry, the text the
-- search reads: the title, the plain text of the body (htmltext.Text of
-- content and summary), the authors, the categories and the source's names.
-- It is the same table on both engines, written in the ingest's
-- transaction and removed with its entry by the foreign key's cascade.
CREATE TABLE search_text (
    entry_id   INTEGER PRIMARY KEY REFERENCES entries(id) ON DELETE CASCADE,
    title      TEXT NOT NULL DEFAULT '',
    body       TEXT NOT NULL DEFAULT '',
    authors    TEXT NOT NULL DEFAULT '',
    categories TEXT NOT NULL DEFAULT '',
    source     TEXT NOT NULL DEFAULT ''
);

-- The index itself is the engine's own: on SQLite an FTS5 table reading
-- its text from search_text (external content, so the text is stored
-- once), kept in step by triggers. Prefix indexes of 2 and 3 characters
-- make "word*" queries index lookups. Diacritics are folded, so "cafe"
-- finds "café".
CREATE VIRTUAL TABLE search_fts USING fts5(
    title, body, authors, categories, source,
    content = 'search_text', content_rowid = 'entry_id',
    tokenize = 'unicode61 remove_diacritics 2', prefix = '2 3'
);
-- BM25 with the title weighing most, then authors and categories, the
-- source's names, and the body.
INSERT INTO search_fts (search_fts, rank) VALUES ('rank', 'bm25(10.0, 1.0, 3.0, 3.0, 2.0)');
-- Each ingest writes its entries' terms as one new index segment. FTS5's
-- default merges segments four at a time, a little at every write, which
-- rewrote the growing index over and over and cost a cold run more than
-- storing the entries. Without it, segments merge sixteen at a time (its
-- crisis merge), and retention's daily pass merges them all into one.
INSERT INTO search_fts (search_fts, rank) VALUES ('automerge', 0);

-- A removed entry (retention, a purge) leaves the index with it. New and
-- changed entries are indexed by the ingest itself, in one statement per
-- batch (see flushSearch): FTS5 writes its pending terms out at every
-- statement that touches it inside a transaction, so a trigger firing
-- once per entry cost more than the rest of a cold run's storing.
CREATE TRIGGER search_text_delete AFTER DELETE ON search_text BEGIN
    INSERT INTO search_fts (search_fts, rowid, title, body, authors, categories, source)
    VALUES ('delete', old.entry_id, old.title, old.body, old.authors, old.categories, old.source);
END;

-- Entries stored before this migration are indexed on first use (the
-- plain text comes from Go, not SQL); this marks where that backfill
-- stands.
INSERT INTO meta (key, value) SELECT 'search_backfill', '0' WHERE EXISTS (SELECT 1 FROM entries);
