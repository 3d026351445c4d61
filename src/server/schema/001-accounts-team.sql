-- Schema of the server, version 1: the same SQL on SQLite and on
-- PostgreSQL (text ids made by the server, 0/1 integers for booleans,
-- ISO 8601 text timestamps in UTC). Never edit a file that has shipped:
-- add the next one.
--
-- SPDX-License-Identifier: GPL-3.0-or-later

-- The directory of schools (`pixorga-server org add|import`).
CREATE TABLE organizations (
  id TEXT PRIMARY KEY,
  uai TEXT NOT NULL,                 -- externalId, kept in capitals
  name TEXT NOT NULL,
  email TEXT,                        -- the school's functional address
  kind TEXT NOT NULL CHECK (kind IN ('sco', 'agri')),
  archived_at TEXT,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
CREATE INDEX organizations_by_uai ON organizations (uai);

CREATE TABLE users (
  id TEXT PRIMARY KEY,
  email TEXT NOT NULL UNIQUE,        -- kept in lower case
  first_name TEXT NOT NULL,
  last_name TEXT NOT NULL,
  password_hash TEXT NOT NULL,       -- crypto_pwhash_str (argon2id)
  pix_terms_accepted INTEGER NOT NULL DEFAULT 0,
  pix_orga_terms_accepted INTEGER NOT NULL DEFAULT 0,
  current_organization_id TEXT REFERENCES organizations (id),
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);

-- Bearer tokens: only their SHA-256 (hex) is kept.
CREATE TABLE sessions (
  token_hash TEXT PRIMARY KEY,
  user_id TEXT NOT NULL REFERENCES users (id),
  created_at TEXT NOT NULL,
  expires_at TEXT NOT NULL,
  revoked_at TEXT
);
CREATE INDEX sessions_by_user ON sessions (user_id);

CREATE TABLE memberships (
  id TEXT PRIMARY KEY,
  organization_id TEXT NOT NULL REFERENCES organizations (id),
  user_id TEXT NOT NULL REFERENCES users (id),
  role TEXT NOT NULL CHECK (role IN ('ADMIN', 'MEMBER')),
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  updated_by TEXT REFERENCES users (id),
  disabled_at TEXT
);
CREATE INDEX memberships_by_organization ON memberships (organization_id);
CREATE INDEX memberships_by_user ON memberships (user_id);

CREATE TABLE invitations (
  id TEXT PRIMARY KEY,
  organization_id TEXT NOT NULL REFERENCES organizations (id),
  email TEXT NOT NULL,               -- kept in lower case
  code TEXT NOT NULL,                -- 10 capitals and digits
  status TEXT NOT NULL CHECK (status IN ('pending', 'accepted', 'cancelled')),
  role TEXT CHECK (role IN ('ADMIN', 'MEMBER')),
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
CREATE INDEX invitations_by_organization ON invitations (organization_id, status);

-- Failed sign-ins, per account ('user:EMAIL') and per address ('addr:IP').
CREATE TABLE sign_in_failures (
  key TEXT PRIMARY KEY,
  failures INTEGER NOT NULL,
  first_failure_at TEXT NOT NULL,
  blocked_until TEXT
);

CREATE TABLE password_resets (
  token_hash TEXT PRIMARY KEY,
  user_id TEXT NOT NULL REFERENCES users (id),
  created_at TEXT NOT NULL,
  expires_at TEXT NOT NULL,
  used_at TEXT
);

-- Mail is written here in the request's transaction, then delivered; a
-- failed delivery keeps the row (sent_at NULL) for the next attempt.
CREATE TABLE mail_outbox (
  id TEXT PRIMARY KEY,
  recipient TEXT NOT NULL,
  message TEXT NOT NULL,             -- the whole RFC 5322 message
  created_at TEXT NOT NULL,
  sent_at TEXT,
  attempts INTEGER NOT NULL DEFAULT 0,
  last_error TEXT
);
