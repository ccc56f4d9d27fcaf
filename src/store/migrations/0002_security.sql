-- 0002_security.sql: accounts, sessions, API tokens and login throttling
-- (docs/security.md).
--
-- `users` of 0001 was never written to; it is made again so that the
-- operator's system accounts (org_id 0: acting for every organisation, see
-- docs/security.md) fit beside the accounts of organisations, and so that a
-- supplier account names its supplier.

DROP TABLE users;
CREATE TABLE users (
  org_id INTEGER NOT NULL,
  id INTEGER NOT NULL,
  email TEXT NOT NULL UNIQUE,
  role TEXT NOT NULL CHECK (role IN ('administrator', 'consultant', 'buyer',
                                     'jobcoach', 'supplier', 'auditor')),
  supplier_id INTEGER,
  password_hash TEXT NOT NULL,
  -- The TOTP secret, sealed with the key file like identities.
  totp_sealed BLOB,
  -- The last TOTP step used, so that a code logs in only once.
  totp_last_step INTEGER NOT NULL DEFAULT 0,
  disabled INTEGER NOT NULL DEFAULT 0,
  last_login_at TEXT,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  PRIMARY KEY (org_id, id),
  CHECK ((role = 'supplier') = (supplier_id IS NOT NULL)),
  FOREIGN KEY (org_id, supplier_id) REFERENCES suppliers (org_id, id)
) STRICT;
CREATE INDEX users_id ON users (id);

-- A browser session. Only the SHA-256 of the cookie's token is stored.
-- Times are unix seconds; the idle and absolute lifetimes are the server's
-- settings, so expiry is decided when the session is used.
CREATE TABLE sessions (
  org_id INTEGER NOT NULL,
  id INTEGER NOT NULL,
  user_id INTEGER NOT NULL,
  token_hash TEXT NOT NULL UNIQUE,
  created_at INTEGER NOT NULL,
  last_seen_at INTEGER NOT NULL,
  PRIMARY KEY (org_id, id),
  FOREIGN KEY (org_id, user_id) REFERENCES users (org_id, id) ON DELETE CASCADE
) STRICT;
CREATE INDEX sessions_user ON sessions (org_id, user_id);

-- An API token for an integration: a role in an organisation, shown once,
-- stored as its SHA-256. last_used_at is written at most every few minutes.
CREATE TABLE api_tokens (
  org_id INTEGER NOT NULL,
  id INTEGER NOT NULL,
  name TEXT NOT NULL,
  role TEXT NOT NULL CHECK (role IN ('administrator', 'consultant', 'buyer',
                                     'jobcoach', 'supplier', 'auditor')),
  supplier_id INTEGER,
  token_hash TEXT NOT NULL UNIQUE,
  created_by TEXT NOT NULL,
  created_at TEXT NOT NULL,
  last_used_at INTEGER,
  revoked_at TEXT,
  PRIMARY KEY (org_id, id),
  CHECK ((role = 'supplier') = (supplier_id IS NOT NULL)),
  FOREIGN KEY (org_id, supplier_id) REFERENCES suppliers (org_id, id)
) STRICT;

-- Failed logins per account (hash of the e-mail address) and per client
-- address; org_id is always 0 (these belong to no organisation).
CREATE TABLE login_throttle (
  org_id INTEGER NOT NULL DEFAULT 0,
  subject TEXT NOT NULL,
  failures INTEGER NOT NULL,
  window_start INTEGER NOT NULL,
  locked_until INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (org_id, subject)
) STRICT;
