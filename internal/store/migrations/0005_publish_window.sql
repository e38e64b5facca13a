-- Publishing reads only the posts its window can show (issue 17), not a
-- row per stored entry. The window is found from the newest published
-- dates down, and the public ids it shows are checked against every other
-- post's; both lookups need the entry's cluster, which the row keeps after
-- its content (in overflow pages), so the indexes carry it. Each source's
-- newest change, shown in the outputs, is one index probe per source, and a
-- trim of some sources finds their posts from the same index.
DROP INDEX entries_published;
CREATE INDEX entries_published_cluster ON entries(published, cluster);
DROP INDEX entries_public_id;
CREATE INDEX entries_public_id_cluster ON entries(public_id, cluster);
CREATE INDEX entries_source_updated ON entries(source, updated, cluster);
