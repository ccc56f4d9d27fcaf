-- 0004_import.sql: imports and exports (issue 8). Openings and realisations
-- get the id they carry in the system they come from (candidates have one
-- since 0001), so that importing the same file twice changes nothing; an
-- import job is recorded with its counts and errors.

ALTER TABLE openings ADD COLUMN external_id TEXT;
ALTER TABLE realisations ADD COLUMN external_id TEXT;
CREATE UNIQUE INDEX openings_external ON openings (org_id, external_id);
CREATE UNIQUE INDEX realisations_external ON realisations (org_id, external_id);

CREATE TABLE import_jobs (
  org_id INTEGER NOT NULL,
  id INTEGER NOT NULL,
  kind TEXT NOT NULL,
  filename TEXT NOT NULL,
  actor TEXT NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('done', 'partial')),
  rows_total INTEGER NOT NULL,
  rows_done INTEGER NOT NULL,
  created INTEGER NOT NULL,
  updated INTEGER NOT NULL,
  unchanged INTEGER NOT NULL,
  failed INTEGER NOT NULL,
  errors TEXT NOT NULL,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  PRIMARY KEY (org_id, id)
) STRICT;
CREATE INDEX import_jobs_id ON import_jobs (id);
