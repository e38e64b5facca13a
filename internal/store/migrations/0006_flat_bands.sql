-- Flat cycles (issue 17). The band keys of each entry are kept once, packed
-- in band_keys (8 bytes each, little-endian), and the bands table is keyed
-- by band alone for the candidate lookup. The index by entry that bands
-- had, and the trigger deleting an entry's keys through it, doubled the
-- table and made every pruned entry cost 32 random deletions; an entry's
-- keys are now read from its band_keys row and deleted in key order, many
-- entries at once (see dropBands). The table is rebuilt empty and filled
-- again from the stored signatures by the bands backfill on the next run.
DROP TRIGGER entries_delete_bands;
DROP TABLE bands;
CREATE TABLE bands (
    band     INTEGER NOT NULL,
    entry_id INTEGER NOT NULL,
    PRIMARY KEY (band, entry_id)
) WITHOUT ROWID;
CREATE TABLE band_keys (
    entry_id INTEGER PRIMARY KEY,
    bands    BLOB NOT NULL
);
INSERT INTO meta (key, value) SELECT 'bands_backfill', '0' WHERE EXISTS (SELECT 1 FROM entries)
    ON CONFLICT (key) DO UPDATE SET value = excluded.value;

