-- Near-duplicate search by lookup (issue 17): the LSH band keys of every
-- entry's signature, so that a cycle finds the candidates of what changed
-- without loading every stored signature. Keyed by band for the lookup;
-- the second index serves replacing one entry's bands and deleting them
-- with the entry. No foreign key: checking one would read the entry's row
-- for each of its 32 keys, which cost more than inserting them; a trigger
-- does the cascade.
CREATE TABLE bands (
    band     INTEGER NOT NULL,
    entry_id INTEGER NOT NULL,
    PRIMARY KEY (band, entry_id)
) WITHOUT ROWID;
CREATE INDEX bands_entry ON bands(entry_id);
CREATE TRIGGER entries_delete_bands AFTER DELETE ON entries BEGIN
    DELETE FROM bands WHERE entry_id = old.id;
END;

-- Entries inserted or changed whose duplicates have not been looked for
-- yet, with their band keys (8 bytes each, little-endian). Written in the
-- ingest's transaction and cleared by the pass that handled them, so a run
-- killed in between leaves them for the next one. The pass adds the keys
-- to bands sorted, many entries at once: row by row at ingest, the same
-- keys cost a fifth of a cold run.
CREATE TABLE pending (
    entry_id INTEGER PRIMARY KEY REFERENCES entries(id) ON DELETE CASCADE,
    bands    BLOB
);

-- The signatures are no longer scanned as a whole.
DROP INDEX entries_sketch;

-- Entries stored before this migration get their band keys on the next
-- run (the app layer computes them); this marks where that backfill stands.
INSERT INTO meta (key, value) SELECT 'bands_backfill', '0' WHERE EXISTS (SELECT 1 FROM entries);
