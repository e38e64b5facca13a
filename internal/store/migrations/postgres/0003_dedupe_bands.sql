-- Near-duplicate search by lookup (see migrations/0003_dedupe_bands.sql):
-- the LSH band keys of every entry's signature, and the queue of entries
-- whose duplicates have not been looked for yet.
CREATE TABLE bands (
    band     BIGINT NOT NULL,
    entry_id BIGINT NOT NULL,
    PRIMARY KEY (band, entry_id)
);
CREATE INDEX bands_entry ON bands(entry_id);

-- No foreign key on bands (as on SQLite): a trigger does the cascade.
CREATE FUNCTION entries_delete_bands() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    DELETE FROM bands WHERE entry_id = OLD.id;
    RETURN OLD;
END;
$$;
CREATE TRIGGER entries_delete_bands AFTER DELETE ON entries
    FOR EACH ROW EXECUTE FUNCTION entries_delete_bands();

CREATE TABLE pending (
    entry_id BIGINT PRIMARY KEY REFERENCES entries(id) ON DELETE CASCADE,
    bands    BYTEA
);

-- Entries stored before this migration get their band keys on the next
-- run; this marks where that backfill stands.
INSERT INTO meta (key, value) SELECT 'bands_backfill', '0' WHERE EXISTS (SELECT 1 FROM entries);
