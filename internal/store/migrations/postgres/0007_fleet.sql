-- Many workers on one database (issue 13): see migrations/0007_fleet.sql.
ALTER TABLE sources ADD COLUMN claim_holder TEXT COLLATE "C" NOT NULL DEFAULT '';
ALTER TABLE sources ADD COLUMN claim_epoch BIGINT NOT NULL DEFAULT 0;
ALTER TABLE sources ADD COLUMN claim_expires BIGINT NOT NULL DEFAULT 0;
ALTER TABLE sources ADD COLUMN claimed_at BIGINT NOT NULL DEFAULT 0;
CREATE INDEX sources_next_due ON sources(next_due, name);

ALTER TABLE leases ADD COLUMN token BIGINT NOT NULL DEFAULT 0;

CREATE TABLE outputs (
    name          TEXT COLLATE "C" PRIMARY KEY,
    body          BYTEA NOT NULL,
    etag          TEXT COLLATE "C" NOT NULL,
    last_modified BIGINT NOT NULL,
    content_type  TEXT COLLATE "C" NOT NULL
);
