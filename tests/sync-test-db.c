/* sync-test-db.c: the server's own tables, read by the sync tests
 *
 * Beside sync-test-util.c, for the tests that link orga_server_db_dep
 * too: a connection of the test's own to the server's database (SQLite
 * or PostgreSQL, through orga-server-db), to see what the server
 * committed without asking it.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "orga-sync-wire.h"
#include "sync-test-db.h"

/* One connection per database the tests read (one server at a time in
 * practice). */
static OrgaServerDb *connection;
static char *connection_location;

OrgaServerRows *
sync_test_server_query (SyncTestServer     *self,
                        const char         *sql,
                        const char * const *params,
                        guint               n_params)
{
  g_autoptr(GError) error = NULL;
  OrgaServerRows *rows;

  if (g_strcmp0 (connection_location, sync_test_server_get_db (self)) != 0)
    {
      g_clear_object (&connection);
      g_free (connection_location);
      connection_location = g_strdup (sync_test_server_get_db (self));
      connection = orga_server_db_open (connection_location, &error);
      g_assert_no_error (error);
    }
  rows = orga_server_db_query (connection, sql, params, n_params, &error);
  if (rows == NULL)
    g_error ("%s: %s", sql, error->message);
  return rows;
}

void
sync_test_server_db_close (void)
{
  g_clear_object (&connection);
  g_clear_pointer (&connection_location, g_free);
}

gint64
sync_test_server_count_changes (SyncTestSpace *space)
{
  const char *params[] = { space->space_id };
  g_autoptr(OrgaServerRows) rows = sync_test_server_query (space->server,
                                                           "SELECT count(*) FROM sync_changes WHERE organization_id = $1",
                                                           params, 1);

  return orga_server_rows_get_int (rows, 0, 0);
}

gint64
sync_test_server_get_counter (SyncTestSpace *space)
{
  const char *params[] = { space->space_id };
  g_autoptr(OrgaServerRows) rows = sync_test_server_query (space->server,
                                                           "SELECT sync_seq FROM organizations WHERE id = $1",
                                                           params, 1);

  g_assert_cmpuint (orga_server_rows_get_n_rows (rows), ==, 1);
  return orga_server_rows_get_int (rows, 0, 0);
}

/* The same text as sync_test_desktop_dump(): the columns of the server's
 * tables are named as the wire fields. */
char *
sync_test_server_dump_db (SyncTestSpace *space)
{
  g_autoptr(GString) dump = g_string_new (NULL);
  const char *params[] = { space->space_id };

  for (OrgaWireKind kind = 0; kind < ORGA_WIRE_N_KINDS; kind++)
    {
      g_autoptr(GString) sql = g_string_new ("SELECT \"uuid\"");
      g_autoptr(OrgaServerRows) rows = NULL;
      const OrgaWireField *fields;
      guint n_fields;

      fields = orga_sync_wire_fields (kind, &n_fields);
      for (guint f = 1; f < n_fields; f++)
        if (sync_test_dump_has_field (kind, &fields[f]))
          g_string_append_printf (sql, ", \"%s\"", fields[f].name);
      g_string_append_printf (sql, " FROM sync_%s WHERE organization_id = $1%s ORDER BY \"uuid\"",
                              orga_sync_wire_kind_name (kind),
                              kind == ORGA_WIRE_LEARNERS ? " AND removed = 0" : "");
      rows = sync_test_server_query (space->server, sql->str, params, 1);
      for (guint r = 0; r < orga_server_rows_get_n_rows (rows); r++)
        {
          guint column = 1;

          g_string_append_printf (dump, "%s %s", orga_sync_wire_kind_name (kind),
                                  orga_server_rows_get (rows, r, 0));
          for (guint f = 1; f < n_fields; f++)
            {
              if (!sync_test_dump_has_field (kind, &fields[f]))
                continue;
              g_string_append_printf (dump, " %s=", fields[f].name);
              sync_test_dump_append_value (dump, &fields[f], orga_server_rows_get (rows, r, column++));
            }
          g_string_append_c (dump, '\n');
        }
    }
  return g_string_free (g_steal_pointer (&dump), FALSE);
}

