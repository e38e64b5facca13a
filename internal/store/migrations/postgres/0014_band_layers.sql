-- Small cycles write few pages of the band index (issue 17); see the SQLite
-- migration of the same number. New keys go into bands_recent, folded into
-- bands when it outgrows an eighth of it; a removed entry's packed keys
-- move to bands_stale, its rows deleted in one ordered pass once the stale
-- entries are an eighth of those stored.
CREATE TABLE bands_recent (
    band     BIGINT NOT NULL,
    entry_id BIGINT NOT NULL,
    PRIMARY KEY (band, entry_id)
);
CREATE TABLE bands_stale (
    entry_id BIGINT PRIMARY KEY,
    bands    BYTEA NOT NULL
);
