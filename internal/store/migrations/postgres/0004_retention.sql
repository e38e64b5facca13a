-- Tombstones: what retention pruned (see migrations/0004_retention.sql).
-- The row id is the pruned entry's own id, which the entries' identity
-- sequence never hands out again.
CREATE TABLE tombstones (
    id         BIGINT PRIMARY KEY,
    source     TEXT COLLATE "C" NOT NULL,
    key        TEXT COLLATE "C" NOT NULL,
    public_id  TEXT COLLATE "C" NOT NULL,
    pruned_at  BIGINT NOT NULL
);
-- Keys have no length limit: a hash index takes any (see 0001).
CREATE INDEX tombstones_key ON tombstones USING hash (key);
CREATE INDEX tombstones_public_id ON tombstones(public_id);

-- Deleting an entry looks up the merges naming it on either side.
CREATE INDEX merges_other ON merges(other_id);
