-- SQLite's search index loses its 2-character prefix index in this migration;
-- PostgreSQL's tsvector index has none, so nothing changes here.
SELECT 1;
