-- 0006_change_generation.sql: one number that every transaction that
-- writes raises (store_commit in src/store/store.c), in that same
-- transaction. A server keeps answers to reads (src/http/response_cache.c)
-- under the number it read them at, and serves one again only while the
-- number is unchanged, so that no server, of any number on one database,
-- answers from data older than the last write. A reference table on Citus
-- (src/store/reference_tables.h).
CREATE TABLE change_generation (
  one INTEGER PRIMARY KEY CHECK (one = 1),
  generation INTEGER NOT NULL
) STRICT;
INSERT INTO change_generation (one, generation) VALUES (1, 0);
