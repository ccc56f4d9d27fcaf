-- 0003_matching.sql: where a proposal came from (a round, a consultant's
-- choice from a shortlist, or the employer's own candidate), and the indexes
-- behind the lists of proposals: a run's, and a supplier account's.

ALTER TABLE proposals ADD COLUMN source TEXT NOT NULL DEFAULT 'round'
  CHECK (source IN ('round', 'consultant', 'employer'));
CREATE INDEX proposals_run ON proposals (run_id);
CREATE INDEX proposals_supplier ON proposals (opening_org_id, supplier_id);
