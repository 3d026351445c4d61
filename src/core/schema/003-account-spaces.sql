-- Schema of the local store, version 3: applied in one transaction to a
-- database at version 2 (PRAGMA user_version). Never edit a file that has
-- shipped: add the next one.
--
-- SPDX-License-Identifier: GPL-3.0-or-later

-- The Pix Orga account this database is bound to (one row at most: id 1)
-- on one server, and the school open now. Signing out keeps the row,
-- with signed_out_at set: the database is then bound to nobody, but the
-- same account signing in again finds its schools by their server ids.
-- The token is not here: the keyring (or a 0600 file) keeps it.
CREATE TABLE account (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  server_url TEXT NOT NULL,
  user_id TEXT NOT NULL,
  email TEXT NOT NULL,
  first_name TEXT NOT NULL,
  last_name TEXT NOT NULL,
  current_organization_id INTEGER REFERENCES organizations (id) ON DELETE SET NULL,
  signed_in_at TEXT NOT NULL,
  signed_out_at TEXT
);

-- Each school is one space: server_id is the server's organization id,
-- NULL for a space made offline on this computer; role is the account's
-- there ('ADMIN' or 'MEMBER'), NULL offline.
ALTER TABLE organizations ADD COLUMN server_id TEXT;
ALTER TABLE organizations ADD COLUMN role TEXT CHECK (role IN ('ADMIN', 'MEMBER'));
CREATE UNIQUE INDEX organizations_by_server_id ON organizations (server_id) WHERE server_id IS NOT NULL;

-- The last team fetched for a school (the API's team answer as JSON), so
-- that the Équipe page shows it offline.
CREATE TABLE team_cache (
  organization_id INTEGER PRIMARY KEY REFERENCES organizations (id) ON DELETE CASCADE,
  json TEXT NOT NULL,
  fetched_at TEXT NOT NULL
);

-- The account's spaces as last listed (memberships as JSON), for the
-- switcher offline.
CREATE TABLE spaces_cache (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  json TEXT NOT NULL,
  fetched_at TEXT NOT NULL
);
