/* sync-test-db.h: the server's own tables, read by the sync tests
 *
 * For the tests that link sync-test-db.c with orga_server_db_dep beside
 * sync-test-util.c (tests/meson.build): a connection of the test's own
 * to the server's database, SQLite or PostgreSQL, to see what the server
 * committed without asking it through HTTP, e.g. while it sleeps in a
 * push or after it was killed.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "orga-server-db.h"
#include "sync-test-util.h"

G_BEGIN_DECLS

/* A query on the server's database (src/server/orga-server-db.h: $1…
 * parameters, every value a text). */
OrgaServerRows *sync_test_server_query         (SyncTestServer     *self,
                                                const char         *sql,
                                                const char * const *params,
                                                guint               n_params);
/* Closes the test's connection (before removing a database). */
void            sync_test_server_db_close      (void);
/* How many changes of @space the server has recorded (sync_changes). */
gint64          sync_test_server_count_changes (SyncTestSpace      *space);
/* The space's counter (organizations.sync_seq): its greatest seq. */
gint64          sync_test_server_get_counter   (SyncTestSpace      *space);
/* The text of sync_test_desktop_dump() read from the server's own tables
 * (sync_imports, …; tombstoned learners left out): an independent
 * witness of the server's state. */
char           *sync_test_server_dump_db       (SyncTestSpace      *space);

G_END_DECLS
