-- SQLite's search index becomes contentless in this migration; PostgreSQL's
-- tsvectors never read their text back, so nothing changes here.
SELECT 1;
