-- The search index without its 2- and 3-character prefix indexes. They
-- made every word cost three index entries, which tripled the index's
-- writing and merging: the largest part of a cold run's storing. A "walk*"
-- query still finds "walking" without them, by reading the run of terms
-- that start with "walk", which for a prefix of a word or more is short.
DROP TABLE search_fts;
CREATE VIRTUAL TABLE search_fts USING fts5(
    title, body, authors, categories, source,
    content = 'search_text', content_rowid = 'entry_id',
    tokenize = 'unicode61 remove_diacritics 2'
);
-- The same ranking and merging settings as before (see 0008).
INSERT INTO search_fts (search_fts, rank) VALUES ('rank', 'bm25(10.0, 1.0, 3.0, 3.0, 2.0)');
INSERT INTO search_fts (search_fts, rank) VALUES ('automerge', 0);
INSERT INTO search_fts (search_fts) VALUES ('rebuild');
