-- The search index keeps its 3-character prefix index and drops the
-- 2-character one. Each prefix index costs every word one more index entry:
-- with both, writing and merging the index took the largest part of a cold
-- run's storing. A "wal*" query still reads one list; "wa*" and longer
-- prefixes read the run of words that start with them, as "walk*" always
-- did.
DROP TABLE search_fts;
CREATE VIRTUAL TABLE search_fts USING fts5(
    title, body, authors, categories, source,
    content = 'search_text', content_rowid = 'entry_id',
    tokenize = 'unicode61 remove_diacritics 2', prefix = '3'
);
-- The same ranking and merging settings as before (see 0008).
INSERT INTO search_fts (search_fts, rank) VALUES ('rank', 'bm25(10.0, 1.0, 3.0, 3.0, 2.0)');
INSERT INTO search_fts (search_fts, rank) VALUES ('automerge', 0);
INSERT INTO search_fts (search_fts) VALUES ('rebuild');
