-- Tombstones: what retention pruned. A feed that still lists a pruned post
-- must not bring it back as new, and its public id must never go to another
-- post, so each pruned entry leaves its source, key and public id. The row
-- id is the pruned entry's own id: new entries are numbered above every id
-- ever used, so a cluster or merge that named the pruned entry can never
-- come to name a different one.
CREATE TABLE tombstones (
    id         INTEGER PRIMARY KEY,
    source     TEXT NOT NULL,
    key        TEXT NOT NULL,
    public_id  TEXT NOT NULL,
    pruned_at  INTEGER NOT NULL
);
CREATE INDEX tombstones_source_key ON tombstones(source, key);
CREATE INDEX tombstones_public_id ON tombstones(public_id);

-- Deleting an entry looks up the merges naming it on either side; without
-- this index each deletion scanned the whole merges table.
CREATE INDEX merges_other ON merges(other_id);
