-- Small cycles write few pages of the band index (issue 17). Band keys are
-- uniform hashes, so the 10,000 keys of a cycle that brought 300 posts fell
-- on nearly every page of bands, and the 300 entries its trim removed took
-- theirs out of as many random pages again: two thirds of the pages such a
-- cycle changed. New keys now go into bands_recent, a table an eighth of
-- the size at most, folded into bands in key order when it outgrows that;
-- a removed entry's packed keys move from band_keys to bands_stale, its
-- rows staying in bands (and bands_recent) until the stale entries are an
-- eighth of those stored and are deleted in one ordered pass. Lookups read
-- both tables and skip stale entries; entry ids are never reused.
CREATE TABLE bands_recent (
    band     INTEGER NOT NULL,
    entry_id INTEGER NOT NULL,
    PRIMARY KEY (band, entry_id)
) WITHOUT ROWID;
CREATE TABLE bands_stale (
    entry_id INTEGER PRIMARY KEY,
    bands    BLOB NOT NULL
);
