-- Schema of the local store, version 4: applied in one transaction to a
-- database at version 3 (PRAGMA user_version). Never edit a file that has
-- shipped: add the next one.
--
-- SPDX-License-Identifier: GPL-3.0-or-later

-- The sync of a school bound to a space (docs/sync.md, "The desktop's
-- side"). The outbox holds the changes made here and not yet accepted by
-- the server, written in the transaction of the change itself; kind and
-- data are the push's (orga-sync-wire.h), base the school's cursor when
-- the change was made, subject the uuid of the import or campaign it is
-- about (what a rollback or the resync's sweep looks for).
CREATE TABLE sync_outbox (
  id INTEGER PRIMARY KEY,
  uuid TEXT NOT NULL UNIQUE,
  organization_id INTEGER NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
  kind TEXT NOT NULL,
  subject TEXT,
  data TEXT NOT NULL,
  base INTEGER NOT NULL DEFAULT 0,
  created_at TEXT NOT NULL
);
CREATE INDEX sync_outbox_by_organization ON sync_outbox (organization_id, id);
CREATE INDEX sync_outbox_by_subject ON sync_outbox (subject) WHERE subject IS NOT NULL;

-- Per school: the last seq pulled; gen, the mark of the rows pulled
-- (sync_gen below), raised by a resync, which is in progress while
-- resync is 1; the last run.
CREATE TABLE sync_state (
  organization_id INTEGER PRIMARY KEY REFERENCES organizations (id) ON DELETE CASCADE,
  cursor INTEGER NOT NULL DEFAULT 0,
  gen INTEGER NOT NULL DEFAULT 1,
  resync INTEGER NOT NULL DEFAULT 0 CHECK (resync IN (0, 1)),
  last_success_at TEXT,
  last_error TEXT
);

-- This database's device id (one row at most), carried by every push and
-- by the imports made here.
CREATE TABLE sync_device (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  uuid TEXT NOT NULL
);

-- Changes the server refused and imports overridden by another desktop,
-- shown until seen. change: the refused change's uuid, NULL otherwise.
CREATE TABLE sync_notices (
  id INTEGER PRIMARY KEY,
  organization_id INTEGER NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
  change TEXT,
  kind TEXT NOT NULL,
  message TEXT NOT NULL,
  created_at TEXT NOT NULL,
  seen_at TEXT
);
CREATE INDEX sync_notices_by_organization ON sync_notices (organization_id, id) WHERE seen_at IS NULL;

-- The gen of the pull that last wrote a row; 0 for a row never pulled
-- (made here, or demonstration data), which a resync never sweeps.
ALTER TABLE learners ADD COLUMN sync_gen INTEGER NOT NULL DEFAULT 0;
ALTER TABLE imports ADD COLUMN sync_gen INTEGER NOT NULL DEFAULT 0;
ALTER TABLE campaigns ADD COLUMN sync_gen INTEGER NOT NULL DEFAULT 0;
ALTER TABLE participations ADD COLUMN sync_gen INTEGER NOT NULL DEFAULT 0;

-- The server's user id of the campaign's owner, when the owner is a
-- member (the rights of campaign.update); NULL for a name typed freely.
ALTER TABLE campaigns ADD COLUMN owner_id TEXT;
-- The device an import was made on, and the import of another device
-- that it replaced without that device having seen it.
ALTER TABLE imports ADD COLUMN device TEXT;
ALTER TABLE imports ADD COLUMN overrode TEXT;

-- A pull's upserts find rows by uuid (UNIQUE everywhere already), learners
-- by INE (UNIQUE (organization_id, ine)) and campaigns by code (UNIQUE).
-- The resync's sweep, rare, scans a school's rows: no index on sync_gen
-- to slow every import down.
