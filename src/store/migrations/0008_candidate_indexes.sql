-- 0008_candidate_indexes.sql: lighter indexes on candidates (issue 8,
-- import speed). Only candidates with an identity have a region pseudonym,
-- and only copies made for a hire across a region (0007) have a source:
-- the indexes on them hold only those rows. Every look-up compares the
-- column with a value (region_pseudonym = ?, source_candidate_id = ?),
-- which a partial index WHERE ... IS NOT NULL answers on SQLite and
-- PostgreSQL alike, and an import of candidates without identities no
-- longer writes two index entries per row.
DROP INDEX candidates_pseudonym;
CREATE INDEX candidates_pseudonym ON candidates (region_pseudonym)
  WHERE region_pseudonym IS NOT NULL;
DROP INDEX candidates_source;
CREATE UNIQUE INDEX candidates_source
  ON candidates (org_id, source_org_id, source_candidate_id)
  WHERE source_candidate_id IS NOT NULL;
