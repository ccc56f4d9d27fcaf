-- 0007_candidate_links.sql: a candidate record made for a hire across the
-- members of a region. When an organisation hires a candidate of another
-- member that shares its pool (src/api/proposals.c), the realisation needs
-- a candidate of the hiring organisation: sroi copies what valuation needs
-- into a record of its own and links it to the original here, so that a
-- second hire of the same person finds that record again. No foreign key:
-- the original belongs to another organisation (on Citus, another node),
-- and the unique key includes org_id like every key of a distributed table.

ALTER TABLE candidates ADD COLUMN source_org_id INTEGER;
ALTER TABLE candidates ADD COLUMN source_candidate_id INTEGER;
CREATE UNIQUE INDEX candidates_source
  ON candidates (org_id, source_org_id, source_candidate_id);
