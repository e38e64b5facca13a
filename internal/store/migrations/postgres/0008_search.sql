-- Full-text search (see migrations/0008_search.sql): search_text is the
-- same table as on SQLite, written in the ingest's transaction and removed
-- with its entry. Text compares bytes (COLLATE "C"), as on SQLite.
CREATE TABLE search_text (
    entry_id   BIGINT PRIMARY KEY REFERENCES entries(id) ON DELETE CASCADE,
    title      TEXT COLLATE "C" NOT NULL DEFAULT '',
    body       TEXT COLLATE "C" NOT NULL DEFAULT '',
    authors    TEXT COLLATE "C" NOT NULL DEFAULT '',
    categories TEXT COLLATE "C" NOT NULL DEFAULT '',
    source     TEXT COLLATE "C" NOT NULL DEFAULT ''
);

-- The index is the engine's own, as SQLite's FTS5 table is: here a
-- tsvector per entry with a GIN index, kept in step by a trigger. The
-- weights rank the title first (A), then authors and categories (B), the
-- source's names (C) and the body (D). The 'simple' configuration folds
-- case but stems nothing and keeps diacritics, in any language. A
-- tsvector holds at most 1 MB, so only the body's first 200,000
-- characters are indexed (positions stop counting at 16,383 anyway).
CREATE TABLE search_fts (
    entry_id BIGINT PRIMARY KEY REFERENCES search_text(entry_id) ON DELETE CASCADE,
    document TSVECTOR NOT NULL
);
CREATE INDEX search_fts_document ON search_fts USING GIN (document);

CREATE FUNCTION search_text_index() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO search_fts (entry_id, document) VALUES (NEW.entry_id,
        setweight(to_tsvector('simple', NEW.title), 'A') ||
        setweight(to_tsvector('simple', NEW.authors || ' ' || NEW.categories), 'B') ||
        setweight(to_tsvector('simple', NEW.source), 'C') ||
        setweight(to_tsvector('simple', left(NEW.body, 200000)), 'D'))
    ON CONFLICT (entry_id) DO UPDATE SET document = excluded.document;
    RETURN NEW;
END;
$$;
CREATE TRIGGER search_text_index AFTER INSERT OR UPDATE ON search_text
    FOR EACH ROW EXECUTE FUNCTION search_text_index();

-- Entries stored before this migration are indexed on first use; this
-- marks where that backfill stands.
INSERT INTO meta (key, value) SELECT 'search_backfill', '0' WHERE EXISTS (SELECT 1 FROM entries);
