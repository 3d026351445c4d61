-- Schema of the server, version 8: a space's team version. Same text for
-- SQLite and PostgreSQL. Never edit a file that has shipped: add the next
-- one.
--
-- Every write to a space's members or invitations adds one to it, after
-- the write and in its transaction when there is one
-- (orga-server-team.c, team_changed). A process may then keep the team it
-- built for a version and answer it again while the access check, which
-- reads the version anyway, still finds that version: no other process
-- can have changed the team meanwhile without changing the version.
--
-- SPDX-License-Identifier: GPL-3.0-or-later

ALTER TABLE organizations ADD COLUMN team_version BIGINT NOT NULL DEFAULT 0;
