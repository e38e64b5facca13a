-- Whole posts for excerpt feeds (issue 16): whether the feed's item looks
-- like an excerpt of its post (decided at ingest, whatever the config, so a
-- source switched to full_content later finds its entries marked), and
-- beside the excerpt the article read from the post's page, with what is
-- needed to fetch that page once per revision of the item (full_hash is
-- the content_hash it was read for), conditionally (its validators), and
-- to say why an excerpt was kept (full_reason).
ALTER TABLE entries ADD COLUMN excerpt BIGINT NOT NULL DEFAULT 0;
ALTER TABLE entries ADD COLUMN full_content TEXT COLLATE "C" NOT NULL DEFAULT '';
ALTER TABLE entries ADD COLUMN full_hash TEXT COLLATE "C" NOT NULL DEFAULT '';
ALTER TABLE entries ADD COLUMN full_tries BIGINT NOT NULL DEFAULT 0;
ALTER TABLE entries ADD COLUMN full_reason TEXT COLLATE "C" NOT NULL DEFAULT '';
ALTER TABLE entries ADD COLUMN full_url TEXT COLLATE "C" NOT NULL DEFAULT '';
ALTER TABLE entries ADD COLUMN full_etag TEXT COLLATE "C" NOT NULL DEFAULT '';
ALTER TABLE entries ADD COLUMN full_last_modified TEXT COLLATE "C" NOT NULL DEFAULT '';
ALTER TABLE entries ADD COLUMN full_checked BIGINT NOT NULL DEFAULT 0;
-- The excerpts whose current revision's page is still to be read: a cycle
-- finds them without reading every entry of its full_content sources.
CREATE INDEX entries_full_due ON entries(source, id) WHERE excerpt = 1 AND full_hash <> content_hash;
