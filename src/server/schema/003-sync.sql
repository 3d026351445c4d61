-- Schema of the server, version 3: the sync of issue 10 (docs/sync.md,
-- "Sync of students, campaigns and participations"). The same SQL on
-- SQLite and on PostgreSQL. The columns of the row tables are named as
-- the wire fields of src/core/orga-sync-wire.c: the server builds its
-- pages and reads the pushed rows through that one table.
--
-- Every row carries `seq`, taken from its space's counter
-- (organizations.sync_seq) in the writing transaction: unique within a
-- space, in commit order. An index (organization_id, seq) on each table
-- makes a pull a range scan.
--
-- SPDX-License-Identifier: GPL-3.0-or-later

ALTER TABLE organizations ADD COLUMN sync_seq BIGINT NOT NULL DEFAULT 0;

-- One row a change pushed (applied or refused): a change whose id is
-- here is answered from `result` and never applied again.
CREATE TABLE sync_changes (
  organization_id TEXT NOT NULL REFERENCES organizations (id),
  id TEXT NOT NULL,                  -- the desktop's uuid of the change
  user_id TEXT NOT NULL REFERENCES users (id),
  kind TEXT NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('applied', 'refused')),
  seq BIGINT,                        -- the last seq it wrote (applied)
  result TEXT NOT NULL,              -- the JSON answered for it
  created_at TEXT NOT NULL,
  PRIMARY KEY (organization_id, id)
);

CREATE TABLE sync_imports (
  organization_id TEXT NOT NULL REFERENCES organizations (id),
  uuid TEXT NOT NULL,
  created_at TEXT NOT NULL,
  created_by TEXT NOT NULL,
  device TEXT,
  file_name TEXT NOT NULL,
  format TEXT NOT NULL,
  encoding TEXT,
  status TEXT NOT NULL,              -- imported, rejected, undone
  created INTEGER NOT NULL,
  updated INTEGER NOT NULL,
  unchanged INTEGER NOT NULL,
  disabled INTEGER NOT NULL,
  ignored INTEGER NOT NULL,
  errors TEXT NOT NULL,
  overrode TEXT,
  seq BIGINT NOT NULL,
  PRIMARY KEY (organization_id, uuid)
);
CREATE UNIQUE INDEX sync_imports_by_seq ON sync_imports (organization_id, seq);

-- A student stays once known: an import disables, an undo tombstones
-- (removed = 1) the students it had created, and a file that brings the
-- INE back revives the row.
CREATE TABLE sync_learners (
  organization_id TEXT NOT NULL REFERENCES organizations (id),
  uuid TEXT NOT NULL,
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
  disabled_at TEXT,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  import TEXT,
  removed INTEGER NOT NULL DEFAULT 0,
  seq BIGINT NOT NULL,
  PRIMARY KEY (organization_id, uuid),
  UNIQUE (organization_id, ine)
);
CREATE UNIQUE INDEX sync_learners_by_seq ON sync_learners (organization_id, seq);

-- What the space's latest applied import overwrote, for its undo: each
-- learner it wrote, its wire row before as JSON (without seq), NULL when
-- the import created it. Applying an import drops the rows of the others.
CREATE TABLE sync_learners_before_import (
  organization_id TEXT NOT NULL REFERENCES organizations (id),
  import TEXT NOT NULL,
  learner TEXT NOT NULL,
  previous TEXT,
  PRIMARY KEY (organization_id, import, learner)
);

CREATE TABLE sync_campaigns (
  organization_id TEXT NOT NULL REFERENCES organizations (id),
  uuid TEXT NOT NULL,
  code TEXT NOT NULL UNIQUE,         -- over the whole server, deleted ones included
  name TEXT NOT NULL,
  type TEXT NOT NULL,
  target_profile_id TEXT,
  owner TEXT NOT NULL,
  owner_id TEXT,
  creator TEXT NOT NULL,
  title TEXT,
  landing_text TEXT,
  external_id_type TEXT,
  external_id_label TEXT,
  multiple_sendings INTEGER NOT NULL,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  archived_at TEXT,
  archived_by TEXT,
  deleted_at TEXT,
  deleted_by TEXT,
  seq BIGINT NOT NULL,
  PRIMARY KEY (organization_id, uuid)
);
CREATE UNIQUE INDEX sync_campaigns_by_seq ON sync_campaigns (organization_id, seq);

CREATE TABLE sync_participations (
  organization_id TEXT NOT NULL REFERENCES organizations (id),
  uuid TEXT NOT NULL,
  campaign TEXT NOT NULL,
  learner TEXT,
  status TEXT NOT NULL,
  created_at TEXT NOT NULL,
  shared_at TEXT,
  mastery_rate DOUBLE PRECISION NOT NULL,
  progression DOUBLE PRECISION NOT NULL,
  pix_score INTEGER NOT NULL,
  validated_skills INTEGER NOT NULL,
  is_certifiable INTEGER,
  is_improved INTEGER NOT NULL,
  attempt INTEGER NOT NULL,
  external_id TEXT,
  deleted_at TEXT,
  deleted_by TEXT,
  results TEXT,                      -- base64, as on the wire
  seq BIGINT NOT NULL,
  PRIMARY KEY (organization_id, uuid)
);
CREATE UNIQUE INDEX sync_participations_by_seq ON sync_participations (organization_id, seq);
CREATE INDEX sync_participations_by_campaign ON sync_participations (organization_id, campaign);
