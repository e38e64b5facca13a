-- The search index stops reading its text back from search_text: it becomes
-- contentless, with contentless_delete, so that removing an entry (retention
-- pruning tens of thousands of them, a changed entry's old words) costs a
-- mark by rowid instead of tokenizing the entry's whole text again to write
-- a "delete" record for every word. Those records also stayed in the index
-- until its segments merged: after four generations of pruned posts the
-- index held three times the words of the entries still stored.
--
-- FTS5's highlight() and snippet() need the text, which a contentless
-- index does not keep: the marks are computed in Go, from the entry's own
-- body (see fts5Search.marks). search_text keeps only the short fields on
-- SQLite: its copy of the body, as plain text, had been 4 KB of the 14 KB
-- stored per entry. (PostgreSQL keeps the body there, for ts_headline.)
DROP TRIGGER search_text_delete;
DROP TABLE search_fts;
CREATE VIRTUAL TABLE search_fts USING fts5(
    title, body, authors, categories, source,
    content = '', contentless_delete = 1,
    tokenize = 'unicode61 remove_diacritics 2', prefix = '3'
);
-- The same ranking and merging settings as before (see 0008).
INSERT INTO search_fts (search_fts, rank) VALUES ('rank', 'bm25(10.0, 1.0, 3.0, 3.0, 2.0)');
INSERT INTO search_fts (search_fts, rank) VALUES ('automerge', 0);
-- Segments merge 64 at a time rather than 16 (FTS5's crisis merge, the
-- only merging left on): a cold run of 1,000 feeds writes some 70 of them,
-- and at 16 their merges rewrote the index over and over, a fifth of what
-- storing cost in a cycle that added a generation of posts to a stored
-- one. A search reads a few dozen more segments (a lookup each), and the
-- daily retention pass still merges them all into one.
INSERT INTO search_fts (search_fts, rank) VALUES ('crisismerge', 64);
INSERT INTO search_fts (rowid, title, body, authors, categories, source)
    SELECT entry_id, title, body, authors, categories, source FROM search_text;
UPDATE search_text SET body = '' WHERE body <> '';

-- A removed entry (retention, a purge) leaves the index with it, by rowid.
CREATE TRIGGER search_text_delete AFTER DELETE ON search_text BEGIN
    DELETE FROM search_fts WHERE rowid = old.entry_id;
END;
