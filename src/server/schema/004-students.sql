-- Schema of the server, version 4: the students' side (issue 11).
-- Same text for SQLite and PostgreSQL. Never edit a file that has
-- shipped: add the next one.
--
-- SPDX-License-Identifier: GPL-3.0-or-later

-- A student's Pix account. Separate from users (the staff): a student
-- may have no e-mail at all, only a username made by a teacher
-- (spec §2.5). email is kept in lower case; username as generated.
CREATE TABLE student_accounts (
  id TEXT PRIMARY KEY,
  first_name TEXT NOT NULL,
  last_name TEXT NOT NULL,
  email TEXT UNIQUE,
  username TEXT UNIQUE,
  password_hash TEXT NOT NULL,       -- crypto_pwhash_str (argon2id)
  should_change_password INTEGER NOT NULL DEFAULT 0,
  pix_terms_accepted INTEGER NOT NULL DEFAULT 0,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  CHECK (email IS NOT NULL OR username IS NOT NULL)
);

-- Browser sessions of students (cookie "orga_eleve"): the cookie holds
-- a random token, the table its SHA-256.
CREATE TABLE student_sessions (
  token_hash TEXT PRIMARY KEY,
  account_id TEXT NOT NULL REFERENCES student_accounts (id),
  created_at TEXT NOT NULL,
  expires_at TEXT NOT NULL,
  revoked_at TEXT
);
CREATE INDEX student_sessions_by_account ON student_sessions (account_id);

-- Reconciliation: the account is the student of that space's imported
-- learner (sync_learners.uuid). One account per learner, one learner per
-- account and space.
CREATE TABLE student_links (
  organization_id TEXT NOT NULL REFERENCES organizations (id),
  learner TEXT NOT NULL,
  account_id TEXT NOT NULL REFERENCES student_accounts (id),
  created_at TEXT NOT NULL,
  PRIMARY KEY (organization_id, learner)
);
CREATE UNIQUE INDEX student_links_by_account ON student_links (account_id, organization_id);

-- One attempt at a campaign. participation is the uuid of the row in
-- sync_participations that the desktops receive; knowledge and results
-- are hex strings of the core's OrgaKnowledge / results bytes.
CREATE TABLE student_assessments (
  id TEXT PRIMARY KEY,
  organization_id TEXT NOT NULL REFERENCES organizations (id),
  participation TEXT NOT NULL,
  campaign TEXT NOT NULL,
  account_id TEXT NOT NULL REFERENCES student_accounts (id),
  learner TEXT NOT NULL,
  attempt INTEGER NOT NULL,
  state TEXT NOT NULL CHECK (state IN ('started', 'completed')),
  created_at TEXT NOT NULL,
  completed_at TEXT,
  UNIQUE (organization_id, participation)
);
CREATE INDEX student_assessments_by_account ON student_assessments (account_id, campaign);

-- Every answer, stored once: (assessment, position) is the key, so a
-- retried POST of the same answer cannot store it twice.
CREATE TABLE student_answers (
  assessment_id TEXT NOT NULL REFERENCES student_assessments (id),
  position INTEGER NOT NULL,
  item TEXT NOT NULL,
  skill TEXT NOT NULL,               -- "@rechercheWeb3"
  value TEXT,                        -- NULL when skipped ("Je passe")
  result TEXT NOT NULL CHECK (result IN ('ok', 'ko', 'skipped')),
  created_at TEXT NOT NULL,
  PRIMARY KEY (assessment_id, position)
);

-- What a student has shown across every campaign: per framework skill,
-- validated or failed, with the date (spec §4.2 keeps validated knowledge
-- on a retry and forgets failed or skipped answers).
CREATE TABLE student_knowledge (
  account_id TEXT NOT NULL REFERENCES student_accounts (id),
  skill TEXT NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('validated', 'invalidated')),
  updated_at TEXT NOT NULL,
  PRIMARY KEY (account_id, skill)
);
