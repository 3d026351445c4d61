-- Schema of the server, version 6: certification (issue 12). The same SQL
-- on SQLite and on PostgreSQL. The four row tables are named and shaped
-- as the wire kinds cert_sessions, cert_candidates, cert_courses and
-- cert_reports of src/core/orga-sync-wire.c (docs/sync.md,
-- "Certification"); every write takes a seq from the space's counter.
--
-- SPDX-License-Identifier: GPL-3.0-or-later

-- Session and certification numbers are server-wide (Pix shows database
-- ids): one counter row each, taken with UPDATE … RETURNING in the
-- writing transaction.
CREATE TABLE cert_counters (
  name TEXT PRIMARY KEY,             -- 'session', 'course'
  value BIGINT NOT NULL
);
INSERT INTO cert_counters (name, value) VALUES ('session', 1000), ('course', 100000);

CREATE TABLE sync_cert_sessions (
  organization_id TEXT NOT NULL REFERENCES organizations (id),
  uuid TEXT NOT NULL,
  number BIGINT UNIQUE,              -- given when the create is applied
  address TEXT NOT NULL,
  room TEXT NOT NULL,
  examiner TEXT NOT NULL,
  date TEXT NOT NULL,                -- YYYY-MM-DD
  time TEXT NOT NULL,                -- HH:MM, local time
  description TEXT,
  access_code TEXT NOT NULL,         -- 4 letters + 2 digits (spec §2.1)
  supervisor_password TEXT NOT NULL, -- 5 characters
  certification_center TEXT NOT NULL,
  created_at TEXT NOT NULL,
  created_by TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  finalized_at TEXT,
  finalized_by TEXT,
  examiner_global_comment TEXT,
  has_incident INTEGER NOT NULL DEFAULT 0,
  has_joining_issue INTEGER NOT NULL DEFAULT 0,
  published_at TEXT,
  deleted_at TEXT,
  seq BIGINT NOT NULL,
  PRIMARY KEY (organization_id, uuid)
);
CREATE UNIQUE INDEX sync_cert_sessions_by_seq ON sync_cert_sessions (organization_id, seq);

CREATE TABLE sync_cert_candidates (
  organization_id TEXT NOT NULL REFERENCES organizations (id),
  uuid TEXT NOT NULL,
  session TEXT NOT NULL,
  learner TEXT NOT NULL,
  first_name TEXT NOT NULL,
  last_name TEXT NOT NULL,
  birthdate TEXT NOT NULL,
  sex TEXT,
  birth_city TEXT,
  birth_insee_code TEXT,
  birth_country TEXT,
  external_id TEXT,
  extra_time_percentage INTEGER,
  authorized_to_start INTEGER NOT NULL DEFAULT 0,
  joined_at TEXT,
  created_at TEXT NOT NULL,
  removed_at TEXT,
  seq BIGINT NOT NULL,
  PRIMARY KEY (organization_id, uuid)
);
CREATE UNIQUE INDEX sync_cert_candidates_by_seq ON sync_cert_candidates (organization_id, seq);
CREATE INDEX sync_cert_candidates_by_session ON sync_cert_candidates (organization_id, session);

CREATE TABLE sync_cert_courses (
  organization_id TEXT NOT NULL REFERENCES organizations (id),
  uuid TEXT NOT NULL,
  number BIGINT NOT NULL UNIQUE,
  session TEXT NOT NULL,
  candidate TEXT NOT NULL,
  learner TEXT,
  started_at TEXT NOT NULL,
  completed_at TEXT,
  ended_by_supervisor_at TEXT,
  has_seen_end_test_screen INTEGER NOT NULL DEFAULT 0,
  abort_reason TEXT,
  status TEXT NOT NULL,
  pix_score INTEGER NOT NULL DEFAULT 0,
  levels TEXT NOT NULL DEFAULT '',
  verification_code TEXT NOT NULL UNIQUE,
  jury_comment TEXT,
  seq BIGINT NOT NULL,
  PRIMARY KEY (organization_id, uuid),
  UNIQUE (organization_id, candidate)
);
CREATE UNIQUE INDEX sync_cert_courses_by_seq ON sync_cert_courses (organization_id, seq);
CREATE INDEX sync_cert_courses_by_session ON sync_cert_courses (organization_id, session);

CREATE TABLE sync_cert_reports (
  organization_id TEXT NOT NULL REFERENCES organizations (id),
  uuid TEXT NOT NULL,
  course TEXT NOT NULL,
  category TEXT NOT NULL,
  subcategory TEXT,
  description TEXT,
  question_number INTEGER,
  seq BIGINT NOT NULL,
  PRIMARY KEY (organization_id, uuid)
);
CREATE UNIQUE INDEX sync_cert_reports_by_seq ON sync_cert_reports (organization_id, seq);
