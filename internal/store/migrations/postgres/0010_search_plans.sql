-- Search plans (issue 16). GIN keeps new entries in a pending list until
-- it holds gin_pending_list_limit (4 MB by default), and every search
-- reads the whole list; the planner, counting that, preferred reading
-- every entry's tsvector out of TOAST (close to a second over 100,000
-- entries) to the index. A list of 256 kB keeps writes batched and the
-- index the cheap way in. The list left by earlier writes is merged now.
ALTER INDEX search_fts_document SET (gin_pending_list_limit = 256);
SELECT gin_clean_pending_list('search_fts_document'::regclass);

-- A search's newest matches need each match's date: this index answers
-- that without reading the entries' rows (index-only scans), which for a
-- few thousand matches scattered over the table cost tens of
-- milliseconds more. SQLite's entries_light covers the same columns.
CREATE INDEX entries_id_published ON entries(id) INCLUDE (published, cluster);
