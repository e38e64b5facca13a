-- PostgreSQL's tsvectors move into their rows in this migration (STORAGE
-- MAIN); SQLite's FTS5 index has no such choice, so nothing changes here.
SELECT 1;
