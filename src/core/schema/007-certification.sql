-- Schema of the local store, version 7: applied in one transaction to a
-- database at version 6 (PRAGMA user_version). Never edit a file that has
-- shipped: add the next one.
--
-- SPDX-License-Identifier: GPL-3.0-or-later

-- Certification (issue 12; docs/sync.md, "Certification"). The four row
-- tables are shaped as the wire kinds cert_sessions, cert_candidates,
-- cert_courses and cert_reports of orga-sync-wire.c: every wire field is
-- the column of the same name, but for the references ("session",
-- "candidate", "course", "learner": uuids on the wire), which are local
-- ids here. Every table carries organization_id, so that a pulled row is
-- found by (uuid, school) as the other kinds are. sync_gen is the
-- resync's mark (004-sync.sql); is_demo marks the demonstration rows,
-- never pushed.
CREATE TABLE cert_sessions (
  id INTEGER PRIMARY KEY,
  uuid TEXT NOT NULL UNIQUE,
  organization_id INTEGER NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
  number INTEGER,                    -- given by the server; NULL until then
  address TEXT NOT NULL,
  room TEXT NOT NULL,
  examiner TEXT NOT NULL,
  date TEXT NOT NULL,                -- YYYY-MM-DD
  time TEXT NOT NULL,                -- HH:MM, local time
  description TEXT,
  access_code TEXT NOT NULL,
  supervisor_password TEXT NOT NULL,
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
  is_demo INTEGER NOT NULL DEFAULT 0,
  sync_gen INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX cert_sessions_by_organization ON cert_sessions (organization_id, date)
  WHERE deleted_at IS NULL;

-- A candidate is a copy of the learner's identity at enrolment (spec
-- §2.2); learner_id is NULL once the student is gone from the store.
CREATE TABLE cert_candidates (
  id INTEGER PRIMARY KEY,
  uuid TEXT NOT NULL UNIQUE,
  organization_id INTEGER NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
  session_id INTEGER NOT NULL REFERENCES cert_sessions (id) ON DELETE CASCADE,
  learner_id INTEGER REFERENCES learners (id) ON DELETE SET NULL,
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
  is_demo INTEGER NOT NULL DEFAULT 0,
  sync_gen INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX cert_candidates_by_session ON cert_candidates (session_id) WHERE removed_at IS NULL;
CREATE INDEX cert_candidates_by_learner ON cert_candidates (learner_id) WHERE removed_at IS NULL;

-- Written by the server only (the test, the supervisor, the finalization,
-- the publication) and pulled; the demonstration data writes some too.
CREATE TABLE cert_courses (
  id INTEGER PRIMARY KEY,
  uuid TEXT NOT NULL UNIQUE,
  organization_id INTEGER NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
  number INTEGER NOT NULL,
  session_id INTEGER NOT NULL REFERENCES cert_sessions (id) ON DELETE CASCADE,
  candidate_id INTEGER NOT NULL REFERENCES cert_candidates (id) ON DELETE CASCADE,
  learner_id INTEGER REFERENCES learners (id) ON DELETE SET NULL,
  started_at TEXT NOT NULL,
  completed_at TEXT,
  ended_by_supervisor_at TEXT,
  has_seen_end_test_screen INTEGER NOT NULL DEFAULT 0,
  abort_reason TEXT,
  status TEXT NOT NULL,
  pix_score INTEGER NOT NULL DEFAULT 0,
  levels TEXT NOT NULL DEFAULT '',
  verification_code TEXT NOT NULL,
  jury_comment TEXT,
  is_demo INTEGER NOT NULL DEFAULT 0,
  sync_gen INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX cert_courses_by_session ON cert_courses (session_id);
CREATE INDEX cert_courses_by_candidate ON cert_courses (candidate_id);
CREATE INDEX cert_courses_by_learner ON cert_courses (learner_id, started_at);

CREATE TABLE cert_reports (
  id INTEGER PRIMARY KEY,
  uuid TEXT NOT NULL UNIQUE,
  organization_id INTEGER NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
  course_id INTEGER NOT NULL REFERENCES cert_courses (id) ON DELETE CASCADE,
  category TEXT NOT NULL,
  subcategory TEXT,
  description TEXT,
  question_number INTEGER,
  is_demo INTEGER NOT NULL DEFAULT 0,
  sync_gen INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX cert_reports_by_course ON cert_reports (course_id);

-- The yearly archives written (orga_store_note_archive): a new student
-- import warns while results were received since the last one.
CREATE TABLE cert_archives (
  id INTEGER PRIMARY KEY,
  organization_id INTEGER NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
  path TEXT NOT NULL,
  created_at TEXT NOT NULL,
  created_by TEXT NOT NULL
);
CREATE INDEX cert_archives_by_organization ON cert_archives (organization_id, created_at);
