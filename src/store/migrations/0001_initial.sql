-- 0001_initial.sql: the first schema of sroi.
--
-- Written for SQLite (STRICT tables); store_pg.c rewrites the few dialect
-- differences (INTEGER -> BIGINT, BLOB -> BYTEA, no STRICT).
-- Every table carries org_id and every key includes it, so that the
-- PostgreSQL store can be distributed by organisation on Citus. Ids come from
-- one counter and are unique across organisations.

CREATE TABLE id_counter (
  one INTEGER PRIMARY KEY CHECK (one = 1),
  next_id INTEGER NOT NULL
) STRICT;
INSERT INTO id_counter (one, next_id) VALUES (1, 1000);

-- An organisation's id equals its org_id, so that generic record code works
-- on this table like on every other.
CREATE TABLE organisations (
  org_id INTEGER NOT NULL PRIMARY KEY,
  id INTEGER NOT NULL UNIQUE CHECK (id = org_id),
  code TEXT NOT NULL UNIQUE,
  name TEXT NOT NULL,
  kind TEXT NOT NULL CHECK (kind IN ('municipality', 'region')),
  region_code TEXT,
  share_candidates INTEGER NOT NULL DEFAULT 0,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
) STRICT;

CREATE TABLE users (
  org_id INTEGER NOT NULL REFERENCES organisations (org_id),
  id INTEGER NOT NULL,
  email TEXT NOT NULL UNIQUE,
  role TEXT NOT NULL CHECK (role IN ('administrator', 'consultant', 'buyer',
                                     'jobcoach', 'supplier', 'auditor')),
  supplier_id INTEGER,
  password_hash TEXT,
  totp_secret TEXT,
  disabled INTEGER NOT NULL DEFAULT 0,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  PRIMARY KEY (org_id, id)
) STRICT;

CREATE TABLE suppliers (
  org_id INTEGER NOT NULL REFERENCES organisations (org_id),
  id INTEGER NOT NULL,
  kvk TEXT NOT NULL,
  name TEXT NOT NULL,
  postcode TEXT,
  category TEXT NOT NULL DEFAULT 'regular',
  social_enterprise INTEGER NOT NULL DEFAULT 0,
  pso_rung INTEGER CHECK (pso_rung BETWEEN 0 AND 3),
  pso_valid_from TEXT,
  pso_valid_until TEXT,
  archived INTEGER NOT NULL DEFAULT 0,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  PRIMARY KEY (org_id, id),
  UNIQUE (org_id, kvk)
) STRICT;
CREATE INDEX suppliers_id ON suppliers (id);

CREATE TABLE contracts (
  org_id INTEGER NOT NULL REFERENCES organisations (org_id),
  id INTEGER NOT NULL,
  reference TEXT NOT NULL,
  title TEXT NOT NULL,
  department TEXT,
  cpv_code TEXT,
  kind TEXT NOT NULL CHECK (kind IN ('works', 'services', 'supplies')),
  value_cents INTEGER NOT NULL CHECK (value_cents >= 0),
  start_date TEXT NOT NULL,
  end_date TEXT NOT NULL,
  award_date TEXT,
  supplier_id INTEGER,
  status TEXT NOT NULL DEFAULT 'draft'
    CHECK (status IN ('draft', 'awarded', 'running', 'ended', 'settled')),
  sr_percentage_centi INTEGER,
  obligation_cents INTEGER,
  labour_share_pct INTEGER,
  labour_hours INTEGER,
  -- Set at award: the policy version in force on the award date, kept for
  -- the life of the contract (a later version never changes it).
  policy_id INTEGER,
  obligation_unit TEXT NOT NULL DEFAULT 'eur' CHECK (obligation_unit IN ('eur', 'hours')),
  obligation_hours_centi INTEGER,
  opt_in INTEGER NOT NULL DEFAULT 0,
  deviation_pct_centi INTEGER,
  deviation_reason TEXT,
  prequalification_reason TEXT,
  best_efforts_exempt INTEGER NOT NULL DEFAULT 0,
  obligation_explanation TEXT,
  archived INTEGER NOT NULL DEFAULT 0,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  PRIMARY KEY (org_id, id),
  UNIQUE (org_id, reference),
  FOREIGN KEY (org_id, supplier_id) REFERENCES suppliers (org_id, id)
) STRICT;
CREATE INDEX contracts_id ON contracts (id);
CREATE INDEX contracts_supplier ON contracts (org_id, supplier_id);

CREATE TABLE candidates (
  org_id INTEGER NOT NULL REFERENCES organisations (org_id),
  id INTEGER NOT NULL,
  external_id TEXT,
  target_groups TEXT NOT NULL DEFAULT '[]',
  birth_month TEXT,
  postcode TEXT NOT NULL,
  occupations TEXT NOT NULL DEFAULT '[]',
  education_level TEXT,
  hours_per_week_centi INTEGER NOT NULL DEFAULT 0,
  max_travel_km INTEGER NOT NULL DEFAULT 25,
  available_from TEXT,
  on_benefit_since TEXT,
  driving_licence INTEGER NOT NULL DEFAULT 0,
  region_pseudonym TEXT,
  status TEXT NOT NULL DEFAULT 'active'
    CHECK (status IN ('active', 'placed', 'archived')),
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  PRIMARY KEY (org_id, id),
  UNIQUE (org_id, external_id)
) STRICT;
CREATE INDEX candidates_id ON candidates (id);
CREATE INDEX candidates_pseudonym ON candidates (region_pseudonym);

-- Identity is kept apart from the pseudonymous record and touched only by
-- the identity routes; `sealed` holds the identity document (encrypted).
CREATE TABLE candidate_identities (
  org_id INTEGER NOT NULL,
  candidate_id INTEGER NOT NULL,
  sealed BLOB NOT NULL,
  updated_at TEXT NOT NULL,
  PRIMARY KEY (org_id, candidate_id),
  FOREIGN KEY (org_id, candidate_id) REFERENCES candidates (org_id, id)
    ON DELETE CASCADE
) STRICT;

CREATE TABLE openings (
  org_id INTEGER NOT NULL REFERENCES organisations (org_id),
  id INTEGER NOT NULL,
  supplier_id INTEGER NOT NULL,
  contract_id INTEGER,
  kind TEXT NOT NULL CHECK (kind IN ('job', 'internship', 'bbl', 'bol',
                                     'training', 'other')),
  title TEXT,
  esco_code TEXT NOT NULL,
  postcode TEXT NOT NULL,
  hours_per_week_centi INTEGER NOT NULL,
  positions INTEGER NOT NULL DEFAULT 1 CHECK (positions >= 1),
  start_date TEXT NOT NULL,
  max_travel_km INTEGER,
  requires_licence INTEGER NOT NULL DEFAULT 0,
  min_education_level TEXT,
  status TEXT NOT NULL DEFAULT 'open'
    CHECK (status IN ('open', 'filled', 'closed')),
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  PRIMARY KEY (org_id, id),
  FOREIGN KEY (org_id, supplier_id) REFERENCES suppliers (org_id, id),
  FOREIGN KEY (org_id, contract_id) REFERENCES contracts (org_id, id)
) STRICT;
CREATE INDEX openings_id ON openings (id);

CREATE TABLE realisations (
  org_id INTEGER NOT NULL REFERENCES organisations (org_id),
  id INTEGER NOT NULL,
  contract_id INTEGER NOT NULL,
  kind TEXT NOT NULL,
  candidate_id INTEGER,
  start_date TEXT,
  end_date TEXT,
  hours_per_week_centi INTEGER,
  invoice_cents INTEGER,
  amount_cents INTEGER,
  hours_centi INTEGER,
  supplier_category TEXT,
  level TEXT,
  permanent_contract INTEGER NOT NULL DEFAULT 0,
  prior_internship_months INTEGER,
  subcontractor_name TEXT,
  subcontractor_kvk TEXT,
  status TEXT NOT NULL DEFAULT 'reported'
    CHECK (status IN ('reported', 'accepted', 'rejected')),
  reject_reason TEXT,
  value_cents INTEGER NOT NULL DEFAULT 0,
  value_hours_centi INTEGER,
  refusal TEXT,
  explanation TEXT,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  PRIMARY KEY (org_id, id),
  FOREIGN KEY (org_id, contract_id) REFERENCES contracts (org_id, id),
  FOREIGN KEY (org_id, candidate_id) REFERENCES candidates (org_id, id)
) STRICT;
CREATE INDEX realisations_id ON realisations (id);
CREATE INDEX realisations_contract ON realisations (org_id, contract_id);
CREATE INDEX realisations_candidate ON realisations (org_id, candidate_id);

-- A policy version: the JSON document (docs/policy.schema.json) owned by an
-- organisation or shared by its region. Versions are never changed.
CREATE TABLE policies (
  org_id INTEGER NOT NULL REFERENCES organisations (org_id),
  id INTEGER NOT NULL,
  name TEXT NOT NULL,
  version TEXT NOT NULL,
  effective_from TEXT NOT NULL,
  document TEXT NOT NULL,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  PRIMARY KEY (org_id, id),
  UNIQUE (org_id, effective_from)
) STRICT;
CREATE INDEX policies_id ON policies (id);

-- The plan: the activities supplier and consultant agree to fill the
-- obligation.
CREATE TABLE plan_items (
  org_id INTEGER NOT NULL,
  id INTEGER NOT NULL,
  contract_id INTEGER NOT NULL,
  block_id TEXT NOT NULL,
  description TEXT,
  quantity INTEGER NOT NULL CHECK (quantity >= 1),
  expected_value_cents INTEGER NOT NULL CHECK (expected_value_cents >= 0),
  planned_start TEXT,
  status TEXT NOT NULL DEFAULT 'proposed' CHECK (status IN ('proposed', 'agreed')),
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  PRIMARY KEY (org_id, id),
  FOREIGN KEY (org_id, contract_id) REFERENCES contracts (org_id, id)
) STRICT;
CREATE INDEX plan_items_contract ON plan_items (org_id, contract_id);

-- Retention: is the person hired still employed 6, 12 and 24 months later?
CREATE TABLE follow_ups (
  org_id INTEGER NOT NULL,
  id INTEGER NOT NULL,
  realisation_id INTEGER NOT NULL,
  months INTEGER NOT NULL CHECK (months IN (6, 12, 24)),
  due_date TEXT NOT NULL,
  employed TEXT NOT NULL DEFAULT 'unknown' CHECK (employed IN ('yes', 'no', 'unknown')),
  checked_on TEXT,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  PRIMARY KEY (org_id, id),
  UNIQUE (org_id, realisation_id, months),
  FOREIGN KEY (org_id, realisation_id) REFERENCES realisations (org_id, id)
    ON DELETE CASCADE
) STRICT;

-- Evidence for a realisation (PDF, PNG or JPEG), sealed like identities.
CREATE TABLE evidence (
  org_id INTEGER NOT NULL,
  id INTEGER NOT NULL,
  realisation_id INTEGER NOT NULL,
  content_type TEXT NOT NULL,
  filename TEXT,
  size INTEGER NOT NULL,
  sealed BLOB NOT NULL,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  PRIMARY KEY (org_id, id),
  FOREIGN KEY (org_id, realisation_id) REFERENCES realisations (org_id, id)
    ON DELETE CASCADE
) STRICT;

-- Matching: a proposal round and its proposals.
CREATE TABLE matching_runs (
  org_id INTEGER NOT NULL,
  id INTEGER NOT NULL,
  scope TEXT NOT NULL,
  per_position INTEGER NOT NULL,
  per_candidate INTEGER NOT NULL,
  objective INTEGER NOT NULL,
  proposal_count INTEGER NOT NULL,
  report TEXT NOT NULL,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  PRIMARY KEY (org_id, id)
) STRICT;

CREATE TABLE proposals (
  org_id INTEGER NOT NULL,
  id INTEGER NOT NULL,
  run_id INTEGER,
  opening_id INTEGER NOT NULL,
  opening_org_id INTEGER NOT NULL,
  candidate_id INTEGER NOT NULL,
  supplier_id INTEGER NOT NULL,
  score INTEGER NOT NULL,
  components TEXT,
  status TEXT NOT NULL DEFAULT 'proposed'
    CHECK (status IN ('proposed', 'introduced', 'hired', 'declined')),
  declined_by TEXT,
  reason TEXT,
  due_date TEXT,
  realisation_id INTEGER,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  PRIMARY KEY (org_id, id),
  FOREIGN KEY (org_id, candidate_id) REFERENCES candidates (org_id, id)
) STRICT;
CREATE INDEX proposals_id ON proposals (id);
CREATE INDEX proposals_opening ON proposals (opening_org_id, opening_id);
CREATE INDEX proposals_candidate ON proposals (org_id, candidate_id);

-- Append-only. Identity fields are named in `changes` but their values are
-- never written here.
CREATE TABLE audit_log (
  org_id INTEGER NOT NULL,
  id INTEGER NOT NULL,
  at TEXT NOT NULL,
  actor TEXT NOT NULL,
  action TEXT NOT NULL,
  entity TEXT NOT NULL,
  entity_id INTEGER,
  changes TEXT,
  prev_hash TEXT,
  hash TEXT,
  PRIMARY KEY (org_id, id)
) STRICT;
CREATE INDEX audit_entity ON audit_log (org_id, entity, entity_id);
