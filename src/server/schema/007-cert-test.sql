-- Schema of the server, version 7: the certification test's own state
-- (issue 12, orga-server-cert-web.c). The rows the desktops pull stay
-- in 006's sync_cert_* tables; these are the server's alone.
--
-- SPDX-License-Identifier: GPL-3.0-or-later

-- A supervisor's browser in the space of one session (cookie
-- "orga_surveillant", a random token: only its SHA-256 here).
CREATE TABLE cert_supervisor_sessions (
  token_hash TEXT PRIMARY KEY,
  organization_id TEXT NOT NULL REFERENCES organizations (id),
  session TEXT NOT NULL,
  created_at TEXT NOT NULL,
  expires_at TEXT NOT NULL
);

-- A candidate's browser once identified (cookie "orga_candidat").
CREATE TABLE cert_candidate_sessions (
  token_hash TEXT PRIMARY KEY,
  organization_id TEXT NOT NULL REFERENCES organizations (id),
  candidate TEXT NOT NULL,
  created_at TEXT NOT NULL,
  expires_at TEXT NOT NULL
);

-- Failed supervisor sign-ins, by session number: the password has only
-- 5 characters, so tries are counted.
CREATE TABLE cert_supervisor_failures (
  number TEXT NOT NULL,
  at TEXT NOT NULL
);
CREATE INDEX cert_supervisor_failures_by_number ON cert_supervisor_failures (number, at);

-- One certification test: the questions drawn at its start (item ids,
-- comma-separated, in the order asked), the profile levels it started
-- from (orga_cert_levels_format), the candidate's browser session that
-- runs it, and whether the supervisor allowed another one to take over.
CREATE TABLE cert_tests (
  organization_id TEXT NOT NULL REFERENCES organizations (id),
  course TEXT NOT NULL,
  items TEXT NOT NULL,
  profile_levels TEXT NOT NULL,
  entry TEXT,
  resume_authorized INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (organization_id, course)
);

-- Its answers: one row a position, so a form sent twice stores one.
CREATE TABLE cert_answers (
  organization_id TEXT NOT NULL REFERENCES organizations (id),
  course TEXT NOT NULL,
  position INTEGER NOT NULL,
  item TEXT NOT NULL,
  value TEXT,
  ok INTEGER NOT NULL,
  answered_at TEXT NOT NULL,
  PRIMARY KEY (organization_id, course, position)
);
