-- Many workers on one database (issue 13). A source is fetched by the
-- worker holding its claim: claim_holder names the worker, claim_epoch
-- counts the claims ever taken on the source (a write carries the epoch it
-- was claimed with, so a worker that stalled past its claim cannot
-- overwrite its successor), claim_expires is when an unrenewed claim lapses
-- and claimed_at when it was taken, both in milliseconds of the database's
-- clock. An empty holder means no claim.
ALTER TABLE sources ADD COLUMN claim_holder TEXT NOT NULL DEFAULT '';
ALTER TABLE sources ADD COLUMN claim_epoch INTEGER NOT NULL DEFAULT 0;
ALTER TABLE sources ADD COLUMN claim_expires INTEGER NOT NULL DEFAULT 0;
ALTER TABLE sources ADD COLUMN claimed_at INTEGER NOT NULL DEFAULT 0;
CREATE INDEX sources_next_due ON sources(next_due, name);

-- The fencing token of a lease: it grows by one at every take-over, and a
-- leader's writes check it in their own transaction.
ALTER TABLE leases ADD COLUMN token INTEGER NOT NULL DEFAULT 0;

-- Every output the leader published, written in the transaction that
-- records the publish stamp, so that every serving instance answers with
-- the same bytes, ETag and Last-Modified (Unix seconds).
CREATE TABLE outputs (
    name          TEXT PRIMARY KEY,
    body          BLOB NOT NULL,
    etag          TEXT NOT NULL,
    last_modified INTEGER NOT NULL,
    content_type  TEXT NOT NULL
);
