-- SQLite's search index loses its prefix indexes in this migration;
-- PostgreSQL's tsvector index has none, so nothing changes here.
SELECT 1;
