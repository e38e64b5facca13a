-- Search reads tsvectors from their rows (issue 16). A tsvector of more than
-- about 2 kB (an entry of some 200 words) was moved out of line, to TOAST,
-- and read back from there for every entry a search checked or ranked, some
-- 3 µs each: a ranked search of a common word walked the newest entries
-- checking each one's tsvector, then read the 2,000 newest matches' again
-- for ts_rank, 29 ms of the server's CPU per search over 100,000 entries.
-- STORAGE MAIN keeps a tsvector in its row up to a page's size (compressed
-- when that saves space) and moves only larger ones out of line; that
-- search now takes 9.5 ms. The rows get wider (three to a page rather than
-- a hundred), so a search listing every match of a rarer word visits more
-- pages: the newest matches of a word in 3% of the entries went from 16.5
-- to 22-31 ms of CPU in two sets of runs (see BenchmarkSearch), on a server
-- whose 128 MB of shared buffers holds half of the table.
--
-- Changing the storage alone affects only rows written afterwards: the type
-- change to the same type rewrites the table and its indexes, every
-- tsvector read back and stored by the new rule, in one pass that leaves no
-- dead copies behind. The GIN index keeps its options.
ALTER TABLE search_fts
    ALTER COLUMN document TYPE TSVECTOR USING document || ''::tsvector,
    ALTER COLUMN document SET STORAGE MAIN;
-- The type change drops the column's statistics, and a rewrite counts as no
-- change for autovacuum, which would leave them missing until a tenth of the
-- entries had changed. Without them the planner takes every word for a rare
-- one: it read all 100,000 matches of a word every entry holds from the GIN
-- index (0.26 s of CPU, 1.4 s with the pages cold) instead of walking the
-- newest 2,000.
ANALYZE search_fts;
