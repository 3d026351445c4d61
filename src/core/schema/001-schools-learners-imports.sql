-- Schema of the local store, version 1: applied in one transaction to a
-- database at version 0 (PRAGMA user_version). Never edit a file that has
-- shipped: add the next one.
--
-- SPDX-License-Identifier: GPL-3.0-or-later

-- The school, its students and the imports of their list.
CREATE TABLE organizations (
  id INTEGER PRIMARY KEY,
  uuid TEXT NOT NULL UNIQUE,
  uai TEXT NOT NULL UNIQUE,
  name TEXT NOT NULL,
  kind TEXT NOT NULL CHECK (kind IN ('sco', 'agri')),
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
CREATE TABLE imports (
  id INTEGER PRIMARY KEY,
  uuid TEXT NOT NULL UNIQUE,
  organization_id INTEGER NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
  created_at TEXT NOT NULL,
  created_by TEXT NOT NULL,
  file_name TEXT NOT NULL,
  format TEXT NOT NULL,
  encoding TEXT,
  status TEXT NOT NULL CHECK (status IN ('imported', 'rejected', 'undone')),
  created INTEGER NOT NULL DEFAULT 0,
  updated INTEGER NOT NULL DEFAULT 0,
  unchanged INTEGER NOT NULL DEFAULT 0,
  disabled INTEGER NOT NULL DEFAULT 0,
  ignored INTEGER NOT NULL DEFAULT 0,
  errors TEXT NOT NULL DEFAULT '[]'
);
CREATE INDEX imports_by_organization ON imports (organization_id, created_at);
CREATE TABLE learners (
  id INTEGER PRIMARY KEY,
  uuid TEXT NOT NULL UNIQUE,
  organization_id INTEGER NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
  ine TEXT NOT NULL,
  last_name TEXT NOT NULL,
  preferred_last_name TEXT,
  first_name TEXT NOT NULL,
  middle_name TEXT,
  third_name TEXT,
  sex TEXT CHECK (sex IN ('M', 'F')),
  birthdate TEXT,
  birth_country_code TEXT,
  birth_province_code TEXT,
  birth_city_code TEXT,
  birth_city TEXT,
  mef_code TEXT,
  status TEXT,
  division TEXT,
  name_key TEXT NOT NULL,
  disabled_at TEXT,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  import_id INTEGER REFERENCES imports (id) ON DELETE SET NULL,
  UNIQUE (organization_id, ine)
);
-- What an import overwrote, so that it can be undone: every column of each
-- learner it updated or disabled, as it was before. The learners it
-- created are those pointing at it with no row here. Only the latest
-- import is kept: applying one drops the rows of the others.
CREATE TABLE learners_before_import (
  import_id INTEGER NOT NULL REFERENCES imports (id) ON DELETE CASCADE,
  learner_id INTEGER NOT NULL,
  uuid TEXT NOT NULL,
  organization_id INTEGER NOT NULL,
  ine TEXT NOT NULL,
  last_name TEXT NOT NULL,
  preferred_last_name TEXT,
  first_name TEXT NOT NULL,
  middle_name TEXT,
  third_name TEXT,
  sex TEXT,
  birthdate TEXT,
  birth_country_code TEXT,
  birth_province_code TEXT,
  birth_city_code TEXT,
  birth_city TEXT,
  mef_code TEXT,
  status TEXT,
  division TEXT,
  name_key TEXT NOT NULL,
  disabled_at TEXT,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  previous_import_id INTEGER,
  PRIMARY KEY (import_id, learner_id)
) WITHOUT ROWID;
