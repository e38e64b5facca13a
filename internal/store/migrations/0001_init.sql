-- Sources: one row per configured source, holding HTTP validators and the
-- outcome of the last attempts.
CREATE TABLE sources (
    name           TEXT PRIMARY KEY,
    url            TEXT NOT NULL DEFAULT '',
    feed_title     TEXT NOT NULL DEFAULT '',
    feed_link      TEXT NOT NULL DEFAULT '',
    feed_id        TEXT NOT NULL DEFAULT '',
    etag           TEXT NOT NULL DEFAULT '',
    last_modified  TEXT NOT NULL DEFAULT '',
    input_hash     TEXT NOT NULL DEFAULT '',
    last_attempt   INTEGER NOT NULL DEFAULT 0,
    last_success   INTEGER NOT NULL DEFAULT 0,
    last_status    INTEGER NOT NULL DEFAULT 0,
    last_error     TEXT NOT NULL DEFAULT '',
    failures       INTEGER NOT NULL DEFAULT 0,
    failing_since  INTEGER NOT NULL DEFAULT 0,
    next_due       INTEGER NOT NULL DEFAULT 0,
    hint_interval  INTEGER NOT NULL DEFAULT 0,
    redirect_to    TEXT NOT NULL DEFAULT '',
    redirect_seen  INTEGER NOT NULL DEFAULT 0,
    adopted_url    TEXT NOT NULL DEFAULT '',
    gone           INTEGER NOT NULL DEFAULT 0
);

-- Entries: one row per post per source. (source, key) is the identity of a
-- post within its source; public_id is the id published for it and never
-- changes once written.
CREATE TABLE entries (
    id             INTEGER PRIMARY KEY,
    source         TEXT NOT NULL REFERENCES sources(name) ON DELETE CASCADE,
    key            TEXT NOT NULL,
    guid           TEXT NOT NULL DEFAULT '',
    link           TEXT NOT NULL DEFAULT '',
    canonical_link TEXT NOT NULL DEFAULT '',
    title          TEXT NOT NULL DEFAULT '',
    authors        TEXT NOT NULL DEFAULT '[]',
    categories     TEXT NOT NULL DEFAULT '[]',
    enclosures     TEXT NOT NULL DEFAULT '[]',
    published      INTEGER NOT NULL DEFAULT 0,
    updated        INTEGER NOT NULL DEFAULT 0,
    first_seen     INTEGER NOT NULL,
    date_known     INTEGER NOT NULL DEFAULT 1,
    raw_published  TEXT NOT NULL DEFAULT '',
    raw_updated    TEXT NOT NULL DEFAULT '',
    content        TEXT NOT NULL DEFAULT '',
    summary        TEXT NOT NULL DEFAULT '',
    raw            TEXT NOT NULL DEFAULT '',
    file           TEXT NOT NULL DEFAULT '',
    content_hash   TEXT NOT NULL,
    public_id      TEXT NOT NULL,
    fingerprint    TEXT NOT NULL DEFAULT '',
    origin_title   TEXT NOT NULL DEFAULT '',
    origin_link    TEXT NOT NULL DEFAULT '',
    origin_feed    TEXT NOT NULL DEFAULT '',
    cluster        INTEGER NOT NULL DEFAULT 0,
    signature      BLOB,
    UNIQUE (source, key)
);
CREATE INDEX entries_canonical_link ON entries(canonical_link) WHERE canonical_link <> '';
CREATE INDEX entries_source_link ON entries(source, canonical_link);
CREATE INDEX entries_source_fingerprint ON entries(source, fingerprint);
CREATE INDEX entries_cluster ON entries(cluster);
CREATE INDEX entries_published ON entries(published);
CREATE INDEX entries_public_id ON entries(public_id);
-- Covering indexes for the scans that must not read every entry's content
-- (rows hold it before these columns, in overflow pages): choosing what to
-- publish, and loading signatures for near-duplicate search.
CREATE INDEX entries_light ON entries(id, cluster, source, key, public_id, link, published, updated, first_seen);
CREATE INDEX entries_sketch ON entries(id, signature);

-- Duplicate decisions, kept for `tributary inspect --dupes`.
CREATE TABLE merges (
    entry_id   INTEGER NOT NULL REFERENCES entries(id) ON DELETE CASCADE,
    other_id   INTEGER NOT NULL REFERENCES entries(id) ON DELETE CASCADE,
    reason     TEXT NOT NULL,
    text_sim   REAL NOT NULL DEFAULT 0,
    title_sim  REAL NOT NULL DEFAULT 0,
    decided_at INTEGER NOT NULL,
    PRIMARY KEY (entry_id, other_id)
);

-- The ledger of ids a subscriber has seen: once an id is published for a
-- post (a cluster), that post keeps it.
CREATE TABLE published (
    public_id       TEXT PRIMARY KEY,
    entry_id        INTEGER,
    first_published INTEGER NOT NULL
);

-- Leases: a cron run and a daemon on one database never work on the same
-- thing at once; an expired lease is taken over.
CREATE TABLE leases (
    name    TEXT PRIMARY KEY,
    holder  TEXT NOT NULL,
    expires INTEGER NOT NULL
);
