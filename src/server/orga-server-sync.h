/* orga-server-sync.h: the space's synced rows, outside HTTP
 *
 * The sync routes (orga-server-sync.c, docs/sync.md) write the rows of
 * a space through the same few steps; what tests, benchmarks and the
 * students' pages (issue 11) need is here, on an open OrgaServerDb.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <json-glib/json-glib.h>

#include "orga-server-db.h"

G_BEGIN_DECLS

/* Upserts @rows (element type: JSON objects, participation rows of
 * orga-sync-wire.c; a "seq" member is ignored) into the space
 * @organization_id, in one transaction: each row gets the next seq of
 * the space. The campaign of each row must be one of the space, its
 * learner (when not null) too. A participation a desktop deleted stays
 * deleted: a row written over it keeps its deleted_at and deleted_by (a
 * student's page loaded before the delete). On any error nothing is
 * written; a bad
 * row gives G_IO_ERROR_INVALID_DATA with a French message naming it.
 * *@last_seq (nullable) gets the space's counter after the write. */
gboolean   orga_server_sync_upsert_participations (OrgaServerDb  *db,
                                                   const char    *organization_id,
                                                   JsonArray     *rows,
                                                   gint64        *last_seq,
                                                   GError       **error);
/* The same inside the caller's transaction (orga_server_db_begin()
 * done), so that a student's answer and its participation are one
 * commit: on an error the caller rolls back. */
gboolean   orga_server_sync_upsert_participations_in (OrgaServerDb  *db,
                                                      const char    *organization_id,
                                                      JsonArray     *rows,
                                                      gint64        *last_seq,
                                                      GError       **error);

G_END_DECLS
