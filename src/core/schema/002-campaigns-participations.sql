-- Schema of the local store, version 2: applied in one transaction to a
-- database at version 1 (PRAGMA user_version). Never edit a file that has
-- shipped: add the next one.
--
-- SPDX-License-Identifier: GPL-3.0-or-later

-- Campaigns and their participations. name_key and owner_key are
-- folded (orga_text_fold) for accent- and case-insensitive search. Codes
-- stay unique among every campaign ever created, deleted ones included.
CREATE TABLE campaigns (
  id INTEGER PRIMARY KEY,
  uuid TEXT NOT NULL UNIQUE,
  organization_id INTEGER NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
  code TEXT NOT NULL UNIQUE,
  name TEXT NOT NULL,
  name_key TEXT NOT NULL,
  type TEXT NOT NULL CHECK (type IN ('ASSESSMENT', 'PROFILES_COLLECTION')),
  target_profile_id TEXT,
  owner TEXT NOT NULL,
  owner_key TEXT NOT NULL,
  creator TEXT NOT NULL,
  title TEXT,
  landing_text TEXT,
  external_id_type TEXT CHECK (external_id_type IN ('STRING', 'EMAIL')),
  external_id_label TEXT,
  multiple_sendings INTEGER NOT NULL DEFAULT 0,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  archived_at TEXT,
  archived_by TEXT,
  deleted_at TEXT,
  deleted_by TEXT
);
CREATE INDEX campaigns_by_organization ON campaigns (organization_id, created_at);
-- learner_id is NULL once a deleted campaign's participations are
-- anonymised; results: see orga-participation-set.h.
CREATE TABLE participations (
  id INTEGER PRIMARY KEY,
  uuid TEXT NOT NULL UNIQUE,
  campaign_id INTEGER NOT NULL REFERENCES campaigns (id) ON DELETE CASCADE,
  learner_id INTEGER REFERENCES learners (id) ON DELETE SET NULL,
  status TEXT NOT NULL CHECK (status IN ('STARTED', 'TO_SHARE', 'SHARED')),
  created_at TEXT NOT NULL,
  shared_at TEXT,
  mastery_rate REAL NOT NULL DEFAULT 0,
  progression REAL NOT NULL DEFAULT 0,
  pix_score INTEGER NOT NULL DEFAULT 0,
  validated_skills INTEGER NOT NULL DEFAULT 0,
  is_certifiable INTEGER CHECK (is_certifiable IN (0, 1)),
  is_improved INTEGER NOT NULL DEFAULT 0,
  attempt INTEGER NOT NULL DEFAULT 1,
  external_id TEXT,
  is_demo INTEGER NOT NULL DEFAULT 0,
  deleted_at TEXT,
  deleted_by TEXT,
  results BLOB
);
-- The campaign list counts participants and results received per
-- campaign from this index alone; the student list counts and dates each
-- student's participations from the second.
CREATE INDEX participations_by_campaign ON participations (campaign_id, is_improved, status)
  WHERE deleted_at IS NULL;
CREATE INDEX participations_by_learner ON participations (learner_id, is_improved, created_at)
  WHERE deleted_at IS NULL;
