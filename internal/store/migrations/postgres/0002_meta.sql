-- Small facts about the database as a whole (see migrations/0002_meta.sql).
CREATE TABLE meta (
    key   TEXT COLLATE "C" PRIMARY KEY,
    value TEXT COLLATE "C" NOT NULL
);
