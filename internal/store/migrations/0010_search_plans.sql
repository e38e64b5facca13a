-- Search plans (issue 16): PostgreSQL's 0010 tunes its GIN index's
-- pending list and adds a covering index for the dates of a search's
-- matches. SQLite needs neither (FTS5 has no pending list, and
-- entries_light already covers id, cluster and published); this file
-- keeps the two engines' migrations numbered alike.
SELECT 1;
