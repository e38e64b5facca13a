-- Flat cycles (issue 17); see the SQLite migration of the same number. The
-- band keys of each entry are kept once, packed in band_keys, and the
-- bands table is keyed by band alone; an entry's keys are deleted in key
-- order from its band_keys row, not by a trigger through an index by
-- entry. The table is rebuilt empty and filled again from the stored
-- signatures by the bands backfill on the next run.
DROP TRIGGER entries_delete_bands ON entries;
DROP FUNCTION entries_delete_bands();
DROP TABLE bands;
CREATE TABLE bands (
    band     BIGINT NOT NULL,
    entry_id BIGINT NOT NULL,
    PRIMARY KEY (band, entry_id)
);
CREATE TABLE band_keys (
    entry_id BIGINT PRIMARY KEY,
    bands    BYTEA NOT NULL
);
INSERT INTO meta (key, value) SELECT 'bands_backfill', '0' WHERE EXISTS (SELECT 1 FROM entries)
    ON CONFLICT (key) DO UPDATE SET value = excluded.value;

