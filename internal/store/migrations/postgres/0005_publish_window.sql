-- Publishing reads only the posts its window can show (see
-- migrations/0005_publish_window.sql): the window from the newest
-- published dates down, the posts sharing public ids, and each source's
-- newest change.
DROP INDEX entries_published;
CREATE INDEX entries_published_cluster ON entries(published, cluster);
DROP INDEX entries_public_id;
CREATE INDEX entries_public_id_cluster ON entries(public_id, cluster);
CREATE INDEX entries_source_updated ON entries(source, updated, cluster);
