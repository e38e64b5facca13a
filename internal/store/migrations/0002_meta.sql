-- Small facts about the database as a whole, such as the stamp of the
-- last publish (what it was made from), so that a cycle in which nothing
-- changed can leave the outputs alone.
CREATE TABLE meta (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
) STRICT;
