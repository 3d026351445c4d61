-- Schema of the server, version 2: what the rules say "one of", the
-- database guarantees, also between processes that race (several
-- pixorga-server on one PostgreSQL): at most one pending invitation for
-- a (space, address), the one that is reused with its code; at most one
-- active membership for a (space, user). Partial unique indexes: the
-- same SQL on SQLite and on PostgreSQL.
--
-- SPDX-License-Identifier: GPL-3.0-or-later

CREATE UNIQUE INDEX invitations_one_pending
  ON invitations (organization_id, email) WHERE status = 'pending';

CREATE UNIQUE INDEX memberships_one_active
  ON memberships (organization_id, user_id) WHERE disabled_at IS NULL;
